"""A new spec gets validation for free: the rule classes know no table of the built-in formats."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from disclosure_schema import Report, ReportFormat, Severity, SpecError, Status, validate
from disclosure_schema.loader import build_spec
from disclosure_schema.testing import equation_keys, solutions

# A small ledger: stock at the start + inflow = outflows (two kinds) + stock at the end, in every
# column; 合计 = 甲 + 乙 in every row; an amount column that balances too; a row in no equation.
MINI: dict[str, Any] = {
    "spec_version": 1,
    "id": "test-ledger",
    "name": "测试台账",
    "document_number": "测试〔2030〕1号",
    "first_year": 2030,
    "title_pattern": "{agency}{year}年台账",
    "sections": [
        {"id": "intro", "number": "一", "heading": "概述"},
        {"id": "ledger", "number": "二", "heading": "台账", "table": "ledger"},
    ],
    "tables": {"ledger": {"label": "台账", "aliases": ["L"], "blocks": [{
        "id": "main",
        "columns": [
            {"id": "a", "label": "甲", "kind": "count"},
            {"id": "b", "label": "乙", "kind": "count"},
            {"id": "ab", "label": "合计", "kind": "count"},
            {"id": "money", "label": "金额", "kind": "amount", "unit": "元"},
        ],
        "rows": [
            {"id": "opening", "label": "期初"},
            {"id": "inflow", "label": "流入"},
            {"id": "outflows", "label": "流出"},
            {"id": "out_x", "label": "流出甲类", "parent": "outflows"},
            {"id": "out_y", "label": "流出乙类", "parent": "outflows"},
            {"id": "closing", "label": "期末"},
            {"id": "note", "label": "备查"},
        ],
    }]}},
    "rules": [
        {"id": "ledger.flow", "type": "balance", "table": "ledger", "axis": "rows",
         "lhs": ["opening", "inflow"], "rhs": ["outflows", "closing"], "zh": "期初加流入等于流出加期末",
         "en": "opening + inflow = outflows + closing"},
        {"id": "ledger.row_total", "type": "sum", "table": "ledger", "axis": "columns", "total": "ab",
         "parts": ["a", "b"], "over": ["opening", "inflow", "out_x", "out_y", "closing", "note"],
         "zh": "合计等于甲加乙", "en": "合计 = 甲 + 乙"},
        {"id": "ledger.kinds", "type": "kinds"},
        {"id": "ledger.complete", "type": "complete", "severity": "warning"},
        {"id": "ledger.carry", "type": "continuity", "table": "ledger", "axis": "rows",
         "previous": ["closing"], "current": ["opening"], "zh": "本年期初等于上年期末",
         "en": "this year's opening = last year's closing"},
        {"id": "ledger.year", "type": "year_consistency", "severity": "warning"},
    ],
}


def mini_format() -> ReportFormat:
    return build_spec(MINI, "test-ledger (built in tests)")


def filled(fmt: ReportFormat, rows: dict[str, tuple[int, int, str]]) -> Report:
    cells: dict[tuple[str, str, str], object] = {}
    for row, (a, b, money) in rows.items():
        cells |= {("ledger", row, "a"): a, ("ledger", row, "b"): b, ("ledger", row, "ab"): a + b,
                  ("ledger", row, "money"): Decimal(money)}
    return Report.create(fmt, "某台账", 2031).with_cells(cells)


GOOD = {"opening": (5, 1, "10.50"), "inflow": (3, 0, "2.25"), "out_x": (2, 1, "1.00"), "out_y": (0, 0, "0"),
        "closing": (6, 0, "11.75"), "note": (9, 9, "99")}


def test_a_consistent_ledger_passes() -> None:
    assert validate(filled(mini_format(), GOOD)).findings == ()


def test_the_spec_s_own_labels_and_rules_appear_in_messages() -> None:
    fmt = mini_format()
    report = filled(fmt, GOOD).with_cells({("ledger", "closing", "a"): 7})  # 合计 left at 6
    result = validate(report)
    (flow,) = result.by_rule("ledger.flow")
    assert flow.message_zh == "甲列：期初+流入 = 5+3 = 8，流出甲类+流出乙类+期末 = 2+0+7 = 9，相差 1（期初加流入等于流出加期末）"
    (row,) = result.by_rule("ledger.row_total")
    assert row.message_zh.startswith("期末行：合计 = 6，甲+乙 = 7+0 = 7，相差 1")
    assert {f.rule for f in result.findings} == {"ledger.flow", "ledger.row_total"}


def test_amounts_balance_exactly_in_decimal() -> None:
    fmt = mini_format()
    off = filled(fmt, {**GOOD, "closing": (6, 0, "11.751")})
    (finding,) = validate(off).findings
    assert finding.where_zh == "金额列"
    assert finding.difference == Decimal("0.001")


def test_carry_over_of_a_new_spec() -> None:
    fmt = mini_format()
    previous = filled(fmt, GOOD).with_meta(year=2030)
    current = filled(fmt, {**GOOD, "opening": (6, 0, "11.75"), "out_x": (2, 0, "1.00"), "closing": (7, 0, "13.00")})
    assert validate(current, previous).findings == ()
    wrong = filled(fmt, GOOD)  # opening 5/1/10.50 while last year closed at 6/0/11.75
    carry = validate(wrong, previous).by_rule("ledger.carry")
    assert [f.where_zh for f in carry] == ["甲列", "乙列", "金额列"]
    assert carry[0].message_zh.startswith("甲列：上年期末 = 6，本年期初 = 5，相差 1")


def test_blank_cells_of_a_new_spec_are_not_assessable() -> None:
    result = validate(Report.create(mini_format(), "某台账", 2031))
    assert {(f.rule, f.status) for f in result.findings} == {
        ("ledger.flow", Status.NOT_ASSESSABLE), ("ledger.row_total", Status.NOT_ASSESSABLE),
        ("ledger.complete", Status.FAILED)}
    assert result.summary().splitlines()[1:] == [
        "[L表 台账]",
        "  警告 ledger.complete: L表整表空白（24 个单元格；空白不等于0）",
        "  无法核验 ledger.flow: 4 处：甲列、乙列、合计列、金额列（20 个单元格空白或不是数字）",
        "  无法核验 ledger.row_total: 6 处：期初行、流入行、流出甲类行、流出乙类行、期末行、备查行（18 个单元格空白或不是数字）",
    ]


def test_equation_cells_and_solutions_follow_the_spec() -> None:
    fmt = mini_format()
    keys = equation_keys(fmt)
    assert ("ledger", "note", "money") not in keys  # 备查 takes part only in the row total of counts
    assert ("ledger", "note", "ab") in keys
    basis = solutions(fmt)
    assert basis.generators and all(value > 0 for gen in basis.generators for _, value in gen)
    assert any(amounts for amounts in basis.amounts_only)  # the 金额 column balances on its own


def test_a_rule_naming_a_missing_row_is_a_spec_error() -> None:
    broken = {**MINI, "rules": [{"id": "x", "type": "sum", "table": "ledger", "axis": "rows",
                                 "total": "closing", "parts": ["openning"]}]}
    with pytest.raises(SpecError, match=r"rules\[0\] \(x\).*no row 'openning'"):
        build_spec(broken, "broken spec")


def test_severity_comes_from_the_spec() -> None:
    soft = {**MINI, "rules": [{**MINI["rules"][0], "severity": "warning"}]}
    fmt = build_spec(soft, "soft spec")
    result = validate(filled(fmt, GOOD).with_cells({("ledger", "inflow", "a"): 4}))
    (finding,) = result.findings
    assert (finding.rule, finding.severity, finding.where_zh) == ("ledger.flow", Severity.WARNING, "甲列")
    assert result.ok
