"""A table block as the official format draws it, from the core's renderer-neutral layout.

:func:`disclosure_schema.layout.table_layout` says which cells a block has and
how they merge (caption, corner, column headers, row labels, values). This
module only adds what the PDF needs: the column edges, each cell's alignment,
units in column headers, ``shrink`` for values, and ``where`` for error
messages. Hidden row labels are not drawn. Rows count from the top of the
header for header cells and from the first body row for body cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from disclosure_schema import Block, CellKey, Report, Table
from disclosure_schema.layout import BlockLayout, LayoutCell, Role, label_columns, table_layout
from disclosure_schema.plugins import format_value
from disclosure_schema.units import with_unit

__all__ = ["CENTER", "LEFT", "BlockGrid", "Cell", "build", "label_columns", "label_depth"]

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


@attrs.frozen
class _Value:
    """Where a report's value goes in the body: filled in per report."""

    row: int
    col: int
    key: CellKey
    where: str


@attrs.frozen
class _Frame:
    """Everything of a block but its values, the same for every report; ``body`` is in drawing order."""

    grid: BlockGrid
    body: tuple[Cell | _Value, ...]


def _edges(widths: Sequence[float]) -> tuple[float, ...]:
    out = [0.0]
    for w in widths:
        out.append(out[-1] + w)
    return tuple(out)


def label_depth(table: Table) -> int:
    """How many label columns the table has: the deepest of its blocks (0 when all rows are hidden)."""
    return table_layout(table).label_columns


_FRAMES: dict[tuple[int, float, tuple[float, ...]], tuple[Block, _Frame]] = {}


def build(report: Report, table: Table, block: Block, width: float, labels: Sequence[float]) -> BlockGrid:
    """The block's cells; ``labels`` are the table's label column widths, the data columns share the rest."""
    key = (id(block), width, tuple(labels))
    cached = _FRAMES.get(key)
    if cached is None or cached[0] is not block:
        if len(_FRAMES) > 1024:
            _FRAMES.clear()
        cached = _FRAMES[key] = (block, _frame(table, block, width, labels))
    frame = cached[1]
    body = tuple(c if isinstance(c, Cell) else
                 Cell(c.row, c.col, 1, 1, format_value(report.cells.get(c.key)), c.where, shrink=True)
                 for c in frame.body)
    return attrs.evolve(frame.grid, body=body)


def _block_layout(table: Table, block: Block) -> BlockLayout:
    for lay in table_layout(table).blocks:
        if lay.block is block:
            return lay
    raise ValueError(f"table {table.id!r} has no block {block.id!r}")


def _frame(table: Table, block: Block, width: float, labels: Sequence[float]) -> _Frame:
    lay = _block_layout(table, block)
    nlab = lay.label_columns
    if nlab < len(labels):  # a shallower block: its last label column takes the deeper ones' room
        labels = [*labels[: nlab - 1], sum(labels[nlab - 1 :])] if nlab else []
    leaves = block.column_leaves
    data_width = (width - sum(labels)) / len(leaves)
    edges = _edges([*labels, *([data_width] * len(leaves))])
    where = f"table {table.id!r} block {block.id!r}"
    top = lay.header_rows

    def node_id(cell: LayoutCell) -> str:
        assert cell.node is not None  # column headers and row labels have their node
        return cell.node.id

    header: list[Cell] = []
    body: list[Cell | _Value] = []
    for cell in lay.cells:
        span = (cell.row, cell.col, cell.rowspan, cell.colspan)
        if cell.role is Role.CAPTION:
            header.append(Cell(*span, cell.text, f"{where} caption"))
        elif cell.role is Role.CORNER:
            header.append(Cell(*span, cell.text, f"{where} corner", LEFT if len(cell.text) > 12 else CENTER))
        elif cell.role is Role.COLUMN:
            unit = cell.node.unit if cell.node is not None else None
            header.append(Cell(*span, with_unit(cell.text, unit), f"{where} column {node_id(cell)!r}"))
        elif cell.role is Role.ROW:
            if not cell.hidden:  # the form prints no label there
                body.append(Cell(cell.row - top, cell.col, cell.rowspan, cell.colspan, cell.text,
                                 f"{where} row {node_id(cell)!r}", CENTER if cell.is_group else LEFT))
        else:
            assert cell.key is not None  # a value cell has its (table, row, column)
            _, row_id, column_id = cell.key
            body.append(_Value(cell.row - top, cell.col, cell.key, f"table {table.id!r} cell ({row_id}, {column_id})"))
    header.sort(key=lambda c: (c.row, c.col))
    body.sort(key=lambda c: (c.row, c.col))
    grid = BlockGrid(edges, tuple(header), top, (), lay.body_rows)
    return _Frame(grid, tuple(body))
