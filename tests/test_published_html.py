"""Saved web pages read into blocks: the two real pages cell by cell, and pages built the way sites build them."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_schema.reading import Block, Grid
from disclosure_schema_published import html_blocks, sniff_kind
from tests.published_grids import grids, paragraphs

DATA = Path(__file__).parent / "data" / "html"


def shape(grid: Grid) -> list[list[str]]:
    """Each row as "col[+colspan][vrowspan]:text" strings: a whole grid comparable at a glance."""
    def one(c: object) -> str:
        from disclosure_schema.reading import Cell
        assert isinstance(c, Cell)
        span = (f"+{c.colspan}" if c.colspan > 1 else "") + (f"v{c.rowspan}" if c.rowspan > 1 else "")
        return f"{c.col}{span}:{c.text}"
    return [[one(c) for c in row.cells] for row in grid.rows]


def read(html: str | bytes, name: str = "page.html") -> tuple[list[Block], list[str]]:
    data = html.encode("utf-8") if isinstance(html, str) else html
    blocks, notes = html_blocks(data, name)
    return blocks, [n.show("en") for n in notes]


APPLICANTS = ["0+3v3:（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "3+7:申请人情况"], \
    ["3v2:自然人", "4+5:法人或其他组织", "9v2:总计"], \
    ["4:商业企业", "5:科研机构", "6:社会公益组织", "7:法律服务机构", "8:其他"]
C_HEAD = [["0+5:行政复议", "5+10:行政诉讼"],
          ["0v2:结果维持", "1v2:结果纠正", "2v2:其他结果", "3v2:尚未审结", "4v2:总计", "5+5:未经复议直接起诉", "10+5:复议后起诉"],
          [f"{c}:{t}" for c, t in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2, 5)]]
B_LABELS = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
            "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
            "3.补正后申请内容仍不明确", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息"]


def values(start: int, *texts: str) -> list[str]:
    return [f"{c}:{t}" for c, t in enumerate(texts, start)]


def test_shanghai_2019_page_cell_by_cell() -> None:
    blocks, notes = read((DATA / "shanghai-government-office-2019.html").read_bytes())
    assert notes == []
    a, b, c = grids(blocks)
    assert shape(a) == [
        ["0+5:第二十条第（一）项"], ["0:信息内容", "1:本年新制作数量", "2+2:本年新公开数量", "4:对外公开总数量"],
        ["0:规章", "1:13", "2+2:13", "4:524"], ["0:规范性文件", "1:60", "2+2:60", "4:368"],
        ["0+5:第二十条第（五）项"], ["0:信息内容", "1:上一年项目数量", "2+2:本年增/减", "4:处理决定数量"],
        ["0:行政许可", "1+2:0", "3:0", "4:0"], ["0:其他对外管理服务事项", "1+2:0", "3:0", "4:0"],
        ["0+5:第二十条第（六）项"], ["0:信息内容", "1:上一年项目数量", "2+2:本年增/减", "4:处理决定数量"],
        ["0:行政处罚", "1+2:0", "3:0", "4:0"], ["0:行政强制", "1+2:0", "3:0", "4:0"],
        ["0+5:第二十条第（八）项"], ["0:信息内容", "1+2:上一年项目数量", "3+2:本年增/减"],
        ["0:行政事业性收费", "1+2:0", "3+2:0"],
        ["0+5:第二十条第（九）项"], ["0:信息内容", "1+2:采购项目数量", "3+2:采购总金额"],
        ["0:政府集中采购", "1+2:6", "3+2:251000元"]]
    numbers = [["821", "35", "", "", "2", "1", "859"], ["18", "", "", "", "", "", "18"],
               ["258", "12", "", "", "1", "1", ""], ["3", "", "", "", "", "", ""],
               ["14"] + [""] * 6, [""] * 7, [""] * 7, [""] * 7, ["5"] + [""] * 6, ["3", "1"] + [""] * 5, [""] * 7,
               ["10", "2"] + [""] * 5, ["252", "12", "", "", "1", "", ""], ["44", "3"] + [""] * 5, ["25"] + [""] * 6,
               ["148", "1"] + [""] * 5, ["5", "4"] + [""] * 5, [""] * 7, [""] * 7, [""] * 7, [""] * 7,
               ["767", "35", "", "", "2", "1", "805"], ["72", "", "", "", "", "", "72"]]
    labels = [["0+3:一、本年新收政府信息公开申请数量"], ["0+3:二、上年结转政府信息公开申请数量"],
              ["0v20:三、本年度办理结果", "1+2:（一）予以公开"], ["1+2:（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]]
    labels += [(["1v8:（三）不予公开"] if i == 0 else ["1v3:（四）无法提供"] if i == 8 else ["1v5:（五）不予处理"] if i == 11
                else []) + [f"2:{label}"] for i, label in enumerate(B_LABELS)]
    labels += [["1+2:（六）其他处理"], ["1+2:（七）总计"], ["0+3:四、结转下年度继续办理"]]
    assert shape(b) == [*APPLICANTS, *[lab + values(3, *num) for lab, num in zip(labels, numbers, strict=True)]]
    assert shape(c) == [*C_HEAD, values(0, "5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", "")]
    # provenance: table number, row, column (1-based) and the source line
    cell = b.rows[3].cells[1]
    assert (cell.text, cell.origin.table, cell.origin.row, cell.origin.cell, cell.origin.line) == ("821", 2, 4, 4, 27)
    texts = [p.text for p in paragraphs(blocks)]
    assert texts[:2] == ["2019年上海市人民政府办公厅政府信息公开工作年度报告", "发布日期：2020-01-31"]
    assert "四、政府信息公开行政复议、行政诉讼情况" in texts  # after a <br> inside its <p>
    order = ["GRID" if isinstance(x, Grid) else x.text for x in blocks]
    assert order[order.index("三、收到和处理政府信息公开申请情况") + 1] == "GRID"


def test_shuyang_2023_page_cell_by_cell() -> None:
    blocks, notes = read((DATA / "shuyang-development-reform-2023.html").read_bytes())
    assert notes == []
    a, b, c = grids(blocks)
    assert shape(a) == [
        ["0+4:第二十条第（一）项"], ["0:信息内容", "1:本年制发件数", "2:本年废止件数", "3:现行有效件数"],
        ["0:规章", "1:0", "2:0", "3:0"], ["0:规范性文件", "1:8", "2:0", "3:18"],
        ["0+4:第二十条第（五）项"], ["0:信息内容", "1+3:本年处理决定数量"], ["0:行政许可", "1+3:0"],
        ["0+4:第二十条第（六）项"], ["0:信息内容", "1+3:本年处理决定数量"], ["0:行政处罚", "1+3:0"], ["0:行政强制", "1+3:0"],
        ["0+4:第二十条第（八）项"], ["0:信息内容", "1+3:本年收费金额（单位：万元）"], ["0:行政事业性收费", "1+3:0"]]
    zero = ["0", "", "", "", "", "", "0"]
    numbers = [["26", "", "", "", "", "", "26"], zero, ["26", "", "", "", "", "", "26"], zero, *[zero] * 16,
               zero, zero, zero, ["26", "", "", "", "", "", "26"], zero]
    other = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
             "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]
    labels = [["0+3:一、本年新收政府信息公开申请数量"], ["0+3:二、上年结转政府信息公开申请数量"],
              ["0v22:三、本年度办理结果", "1+2:（一）予以公开"], ["1+2:（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]]
    labels += [(["1v8:（三）不予公开"] if i == 0 else ["1v3:（四）无法提供"] if i == 8 else ["1v5:（五）不予处理"] if i == 11
                else []) + [f"2:{label}"] for i, label in enumerate(B_LABELS)]
    labels += [["1v3:（六）其他处理", f"2:{other[0]}"], [f"2:{other[1]}"], [f"2:{other[2]}"],
               ["1+2:（七）总计"], ["0+3:四、结转下年度继续办理"]]
    assert shape(b) == [*APPLICANTS, *[lab + values(3, *num) for lab, num in zip(labels, numbers, strict=True)]]
    assert shape(c) == [*C_HEAD, values(0, *"000110000000000")]
    paras = paragraphs(blocks)
    assert (paras[0].text, paras[0].heading_level) == ("沭阳县发展和改革局2023年政府信息公开年度报告", 1)
    assert [p.text for p in paras[-2:]] == ["沭阳县发展和改革局", "2024年1月17日"]


PORTAL = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>某区2023年政府信息公开工作年度报告_某区人民政府</title>
<style>.nav{color:red}</style><script>var title = "二、主动公开政府信息情况";</script></head>
<body>
<div class="header"><a href="/">首页</a><a href="/zwgk">政务公开</a><a href="/hdjl">互动交流</a></div>
<div id="nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk">信息公开</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/nb">政府信息公开年报</a></div>
<table width="1000" class="layout"><tr>
<td width="200" valign="top"><ul class="left-menu"><li><a href="#">机构职能</a></li><li><a href="#">年度报告</a></li></ul></td>
<td valign="top">
<h1>某区2023年政府信息公开工作年度报告</h1>
<div class="info">发布时间：2024-01-20 来源：区政府办 【字体：大 中 小】</div>
<p>一、总体情况</p>
<p>2023年，区政府办公室&nbsp;&nbsp;认真贯彻《条例》。</p>
<h2>二、主动公开政府信息情况</h2>
<table border="1"><tbody>
<tr><th colspan="4">第二十条第（一）项</th></tr>
<tr><th>信息内容</th><th>本年<br/>制发件数</th><th>本年<br>废止件数</th><th>现行有效件数</th></tr>
<tr><td>规章</td><td>&nbsp;</td><td>0</td><td><p>5</p><p>（含修订2件）</p></td></tr>
<tr><td>行政规范性文件</td><td>3<br/>5</td><td> </td><td>&#12288;</td></tr>
</tbody></table>
<h2>三、收到和处理政府信息公开申请情况</h2>
<table border="1">
<thead><tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr></thead>
<tbody><tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>6</td></tr>
<tr><td rowspan="3">三、本年<br/>度办理<br/>结果</td><td colspan="2">（一）予以公开</td><td>4</td><td>1</td><td></td><td></td><td></td><td></td><td>5</td></tr></tbody>
</table>
<p style="text-align:center">（续表）</p>
<table border="1">
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>1</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>0</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<p><img src="/u/cms/2024/tableC.png" width="800" height="300" /></p>
<p>五、存在的主要问题及改进情况</p>
<p>无。</p>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
<p><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></p>
</td></tr></table>
<div class="footer"><p>主办：某区人民政府办公室 备案号：苏ICP备12345678号</p><p>网站标识码：3208000001</p></div>
<script>document.write("<p>统计</p>")</script>
</body></html>
"""


def test_portal_page_in_gbk_with_chrome_layout_and_merges() -> None:
    data = PORTAL.encode("gbk")
    assert sniff_kind(data, None) == "html"
    blocks, notes = read(data)
    texts = [p.text for p in paragraphs(blocks)]
    assert texts == ["某区2023年政府信息公开工作年度报告", "发布时间：2024-01-20 来源：区政府办 【字体：大 中 小】",
                     "一、总体情况", "2023年，区政府办公室 认真贯彻《条例》。", "二、主动公开政府信息情况",
                     "三、收到和处理政府信息公开申请情况", "（续表）", "四、政府信息公开行政复议、行政诉讼情况",
                     "五、存在的主要问题及改进情况", "无。"]
    levels = {p.text: p.heading_level for p in paragraphs(blocks)}
    assert levels["某区2023年政府信息公开工作年度报告"] == 1 and levels["二、主动公开政府信息情况"] == 2
    assert levels["一、总体情况"] is None
    a, b, b2 = grids(blocks)  # the layout table is not a grid; its data tables are
    assert [g.origin.table for g in (a, b, b2)] == [1, 2, 3]
    assert shape(a) == [["0+4:第二十条第（一）项"], ["0:信息内容", "1:本年制发件数", "2:本年废止件数", "3:现行有效件数"],
                        ["0:规章", "1:", "2:0", "3:5（含修订2件）"], ["0:行政规范性文件", "1:3 5", "2:", "3:"]]
    assert shape(b) == [*APPLICANTS, ["0+3:一、本年新收政府信息公开申请数量", *values(3, "5", "1", "", "", "", "", "6")],
                        # rowspan="3" on the table's last row: clamped to the table's end, as browsers show it
                        ["0:三、本年度办理结果", "1+2:（一）予以公开", *values(3, "4", "1", "", "", "", "", "5")]]
    assert shape(b2) == [["0v2:（三）不予公开", "1:1.属于国家秘密", "2:1"], ["1:2.其他法律行政法规禁止公开", "2:0"]]
    order = ["GRID" if isinstance(x, Grid) else x.text for x in blocks]
    assert order[order.index("（续表）") - 1:order.index("（续表）") + 2] == ["GRID", "（续表）", "GRID"]
    assert len(notes) == 1 and "1 picture(s)" in notes[0] and "OCR" in notes[0]
    assert "四、政府信息公开行政复议" in notes[0]  # says where the picture is


@pytest.mark.parametrize(("declared", "encoding", "expect_note"), [
    ('<meta charset="gbk">', "gbk", None),
    ("", "gb18030", "declares no charset; it was read as gb18030"),
    ('<meta charset="gb2312">', "utf-8", "declares 'gb2312'; it was read as utf-8"),
    ("", "utf-8", None),
])
def test_encodings(declared: str, encoding: str, expect_note: str | None) -> None:
    page = f"<html><head>{declared}</head><body><p>政府信息公开工作年度报告</p><table><tr><td>规章</td><td>３</td></tr>" \
           "<tr><td>行政许可</td><td>7</td></tr></table></body></html>"
    blocks, notes = read(page.encode(encoding))
    assert [p.text for p in paragraphs(blocks)] == ["政府信息公开工作年度报告"]
    assert shape(grids(blocks)[0]) == [["0:规章", "1:３"], ["0:行政许可", "1:7"]]
    assert notes == ([] if expect_note is None else [f"the page {expect_note}"])


def test_utf16_page_and_fragment() -> None:
    page = "<p>一、总体情况</p><p>正文。</p>"
    blocks, _ = read("\ufeff".encode("utf-16-le") + page.encode("utf-16-le"))
    assert [p.text for p in paragraphs(blocks)] == ["一、总体情况", "正文。"]
    assert sniff_kind(page.encode(), "x.shtml") == "html"
    assert sniff_kind(b"<?xml version='1.0'?><report/>", None) is None
    assert sniff_kind(b"plain text", "a.txt") is None


def test_one_column_frame_is_read_as_paragraphs() -> None:
    blocks, _ = read("<table><tr><td><p>一、总体情况</p><p>正文。</p></td></tr><tr><td>二、主动公开政府信息情况</td></tr>"
                     "<tr><td><table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>")
    assert [p.text for p in paragraphs(blocks)] == ["一、总体情况", "正文。", "二、主动公开政府信息情况"]
    assert shape(grids(blocks)[0]) == [["0:规章", "1:1"]]
    blocks, _ = read("<table><tr><td>一、总体情况</td></tr><tr><td>正文。</td></tr></table>")
    assert grids(blocks) == [] and [p.text for p in paragraphs(blocks)] == ["一、总体情况", "正文。"]


def test_content_in_wrappers_named_like_chrome_is_kept() -> None:
    blocks, _ = read('<div class="header"><a href="/">首页</a></div>'
                     '<div class="article-header"><h1>某局2023年政府信息公开工作年度报告</h1></div>'
                     '<div class="content">正文。</div><div class="content-bottom"><p>某局</p><p>2024年1月17日</p></div>'
                     '<footer><p>版权所有：某局</p></footer>')
    assert [p.text for p in paragraphs(blocks)] == ["某局2023年政府信息公开工作年度报告", "正文。", "某局", "2024年1月17日"]


def test_rowspan_zero_and_clamped_spans() -> None:
    blocks, _ = read('<table><tr><td rowspan="0">A</td><td colspan="99999">B</td></tr><tr><td>C</td></tr>'
                     '<tr><td rowspan="7">D</td></tr></table>')
    assert shape(grids(blocks)[0]) == [["0v3:A", "1+1000:B"], ["1:C"], ["1:D"]]


# Hostile pages: a clear ReadError or a bounded, sane result; never a traceback.

def test_scripts_and_styles_never_become_text() -> None:
    blocks, _ = read("<p>报告</p><script>alert('三、收到和处理政府信息公开申请情况')</script><style>p{}</style>"
                     "<noscript>请启用脚本</noscript><p onclick=\"x()\">正文</p>")
    assert [p.text for p in paragraphs(blocks)] == ["报告", "正文"]


def test_huge_table_is_refused_quickly() -> None:
    from disclosure_schema.errors import ReadError
    rows = "<tr>" + "<td>1</td>" * 500 + "</tr>"
    with pytest.raises(ReadError, match="more cells than a report could"):
        read("<table>" + rows * 400 + "</table>")
    with pytest.raises(ReadError, match="more cells than a report could"):
        read('<table>' + '<tr><td colspan="1000" rowspan="65534">x</td><td>y</td></tr>' * 200 + '</table>')


def test_deep_nesting() -> None:
    from disclosure_schema.errors import ReadError
    # 200 levels (deeper than any real page) are read; past libxml2's 256 the parser stops: a clear error
    blocks, _ = read("<div>" * 200 + "<p>深处的正文</p>" + "</div>" * 200 + "<p>之后</p>")
    assert [p.text for p in paragraphs(blocks)] == ["深处的正文", "之后"]
    with pytest.raises(ReadError, match=r"page.html:line 1: the page cannot be parsed past this point: Excessive depth"):
        read("<div>" * 5000 + "<p>深处的正文</p>" + "</div>" * 5000 + "<p>之后</p>")


def test_broken_markup_is_recovered() -> None:
    blocks, _ = read("<p>一、总体情况<table><tr><td>规章<td>3</tr><tr><td>行政许可<td>7</table><p>二、结尾</td></b>")
    assert shape(grids(blocks)[0]) == [["0:规章", "1:3"], ["0:行政许可", "1:7"]]
    assert [p.text for p in paragraphs(blocks)] == ["一、总体情况", "二、结尾"]


def test_entities_are_not_expanded() -> None:
    bomb = ('<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><p>&c;&c;&c;</p><p>正文 &amp; &lt;</p>')
    blocks, _ = read(bomb)
    texts = [p.text for p in paragraphs(blocks)]
    assert texts[-1] == "正文 & <"
    assert all(len(t) < 100 for t in texts)


def test_empty_and_binary_pages() -> None:
    from disclosure_schema.errors import ReadError
    with pytest.raises(ReadError, match="empty"):
        read(b"   ")
    blocks, notes = read(b"<p>\xff\xfe\xfa\x80abc</p>")
    assert [p.text for p in paragraphs(blocks)] == ["���\ufffdabc"] or notes


def test_xhtml_page_with_an_xml_declaration() -> None:
    page = ('<?xml version="1.0" encoding="gbk"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
            "<body><p>报告</p><table><tr><td>规章</td><td>1</td></tr></table></body></html>")
    data = page.encode("gbk")
    assert sniff_kind(data, None) == "html"
    blocks, notes = read(data)
    assert [p.text for p in paragraphs(blocks)] == ["报告"] and notes == []
    assert shape(grids(blocks)[0]) == [["0:规章", "1:1"]]
