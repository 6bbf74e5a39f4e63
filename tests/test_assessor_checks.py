"""The checks assessors make: narrative against tables, structure, rule 11, copying.

Each check gets a real-looking report that trips it and one that must not; the
sentences are modelled on published reports (沭阳县 2025, 上海市 2025, 昆明市呈贡区 2019),
with the numbers a validator must leave alone: dates, 第二十条, phone numbers,
12345 热线, percentages.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import disclosure_schema as ds
from disclosure_schema import Report, validate
from disclosure_schema.findings import Status
from disclosure_schema.inputs import read_data
from disclosure_schema.jsonio import dumps
from disclosure_schema.rules.copying import copied_pairs, similarity
from disclosure_schema.rules.layout import layout_of_text
from disclosure_schema.rules.level import infer_level

from .conftest import CHENGGONG

FMT = ds.get_format("gov-2021")
B = "applications"


def county_report(agency: str = "沭阳县人民政府", year: int = 2025) -> Report:
    """沭阳县's table B totals (749 new, 718 concluded, 31 carried forward); every other cell 0."""
    cells: dict[tuple[str, str, str], object] = {
        k: Decimal(0) if kind is ds.CellKind.AMOUNT else 0 for k, kind in FMT.cell_kinds.items()}
    for col, new, done in (("natural_person", 741, 711), ("commercial", 8, 7), ("total", 749, 718)):
        cells[(B, "new_requests", col)] = new
        cells[(B, "disclosed", col)] = done
        cells[(B, "results_total", col)] = done
        cells[(B, "carried_forward", col)] = new - done
    report = Report.create(FMT, agency, year).with_cells(cells)
    return (report.with_text("overview", "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。")
            .with_text("problems", "政务公开工作仍存在不足，下一步将加强培训。")
            .with_text("other", "本年度未收取信息处理费。"))


def rules_of(result: ds.ValidationResult) -> list[str]:
    return [f.rule for f in result.findings]


# A real sentence of 沭阳县's 2025 report, and numbers that are not counted quantities.
SHUYANG = ("2025 年，全县共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人或其他组织申请 8 件；"
           "共办理 718 件，结转下一年 31 件。")
NOT_COUNTS = ("本报告所列数据的统计期限自2025年1月1日起至2025年12月31日止。依据第二十条第（一）项公开规章。"
              "咨询电话0527-83212345。12345热线转办政府信息公开相关诉求30件，办结率98.5%。"
              "按期答复率100%，较上年提高2.5个百分点。依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件 74 件。")


def test_numbers_that_agree_and_numbers_that_are_not_counts_pass() -> None:
    report = county_report().with_text("overview", SHUYANG + NOT_COUNTS)
    assert validate(report).findings == ()


@pytest.mark.parametrize(("old", "new", "stated", "cell"), [
    ("受理政府信息公开申请 749 件", "受理政府信息公开申请 759 件", "759", (B, "new_requests", "total")),
    ("共办理 718 件", "共办理 708 件", "708", (B, "results_total", "total")),
    ("结转下一年 31 件", "结转下一年 13 件", "13", (B, "carried_forward", "total")),
])
def test_a_number_that_differs_names_section_offset_sentence_and_cells(
        old: str, new: str, stated: str, cell: tuple[str, str, str]) -> None:
    text = NOT_COUNTS + SHUYANG.replace(old, new)
    (finding,) = validate(county_report().with_text("overview", text)).by_rule("narrative.numbers")
    assert finding.code == "narrative.number_mismatch"
    assert (finding.cells[0].table, finding.cells[0].row, finding.cells[0].column) == cell
    position = text.index(new) + new.index(stated) + 1
    assert finding.params["position"] == position
    assert finding.message_zh.startswith(f"一、总体情况（overview）第 {position} 字“")
    assert f"写的是 {stated}" in finding.message_zh and new in finding.message_zh
    assert f"at character {position}" in finding.message_en


def test_accepted_may_mean_new_plus_carried_over_and_the_finding_says_which_readings() -> None:
    report = county_report().with_cells({(B, "carried_over", "natural_person"): 6, (B, "carried_over", "total"): 6,
                                         (B, "disclosed", "natural_person"): 717,
                                         (B, "disclosed", "total"): 724, (B, "results_total", "natural_person"): 717,
                                         (B, "results_total", "total"): 724})
    # "受理 755" reads as 新收 + 上年结转 (749 + 6): no finding
    ok = report.with_text("overview", "全年共受理政府信息公开申请 755 件，办结 724 件。")
    assert validate(ok).by_rule("narrative.numbers") == ()
    (bad,) = validate(report.with_text("overview", "全年共受理政府信息公开申请 760 件。")).by_rule("narrative.numbers")
    assert "按B表 一/总计读是 749；按B表 一/总计 + B表 二/总计读是 755" in bad.message_zh
    assert "no reading fits" in bad.message_en


def test_a_blank_cell_makes_a_stated_number_not_assessable_never_zero() -> None:
    report = county_report().with_cells({(B, "carried_forward", "total"): None})
    (finding,) = validate(report.with_text("overview", SHUYANG)).by_rule("narrative.numbers")
    assert finding.status is Status.NOT_ASSESSABLE
    assert "结转下一年 31 件" in finding.message_zh and "空白或不是数字" in finding.message_zh


def test_fees_in_ten_thousand_yuan_and_in_yuan() -> None:
    report = county_report().with_cells({("proactive", "fees", "fees_amount"): Decimal("4068.208")})
    report = report.with_text("other", "本年度行政事业性收费4068.208万元，未收取信息处理费以外的费用。")
    assert validate(report).by_rule("narrative.numbers") == ()
    in_yuan = report.with_text("overview", "全年行政事业性收费共计40682080元。")
    assert validate(in_yuan).by_rule("narrative.numbers") == ()
    (wrong,) = validate(report.with_text("overview", "全年行政事业性收费 4068.28 万元。")).by_rule("narrative.numbers")
    assert "4068.28万元" in wrong.message_zh and "4068.208万元" in wrong.message_zh


def test_all_concluded_while_cases_are_carried_forward() -> None:
    claim = "本年度收到的政府信息公开申请均已按时办结。"
    (finding,) = validate(county_report().with_text("overview", claim)).by_rule("narrative.all_concluded")
    assert finding.message_zh == ("一、总体情况（overview）第 13 字“本年度收到的政府信息公开申请均已按时办结”，"
                                  "但 B表 四/总计 = 31（写“全部办结”时结转下年度继续办理应为0）")
    none_left = county_report().with_cells({(B, "carried_forward", "natural_person"): 0,
                                            (B, "carried_forward", "commercial"): 0,
                                            (B, "carried_forward", "total"): 0,
                                            (B, "new_requests", "natural_person"): 711,
                                            (B, "new_requests", "commercial"): 7, (B, "new_requests", "total"): 718})
    assert validate(none_left.with_text("overview", claim)).findings == ()
    # "全部办结" about 12345 hotline tickets is no claim about applications
    hotline = "12345热线工单全部办结，群众满意率99%。"
    assert validate(county_report().with_text("overview", hotline)).findings == ()


def test_no_review_claimed_while_table_c_has_cases() -> None:
    text = "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"
    report = county_report().with_text("overview", text)
    assert validate(report).findings == ()
    with_cases = report.with_cells({("appeals", "cases", "review_upheld"): 1, ("appeals", "cases", "review_total"): 1})
    (finding,) = validate(with_cases).findings
    assert finding.rule == "narrative.no_review" and "C表 复议总计 = 1" in finding.message_zh
    # "未发生行政复议被纠错的情况" says nothing about the number of cases
    corrected = with_cases.with_text("overview", "本年度未发生行政复议被纠错的情况。")
    assert validate(corrected).findings == ()
    sued = report.with_cells({("appeals", "cases", "direct_upheld"): 2, ("appeals", "cases", "direct_total"): 2})
    (finding,) = validate(sued).findings
    assert finding.rule == "narrative.no_litigation" and "C表 直接起诉总计 + C表 复议后起诉总计 = 2" in finding.message_zh
    # "未发生行政诉讼败诉" is about the outcome; a hotline and a date are no claim at all
    lost = "本年度未发生行政诉讼败诉的情况。2025年12月31日前，12345热线未收到相关投诉。"
    assert validate(sued.with_text("overview", lost)).findings == ()


def test_fees_charged_must_be_reported_in_six() -> None:
    report = county_report().with_cells({("proactive", "fees", "fees_amount"): Decimal("12.5")})
    silent = report.with_text("other", "无。")
    (finding,) = validate(silent).by_rule("narrative.fees_reported")
    assert finding.message_zh.startswith("A表 行政事业性收费/本年收费金额（单位：万元） = 12.5，但六、其他需要报告的事项（other）未提及")
    reported = report.with_text("other", "本机关依据《政府信息公开信息处理费管理办法》收取信息处理费0元；行政事业性收费按规定公示。")
    assert validate(reported).findings == ()
    (denied,) = validate(report.with_text("other", "本年度未收取任何费用。")).findings
    assert denied.rule == "narrative.fees_denied"
    # no fee in the tables: 六 may say 无
    assert validate(county_report().with_text("other", "无。")).findings == ()


def test_empty_sections_and_a_bare_wu_in_five() -> None:
    report = county_report()
    (empty,) = validate(report.with_text("other", "")).findings
    assert empty.message_zh == "六、其他需要报告的事项没有内容"
    (wu,) = validate(report.with_text("problems", "无。")).findings
    assert wu.message_zh == "五、存在的主要问题及改进情况只写了“无。”，此部分应有实际内容"
    assert validate(report.with_text("other", "无。")).findings == ()  # 六 may be 无
    # a report built by a program with tables only is not a published document: no structure findings
    tables_only = Report.create(FMT, "沭阳县人民政府", 2025).with_cells(report.cells)
    assert validate(tables_only).findings == ()


HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def _layout(lines: list[str]) -> ds.rules.layout.Layout:
    # table rows that look like headings ("三、本年度办理结果") must not confuse it
    body = []
    for line in lines:
        body += [line, "正文。"]
        if line.startswith("三、收到"):
            body += ["三、本年度办理结果", "四、结转下年度继续办理 | 31"]
    return layout_of_text("\n".join(body))


def test_headings_present_in_order_pass() -> None:
    assert validate(county_report(), layout=_layout(HEADINGS)).findings == ()
    real = layout_of_text(CHENGGONG.read_text(encoding="utf-8"))
    assert [h.number for h in real.headings[:6]] == ["一", "二", "三", "四", "五", "六"]


def test_missing_renamed_renumbered_and_misplaced_headings() -> None:
    renamed = [*HEADINGS[:4], "五、存在问题和改进措施", HEADINGS[5]]
    (f,) = validate(county_report(), layout=_layout(renamed)).findings
    assert f.code == "structure.renamed" and "“五、存在问题和改进措施”与格式规定的“五、存在的主要问题及改进情况”不同" in f.message_zh
    (missing,) = validate(county_report(), layout=_layout(HEADINGS[:5])).findings
    assert missing.message_zh == "文中没有“六、其他需要报告的事项”部分的标题"
    swapped = [HEADINGS[0], HEADINGS[2], HEADINGS[1], *HEADINGS[3:]]
    (order,) = validate(county_report(), layout=_layout(swapped)).findings
    assert order.message_zh == ("“三、收到和处理政府信息公开申请情况”（第 3 行）出现在“二、主动公开政府信息情况”（第 7 行）之前，"
                                "与格式规定的顺序不符")
    renumbered = [HEADINGS[0], "三、主动公开政府信息情况", *HEADINGS[2:]]
    codes = [f.code for f in validate(county_report(), layout=_layout(renumbered)).findings]
    assert codes == ["structure.renumbered"]


def test_rule_11_county_reports_regulations() -> None:
    report = county_report().with_cells({("proactive", "rules", "issued"): 3, ("proactive", "rules", "in_force"): 3})
    (finding,) = validate(report).findings
    assert finding.rule == "proactive.rules_level"
    assert "沭阳县人民政府为县级机关（据名称推断，名称含县或旗，可信度高）" in finding.message_zh
    assert "confidence high" in finding.message_en
    # a city's bureau may make 规章 only if the city has districts: the name does not say, so nothing is said
    assert validate(report.with_meta(agency="某市交通运输局")).findings == ()
    # a declared level wins over the name
    assert validate(report.with_meta(agency_level="city")).findings == ()
    (declared,) = validate(report.with_meta(agency="某市交通运输局", agency_level="county")).findings
    assert "报告声明" in declared.message_zh


@pytest.mark.parametrize(("name", "level", "confidence"), [
    ("昆明市呈贡区司法局", "county", "high"),
    ("沭阳县人民政府", "county", "high"),
    ("上海市人民政府办公厅", "province", "high"),
    ("北京市朝阳区人民政府", "county", "high"),
    ("某县某镇人民政府", "township", "high"),
    ("深圳市龙岗区坂田街道办事处", "township", "high"),
    ("某省教育厅", "province", "high"),
    ("某市高新技术产业开发区管理委员会", None, ""),
    ("杭州市教育局", None, ""),
])
def test_agency_level_from_the_name(name: str, level: str | None, confidence: str) -> None:
    found = infer_level(name)
    assert (found.level, found.confidence) == (level, confidence)


PARAGRAPHS = [
    "本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署。",
    "严格落实政府信息公开条例，推进决策、执行、管理、服务、结果公开，全年主动公开各类政府信息1200条。",
    "加强政府信息公开平台建设，优化政府门户网站栏目设置，提升政务新媒体的传播力和影响力。",
    "依法规范依申请公开办理流程，完善受理、审查、答复各环节的工作机制，确保在法定期限内答复。",
]


def test_copying_last_years_narrative_with_numbers_changed() -> None:
    previous = county_report(year=2024).with_text("overview", "".join(PARAGRAPHS))
    current = county_report().with_text("overview", "".join(PARAGRAPHS).replace("1200", "1350"))
    current = current.with_text("problems", previous.sections["problems"])
    (finding,) = validate(current, previous).by_rule("document.copying")
    assert finding.message_zh.startswith("正文有 100% 与上年报告相同")
    assert PARAGRAPHS[0][:20] in finding.message_zh
    # a report that keeps one sentence and writes the rest anew is not a copy
    fresh = county_report().with_text("overview", PARAGRAPHS[0] + "今年重点围绕优化营商环境、乡村振兴等领域，新增涉企政策专栏，"
                                      "逐条解读惠企政策措施，累计发布政策解读材料和图解、视频等多种形式的解读产品。"
                                      "同时开展政府开放日活动，邀请企业代表和群众走进机关，面对面听取意见建议。")
    assert validate(fresh, previous).by_rule("document.copying") == ()
    sim = similarity(fresh, previous)
    assert Decimal(0) < sim.share < Decimal("0.5") and sim.longest == PARAGRAPHS[0]


def test_copying_between_agencies_of_a_batch() -> None:
    a = county_report("甲县司法局").with_text("overview", "".join(PARAGRAPHS))
    b = county_report("乙县司法局").with_text("overview", "".join(PARAGRAPHS[:3]) + "乙县另有特色工作，开展普法宣传进社区活动二十余场。")
    c = (county_report("丙县司法局").with_text("overview", "丙县本年度的工作总结，内容与其他单位不同，重点是行政执法公示。")
         .with_text("problems", "丙县的问题在于基层公开专区建设滞后，明年将补齐。").with_text("other", "丙县无其他事项需要报告。"))
    pairs = {(i, j): s for i, j, s in copied_pairs([a, b, c])}
    assert set(pairs) == {(0, 1), (1, 0)}
    # all of 甲's narrative is in 乙's but its fourth paragraph
    assert pairs[(0, 1)].copied == pairs[(0, 1)].total - len(PARAGRAPHS[3])


def test_copying_leaves_numbers_and_spaces_out_of_a_sentence() -> None:
    last = county_report(year=2024).with_text("overview", "全年主动公开政府信息1,200条，其中政策解读58.5%。\n"
                                              "全年受理依申请公开 12 件，均在法定期限内答复。")
    this = county_report().with_text("overview", "全年主动公开政府信息９８０条，其中政策解读61%。\n"
                                     "全年受理依申请公开\u300013\xa0件，均在法定期限内答复。")
    last, this = (r.with_text("problems", "").with_text("other", "") for r in (last, this))
    sim = similarity(this, last)
    assert sim.share == 1 and sim.copied == sim.total == len("全年主动公开政府信息条，其中政策解读%。全年受理依申请公开件，均在法定期限内答复。")
    assert sim.longest == "全年主动公开政府信息９８０条，其中政策解读61%。全年受理依申请公开\u300013\xa0件，均在法定期限内答复。"


def test_copying_from_the_command_line_with_previous(tmp_path: Path) -> None:
    previous = county_report(year=2024).with_text("overview", "".join(PARAGRAPHS))
    current = county_report().with_text("overview", "".join(PARAGRAPHS).replace("1200", "1350"))
    (tmp_path / "2024.json").write_bytes(dumps(previous))
    (tmp_path / "2025.json").write_bytes(dumps(current))
    res = subprocess.run([sys.executable, "-m", "disclosure_schema", "validate", str(tmp_path / "2025.json"),
                          "--previous", str(tmp_path / "2024.json")], capture_output=True, text=True, timeout=120)
    (line,) = [x for x in res.stdout.splitlines() if "document.copying" in x]
    assert line.strip().startswith("警告 document.copying: 正文有 100% 与上年报告相同")
    alone = subprocess.run([sys.executable, "-m", "disclosure_schema", "validate", str(tmp_path / "2025.json")],
                           capture_output=True, text=True, timeout=120)
    assert "document.copying" not in alone.stdout


def test_a_table_published_only_as_a_picture() -> None:
    lines = CHENGGONG.read_text(encoding="utf-8").splitlines()
    start = lines.index("三、收到和处理政府信息公开申请情况") + 1
    end = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    pictured = "\n".join([*lines[:start], "![表三](images/b.png)", *lines[end:]])
    report = read_data(pictured.encode(), "pictured.txt", "text").report
    (finding,) = validate(report, layout=layout_of_text(pictured)).by_rule("document.structure")
    assert finding.message_zh == "B表只以图片形式出现，应以表格（文字）发布"
    # the table as text, or a picture beside a table that was read: no such finding
    original = "\n".join(lines)
    as_text = read_data(original.encode(), "original.txt", "text").report
    assert validate(as_text, layout=layout_of_text(original)).by_rule("document.structure") == ()
    both = "\n".join([*lines[:start], "[图片]", *lines[start:]])
    assert validate(read_data(both.encode(), "both.txt", "text").report,
                    layout=layout_of_text(both)).by_rule("document.structure") == ()
