"""The PDF grid now comes from the core's table layout: it must be the grid the PDF renderer
derived from the spec's trees on its own before, cell for cell and in the same drawing order
(which is what keeps the rendered PDFs byte-identical). ``_derived`` is that former derivation."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import disclosure_schema as ds
from disclosure_schema import Block, Report, Table, get_format
from disclosure_schema.plugins import format_value
from disclosure_schema.units import with_unit
from disclosure_schema.values import Verbatim
from disclosure_schema_pdf.geometry import BODY_WIDTH
from disclosure_schema_pdf.grid import CENTER, LEFT, BlockGrid, Cell, build
from disclosure_schema_pdf.roles import resolve
from disclosure_schema_pdf.table_layout import column_plan

from .conftest import REPO


def _derived(report: Report, table: Table, block: Block, width: float, labels: Sequence[float]) -> BlockGrid:
    """The grid as grid.py built it from ``Block.rows``/``Block.columns`` before the shared layout."""
    nlab = 0 if all(leaf.hidden for leaf in block.row_leaves) else block.label_depth
    if nlab < len(labels):
        labels = [*labels[: nlab - 1], sum(labels[nlab - 1 :])] if nlab else []
    leaves = block.column_leaves
    data_width = (width - sum(labels)) / len(leaves)
    edges = [0.0]
    for w in [*labels, *([data_width] * len(leaves))]:
        edges.append(edges[-1] + w)
    where = f"table {table.id!r} block {block.id!r}"
    header: list[Cell] = []
    top = 0
    if block.caption:
        header.append(Cell(0, 0, 1, len(edges) - 1, block.caption, f"{where} caption"))
        top = 1
    depth = block.header_depth
    if nlab:
        header.append(Cell(top, 0, depth, nlab, block.corner or "", f"{where} corner",
                           LEFT if len(block.corner or "") > 12 else CENTER))
    first_leaf = {leaf.id: i for i, leaf in enumerate(leaves)}
    for node, d in block.column_nodes():
        header.append(Cell(top + d, nlab + first_leaf[node.leaves()[0].id], depth - d if node.is_leaf else 1,
                           len(node.leaves()), with_unit(node.label, node.unit), f"{where} column {node.id!r}"))
    body: list[Cell] = []
    row_of = {leaf.id: i for i, leaf in enumerate(block.row_leaves)}
    for node, d in block.row_nodes():
        if node.hidden or not nlab:
            continue
        row = row_of[node.leaves()[0].id]
        if node.is_leaf:
            body.append(Cell(row, d, 1, nlab - d, node.label, f"{where} row {node.id!r}", LEFT))
        else:
            body.append(Cell(row, d, len(node.leaves()), 1, node.label, f"{where} row {node.id!r}"))
    for i, row_leaf in enumerate(block.row_leaves):
        for j, column in enumerate(leaves):
            value = format_value(report.cells.get((table.id, row_leaf.id, column.id)))
            body.append(Cell(i, nlab + j, 1, 1, value, f"table {table.id!r} cell ({row_leaf.id}, {column.id})",
                             shrink=True))
    return BlockGrid(tuple(edges), tuple(sorted(header, key=lambda c: (c.row, c.col))), top + depth,
                     tuple(sorted(body, key=lambda c: (c.row, c.col))), len(row_of))


def _filled(fmt: ds.ReportFormat) -> Report:
    """Every kind of cell: numbers of several lengths, written text, and blanks."""
    cells: dict[ds.CellKey, ds.CellValue] = {}
    for i, key in enumerate(fmt.cell_keys()):
        cells[key] = None if i % 7 == 3 else Verbatim("22（其中修订16件）") if i % 11 == 5 else i * 1009 % 100003
    return Report.create(fmt, "某局", 2023).with_cells(cells)


def _formats() -> list[ds.ReportFormat]:
    variant = ds.load_spec(REPO / "docs" / "examples" / "province-2021.toml", editions=ds.formats)
    return [get_format("gov-2019"), get_format("gov-2021"), variant]


@pytest.mark.parametrize("fmt", _formats(), ids=lambda f: f.id)
def test_the_pdf_grid_from_the_layout_is_the_grid_derived_from_the_trees(fmt: ds.ReportFormat) -> None:
    report = _filled(fmt)
    fonts = resolve("STSong-Light")["table"]
    for table in fmt.tables:
        planned = column_plan(report, table, fonts)[1]
        depth = max(0 if all(r.hidden for r in b.row_leaves) else b.label_depth for b in table.blocks)
        for labels in (planned, [BODY_WIDTH / 9] * depth):
            for block in table.blocks:
                got = build(report, table, block, BODY_WIDTH, labels)
                assert got == _derived(report, table, block, BODY_WIDTH, labels), f"{table.id} {block.id}"
                assert any(c.shrink and c.text for c in got.body) or not block.row_leaves
