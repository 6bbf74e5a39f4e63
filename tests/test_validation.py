"""Validation as a user sees it: findings, their messages, the summary and the JSON view."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal

import pytest

import disclosure_schema as ds
from disclosure_schema import Report, Severity, Status, Verbatim, validate
from disclosure_schema.loader import build_spec
from disclosure_schema.registry import builtin_spec_dir
from disclosure_schema.validation import PAIR_RULE
from tests.conftest import CHENGGONG

FMT21 = ds.get_format("gov-2021")
FMT19 = ds.get_format("gov-2019")


def zeros(fmt: ds.ReportFormat, year: int, agency: str = "某区司法局") -> Report:
    """A complete report whose every cell is 0: it satisfies every rule."""
    cells = {k: Decimal(0) if kind is ds.CellKind.AMOUNT else 0 for k, kind in fmt.cell_kinds.items()}
    return Report.create(fmt, agency, year).with_cells(cells)


def messages(result: ds.ValidationResult, rule: str) -> list[str]:
    return [f.message_zh for f in result.by_rule(rule)]


def test_a_complete_zero_report_has_no_findings() -> None:
    for fmt, year in ((FMT21, 2024), (FMT19, 2019)):
        result = validate(zeros(fmt, year))
        assert result.findings == ()
        assert result.ok
        assert result.summary() == "未发现问题。"


def test_balance_message_shows_the_arithmetic() -> None:
    report = zeros(FMT21, 2024).with_cells({
        ("applications", "new_requests", "natural_person"): 58,
        ("applications", "carried_over", "natural_person"): 2,
        ("applications", "results_total", "natural_person"): 57,
        ("applications", "carried_forward", "natural_person"): 1,
    })
    result = validate(report)
    assert messages(result, "applications.balance") == [
        "自然人列：一+二 = 58+2 = 60，（七）总计+四 = 57+1 = 58，相差 2"
        "（第一项加第二项之和应等于第三项（七）总计加第四项之和）"
    ]
    (finding,) = result.by_rule("applications.balance")
    assert (finding.severity, finding.status) == (Severity.ERROR, Status.FAILED)
    assert (finding.expected, finding.actual, finding.difference) == (60, 58, -2)
    assert finding.where_zh == "自然人列" and finding.where_en == "column 自然人"
    assert {(c.row, c.column) for c in finding.cells} == {
        (row, "natural_person") for row in ("new_requests", "carried_over", "results_total", "carried_forward")}
    assert "column 自然人: 一+二 = 58+2 = 60, （七）总计+四 = 57+1 = 58, off by 2" in finding.message_en


def test_sum_message_puts_the_total_first_and_leaves_out_zero_terms_of_long_sums() -> None:
    report = zeros(FMT21, 2024).with_cells({
        ("applications", "disclosed", "total"): 5,
        ("applications", "withheld_query", "total"): 3,
        ("applications", "results_total", "total"): 7,
    })
    result = validate(report)
    (finding,) = result.by_rule("applications.results_total")
    assert finding.message_zh.startswith("总计列：（七）总计 = 7，（一）+（三）8 = 5+3 = 8（其余 19 项为 0），相差 1")
    assert (finding.expected, finding.actual) == (8, 7)
    # the same cells also break the row totals, and all of it is reported, not just the first
    assert {f.where_zh for f in result.by_rule("applications.row_total")} == {"（一）行", "（三）8行", "（七）总计行"}


def test_every_finding_is_reported_not_only_the_first() -> None:
    report = zeros(FMT21, 2024).with_cells({
        ("appeals", "cases", "review_total"): 1,
        ("applications", "new_requests", "total"): 4,
        ("proactive", "rules", "issued"): -1,
    })
    result = validate(report)
    assert {f.rule for f in result.errors} == {
        "appeals.review_total", "applications.row_total", "applications.balance", "cells.kind"}
    (group,) = [f for f in result.by_rule("appeals.review_total")]
    assert group.where_zh == "行政复议"


def test_blank_is_never_zero() -> None:
    blank = zeros(FMT21, 2024).with_cells({("applications", "carried_over", "research"): None})
    result = validate(blank)
    assert result.ok  # nothing is wrong, but not everything could be checked
    balance = result.by_rule("applications.balance")
    assert [(f.status, f.where_zh) for f in balance] == [(Status.NOT_ASSESSABLE, "科研机构列")]
    assert "二（空白）" in balance[0].message_zh
    assert [c.column for c in balance[0].cells] == ["research"]
    row = result.by_rule("applications.row_total")
    assert [(f.status, f.where_zh) for f in row] == [(Status.NOT_ASSESSABLE, "二行")]
    (complete,) = result.by_rule("cells.complete")
    assert complete.severity is Severity.WARNING
    assert complete.message_zh == "B表有 1 个单元格空白：二/科研机构（空白不等于0）"


def test_text_in_a_cell_makes_its_rules_not_assessable() -> None:
    report = zeros(FMT21, 2024).set("C", "cases", "review_upheld", Verbatim("—"))
    result = validate(report)
    (f,) = result.by_rule("appeals.review_total")
    assert f.status is Status.NOT_ASSESSABLE
    assert "复议结果维持（—）" in f.message_zh
    (complete,) = result.by_rule("cells.complete")
    assert "不是数字" in complete.message_zh and "“—”" in complete.message_zh


def test_kinds_signs_and_amounts() -> None:
    report = zeros(FMT21, 2024).with_cells({
        ("proactive", "rules", "issued"): -2,
        ("proactive", "fees", "fees_amount"): Decimal("-0.5"),
    })
    bad = validate(report).by_rule("cells.kind")
    assert [(f.cells[0].row, f.actual) for f in bad] == [("rules", -2), ("fees", Decimal("-0.5"))]
    assert bad[0].message_zh == "A表 规章/本年制发件数：填写的是 -2，应为非负整数"
    # a signed count may be negative (gov-2019's 本年增/减), an amount may have decimals
    ok = zeros(FMT19, 2019).with_cells({("proactive", "licensing", "change"): -8,
                                        ("proactive", "procurement", "purchase_amount"): Decimal("134.32")})
    assert validate(ok).findings == ()
    # a whole number in a count cell must be an int: a Decimal there is reported, not accepted
    wrong_type = Report(FMT21, "x", 2024, {}, {**zeros(FMT21, 2024).cells, ("proactive", "rules", "issued"): Decimal(1)})
    assert [f.rule for f in validate(wrong_type).findings] == ["cells.kind"]


def test_the_order_cells_were_filled_in_does_not_matter() -> None:
    report = zeros(FMT21, 2024).with_cells({("applications", "disclosed", "commercial"): 4,
                                            ("proactive", "rules", "in_force"): -1})
    backwards = Report(FMT21, report.agency, 2024, {}, dict(reversed(list(report.cells.items()))))
    assert validate(backwards).to_json() == validate(report).to_json()
    assert len(validate(report).errors) == 3


def test_a_float_put_into_the_cells_by_hand_is_not_a_number() -> None:
    cells = {**zeros(FMT21, 2024).cells, ("applications", "new_requests", "research"): 1.5}
    result = validate(Report(FMT21, "x", 2024, {}, cells))
    assert [f.rule for f in result.errors] == ["cells.kind"]
    assert {f.status for f in result.by_rule("applications.balance")} == {Status.NOT_ASSESSABLE}


def test_summary_of_an_empty_report_is_short_and_grouped() -> None:
    summary = validate(Report.create(FMT21, "某局", 2024)).summary()
    lines = summary.splitlines()
    assert lines[0] == "错误 0 项，警告 3 项，无法核验 42 项"
    assert len(lines) <= 15
    assert "[B表 收到和处理政府信息公开申请情况]" in lines
    assert "  警告 cells.complete: B表整表空白（175 个单元格；空白不等于0）" in lines
    assert any(line.startswith("  无法核验 applications.balance: 7 处：自然人列、商业企业列") for line in lines)
    english = validate(Report.create(FMT21, "某局", 2024)).summary("en")
    assert "not assessable applications.row_total: 25 places: row 一, row 二" in english


def test_summary_lists_errors_before_warnings_within_a_table() -> None:
    report = zeros(FMT21, 2024).with_cells({
        ("applications", "new_requests", "research"): None,
        ("applications", "carried_forward", "natural_person"): 3,
    })
    lines = validate(report).summary().splitlines()
    table_b = lines[lines.index("[B表 收到和处理政府信息公开申请情况]") + 1:]
    tags = [line.split()[0] for line in table_b]
    assert tags == sorted(tags, key=["错误", "警告", "无法核验"].index)
    assert tags[0] == "错误"


def test_json_view_is_exact_and_serialisable() -> None:
    report = zeros(FMT21, 2024).with_cells({("proactive", "fees", "fees_amount"): Decimal("-4068.208")})
    data = validate(report).to_json()
    text = json.dumps(data, ensure_ascii=False)
    (finding,) = json.loads(text)["findings"]
    assert finding["rule"] == "cells.kind"
    assert finding["actual"] == "-4068.208"  # a Decimal keeps every digit, as a string
    assert finding["cells"] == [{"table": "proactive", "row": "fees", "column": "fees_amount",
                                 "label": "A表 行政事业性收费/本年收费金额（单位：万元）", "previous": False}]
    assert finding["message"]["en"].startswith("A表 行政事业性收费")


# ------------------------------------------------------------------ years and editions

def _chenggong_sections() -> dict[str, str]:
    """The narrative of the real 2019 example, cut at its headings."""
    text = CHENGGONG.read_text(encoding="utf-8")
    overview = text.split("一、总体情况\n", 1)[1].split("\n二、主动公开政府信息情况", 1)[0]
    problems = next(p for p in text.splitlines() if "在2020年我局将" in p)
    other = text.split("六、其他需要报告的事项\n", 1)[1].strip()
    return {"overview": overview, "problems": problems, "other": other}


def test_the_chenggong_report_names_2020_as_its_year() -> None:
    report = zeros(FMT19, 2019, "昆明市呈贡区司法局").with_meta(
        title="昆明市呈贡区司法局2019年度政府信息公开工作年度报告")
    for section, text in _chenggong_sections().items():
        report = report.with_text(section, text)
    result = validate(report)
    (finding,) = result.findings  # the plan "在2020年我局将…" and the 2019 period are fine
    assert finding.rule == "document.year_consistency"
    assert finding.severity is Severity.WARNING
    assert (finding.expected, finding.actual) == (2019, 2020)
    assert "特向社会公布2020年度" in finding.message_zh


@pytest.mark.parametrize(("text", "flagged"), [
    ("特向社会公布2020年度呈贡区司法局政府信息公开年度报告。", [2020]),
    ("在2020年我局将进一步加大政府信息公开工作的力度。", []),
    ("2020年度，我局将继续推进政务公开。", [2020]),
    ("依申请公开数量较2018年度有所增长。", []),
    ("公开了2024年度部门预算、2023年度部门决算。", []),
    ("统计期限为2018年1月1日至2018年12月31日。", [2018]),
    ("统计期限为2019年1月1日至2018年12月31日。", [2018]),
    ("数据统计期限为２０１８年１月１日至１２月３１日。", [2018]),
    ("本报告所列数据统计期限从2019年1月1日至2019年12月31日止。", []),
    ("2019年度共受理申请0件，12019年度不是年份。", []),
])
def test_year_consistency_reads_the_report_year_and_spares_plans(text: str, flagged: list[int]) -> None:
    report = zeros(FMT19, 2019).with_text("overview", text)
    assert [f.actual for f in validate(report).by_rule("document.year_consistency")] == flagged


def test_a_title_with_another_year_is_flagged() -> None:
    report = zeros(FMT21, 2024).with_meta(title="某局2023年政府信息公开工作年度报告")
    (finding,) = validate(report).findings
    assert finding.message_zh.startswith("标题第 3 字写的是 2023 年，报告年度为 2024")


def test_edition_must_fit_the_year() -> None:
    old = zeros(FMT19, 2021)
    (finding,) = validate(old).by_rule("document.edition_year")
    # (other tests may register variants of gov-2021, which are named after it)
    assert finding.message_zh.startswith("2021 年度报告使用了 gov-2019（适用于 2019–2020 年度），应使用 gov-2021")
    cites_old = zeros(FMT21, 2022).with_text("overview", "按照国办公开办函〔2019〕60号要求编制。")
    (finding,) = validate(cites_old).by_rule("document.edition_year")
    assert "引用了 国办公开办函〔2019〕60号" in finding.message_zh


def test_a_variant_of_an_edition_may_cite_its_document() -> None:
    data = tomllib.loads((builtin_spec_dir() / "gov-2021.toml").read_text(encoding="utf-8"))
    known: list[ds.ReportFormat] = [FMT19, FMT21]
    variant = build_spec({**data, "id": "gov-2021-province"}, "variant", editions=lambda: known)
    known.append(variant)
    report = Report.create(variant, "某省某厅", 2024).with_cells(zeros(FMT21, 2024).cells)
    # (a report with one section of text has empty others: the structure rule's business, not this test's)
    quiet = {"document.structure"}
    assert validate(report.with_text("overview", "按照国办公开办函〔2021〕30号要求编制。"), ignore=quiet).findings == ()
    (finding,) = validate(report.with_text("overview", "按照国办公开办函〔2019〕60号要求编制。"), ignore=quiet).findings
    assert finding.rule == "document.edition_year"


# ------------------------------------------------------------------ two reports

def test_carry_over_between_consecutive_years() -> None:
    previous = zeros(FMT21, 2023).with_cells({
        ("applications", "new_requests", "natural_person"): 3, ("applications", "new_requests", "total"): 3,
        ("applications", "carried_forward", "natural_person"): 3, ("applications", "carried_forward", "total"): 3,
    })
    current = zeros(FMT21, 2024)
    result = validate(current, previous)
    carry = result.by_rule("applications.carry_over")
    assert [f.where_zh for f in carry] == ["自然人列", "总计列"]
    assert carry[0].message_zh.startswith("自然人列：上年四 = 3，本年二 = 0，相差 3")
    assert [(c.row, c.previous) for c in carry[0].cells] == [("carried_forward", True), ("carried_over", False)]
    assert validate(current).findings == ()  # without the previous year there is nothing to compare


def test_stock_continuity_is_a_warning() -> None:
    # a city with districts may make 规章 (a district's bureau may not: rule 11)
    previous = zeros(FMT21, 2023).set("A", "rules", "in_force", 10).with_meta(agency_level="city")
    current = zeros(FMT21, 2024).with_meta(agency_level="city").with_cells({("proactive", "rules", "in_force"): 12,
                                            ("proactive", "rules", "issued"): 3,
                                            ("proactive", "rules", "repealed"): 1})
    assert validate(current, previous).findings == ()
    drifted = current.set("A", "rules", "in_force", 11)
    (finding,) = validate(drifted, previous).findings
    assert (finding.rule, finding.severity) == ("proactive.stock", Severity.WARNING)
    assert finding.where_zh == "规章行"


@pytest.mark.parametrize(("previous_year", "agency"), [(2022, "某区司法局"), (2024, "某区司法局"), (2023, "另一个局")])
def test_a_pair_that_is_not_consecutive_is_reported_once(previous_year: int, agency: str) -> None:
    # 四 ≠ 二 would break the carry-over, but such a pair is not compared at all
    previous = zeros(FMT21, previous_year, agency).with_cells({
        ("applications", "new_requests", "natural_person"): 5, ("applications", "new_requests", "total"): 5,
        ("applications", "carried_forward", "natural_person"): 5, ("applications", "carried_forward", "total"): 5,
    })
    current = zeros(FMT21, 2024)
    result = validate(current, previous)
    assert [f.rule for f in result.findings] == [PAIR_RULE]
    assert result.findings[0].severity is Severity.ERROR
    assert "不是同一机关相邻两年的报告" in result.findings[0].message_zh


def test_a_pair_across_editions_compares_the_cells_both_have() -> None:
    previous = zeros(FMT19, 2020).with_cells({
        ("applications", "new_requests", "commercial"): 2, ("applications", "new_requests", "total"): 2,
        ("applications", "carried_forward", "commercial"): 2, ("applications", "carried_forward", "total"): 2,
    })
    result = validate(zeros(FMT21, 2021), previous)
    pair = result.by_rule(PAIR_RULE)
    assert [(f.severity, f.status) for f in pair] == [(Severity.WARNING, Status.FAILED)]
    assert [f.where_zh for f in result.by_rule("applications.carry_over")] == ["商业企业列", "总计列"]
    stock = result.by_rule("proactive.stock")  # gov-2019 has no 现行有效件数
    assert {f.status for f in stock} == {Status.NOT_ASSESSABLE} and len(stock) == 2
