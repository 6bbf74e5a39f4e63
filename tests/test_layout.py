"""The shared table layout: spans as the official form prints them, one owner per grid square,
header associations, the stacked grid of table A, and agreement with the PDF renderer's own grid."""

from __future__ import annotations

from fractions import Fraction

import pytest

from disclosure_schema import Report, get_format, stacked_layout, table_layout
from disclosure_schema.layout import BlockLayout, LayoutCell, Role, StackedLayout
from disclosure_schema.units import with_unit
from disclosure_schema_pdf.geometry import BODY_WIDTH
from disclosure_schema_pdf.grid import build, label_columns

FORMATS = ["gov-2019", "gov-2021"]
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def covered(rows: int, cols: int, cells: tuple[LayoutCell, ...]) -> list[list[int]]:
    owner = [[-1] * cols for _ in range(rows)]
    for i, cell in enumerate(cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                assert owner[r][c] == -1, f"cells {owner[r][c]} and {i} overlap at ({r}, {c})"
                owner[r][c] = i
    assert all(o != -1 for row in owner for o in row), "a grid square has no cell"
    return owner


def span(cells: tuple[LayoutCell, ...], text: str) -> tuple[int, int, int, int]:
    (cell,) = [c for c in cells if c.text == text]
    return cell.row, cell.col, cell.rowspan, cell.colspan


@pytest.mark.parametrize("fmt_id", FORMATS)
def test_every_grid_square_has_exactly_one_cell(fmt_id: str) -> None:
    for table in get_format(fmt_id).tables:
        for block in table_layout(table).blocks:
            covered(block.rows, block.cols, block.cells)
        stacked = stacked_layout(table)
        covered(stacked.rows, stacked.cols, stacked.cells)


@pytest.mark.parametrize("fmt_id", FORMATS)
def test_table_b_as_printed(fmt_id: str) -> None:
    (b,) = table_layout(get_format(fmt_id).table("B")).blocks
    assert (b.header_rows, b.label_columns, b.cols) == (3, 3, 10)
    assert span(b.cells, NOTE) == (0, 0, 3, 3)
    assert span(b.cells, "申请人情况") == (0, 3, 1, 7)
    assert span(b.cells, "自然人") == (1, 3, 2, 1)
    assert span(b.cells, "法人或其他组织") == (1, 4, 1, 5)
    assert span(b.cells, "总计") == (1, 9, 2, 1)
    groups = 22 if fmt_id == "gov-2021" else 20
    assert span(b.cells, "三、本年度办理结果") == (5, 0, groups, 1)
    assert span(b.cells, "（三）不予公开") == (7, 1, 8, 1)
    assert span(b.cells, "1.属于国家秘密") == (7, 2, 1, 1)


def headers_of(layout: BlockLayout | StackedLayout, cell: LayoutCell) -> list[str]:
    return [layout.cells[h].text for h in cell.headers]


def test_a_number_knows_its_row_and_column_headers() -> None:
    (b,) = table_layout(get_format("gov-2021").table("B")).blocks
    values = b.values()
    assert len(values) == 25 * 7
    cell = next(c for c in values if c.key == ("applications", "withheld_state_secret", "commercial"))
    assert headers_of(b, cell) == ["申请人情况", "法人或其他组织", "商业企业", "三、本年度办理结果", "（三）不予公开",
                                   "1.属于国家秘密"]
    a = stacked_layout(get_format("gov-2021").table("A"))
    first = next(c for c in a.cells if c.role is Role.VALUE)
    assert headers_of(a, first) == ["第二十条第（一）项", "本年制发件数", "规章"]


def test_table_a_blocks_share_one_column_grid() -> None:
    a = stacked_layout(get_format("gov-2019").table("A"))
    # blocks of 3 and 2 data columns: thirds and halves
    assert a.data_edges == (Fraction(0), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3), Fraction(1))
    assert (a.label_columns, a.cols) == (1, 5)
    captions = [c for c in a.cells if c.role is Role.CAPTION]
    assert [c.colspan for c in captions] == [5] * 5
    purchase = [c for c in a.cells if c.role is Role.COLUMN and c.text in ("采购项目数量", "采购总金额")]
    assert [(c.col, c.colspan) for c in purchase] == [(1, 2), (3, 2)]


@pytest.mark.parametrize("fmt_id", FORMATS)
def test_table_c_has_no_label_column(fmt_id: str) -> None:
    (c,) = table_layout(get_format(fmt_id).table("C")).blocks
    assert (c.label_columns, c.cols, c.header_rows, c.body_rows) == (0, 15, 3, 1)
    assert not [x for x in c.cells if x.role in (Role.ROW, Role.CORNER)]


def test_values_are_filled_from_a_report() -> None:
    report = Report.create("gov-2021", "某局", 2024).set("B", "一", "自然人", 58)
    (b,) = table_layout(report.format.table("B")).blocks
    texts = {c.key: c.text_in(report) for c in b.values()}
    assert texts[("applications", "new_requests", "natural_person")] == "58"
    assert texts[("applications", "new_requests", "commercial")] == ""  # blank stays blank


@pytest.mark.parametrize("fmt_id", FORMATS)
def test_the_pdf_grid_is_what_the_layout_says(fmt_id: str) -> None:
    """The PDF renderer derives its grid on its own; the shared layout expresses exactly the same cells."""
    fmt = get_format(fmt_id)
    report = Report.create(fmt, "某局", 2023)
    for table in fmt.tables:
        for lay in table_layout(table).blocks:
            labels = [BODY_WIDTH / 8] * max(label_columns(b) for b in table.blocks)
            pdf = build(report, table, lay.block, BODY_WIDTH, labels)
            assert pdf.header_rows == lay.header_rows and pdf.body_rows == lay.body_rows
            ours_head = sorted((c.row, c.col, c.rowspan, c.colspan,
                                with_unit(c.text, c.node.unit) if c.role is Role.COLUMN and c.node else c.text)
                               for c in lay.cells if c.row < lay.header_rows)  # the PDF prints units in headers
            assert ours_head == sorted((c.row, c.col, c.rowspan, c.colspan, c.text) for c in pdf.header)
            ours_body = sorted((c.row - lay.header_rows, c.col, c.rowspan, c.colspan, c.text_in(report)) for c in lay.cells
                               if c.row >= lay.header_rows and not c.hidden)
            assert ours_body == sorted((c.row, c.col, c.rowspan, c.colspan, c.text) for c in pdf.body)
