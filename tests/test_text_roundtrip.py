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


@settings(max_examples=40)
@given(reports("gov-2021", unicode=False), st.sampled_from(["text", "pipe"]), st.data())
def test_damaged_own_output_reads_or_fails_cleanly(report: Report, name: str, data: st.DataObject) -> None:
    """A line deleted, doubled, replaced or the file cut: a report, or one ReadError naming a line."""
    from disclosure_schema import ReadError

    lines = get_renderer(name).render(report, {}).decode("utf-8").split("\n")
    i = data.draw(st.integers(0, len(lines) - 1))
    change = data.draw(st.sampled_from(["delete", "double", "replace", "cut"]))
    if change == "delete":
        del lines[i]
    elif change == "double":
        lines.insert(i, lines[i])
    elif change == "replace":
        lines[i] = data.draw(st.text(max_size=20).filter(lambda s: "\n" not in s))
    else:
        lines = lines[:i]
    try:
        get_reader("text").read("\n".join(lines).encode("utf-8", "surrogatepass"), "damaged.txt")
    except ReadError as exc:
        assert exc.location.startswith("line ")


def test_a_hand_edited_number_is_read() -> None:
    report = Report.create("gov-2021", "某局", 2024).set("A", "规章", "本年制发件数", 3)
    text = get_renderer("pipe").render(report, {}).decode("utf-8")
    edited = text.replace("规章 | 3 |", "规章 | 5 |")
    back = get_reader("text").read(edited.encode("utf-8"), "edited.txt").report
    assert back.get("A", "规章", "本年制发件数") == 5
