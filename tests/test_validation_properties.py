"""Properties of validation over generated reports: every invariant is detected, nothing else is.

Reports come from the public strategies, derived from each format's own rules,
for the two built-in formats and for a small spec written in the tests.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_schema import CellKey, CellKind, Report, ReportFormat, Severity, Status, Verbatim, get_format, validate
from disclosure_schema.findings import Finding
from disclosure_schema.rules import Complete, Continuity, Equation
from disclosure_schema.testing import consecutive_reports, equation_keys, reports, valid_reports
from tests.test_rules_custom_spec import mini_format

FORMATS = [get_format("gov-2021"), get_format("gov-2019"), mini_format()]
IDS = [f.id for f in FORMATS]
BY_ID = {f.id: f for f in FORMATS}  # tests take ids: hypothesis prints its arguments, a format is huge


class Shown:
    """A drawn report with a short repr: a failing example prints its cells, not the whole format."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def __repr__(self) -> str:
        r = self.report
        return f"<{r.format.id} {r.agency!r} {r.year} cells={dict(r.cells)!r} sections={dict(r.sections)!r}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # what hypothesis prints
        printer.text(repr(self))


def draw(data: st.DataObject, strategy: st.SearchStrategy[Report]) -> Report:
    return data.draw(strategy.map(Shown), label="report").report


def draw_pair(data: st.DataObject, strategy: st.SearchStrategy[tuple[Report, Report]]) -> tuple[Report, Report]:
    previous, current = data.draw(strategy.map(lambda pair: (Shown(pair[0]), Shown(pair[1]))), label="pair")
    return previous.report, current.report


def names(finding: Finding, key: CellKey, *, previous: bool = False) -> bool:
    return any((c.table, c.row, c.column) == key and c.previous == previous for c in finding.cells)


def instances_with(fmt: ReportFormat, key: CellKey) -> dict[str, int]:
    """How many instances of each single-report equation read ``key`` (with a non-zero net sign)."""
    counts: dict[str, int] = {}
    for rule in fmt.rules:
        if isinstance(rule, Equation) and not rule.cross_report:
            for inst in rule.instances:
                net = sum(t.sign for t in inst.lhs if t.key == key) - sum(t.sign for t in inst.rhs if t.key == key)
                if net:
                    counts[rule.id] = counts.get(rule.id, 0) + 1
    return counts


def changed(value: object, kind: CellKind, data: st.DataObject) -> int | Decimal:
    """Another valid value of ``kind``: bigger, or smaller when that stays non-negative."""
    assert isinstance(value, int | Decimal)
    if kind is CellKind.AMOUNT:
        delta: int | Decimal = data.draw(st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10) ** 9,
                                                     places=3), label="delta")
    else:
        delta = data.draw(st.integers(1, 3) | st.integers(1, 10**15), label="delta")
    down = value - delta
    return down if down >= 0 and data.draw(st.booleans(), label="down") else value + delta


@pytest.mark.parametrize("fmt_id", IDS)
@settings(max_examples=25)
@given(data=st.data())
def test_valid_reports_pass_every_rule(fmt_id: str, data: st.DataObject) -> None:
    fmt = BY_ID[fmt_id]
    report = draw(data, valid_reports(fmt))
    result = validate(report)
    assert result.findings == (), result.summary()


@pytest.mark.parametrize("fmt_id", IDS)
@settings(max_examples=40)
@given(data=st.data())
def test_changing_a_cell_of_an_invariant_is_an_error_naming_it(fmt_id: str, data: st.DataObject) -> None:
    fmt = BY_ID[fmt_id]
    report = draw(data, valid_reports(fmt, unicode=False))
    key = data.draw(st.sampled_from(sorted(equation_keys(fmt))), label="key")
    broken = report.with_cells({key: changed(report.cells[key], fmt.cell_kinds[key], data)})
    result = validate(broken)
    expected = instances_with(fmt, key)
    naming = [f for f in result.errors if names(f, key)]
    assert naming and {f.rule for f in naming} == set(expected)
    for rule, count in expected.items():  # every instance that reads the cell fails, no other
        assert len(result.by_rule(rule)) == count
    assert all(names(f, key) for f in result.findings)


@pytest.mark.parametrize("fmt_id", IDS)
@settings(max_examples=30)
@given(data=st.data())
def test_changing_a_cell_of_no_invariant_reports_nothing(fmt_id: str, data: st.DataObject) -> None:
    fmt = BY_ID[fmt_id]
    free = sorted(set(fmt.cell_kinds) - equation_keys(fmt))
    assert free
    report = draw(data, valid_reports(fmt, unicode=False))
    key = data.draw(st.sampled_from(free), label="key")
    kind = fmt.cell_kinds[key]
    if kind is CellKind.SIGNED_COUNT and data.draw(st.booleans(), label="negative"):
        new: int | Decimal = -data.draw(st.integers(1, 10**15), label="minus")
    else:
        new = changed(report.cells[key], kind, data)
    assert validate(report.with_cells({key: new})).findings == ()


@pytest.mark.parametrize("fmt_id", IDS)
@settings(max_examples=30)
@given(data=st.data())
def test_blanking_a_cell_makes_its_rules_not_assessable(fmt_id: str, data: st.DataObject) -> None:
    fmt = BY_ID[fmt_id]
    report = draw(data, valid_reports(fmt, unicode=False))
    key = data.draw(st.sampled_from(sorted(fmt.cell_kinds)), label="key")
    gone = data.draw(st.sampled_from([None, Verbatim("—"), Verbatim("22（其中修订16件）")]), label="value")
    result = validate(report.with_cells({key: gone}))
    assert result.ok  # nothing wrong was written; only less can be checked
    for rule, count in instances_with(fmt, key).items():
        findings = result.by_rule(rule)
        assert len(findings) == count
        assert all(f.status is Status.NOT_ASSESSABLE and names(f, key) for f in findings)
    complete = {r.id for r in fmt.rules if isinstance(r, Complete)}
    failed = [f for f in result.findings if f.status is Status.FAILED]
    assert [f.rule for f in failed] == sorted(complete) and all(names(f, key) for f in failed)


@pytest.mark.parametrize("fmt_id", IDS)
@settings(max_examples=20)
@given(data=st.data())
def test_consecutive_reports_pass_the_cross_report_rules(fmt_id: str, data: st.DataObject) -> None:
    fmt = BY_ID[fmt_id]
    previous, current = draw_pair(data, consecutive_reports(fmt))
    assert (current.year, current.agency) == (previous.year + 1, previous.agency)
    result = validate(current, previous)
    assert result.findings == (), result.summary()


@pytest.mark.parametrize("fmt_id", IDS)
@settings(max_examples=30)
@given(data=st.data())
def test_breaking_a_carry_over_is_reported_on_its_column(fmt_id: str, data: st.DataObject) -> None:
    fmt = BY_ID[fmt_id]
    previous, current = draw_pair(data, consecutive_reports(fmt, unicode=False))
    rule = data.draw(st.sampled_from([r for r in fmt.rules if isinstance(r, Continuity)]), label="rule")
    inst = data.draw(st.sampled_from(rule.instances), label="instance")
    in_previous = data.draw(st.booleans(), label="in previous")
    term = data.draw(st.sampled_from(inst.lhs if in_previous else inst.rhs), label="term")
    side = previous if in_previous else current
    value = changed(side.cells[term.key], fmt.cell_kinds[term.key], data)
    if in_previous:
        previous = previous.with_cells({term.key: value})
    else:
        current = current.with_cells({term.key: value})
    (finding,) = validate(current, previous).by_rule(rule.id)
    assert (finding.status, finding.severity) == (Status.FAILED, rule.severity)
    assert finding.where_zh == inst.along
    assert names(finding, term.key, previous=in_previous)


@pytest.mark.parametrize("fmt_id", IDS[:2])
@settings(max_examples=40)
@given(data=st.data())
def test_any_report_gets_findings_that_agree_with_its_cells(fmt_id: str, data: st.DataObject) -> None:
    """Arbitrary reports (blanks, text, huge numbers): every instance is judged as by hand."""
    fmt = BY_ID[fmt_id]
    report = draw(data, reports(fmt))
    result = validate(report)
    assert result.summary() and result.to_json()["findings"] is not None
    for rule in fmt.rules:
        if not isinstance(rule, Equation) or rule.cross_report:
            continue
        got = {f.where_zh: f for f in result.by_rule(rule.id)}
        for inst in rule.instances:
            values = [report.cells.get(t.key) for t in inst.terms]
            if not all(isinstance(v, int | Decimal) for v in values):
                assert got[inst.along].status is Status.NOT_ASSESSABLE
                continue
            numbers: list[int | Decimal] = [v for v in values if isinstance(v, int | Decimal)]
            signed = [t.sign * v for t, v in zip(inst.terms, numbers, strict=True)]
            left, right = sum(signed[:len(inst.lhs)]), sum(signed[len(inst.lhs):])
            if left == right:
                assert inst.along not in got
            else:
                f = got[inst.along]
                assert (f.status, f.severity) == (Status.FAILED, Severity.ERROR)
                assert (f.expected, f.actual, f.difference) == (left, right, right - left)
