"""Merged cells of the PDF tables, derived from the spec's trees; and the CID font's coverage table."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_schema import Report, get_format
from disclosure_schema_pdf.cid_coverage import RANGES, covers, ranges_from_cmap
from disclosure_schema_pdf.geometry import BODY_WIDTH
from disclosure_schema_pdf.grid import BlockGrid, Cell, build
from disclosure_schema_pdf.roles import resolve
from disclosure_schema_pdf.table_layout import column_plan, row_heights

CID = resolve("STSong-Light")


def grid(fmt_id: str, table: str, block: int = 0) -> BlockGrid:
    fmt = get_format(fmt_id)
    tab = fmt.table(table)
    report = Report.create(fmt, "某局", 2023)
    _, labels = column_plan(report, tab, CID["table"])
    return build(report, tab, tab.blocks[block], BODY_WIDTH, labels)


def span(cells: tuple[Cell, ...], text: str) -> tuple[int, int, int, int]:
    (cell,) = [c for c in cells if c.text == text]
    return cell.row, cell.col, cell.rowspan, cell.colspan


@pytest.mark.parametrize("fmt_id", ["gov-2019", "gov-2021"])
def test_table_b_header_as_printed(fmt_id: str) -> None:
    g = grid(fmt_id, "B")
    assert g.header_rows == 3
    assert span(g.header, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）") == (0, 0, 3, 3)
    assert span(g.header, "申请人情况") == (0, 3, 1, 7)
    assert span(g.header, "自然人") == (1, 3, 2, 1)
    assert span(g.header, "法人或其他组织") == (1, 4, 1, 5)
    assert span(g.header, "商业企业") == (2, 4, 1, 1)
    assert span(g.header, "其他") == (2, 8, 1, 1)
    assert span(g.header, "总计") == (1, 9, 2, 1)


def test_table_b_row_labels_merge_over_their_rows() -> None:
    g = grid("gov-2021", "B")
    assert g.body_rows == 25
    assert span(g.body, "一、本年新收政府信息公开申请数量") == (0, 0, 1, 3)
    assert span(g.body, "三、本年度办理结果") == (2, 0, 22, 1)
    assert span(g.body, "（一）予以公开") == (2, 1, 1, 2)
    assert span(g.body, "（三）不予公开") == (4, 1, 8, 1)
    assert span(g.body, "1.属于国家秘密") == (4, 2, 1, 1)
    assert span(g.body, "（六）其他处理") == (20, 1, 3, 1)
    assert span(g.body, "四、结转下年度继续办理") == (24, 0, 1, 3)
    # gov-2019's （六） is one data row, so it spans the two remaining label columns
    assert span(grid("gov-2019", "B").body, "（六）其他处理") == (20, 1, 1, 2)


def test_table_c_has_no_row_label_column() -> None:
    g = grid("gov-2021", "C")
    assert len(g.edges) == 16  # 15 data columns, nothing for the hidden 案件数量
    assert "案件数量" not in {c.text for c in g.body}
    assert span(g.header, "行政复议") == (0, 0, 1, 5)
    assert span(g.header, "行政诉讼") == (0, 5, 1, 10)
    assert span(g.header, "未经复议直接起诉") == (1, 5, 1, 5)
    assert [c.rowspan for c in g.header if c.text == "结果维持"] == [2, 1, 1]


def test_table_a_blocks_have_full_width_captions_and_line_up() -> None:
    fmt = get_format("gov-2021")
    grids = [grid("gov-2021", "A", i) for i in range(len(fmt.table("A").blocks))]
    for g in grids:
        caption, corner = g.header[0], g.header[1]
        assert caption.text.startswith("第二十条第") and (caption.row, caption.colspan) == (0, len(g.edges) - 1)
        assert (corner.text, corner.row, corner.col) == ("信息内容", 1, 0)
        assert g.edges[-1] == pytest.approx(BODY_WIDTH)
    assert len({g.edges[1] for g in grids}) == 1  # the same label column width in every block


def test_a_span_clipped_to_one_row_makes_that_row_tall_enough() -> None:
    singles = [20.0, 20.0, 20.0]
    spans = [(0, 3, 90.0)]  # a label four lines tall over three rows
    whole = row_heights(singles, spans, 0, 3)
    assert whole == [30.0, 30.0, 30.0]  # spread evenly over the three rows
    assert row_heights(singles, spans, 2, 3) == [90.0]  # the piece left on the next page still holds its label
    assert row_heights(singles, [], 2, 3) == [20.0]


CMAP = Path("/usr/share/poppler/cMap/Adobe-GB1/UniGB-UCS2-H")


def test_cid_coverage_of_common_and_missing_characters() -> None:
    for char in "A1，。、“”（）《》—…①　国龘":
        assert covers(ord(char)), char
    for char in "\n\u00b7\u2022\U00020000\u9fa6":  # control, the two dots, Extension B, beyond GB 18030-2000
        assert not covers(ord(char)), repr(char)


@pytest.mark.skipif(not CMAP.exists(), reason="poppler-data's Adobe CMap is not installed")
def test_cid_coverage_table_is_adobes_cmap() -> None:
    assert list(RANGES) == ranges_from_cmap(CMAP.read_text(encoding="latin-1"))
