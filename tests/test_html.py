"""HTML output: exact round trips (page and fragment), semantic and accessible tables, refused pages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from lxml import html

from disclosure_schema import ReadError, Report
from disclosure_schema.inputs import read_file
from disclosure_schema.plugins import detect_reader, get_reader, get_renderer
from disclosure_schema.testing import reports

from .conftest import CHENGGONG


def render(report: Report, fragment: bool = False) -> bytes:
    return get_renderer("html").render(report, {"fragment": "1"} if fragment else {})


def read(data: bytes) -> Report:
    reader = detect_reader(data)
    assert reader is not None and reader.name == "html"
    return reader.read(data, "t.html").report


@settings(max_examples=40)
@given(reports("gov-2021"))
def test_round_trip_2021(report: Report) -> None:
    page = render(report)
    assert read(page) == report
    assert read(render(report, fragment=True)) == report
    assert render(report) == page


@settings(max_examples=40)
@given(reports("gov-2019"))
def test_round_trip_2019(report: Report) -> None:
    assert read(render(report)) == report
    assert read(render(report, fragment=True)) == report


def header_texts(doc: html.HtmlElement, td: html.HtmlElement) -> list[str]:
    return [doc.get_element_by_id(h).text_content() for h in (td.get("headers") or "").split()]


def child(element: html.HtmlElement, tag: str) -> html.HtmlElement:
    found = element.find(tag)
    assert found is not None, tag
    return found


@pytest.mark.parametrize("fragment", [False, True])
def test_every_number_of_table_b_names_its_row_and_column(chenggong_report: Report, fragment: bool) -> None:
    doc = html.document_fromstring(render(chenggong_report, fragment).decode())
    b = doc.get_element_by_id("ds-applications-table")
    assert child(b, "caption").text_content() == "收到和处理政府信息公开申请情况"
    tds = [td for td in b.iter("td") if td.get("headers")]
    assert len(tds) == 23 * 7
    fmt = chenggong_report.format
    table = fmt.table("B")
    for td, (_, row, col) in zip(tds, table.cells(), strict=True):
        names = header_texts(doc, td)
        assert col.label in names and row.label in names, names
        for h in (td.get("headers") or "").split():
            assert doc.get_element_by_id(h).tag == "th"
    first = header_texts(doc, tds[7 * 2 + 1])  # （一）予以公开 / 商业企业
    assert first == ["申请人情况", "法人或其他组织", "商业企业", "三、本年度办理结果", "（一）予以公开"]


def test_table_b_header_spans_as_the_official_template(chenggong_report: Report) -> None:
    doc = html.document_fromstring(render(chenggong_report))
    b = doc.get_element_by_id("ds-applications-table")
    cells = {c.text_content(): c for c in b.iter("th", "td")}
    assert (cells["申请人情况"].get("colspan"), cells["申请人情况"].get("scope")) == ("7", "colgroup")
    assert (cells["自然人"].get("rowspan"), cells["自然人"].get("scope")) == ("2", "col")
    assert cells["法人或其他组织"].get("colspan") == "5"
    note = cells["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    assert (note.tag, note.get("rowspan"), note.get("colspan")) == ("td", "3", "3")
    group = cells["三、本年度办理结果"]
    assert (group.get("rowspan"), group.get("scope")) == ("20", "rowgroup")
    assert len(child(b, "thead").findall("tr")) == 3  # printed on every page
    assert "position:sticky" in (group.get("style") or "") or "ds-sticky" in (group.get("class") or "")


def test_page_has_one_style_and_the_fragment_inline_styles(chenggong_report: Report) -> None:
    page = render(chenggong_report).decode()
    assert page.count("<style>") == 1 and "@media print" in page and "size: A4" in page
    fragment = render(chenggong_report, fragment=True).decode()
    assert "<style" not in fragment and "<script" not in fragment and "<html" not in fragment
    doc = html.fragment_fromstring(fragment)  # a str: a CMS pastes text
    assert "仿宋_GB2312" in (doc.get("style") or "")
    assert all(c.get("style") for c in doc.iter("th", "td"))  # a CMS keeps style attributes


def test_headings_and_narrative(chenggong_report: Report) -> None:
    doc = html.document_fromstring(render(chenggong_report))
    assert child(doc, ".//h1").text_content() == chenggong_report.display_title
    assert [h.text_content() for h in doc.iter("h2")] == [s.title for s in chenggong_report.format.sections]
    assert "(一)概述" in [h.text_content() for h in doc.iter("h3")]  # as the agency wrote it


def test_control_characters_are_shown_replaced_and_read_back_exactly() -> None:
    report = Report.create("gov-2021", "某局\x01</script><b>", 2024).with_text("overview", "a\x00b\n<i>&amp;")
    page = render(report)
    text = page.decode()
    assert "<h1 class=\"ds-title\">某局\ufffd&lt;/script&gt;&lt;b&gt;2024年政府信息公开工作年度报告</h1>" in text
    assert "<p class=\"ds-p\">a\ufffdb</p>" in text
    assert text[text.index('<script type="application/json"'):].count("</script>") == 1  # the data cannot end it
    assert read(page) == report


def test_a_page_we_did_not_make_is_read_from_what_it_shows_or_refused_clearly() -> None:
    page = b"<!DOCTYPE html><html><body><h1>\xe6\x9f\x90\xe5\xb1\x80</h1><table><tr><td>1</td></tr></table></body></html>"
    with pytest.raises(ReadError, match="no section heading such as"):  # a page, but no report on it
        get_reader("html").read(page, "p.html")


def test_xml_reports_are_not_taken_for_html(chenggong_report: Report) -> None:
    xml = get_renderer("xml").render(chenggong_report, {})
    reader = detect_reader(xml)
    assert reader is not None and reader.name == "xml"


def test_fragment_option_is_checked(chenggong_report: Report) -> None:
    from disclosure_schema import RenderError

    with pytest.raises(RenderError, match="fragment='yes': expected 0 or 1"):
        get_renderer("html").render(chenggong_report, {"fragment": "yes"})


def test_batch_render_to_a_folder_and_fragment_flag(tmp_path: object) -> None:
    import subprocess
    import sys
    from pathlib import Path

    from .conftest import LONGGANG

    out = Path(str(tmp_path))
    cli = [sys.executable, "-m", "disclosure_schema"]
    for kind in ("html", "docx"):
        subprocess.run([*cli, "render", str(CHENGGONG), str(LONGGANG), "--to", kind, "-o", f"{out}/{kind}/", "-j", "2"],
                       check=True, capture_output=True)
    for path, source in ((CHENGGONG, "chenggong"), (LONGGANG, "longgang")):
        expected = read_file(path).report
        (page,) = (out / "html").glob(f"{source}*.html")
        (word,) = (out / "docx").glob(f"{source}*.docx")
        assert read(page.read_bytes()) == expected
        assert get_reader("docx").read(word.read_bytes(), str(word)).report == expected
    fragment = subprocess.run([*cli, "render", str(CHENGGONG), "--to", "html", "--fragment"], check=True,
                              capture_output=True).stdout
    assert fragment.startswith(b'<section lang="zh-CN" class="ds-report" data-disclosure-schema="')


def test_loading_the_docx_and_html_plugins_imports_no_heavy_library() -> None:
    import subprocess
    import sys

    code = ("import sys, disclosure_schema_html, disclosure_schema_docx; "
            "print(sorted(m for m in ('lxml', 'cattrs', 'docx', 'disclosure_schema.jsonio') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
