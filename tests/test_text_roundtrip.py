"""Own output reads back exactly: arbitrary reports of both formats, both layouts, both width settings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_schema import Report
from disclosure_schema.plugins import get_reader, get_renderer
from disclosure_schema.testing import reports

LAYOUTS = st.sampled_from([("text", {}), ("text", {"ambiguous_width": "2"}), ("pipe", {})])


def _round_trip(report: Report, name: str, options: dict[str, str]) -> Report:
    data = get_renderer(name).render(report, options)
    result = get_reader("text").read(data, "generated.txt")
    assert result.diagnostics == ()
    return result.report


@settings(max_examples=60)
@given(reports("gov-2021"), LAYOUTS)
def test_gov_2021_round_trip(report: Report, layout: tuple[str, dict[str, str]]) -> None:
    assert _round_trip(report, *layout) == report


@settings(max_examples=60)
@given(reports("gov-2019"), LAYOUTS)
def test_gov_2019_round_trip(report: Report, layout: tuple[str, dict[str, str]]) -> None:
    assert _round_trip(report, *layout) == report


@settings(max_examples=40)
@given(reports("gov-2021"))
def test_detected_as_text_and_sniffed(report: Report) -> None:
    from disclosure_schema.plugins import detect_reader

    data = get_renderer("pipe").render(report, {})
    found = detect_reader(data)
    assert found is not None and found.name == "text"
