"""Word and WPS .docx files read into blocks; legacy and hostile files refused clearly."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from disclosure_schema.errors import ReadError
from disclosure_schema_published import docx_blocks, sniff_kind
from tests.published_grids import grids, paragraphs
from tests.test_published_html import shape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')


def package(body: str, styles: str = "", extra: dict[str, bytes] | None = None, prolog: str = "") -> bytes:
    """A .docx the way WPS writes it: our own document.xml (and styles.xml) in the OOXML package."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
                                        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
        if styles:
            z.writestr("word/styles.xml", f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>')
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def p(text: str, style: str = "", outline: int | None = None) -> str:
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + (f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else "")
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def tc(text: str = "", span: int = 1, vmerge: str | None = None, paras: list[str] | None = None) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        "" if vmerge is None else '<w:vMerge/>' if vmerge == "" else f'<w:vMerge w:val="{vmerge}"/>')
    content = "".join(p(t) for t in (paras if paras is not None else [text]))
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"


def tr(*cells: str, before: int = 0) -> str:
    pr = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
    return f"<w:tr>{pr}{''.join(cells)}</w:tr>"


# WPS names its heading styles by number ids with English names and outline levels.
WPS_STYLES = ('<w:style w:type="paragraph" w:styleId="1"><w:name w:val="Normal"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 1"/><w:basedOn w:val="1"/>'
              '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="标题 2"/><w:basedOn w:val="1"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="30"><w:name w:val="my heading"/><w:basedOn w:val="2"/></w:style>')


def test_wps_docx_with_vmerge_continue_and_headings() -> None:
    body = (p("某县2024年政府信息公开工作年度报告", outline=0) + p("一、总体情况", "2") + p("正文第一段。")
            + p("（一）主动公开", "3") + p("自定义标题", "30")
            + '<w:sdt><w:sdtContent>' + p("二、收到和处理政府信息公开申请情况", "2") + '</w:sdtContent></w:sdt>'
            + "<w:tbl>"
            + tr(tc(span=3, vmerge="restart", paras=["（本列数据的勾稽关系为：第一项加第二项之和，", "等于第三项加第四项之和）"]),
                 tc("申请人情况", span=7))
            + tr(tc(span=3, vmerge="continue"), tc("自然人", vmerge="restart"), tc("法人或其他组织", span=5),
                 tc("总计", vmerge="restart"))
            + tr(tc(span=3, vmerge="continue"), tc(vmerge="continue"), tc("商业企业"), tc("科研机构"),
                 tc(paras=["社会公益", "组织"]), tc("法律服务机构"), tc("其他"), tc(vmerge="continue"))
            + tr(tc("三、本年度办理结果", vmerge="restart"), tc("（一）予以公开", span=2), *[tc(v) for v in "3　 1  4"])
            + tr(tc(vmerge="continue"), tc("（三）不予公开", vmerge="restart"), tc("1.属于国家秘密"),
                 *[tc(v) for v in ["1", "", "", "", "", "", "1"]])
            + tr(tc(vmerge="continue"), tc(vmerge="continue"), tc("2.其他法律行政法规禁止公开"),
                 *[tc(v) for v in ["0", "", "", "", "", "", "0"]])
            + tr(tc("（七）总计", span=2), *[tc(v) for v in ["4", "", "", "", "", "", "4"]], before=1)
            + "</w:tbl>" + p("三、结束", "2")
            + '<w:p><w:r><w:t>已删除</w:t></w:r></w:p>'.replace("<w:r><w:t>已删除</w:t></w:r>",
                                                             "<w:del><w:r><w:delText>已删除</w:delText></w:r></w:del>"
                                                             "<w:r><w:t>保留</w:t></w:r><w:r><w:br/><w:t>第二行</w:t></w:r>"))
    data = package(body, WPS_STYLES)
    assert sniff_kind(data, "report.docx") == "docx"
    blocks, notes = docx_blocks(data, "report.docx")
    assert notes == []
    assert [(x.text, x.heading_level) for x in paragraphs(blocks)] == [
        ("某县2024年政府信息公开工作年度报告", 1), ("一、总体情况", 1), ("正文第一段。", None), ("（一）主动公开", 2),
        ("自定义标题", 1), ("二、收到和处理政府信息公开申请情况", 1), ("三、结束", 1), ("保留第二行", None)]
    (grid,) = grids(blocks)
    assert grid.positional
    assert shape(grid) == [
        ["0+3v3:（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "3+7:申请人情况"],
        ["3v2:自然人", "4+5:法人或其他组织", "9v2:总计"],
        ["4:商业企业", "5:科研机构", "6:社会公益组织", "7:法律服务机构", "8:其他"],
        ["0v3:三、本年度办理结果", "1+2:（一）予以公开", "3:3", "4:", "5:", "6:1", "7:", "8:", "9:4"],
        ["1v2:（三）不予公开", "2:1.属于国家秘密", "3:1", "4:", "5:", "6:", "7:", "8:", "9:1"],
        ["2:2.其他法律行政法规禁止公开", "3:0", "4:", "5:", "6:", "7:", "8:", "9:0"],
        ["1+2:（七）总计", "3:4", "4:", "5:", "6:", "7:", "8:", "9:4"]]
    cell = grid.rows[3].cells[2]
    assert (cell.origin.table, cell.origin.row, cell.origin.cell) == (1, 4, 4)


def test_word_docx_made_by_python_docx_with_a_layout_table() -> None:
    document = docx.Document()
    document.add_heading("某局2023年政府信息公开工作年度报告", level=0)
    document.add_heading("一、总体情况", level=1)
    document.add_paragraph("2023年，本局认真贯彻《条例》。")
    layout = document.add_table(rows=1, cols=1)  # a one-cell frame around the content
    inner = layout.cell(0, 0).add_table(rows=3, cols=4)
    inner.cell(0, 0).merge(inner.cell(0, 3)).text = "第二十条第（一）项"
    for c, t in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        inner.cell(1, c).text = t
    for c, t in enumerate(["规章", "0", "", "12"]):
        inner.cell(2, c).text = t
    out = io.BytesIO()
    document.save(out)
    blocks, _ = docx_blocks(out.getvalue(), "r.docx")
    assert [(x.text, x.heading_level) for x in paragraphs(blocks)] == [
        ("某局2023年政府信息公开工作年度报告", 1), ("一、总体情况", 1), ("2023年，本局认真贯彻《条例》。", None)]
    (grid,) = grids(blocks)
    assert shape(grid) == [["0+4:第二十条第（一）项"], ["0:信息内容", "1:本年制发件数", "2:本年废止件数", "3:现行有效件数"],
                           ["0:规章", "1:0", "2:", "3:12"]]


def test_legacy_and_ofd_files_say_what_to_save_as() -> None:
    doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert sniff_kind(doc, "report.doc") == "legacy-office"
    with pytest.raises(ReadError, match=r"report.doc: a legacy binary Word/WPS file .*save it as .docx or .pdf"):
        docx_blocks(doc, "report.doc")
    ofd = io.BytesIO()
    with zipfile.ZipFile(ofd, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
    assert sniff_kind(ofd.getvalue(), "report.ofd") == "legacy-office"
    with pytest.raises(ReadError, match=r"OFD document cannot be read; save \(export\) it as .pdf or .docx"):
        docx_blocks(ofd.getvalue(), "report.ofd")


def test_zip_bomb_is_refused_before_inflating() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(40):
                member.write(chunk)
    assert len(out.getvalue()) < 200_000
    with pytest.raises(ReadError, match=r"word/document.xml: the part inflates to 41,943,040 bytes"):
        docx_blocks(out.getvalue(), "bomb.docx")


def test_zip_that_lies_about_its_size_is_cut_at_the_bound() -> None:
    data = bytearray(package(p("x" * 10) + " " * (40 << 20)))
    name = b"word/document.xml"
    central = data.index(b"PK\x01\x02")  # the central directory's entries
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    local = int.from_bytes(data[central + 42:central + 46], "little")
    data[central + 24:central + 28] = (1000).to_bytes(4, "little")  # declared: 1,000 bytes
    data[local + 22:local + 26] = (1000).to_bytes(4, "little")
    with pytest.raises(ReadError, match=r"big.docx: a damaged .docx \(Bad CRC-32"):
        docx_blocks(bytes(data), "big.docx")


def test_doctype_broken_xml_and_not_a_zip() -> None:
    bomb = package(p("&a;&a;"), prolog='<!DOCTYPE x [<!ENTITY a "aaaa">]>')
    with pytest.raises(ReadError, match=r"e\.docx:word/document\.xml: a DOCTYPE is not allowed"):
        docx_blocks(bomb, "e.docx")
    with pytest.raises(ReadError, match=r"word/document.xml:1: broken XML"):
        docx_blocks(package("<w:p>"), "b.docx")
    with pytest.raises(ReadError, match="not a Word document"):
        docx_blocks(b"PK\x03\x04garbage", "g.docx")
    no_document = io.BytesIO()
    with zipfile.ZipFile(no_document, "w") as z:
        z.writestr("x.txt", "x")
    with pytest.raises(ReadError, match=r"no word/document\.xml"):
        docx_blocks(no_document.getvalue(), "n.docx")


NUMBERING = (f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="7">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
             '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
             '<w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>'
             '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="11"/>'
             '</w:lvlOverride></w:num></w:numbering>')
NUMBERED_STYLES = ('<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 1"/>'
                   '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
                   '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 2"/>'
                   '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')


def numbered(text: str, num_id: int, ilvl: int) -> str:
    return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
            f"<w:r><w:t>{text}</w:t></w:r></w:p>")


def test_word_list_numbering_is_drawn_into_the_text() -> None:
    """Word stores "总体情况" and draws "一、总体情况": the label is rebuilt from numbering.xml."""
    body = (p("总体情况", "2") + p("主动公开", "3") + p("依申请公开", "3") + p("主动公开政府信息情况", "2")
            + p("第一项", "3") + numbered("属于国家秘密", 1, 2) + numbered("其他法律行政法规禁止公开", 1, 2)
            + numbered("要点", 1, 3) + numbered("不编号", 0, 0) + numbered("第十一", 2, 0)
            + "<w:tbl>" + tr(tc(paras=[]).replace("</w:tcPr>", "</w:tcPr>" + numbered("属于行政查询事项", 1, 2)),
                             tc("0")) + tr(tc("x"), tc("1")) + "</w:tbl>")
    data = package(body, NUMBERED_STYLES, {"word/numbering.xml": NUMBERING.encode()})
    blocks, _ = docx_blocks(data, "n.docx")
    assert [(x.text, x.heading_level) for x in paragraphs(blocks)] == [
        ("一、总体情况", 1), ("（一）主动公开", 2), ("（二）依申请公开", 2), ("二、主动公开政府信息情况", 1),
        ("（一）第一项", 2), ("1.属于国家秘密", None), ("2.其他法律行政法规禁止公开", None), ("要点", None),
        ("不编号", None), ("十一、第十一", None)]
    assert shape(grids(blocks)[0]) == [["0:3.属于行政查询事项", "1:0"], ["0:x", "1:1"]]


def test_chinese_counting() -> None:
    from disclosure_schema_published.docx_numbering import _chinese, _roman

    assert [_chinese(n) for n in (1, 10, 11, 20, 21, 99, 100, 105, 110, 999)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十", "九百九十九"]
    assert _roman(14) == "XIV"
