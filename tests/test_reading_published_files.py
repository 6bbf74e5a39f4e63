"""Published files read directly (web pages, Word files, PDF): blocks placed by the shared pipeline.

The truth is the page as printed (tests/test_published_html.py checks the grids cell by cell);
here every number of the tables must land in the right cell of the report, and nothing else.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_schema import Report, validate
from disclosure_schema.inputs import read_file
from disclosure_schema.plugins import ReadResult
from disclosure_schema.testing import valid_reports

DATA = Path(__file__).parent / "data"

B_ROWS_2019 = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "（二）部分公开",
               "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
               "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
               "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "1.信访举报投诉类申请",
               "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]


def table_b(report: Report, rows: list[str]) -> list[list[object]]:
    tab = report.format.table("B")
    out: list[list[object]] = []
    for label in rows:
        rid = tab.resolve_row(label)
        out.append([report.get("B", rid, c.id) for c in tab.block_of(rid).column_leaves])
    return out


def table_c(report: Report) -> list[object]:
    return [report.get("C", "cases", c.id) for c in report.format.table("C").blocks[0].column_leaves]


def numbers(result: ReadResult) -> int:
    return sum(1 for v in result.report.cells.values() if v is not None)


def test_shanghai_2019_web_page() -> None:
    result = read_file(DATA / "html" / "shanghai-government-office-2019.html")
    report = result.report
    assert (report.format.id, report.agency, report.year) == ("gov-2019", "上海市人民政府办公厅", 2019)
    assert [report.get("A", "规章", c) for c in ("本年新制作数量", "本年新公开数量", "对外公开总数量")] == [13, 13, 524]
    assert [report.get("A", "规范性文件", c) for c in ("本年新制作数量", "本年新公开数量", "对外公开总数量")] == [60, 60, 368]
    assert report.get("A", "政府集中采购", "采购总金额") == Decimal("25.1")  # "251000元" in the format's 万元
    e = None
    assert table_b(report, [*B_ROWS_2019, "（六）其他处理", "（七）总计", "四、结转下年度继续办理"]) == [
        [821, 35, e, e, 2, 1, 859], [18, e, e, e, e, e, 18], [258, 12, e, e, 1, 1, e], [3, e, e, e, e, e, e],
        [14, e, e, e, e, e, e], [e] * 7, [e] * 7, [e] * 7, [5, e, e, e, e, e, e], [3, 1, e, e, e, e, e], [e] * 7,
        [10, 2, e, e, e, e, e], [252, 12, e, e, 1, e, e], [44, 3, e, e, e, e, e], [25, e, e, e, e, e, e],
        [148, 1, e, e, e, e, e], [5, 4, e, e, e, e, e], [e] * 7, [e] * 7, [e] * 7, [e] * 7,
        [767, 35, e, e, 2, 1, 805], [72, e, e, e, e, e, 72]]
    assert table_c(report) == [5, e, e, 2, 7, 8, e, e, 1, 9, e, e, e, e, e]
    assert not [d for d in result.diagnostics if d.code.startswith("table.") and d.severity != "info"]
    # the narrative's 859 + 18 = 805 + 72 holds in the table: no balance error
    assert not [f for f in validate(report).errors if f.rule.startswith("applications.balance")]


def test_shuyang_2023_web_page_with_a_renamed_heading() -> None:
    result = read_file(DATA / "html" / "shuyang-development-reform-2023.html")
    report = result.report
    assert (report.format.id, report.agency, report.year) == ("gov-2021", "沭阳县发展和改革局", 2023)
    assert [report.get("A", "行政规范性文件", c) for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [8, 0, 18]
    assert numbers(result) == 10 + 25 * 2 + 15  # the page leaves the legal-person columns blank
    e = None
    b = table_b(report, ["一、本年新收政府信息公开申请数量", "（一）予以公开", "（七）总计", "四、结转下年度继续办理"])
    assert b == [[26, e, e, e, e, e, 26], [26, e, e, e, e, e, 26], [26, e, e, e, e, e, 26], [0, e, e, e, e, e, 0]]
    assert table_c(report) == [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert report.text("problems").startswith("（一）存在的主要问题。")  # under "五、存在的主要问题及整改措施"
    assert "read.heading-renamed" in [d.code for d in result.diagnostics]
    assert report.published is not None and report.published.isoformat() == "2024-01-17"


# ---------------------------------------------------------------- our own pages and Word files, data taken out

def _strip_html_data(page: bytes) -> bytes:
    """Our HTML page as a CMS that drops scripts would publish it: the tables only."""
    import re

    return re.sub(rb'<script type="application/json" id="disclosure-schema-report">.*?</script>', b"", page, flags=re.S)


def _strip_docx_data(docx: bytes) -> bytes:
    """Our Word file without its embedded data part, as if a clerk had typed it."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if not info.filename.startswith("customXml/"):
                dst.writestr(info, src.read(info))
    return out.getvalue()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=valid_reports("gov-2021", unicode=False), kind=st.sampled_from(["html", "docx"]))
def test_own_pages_and_word_files_without_their_data_read_from_their_tables(report: Report, kind: str) -> None:
    from disclosure_schema.inputs import read_data
    from disclosure_schema.plugins import get_renderer

    report = Report(report.format, "某县某局", report.year, {}, report.cells)
    data = get_renderer(kind).render(report, {})
    stripped = _strip_html_data(data) if kind == "html" else _strip_docx_data(data)
    assert stripped != data
    got = read_data(stripped, f"published.{kind}").report
    assert (got.format.id, got.agency, got.year) == (report.format.id, report.agency, report.year)
    assert dict(got.cells) == {k: v for k, v in report.cells.items() if v is not None}


# ---------------------------------------------------------------- the hongze PDFs, read directly

@pytest.mark.parametrize("year", ["2023", "2024"])
def test_hongze_pdf_read_directly_every_number_in_its_cell(year: str) -> None:
    from .test_reading_layouts import hongze_score

    result = read_file(DATA / "pdf" / f"hongze-district-government-{year}.pdf")
    report = result.report
    assert (report.format.id, report.year) == ("gov-2021", int(year))
    assert report.agency == ("洪泽区人民政府" if year == "2023" else "淮安市洪泽区人民政府")
    right, wrong, total = hongze_score(report, year)
    assert (right, wrong) == (total, 0)
    codes = [d.code for d in result.diagnostics]
    assert "read.section-missing" not in codes and "table.row-unplaced" not in codes
    assert all(report.text(s) for s in ("overview", "problems", "other"))
    origin = result.provenance[report.format.key("C", "cases", "复议总计")]
    assert origin.page is not None and origin.table is not None  # traced to its page and table cell


def test_hongze_2023_pdf_slip_is_found_at_its_cells() -> None:
    report = read_file(DATA / "pdf" / "hongze-district-government-2023.pdf").report
    errors = {f.rule: f for f in validate(report).errors}
    slip = errors["appeals.review_total"]  # 表四 复议 总计 0 against 10 + 1
    assert (slip.expected, slip.actual) == (11, 0)
    assert ("appeals", "cases", "review_total") in {(c.table, c.row, c.column) for c in slip.cells}


def test_export_carries_where_each_number_was_read(tmp_path: Path) -> None:
    import csv
    import json

    from disclosure_schema.cli import main

    assert main(["export", str(DATA / "pdf" / "hongze-district-government-2023.pdf"), "--to", "csv",
                 "-o", str(tmp_path), "--jobs", "1"]) in (0, 1)
    with open(tmp_path / "cells.csv", encoding="utf-8", newline="") as f:
        rows = {(r["table"], r["row"], r["column"]): r for r in csv.DictReader(f)}
    cell = rows[("appeals", "cases", "review_total")]
    assert cell["value"] == "0"  # the slip, as printed
    where = json.loads(cell["provenance"])
    assert where["page"] == 4 and where["table"] == 3 and len(where["box"]) == 4


def test_pages_and_gbk_text_get_the_structure_checks_from_the_readers_layout() -> None:
    page = read_file(DATA / "html" / "shuyang-development-reform-2023.html")
    found = validate(page.report, layout=page.layout).warnings
    assert any(f.rule == "document.structure" and "存在的主要问题及整改措施" in f.message_en for f in found)
    text = (DATA / "layouts" / "6-heading-variant.txt").read_text(encoding="utf-8").replace(
        "二、行政机关主动公开政府信息情况", "一、行政机关主动公开政府信息情况")
    from disclosure_schema.inputs import read_data

    gbk = read_data(text.encode("gb18030"), "gbk.txt")
    renumbered = [f for f in validate(gbk.report, layout=gbk.layout).warnings if f.rule == "document.structure"]
    assert any("numbered “一”" in f.message_zh or "numbered “一”" in f.message_en for f in renumbered)
