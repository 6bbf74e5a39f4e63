"""The public strategies give what they promise, for the built-in formats and for a new spec."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from disclosure_schema import CellKind, Report, Verbatim, get_format
from disclosure_schema.loader import build_spec
from disclosure_schema.rules import year_mentions
from disclosure_schema.testing import consecutive_reports, reports, solutions, valid_narratives, valid_reports
from tests.test_rules_custom_spec import MINI, mini_format
from tests.test_validation_properties import Shown, draw, draw_pair

FORMATS = [get_format("gov-2021"), get_format("gov-2019"), mini_format()]
IDS = [f.id for f in FORMATS]
BY_ID = {f.id: f for f in FORMATS}  # tests take ids: hypothesis prints its arguments, a format is huge
# find() only has to show that such an example exists: no shrinking (it is slow on whole reports)
SEARCH = settings(max_examples=200, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))


def find_report(strategy: st.SearchStrategy[Report], condition: Callable[[Report], bool]) -> Report:
    """An example that meets ``condition`` (drawn with a short repr: see ``Shown``)."""
    return find(strategy.map(Shown), lambda shown: condition(shown.report), settings=SEARCH).report


def has_fraction(value: object) -> bool:
    return isinstance(value, Decimal) and value != value.to_integral_value()


def counts(report: Report) -> list[int]:
    return [v for v in report.cells.values() if isinstance(v, int)]


@pytest.mark.parametrize("fmt_id", IDS)
@settings(max_examples=20)
@given(data=st.data())
def test_valid_reports_fill_every_cell_with_a_number_of_its_kind(fmt_id: str, data: st.DataObject) -> None:
    fmt = BY_ID[fmt_id]
    report = draw(data, valid_reports(fmt))
    assert report.format is fmt and fmt.applies_to(report.year)
    assert set(report.cells) == set(fmt.cell_kinds)
    for key, value in report.cells.items():
        assert type(value) is (Decimal if fmt.cell_kinds[key] is CellKind.AMOUNT else int)
    for text in report.sections.values():
        assert year_mentions(text, report.year) == []
    assert report.title is None or str(report.year) in report.title


def test_valid_reports_reach_huge_counts_zeros_and_decimals() -> None:
    fmt = get_format("gov-2021")
    huge = find_report(valid_reports(fmt, unicode=False), lambda r: max(counts(r)) > 10**12)
    # generated reports are consistent: no part is bigger than its row's 总计
    table_b = {k: v for k, v in huge.cells.items() if k[0] == "applications" and isinstance(v, int)}
    assert max(v for k, v in table_b.items() if k[2] == "total") == max(table_b.values())
    sparse = find_report(valid_reports(fmt, unicode=False), lambda r: 0 < counts(r).count(0) < len(r.cells) - 5)
    assert any(v != 0 for v in sparse.cells.values())
    fees = ("proactive", "fees", "fees_amount")
    amounts = find_report(valid_reports(fmt, unicode=False), lambda r: has_fraction(r.cells[fees]))
    assert isinstance(amounts.cells[fees], Decimal)


def test_valid_narratives_are_long_chinese_or_any_unicode() -> None:
    long_text = find(valid_narratives(2024), lambda t: len(t) > 600, settings=SEARCH)
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in long_text) > 300
    astral = find(valid_narratives(2024), lambda t: any(ord(ch) > 0xFFFF for ch in t), settings=SEARCH)
    assert year_mentions(astral, 2024) == []
    table_like = find(valid_narratives(2024), lambda t: "|" in t and "2024年" in t, settings=SEARCH)
    assert year_mentions(table_like, 2024) == []


@pytest.mark.parametrize("fmt_id", IDS)
@settings(max_examples=10)
@given(data=st.data())
def test_consecutive_reports_are_one_agency_in_two_years(fmt_id: str, data: st.DataObject) -> None:
    fmt = BY_ID[fmt_id]
    previous, current = draw_pair(data, consecutive_reports(fmt))
    assert previous.format is current.format is fmt
    assert current.year == previous.year + 1 and fmt.applies_to(current.year)
    assert current.agency == previous.agency


def test_consecutive_reports_need_two_years_of_the_format() -> None:
    one_year = build_spec({**MINI, "last_year": 2030}, "one year only")
    with pytest.raises(ValueError, match="no 2 consecutive report years"):
        find(consecutive_reports(one_year), lambda _: True, settings=SEARCH)


def test_a_spec_without_non_negative_solutions_is_refused_by_name() -> None:
    # 甲 = −乙 holds for counts only at 0: no report with a non-zero 甲 can be built
    impossible = build_spec({**MINI, "rules": [{"id": "odd", "type": "balance", "table": "ledger",
                                                 "axis": "columns", "lhs": ["a"], "rhs": ["-b"]}]}, "odd spec")
    with pytest.raises(ValueError, match=r"test-ledger: no non-negative values .* cell \('ledger', '\w+', '[ab]'\)"):
        solutions(impossible)


def test_arbitrary_reports_still_hold_blanks_and_text() -> None:
    fmt = get_format("gov-2021")
    odd = find_report(reports(fmt), lambda r: any(isinstance(v, Verbatim) for v in r.cells.values())
                      and len(r.cells) < len(fmt.cell_kinds))
    assert odd.format is fmt
