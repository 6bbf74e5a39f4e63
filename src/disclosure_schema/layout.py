"""The official table layout, derived once from a spec's trees, for every renderer.

A table block becomes a grid of cells with row and column spans, as the printed
form draws it: the block's caption row (table A) spans the full width; the
corner (the 勾稽 note, 信息内容) spans the label columns over the header rows;
a column group spans its leaves and a column leaf at depth d spans the header
rows below it; a row group spans the rows of its leaves in label column d and a
row leaf at depth d spans the label columns from d on. Renderers only style and
measure these cells::

    from disclosure_schema.layout import table_layout

    for block in table_layout(table).blocks:
        for cell in block.cells:            # cell.row, cell.col, cell.rowspan, cell.colspan
            text = cell.text_in(report)     # a label, or a value written as format_value does

:func:`stacked_layout` puts a table's blocks one under the other on one shared
column grid (table A's blocks have 3, 2 or 1 data columns), for renderers that
draw a table as one grid (Word, HTML). Layouts are cached per table.
"""

from __future__ import annotations

import enum
from fractions import Fraction

import attrs

from .report import Report
from .spec import Block, CellKey, Node, Table, _path
from .values import CellValue, format_value

__all__ = ["BlockLayout", "LayoutCell", "Role", "StackedLayout", "TableLayout", "label_columns", "stacked_layout",
           "table_layout"]


class Role(enum.Enum):
    CAPTION = "caption"  # a block's caption row (第二十条第（一）项), full width
    CORNER = "corner"  # the top-left cell over the label columns (may be empty)
    COLUMN = "column"  # a column header (group or leaf)
    ROW = "row"  # a row label (group or leaf); ``hidden`` when the form prints none
    VALUE = "value"  # a data cell

    @property
    def is_label(self) -> bool:
        return self is not Role.VALUE


@attrs.frozen(slots=True, eq=False)
class LayoutCell:
    """One cell of a grid; ``row``/``col`` count from the block's (or stacked table's) top left."""

    role: Role
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""  # the label ("" for values and hidden labels)
    node: Node | None = None  # the row or column node of a label
    level: int = 0  # the node's depth in its tree
    key: CellKey | None = None  # a value's (table, row, column)
    hidden: bool = False
    headers: tuple[int, ...] = ()  # a value's label cells (indexes into the same ``cells``): caption, columns, rows

    @property
    def is_group(self) -> bool:
        """A label over several leaves (a merged header or a vertical group label)."""
        return self.node is not None and not self.node.is_leaf

    def value_in(self, report: Report) -> CellValue:
        return report.cells.get(self.key) if self.key is not None else None

    def text_in(self, report: Report) -> str:
        """The label, or the value as :func:`~disclosure_schema.values.format_value` writes it."""
        if self.key is None:
            return self.text
        return format_value(report.cells.get(self.key))


@attrs.frozen(slots=True, eq=False)
class BlockLayout:
    """One block's grid. Cells come in this order: caption, corner, column headers (tree order),
    row labels (tree order), values (row by row)."""

    block: Block
    rows: int
    cols: int
    label_columns: int  # 0 when every row label is hidden (table C)
    header_rows: int  # caption row and column header rows; the body starts here
    cells: tuple[LayoutCell, ...]

    @property
    def body_rows(self) -> int:
        return self.rows - self.header_rows

    def values(self) -> tuple[LayoutCell, ...]:
        return tuple(c for c in self.cells if c.role is Role.VALUE)


@attrs.frozen(slots=True, eq=False)
class TableLayout:
    table: Table
    blocks: tuple[BlockLayout, ...]

    @property
    def label_columns(self) -> int:
        return max(b.label_columns for b in self.blocks)


@attrs.frozen(slots=True, eq=False)
class StackedLayout:
    """A table's blocks on one grid. Label columns come first; data column ``j`` spans the fraction
    ``data_edges[j]..data_edges[j+1]`` of the data area (each block splits it evenly)."""

    table: Table
    rows: int
    label_columns: int
    data_edges: tuple[Fraction, ...]
    cells: tuple[LayoutCell, ...]
    block_rows: tuple[tuple[int, int, int], ...]  # per block: first row, first body row, end row

    @property
    def cols(self) -> int:
        return self.label_columns + len(self.data_edges) - 1


def label_columns(block: Block) -> int:
    """Label columns of a block: none when every row label is unprinted (table C)."""
    return 0 if all(r.hidden for r in block.row_leaves) else block.label_depth


def _block_layout(table: Table, block: Block) -> BlockLayout:
    labels = label_columns(block)
    leaves, row_leaves = block.column_leaves, block.row_leaves
    cols = labels + len(leaves)
    head = 1 if block.caption else 0
    depth = block.header_depth
    body = head + depth
    cells: list[LayoutCell] = []
    if block.caption:
        cells.append(LayoutCell(Role.CAPTION, 0, 0, 1, cols, block.caption))
    if labels:
        cells.append(LayoutCell(Role.CORNER, head, 0, depth, labels, block.corner or ""))
    col_at = {id(leaf): i for i, leaf in enumerate(leaves)}
    column_cell: dict[int, int] = {}  # id(node) -> index in cells
    for node, level in block.column_nodes():
        column_cell[id(node)] = len(cells)
        cells.append(LayoutCell(Role.COLUMN, head + level, labels + col_at[id(node.leaves()[0])],
                                depth - level if node.is_leaf else 1, len(node.leaves()), node.label, node, level))
    row_at = {id(leaf): i for i, leaf in enumerate(row_leaves)}
    row_cell: dict[int, int] = {}
    if labels:
        for node, level in block.row_nodes():
            row_cell[id(node)] = len(cells)
            cells.append(LayoutCell(Role.ROW, body + row_at[id(node.leaves()[0])], level, len(node.leaves()),
                                    1 if node.children else labels - level, "" if node.hidden else node.label,
                                    node, level, hidden=node.hidden))
    column_paths = {id(leaf): _path(block.columns, leaf) for leaf in leaves}
    caption = (0,) if block.caption else ()
    for i, row in enumerate(row_leaves):
        row_path = tuple(row_cell[id(n)] for n in _path(block.rows, row) if id(n) in row_cell and not n.hidden)
        for j, col in enumerate(leaves):
            headers = caption + tuple(column_cell[id(n)] for n in column_paths[id(col)]) + row_path
            cells.append(LayoutCell(Role.VALUE, body + i, labels + j, key=(table.id, row.id, col.id), headers=headers))
    return BlockLayout(block, body + len(row_leaves), cols, labels, body, tuple(cells))


# Layouts per table, keyed by identity; the table is kept so that its id cannot be reused.
_CACHE: dict[int, tuple[Table, TableLayout, StackedLayout]] = {}


def _cached(table: Table) -> tuple[Table, TableLayout, StackedLayout]:
    hit = _CACHE.get(id(table))
    if hit is None or hit[0] is not table:
        if len(_CACHE) > 256:
            _CACHE.clear()
        layout = TableLayout(table, tuple(_block_layout(table, b) for b in table.blocks))
        hit = _CACHE[id(table)] = (table, layout, _stack(layout))
    return hit


def table_layout(table: Table) -> TableLayout:
    """Every block of ``table`` as a grid of merged cells (cached)."""
    return _cached(table)[1]


def stacked_layout(table: Table) -> StackedLayout:
    """The blocks of ``table`` one under the other on one column grid (cached)."""
    return _cached(table)[2]


def _stack(layout: TableLayout) -> StackedLayout:
    labels = layout.label_columns
    edges = sorted({Fraction(j, len(b.block.column_leaves)) for b in layout.blocks
                    for j in range(len(b.block.column_leaves) + 1)})
    edge_at = {e: i for i, e in enumerate(edges)}
    cells: list[LayoutCell] = []
    spans: list[tuple[int, int, int]] = []
    top = 0
    for b in layout.blocks:
        n = len(b.block.column_leaves)
        own = b.label_columns

        def col_of(col: int, own: int = own, n: int = n) -> int:
            if col < own:
                return col
            return labels + edge_at[Fraction(col - own, n)]

        base = len(cells)
        extra: list[LayoutCell] = []
        if own == 0 and labels:  # a block without labels in a table with some: blank label cells
            extra.append(LayoutCell(Role.CORNER, top + (1 if b.block.caption else 0), 0,
                                    b.header_rows - (1 if b.block.caption else 0), labels))
            extra += [LayoutCell(Role.ROW, top + r, 0, 1, labels, hidden=True) for r in range(b.header_rows, b.rows)]
        for cell in b.cells:
            start = col_of(cell.col)
            stop = cell.col + cell.colspan
            # A shallower block's last label column takes the room of the deeper ones.
            end = col_of(stop) if stop > own else labels if stop == own else stop
            if cell.role is Role.CAPTION:
                start, end = 0, labels + len(edges) - 1
            cells.append(attrs.evolve(cell, row=top + cell.row, col=start, colspan=end - start,
                                      headers=tuple(h + base for h in cell.headers)))
        cells += extra
        spans.append((top, top + b.header_rows, top + b.rows))
        top += b.rows
    return StackedLayout(layout.table, top, labels, tuple(edges), tuple(cells), tuple(spans))
