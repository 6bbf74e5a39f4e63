"""Reading real published report text: the bundled examples and the defects real reports have."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_schema import ReadError, Report, Verbatim, validate
from disclosure_schema.plugins import Diagnostic, ReadResult, get_reader

from .conftest import CHENGGONG, LONGGANG

NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def read(text: str | bytes, source: str = "report.txt") -> ReadResult:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return get_reader("text").read(data, source)


def notes_at(result: ReadResult, line: int) -> list[str]:
    return [d.message for d in result.diagnostics if d.line == line]


def sections_of(lines: list[str]) -> dict[str, list[str]]:
    """The file's own structure, found independently of the reader: lines under each 一、…六、 heading."""
    found: dict[str, list[str]] = {}
    current = None
    for line in lines:
        match = re.match(r"^([一二三四五六])、", line)
        if match and "|" not in line:
            current = match.group(1)
            found[current] = []
        elif current:
            found[current].append(line)
    return found


# ---------------------------------------------------------------- chenggong (gov-2019, complete)

@pytest.fixture(scope="module")
def chenggong() -> ReadResult:
    return read(CHENGGONG.read_bytes(), str(CHENGGONG))


def test_chenggong_metadata(chenggong: ReadResult) -> None:
    report = chenggong.report
    assert (report.format.id, report.agency, report.year) == ("gov-2019", "昆明市呈贡区司法局", 2019)
    assert report.title == "昆明市呈贡区司法局2019年度政府信息公开工作年度报告"  # kept as written
    assert notes_at(chenggong, 2) == ["the title appears again; skipped"]


def test_chenggong_every_table_number_is_in_the_report(chenggong: ReadResult) -> None:
    report = chenggong.report
    parts = sections_of(CHENGGONG.read_text(encoding="utf-8").split("\n"))
    checked = 0
    for number, table in (("二", "A"), ("三", "B"), ("四", "C")):
        rows = [[c.strip() for c in line.split("|")] for line in parts[number] if "|" in line]
        in_file = [c for row in rows for c in row if NUMBER.match(c)]
        tab = report.format.table(table)
        in_report = [report.cells[(tab.id, r.id, c.id)] for _, r, c in tab.cells() if (tab.id, r.id, c.id)
                     in report.cells]
        assert [str(v) for v in in_report] == in_file
        for row in rows:  # and each number sits in its own row, column by column
            numbers = [c for c in row if NUMBER.match(c)]
            labels = [c for c in row if c and not NUMBER.match(c)]
            if not numbers or not labels:
                continue
            row_id = tab.resolve_row(labels[-1])
            columns = tab.block_of(row_id).column_leaves
            assert [str(report.get(table, row_id, col.id)) for col in columns] == numbers
            checked += len(numbers)
    assert checked == 22 + 28  # table A's 22 cells and four full rows of table B
    assert report.get("A", "政府集中采购", "采购总金额") == Decimal("134.32")
    assert report.get("C", "案件数量", "复议后起诉>总计") == 0


def test_chenggong_blank_rows_stay_blank(chenggong: ReadResult) -> None:
    report = chenggong.report
    assert report.get("B", "（一）予以公开", "自然人") is None
    assert report.get("B", "（六）其他处理", "总计") is None
    assert report.get("B", "（七）总计", "总计") == 0


def test_chenggong_every_paragraph_in_its_section(chenggong: ReadResult) -> None:
    report = chenggong.report
    parts = sections_of(CHENGGONG.read_text(encoding="utf-8").split("\n"))
    for number, section in (("一", "overview"), ("五", "problems"), ("六", "other")):
        paragraphs = [line for line in parts[number] if line.strip()]
        assert paragraphs
        text = report.text(section)
        for paragraph in paragraphs:
            assert paragraph in text.split("\n"), paragraph
    assert "（一）概述" not in report.text("overview")  # kept as written, ASCII brackets and all
    assert "(一)概述" in report.text("overview").split("\n")
    assert "(十)完善公开制度机制建设情况" in report.text("overview").split("\n")


def test_chenggong_year_warning(chenggong: ReadResult) -> None:
    findings = validate(chenggong.report).findings
    year = [f for f in findings if f.rule == "document.year_consistency"]
    assert len(year) == 1 and year[0].actual == 2020 and year[0].expected == 2019


# ---------------------------------------------------------------- longgang (gov-2021, cut off)

@pytest.fixture(scope="module")
def longgang() -> ReadResult:
    return read(LONGGANG.read_bytes(), str(LONGGANG))


def test_longgang_edition_year_and_unknown_agency(longgang: ReadResult) -> None:
    report = longgang.report
    assert (report.format.id, report.year, report.agency) == ("gov-2021", 2024, "")
    assert any("agency is unknown" in d.message for d in longgang.diagnostics)


def test_longgang_values(longgang: ReadResult) -> None:
    report = longgang.report
    assert [report.get("A", "行政规范性文件", c) for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [5, 1, 25]
    new = [report.get("B", "一、本年新收政府信息公开申请数量", c.id)
           for c in report.format.table("B").blocks[0].column_leaves]
    assert new == [58, 7, 0, 0, 1, 0, 66]
    assert report.get("B", "（一）予以公开", "总计") == 3  # group label flattened into the row
    assert report.get("B", "（二）部分公开", "商业企业") == 1  # header written "商业 企业"


def test_longgang_truncation_is_reported(longgang: ReadResult) -> None:
    report = longgang.report
    assert report.get("B", "7.属于行政执法案卷", "其他组织") == 0
    assert report.get("B", "7.属于行政执法案卷", "总计") is None
    last = notes_at(longgang, 32)
    assert any("only 6 of 7 cells" in m for m in last)
    assert any("cut off" in m and "14 rows missing" in m for m in last)
    missing = [d.message for d in longgang.diagnostics if d.line is None]
    assert any("四、政府信息公开行政复议、行政诉讼情况" in m for m in missing)


# ---------------------------------------------------------------- defects of real text

def edited(*changes: tuple[str, str]) -> str:
    text = CHENGGONG.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if fragment in line)


def test_cells_with_text_are_kept_and_flagged() -> None:
    text = edited(
        ("行政许可 | 0 | 0 | 0 |", "行政许可 | 12 | 减3 | — |"),
        ("行政处罚 | 0 | 0 | 0 |", "行政处罚 | 22（其中修订16件） | 减少8 | / |"),
        ("政府集中采购 | 7 | 134.32 |", "政府集中采购 | 无 | 251000元 |"),
    )
    result = read(text)
    report = result.report
    assert report.get("A", "行政许可", "上一年项目数量") == 12
    assert report.get("A", "行政许可", "本年增/减") == Verbatim("减3")
    assert report.get("A", "行政许可", "处理决定数量") == Verbatim("—")
    assert report.get("A", "行政处罚", "上一年项目数量") == Verbatim("22（其中修订16件）")
    assert report.get("A", "行政处罚", "本年增/减") == Verbatim("减少8")
    assert report.get("A", "政府集中采购", "采购总金额") == Decimal("25.1")  # 251000元 in the format's 万元
    assert any(d.code == "table.unit-converted" and "'251000元' is kept as 25.1 万元" in d.message
               for d in result.diagnostics)
    assert report.get("A", "政府集中采购", "采购项目数量") == Verbatim("无")
    flagged = " ".join(notes_at(result, line_of(text, "行政许可 |")))
    assert flagged == "行政许可: kept as text (placeholder or words): 本年增/减: '减3'; 处理决定数量: '—'"
    assert len(notes_at(result, line_of(text, "政府集中采购"))) == 2  # the row's text cells, and the unit converted


def test_page_numbers_unknown_rows_and_headings_are_diagnosed() -> None:
    text = edited(
        ("(四)无法提供 |", "— 5 —\n(四)无法提供 |"),
        ("规范性文件 | 0 | 0 | 0 |", "规范性文件 | 0 | 0 | 0 |\n其他主动公开文件 | 3 | 2 | 1 |"),
        ("六、其他需要报告的事项", "七、附件说明\n六、其他需要报告的事项"),
        ("五、存在的主要问题及改进情况", "- 6 -\n五、存在的主要问题及改进情况"),
    )
    result = read(text)
    assert notes_at(result, line_of(text, "— 5 —")) == ["page number '— 5 —' skipped"]
    assert notes_at(result, line_of(text, "- 6 -")) == ["page number '- 6 -' skipped"]
    extra = notes_at(result, line_of(text, "其他主动公开文件"))
    assert len(extra) == 1 and "其他主动公开文件 | 3 | 2 | 1" in extra[0]
    heading = notes_at(result, line_of(text, "七、附件说明"))
    assert len(heading) == 1 and "五、存在的主要问题及改进情况" in heading[0]
    assert "七、附件说明" in result.report.text("problems")  # kept, not dropped
    assert result.report.get("B", "（七）总计", "总计") == 0  # the table goes on after the page number


def test_ascii_or_full_width_punctuation_and_split_labels() -> None:
    text = edited(
        ("(三)不予公开 | 1.属于国家秘密 | ||||||||", "（三）不予公开 | 1．属于国家秘密 | 4 | | | | | | 4 |"),
        ("3.危及“三安全一稳定” | |||||||||", '3.危及"三安全一稳定" | 1 | 0 | 0 | 0 | 0 | 0 | 1 |'),
        ("商业 | 科研 |", "商业 企业 | 科研 机构 |"),
    )
    report = read(text).report
    assert report.get("B", "1.属于国家秘密", "自然人") == 4
    assert report.get("B", "1.属于国家秘密", "商业企业") is None
    assert report.get("B", "3.危及“三安全一稳定”", "总计") == 1


def test_table_c_on_lines_of_bare_numbers() -> None:
    numbers = " ".join(str(i) for i in range(15))
    text = edited(("0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", numbers))
    report = read(text).report
    columns = report.format.table("C").blocks[0].column_leaves
    assert [report.get("C", "cases", c.id) for c in columns] == list(range(15))


def test_edition_follows_the_tables_not_the_year() -> None:
    """A 2021 report written on the 2019 tables (a common defect) is read as gov-2019 and flagged."""
    text = edited(("昆明市呈贡区司法局2019年度", "昆明市呈贡区司法局2021年度"),
                  ("昆明市呈贡区司法局2019年度", "昆明市呈贡区司法局2021年度"))
    report = read(text).report
    assert (report.format.id, report.year) == ("gov-2019", 2021)
    assert any(f.rule == "document.edition_year" for f in validate(report).findings)


def test_year_from_the_statistics_period_and_preamble_text() -> None:
    text = ("报告说明：本报告所列数据的统计期限为2023年1月1日至2023年12月31日。\n"
            "一、总体情况\n我局认真贯彻条例。\n二、主动公开政府信息情况\n第二十条第（一）项 |\n"
            "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n")
    result = read(text)
    assert result.report.year == 2023 and result.report.format.id == "gov-2021"
    assert result.report.text("overview").split("\n") == ["报告说明：本报告所列数据的统计期限为2023年1月1日至2023年12月31日。",
                                                         "我局认真贯彻条例。"]
    assert notes_at(result, 1) == ["text before the first section heading is added to the start of the first section"]


@pytest.mark.parametrize(("data", "location", "words"), [
    (b"", "line 1", "empty"),
    (b"  \n\n", "line 1", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "line 3, byte 1", "binary"),
    (b"report\n\x81\x30\x81", "line 2, byte 1", "not UTF-8"),  # neither UTF-8 nor GB18030
    ("政府信息公开是一件好事。\n没有标题。\n".encode(), "line 1", "does not look like"),
])
def test_not_a_report(data: bytes, location: str, words: str) -> None:
    with pytest.raises(ReadError) as caught:
        read(data, "bad.txt")
    assert caught.value.source == "bad.txt"
    assert caught.value.location == location
    assert words in caught.value.message


def test_sniff() -> None:
    reader = get_reader("text")
    assert reader.sniff(CHENGGONG.read_bytes())
    assert reader.sniff(CHENGGONG.read_bytes()[:65537])  # cut inside a character at the 64 KiB mark
    assert not reader.sniff(b"hello world")
    assert reader.sniff("政府信息公开".encode("gbk"))  # GB18030/GBK text is read too


def test_diagnostics_have_lines_within_the_file(chenggong: ReadResult, longgang: ReadResult) -> None:
    for result, path in ((chenggong, CHENGGONG), (longgang, LONGGANG)):
        count = len(Path(path).read_text(encoding="utf-8").split("\n"))
        for d in result.diagnostics:
            assert isinstance(d, Diagnostic) and (d.line is None or 1 <= d.line <= count)


def test_report_round_trips_after_reading(chenggong: ReadResult) -> None:
    from disclosure_schema.plugins import get_renderer

    for name in ("text", "pipe"):
        again = read(get_renderer(name).render(chenggong.report, {})).report
        assert isinstance(again, Report) and again == chenggong.report


# ---------------------------------------------------------------- robustness

_REAL_LINES = CHENGGONG.read_text(encoding="utf-8").split("\n") + LONGGANG.read_text(encoding="utf-8").split("\n")


@settings(max_examples=80)
@given(st.lists(st.one_of(st.sampled_from(_REAL_LINES), st.text(max_size=30),
                          st.sampled_from(["— 3 —", "| | |", "|---|---|", "0 0 0", "(六)其他处理 | 1 |", "#"])),
                max_size=60))
def test_any_mix_of_lines_reads_or_fails_cleanly(lines: list[str]) -> None:
    """Shuffled, cut and garbled report text: a report with diagnostics, or one ReadError; never a crash."""
    text = "\n".join(lines)
    try:
        result = read(text)
    except ReadError as exc:
        assert exc.location.startswith("line ")
        return
    lines_read = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # CR alone ends a line too
    for d in result.diagnostics:
        assert d.line is None or 1 <= d.line <= len(lines_read)


def test_numbers_on_the_line_after_their_label_and_table_c_over_lines() -> None:
    """PDF extraction without bars: a label alone on its line, numbers below; table C spread over lines."""
    text = ("某县司法局2022年政府信息公开工作年度报告\n一、总体情况\n文字。\n三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量\n5 0 0 0 0 0 5\n(七)总计\n"
            "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
            "四、政府信息公开行政复议、行政诉讼情况\n0 0 0 0 0 0 0\n0 0 0 0 0 0 0 9\n第 3 页\n")
    result = read(text)
    report = result.report
    columns = report.format.table("B").blocks[0].column_leaves
    assert [report.get("B", "new_requests", c.id) for c in columns] == [5, 0, 0, 0, 0, 0, 5]
    assert report.get("B", "carried_forward", "total") == 1
    assert report.get("B", "results_total", "total") is None
    assert any("23 rows missing" in m for m in notes_at(result, 8))  # （七）总计 among them: no numbers came
    assert report.get("C", "cases", "after_review_total") == 9
    assert notes_at(result, 12) == ["page number '第 3 页' skipped"]
    assert "chosen by the report year" in result.diagnostics[0].message


def test_a_provincial_variant_is_chosen_only_when_the_text_needs_it(tmp_path: Path) -> None:
    from disclosure_schema import formats, load_spec
    from disclosure_schema.registry import builtin_spec_dir
    from disclosure_schema_text.published import read_published

    national = (builtin_spec_dir() / "gov-2021.toml").read_text(encoding="utf-8")
    row = 'id = "normative_documents"\nlabel = "行政规范性文件"\naliases = ["规范性文件"]\n'
    extra = '\n[[tables.proactive.blocks.rows]]\nid = "other_documents"\nlabel = "其他主动公开文件"\n'
    spec = tmp_path / "gov-2021-province.toml"
    spec.write_text(national.replace('id = "gov-2021"', 'id = "gov-2021-province"', 1).replace(row, row + extra, 1),
                    encoding="utf-8")
    candidates = (*formats(), load_spec(spec))
    base = LONGGANG.read_text(encoding="utf-8").split("\n")
    assert read_published(base, "l.txt", candidates).report.format.id == "gov-2021"
    at = base.index("行政规范性文件 | 5 | 1 | 25 |") + 1
    provincial = [*base[:at], "其他主动公开文件 | 4 | 0 | 9 |", *base[at:]]
    result = read_published(provincial, "p.txt", candidates)
    assert result.report.format.id == "gov-2021-province"
    assert result.report.get("A", "其他主动公开文件", "现行有效件数") == 9


def test_ocr_markdown_report_reads_completely() -> None:
    """OCR text with Markdown headings and tables, table B split per group, table C in three parts."""
    from datetime import date

    from .conftest import EXAMPLES

    path = EXAMPLES / "shuyang-county-government-2025.ocr.txt"
    result = read(path.read_bytes(), str(path))
    report = result.report
    assert (report.format.id, report.agency, report.year) == ("gov-2021", "沐阳县人民政府", 2025)  # OCR kept
    assert report.published == date(2026, 1, 23)
    assert report.get("A", "行政事业性收费", "本年收费金额") == Decimal("4068.208")
    b = report.format.table("B")
    lines = path.read_text(encoding="utf-8").split("\n")
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines if re.match(r"^\| \S.* \| \d", line)]
    b_rows = [r for r in rows if len(r) == 8]
    assert len(b_rows) == 25
    in_report = [[str(report.get("B", row.id, c.id)) for c in b.blocks[0].column_leaves] for row in b.blocks[0].row_leaves]
    assert in_report == [r[1:] for r in b_rows]  # every row of table B, in order
    columns = report.format.table("C").blocks[0].column_leaves
    assert [report.get("C", "cases", c.id) for c in columns] == [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10]
    assert any("社会公益" in d.message for d in result.diagnostics)  # a header word it does not know


def test_notes_under_tables_and_units_in_headers_are_reported() -> None:
    text = edited(("四、政府信息公开行政复议、行政诉讼情况", "注：本表数据含上年度结转数量。\n四、政府信息公开行政复议、行政诉讼情况"))
    result = read(text)
    note = notes_at(result, line_of(text, "注：本表"))
    assert note == ["a note under table 收到和处理政府信息公开申请情况 is not kept (a report has no place for it): "
                    "'注：本表数据含上年度结转数量。'"]
    assert notes_at(result, line_of(text, "采购总金额(单位:万元)")) == []  # the format's own unit: nothing to say
    in_yuan = read(edited(("采购总金额(单位:万元)", "采购总金额(单位:元)"))).report
    assert in_yuan.get("A", "政府集中采购", "采购总金额") == Decimal("0.013432")  # 134.32 元, exactly, in 万元
    assert result.diagnostics[0].message.startswith("edition gov-2019 chosen from the tables")
