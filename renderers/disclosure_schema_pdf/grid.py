"""A table block as the official format draws it: merged cells derived from the spec's trees.

Columns: the row labels take ``label_depth`` columns (none when every row label
is hidden, as in table C), then one column per column leaf. Header: the caption
row (table A) spans the full width; a column leaf at depth d spans the header
rows below it, a group spans its leaves; the corner (勾稽 note or 信息内容)
spans the label columns. Body: a row leaf at depth d spans the label columns
from d on; a group spans the rows of its leaves in column d.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from disclosure_schema import Block, Report, Table
from disclosure_schema.plugins import format_value
from disclosure_schema.units import with_unit

LEFT = "left"
CENTER = "center"


@attrs.frozen
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    where: str  # for error messages: which label or cell this is
    align: str = CENTER
    shrink: bool = False  # a value: set smaller to stay on one line rather than wrap mid-number


@attrs.frozen
class BlockGrid:
    """One block's cells; ``edges`` are the column boundaries relative to the table's left."""

    edges: tuple[float, ...]
    header: tuple[Cell, ...]
    header_rows: int
    body: tuple[Cell, ...]
    body_rows: int


def label_columns(block: Block) -> int:
    if all(leaf.hidden for leaf in block.row_leaves):
        return 0
    return block.label_depth


def _edges(widths: Sequence[float]) -> tuple[float, ...]:
    out = [0.0]
    for w in widths:
        out.append(out[-1] + w)
    return tuple(out)


def label_depth(table: Table) -> int:
    """How many label columns the table has: the deepest of its blocks (0 when all rows are hidden)."""
    return max(label_columns(b) for b in table.blocks)


_FRAMES: dict[tuple[int, float, tuple[float, ...]], tuple[Block, BlockGrid]] = {}


def build(report: Report, table: Table, block: Block, width: float, labels: Sequence[float]) -> BlockGrid:
    """The block's cells; ``labels`` are the table's label column widths, the data columns share the rest."""
    key = (id(block), width, tuple(labels))
    cached = _FRAMES.get(key)
    if cached is None or cached[0] is not block:
        cached = _FRAMES[key] = (block, _frame(table, block, width, labels))
    frame = cached[1]
    # The report's values fill the frame: one cell per row and column leaf.
    nlab = label_columns(block)
    values = []
    for row, row_leaf in enumerate(block.row_leaves):
        for j, column in enumerate(block.column_leaves):
            value = report.cells.get((table.id, row_leaf.id, column.id))
            where = f"table {table.id!r} cell ({row_leaf.id}, {column.id})"
            values.append(Cell(row, nlab + j, 1, 1, format_value(value), where, shrink=True))
    body = sorted([*frame.body, *values], key=lambda c: (c.row, c.col))
    return attrs.evolve(frame, body=tuple(body))


def _frame(table: Table, block: Block, width: float, labels: Sequence[float]) -> BlockGrid:
    """Everything of the block but its values: the same for every report."""
    nlab = label_columns(block)
    if nlab < len(labels):  # a shallower block: its last label column takes the deeper ones' room
        labels = [*labels[: nlab - 1], sum(labels[nlab - 1 :])] if nlab else []
    leaves = block.column_leaves
    data_width = (width - sum(labels)) / len(leaves)
    edges = _edges([*labels, *([data_width] * len(leaves))])
    ncols = len(edges) - 1
    where = f"table {table.id!r} block {block.id!r}"

    header: list[Cell] = []
    top = 0
    if block.caption:
        header.append(Cell(0, 0, 1, ncols, block.caption, f"{where} caption"))
        top = 1
    depth = block.header_depth
    if nlab:
        header.append(Cell(top, 0, depth, nlab, block.corner or "", f"{where} corner",
                           LEFT if len(block.corner or "") > 12 else CENTER))
    first_leaf = {leaf.id: i for i, leaf in enumerate(leaves)}
    for node, d in block.column_nodes():
        col = nlab + first_leaf[node.leaves()[0].id]
        rowspan = depth - d if node.is_leaf else 1
        header.append(Cell(top + d, col, rowspan, len(node.leaves()), with_unit(node.label, node.unit),
                           f"{where} column {node.id!r}"))

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
    body.sort(key=lambda c: (c.row, c.col))
    header.sort(key=lambda c: (c.row, c.col))
    return BlockGrid(edges, tuple(header), top + depth, tuple(body), len(row_of))


