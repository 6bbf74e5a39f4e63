"""Tables laid out from the spec's trees: boxed (for people) and pipe (as published text looks).

Both layouts are derived from ``Block.rows``/``Block.columns``, so a new spec
gets its tables drawn without new code. Labels come from the spec and values
arrive already escaped, so no text here can forge a border or a bar.
"""

from __future__ import annotations

from collections.abc import Callable

from disclosure_schema import Block, Node, Table
from disclosure_schema.layout import BlockLayout, LayoutCell, Role, label_columns, table_layout

from .escapes import escape_cell
from .grid import Grid, GridCell
from .width import Measure

CellText = Callable[[Node, Node], str]  # (row leaf, column leaf) -> the cell's text, escaped
WIDE_TABLE = 5  # more data columns than this: header words wrap two characters a line, as printed


def block_grid(layout: BlockLayout, text: CellText, measure: Measure, label_width: int) -> Grid:
    """The shared layout's cells as text: labels escaped and wrapped, values right-aligned."""
    labels, leaves, rows = layout.label_columns, layout.block.column_leaves, layout.block.row_leaves
    # Group labels sit in narrow columns; the innermost label column gets twice the room.
    caps = [label_width] * max(0, labels - 1) + [2 * label_width]

    def cap(first: int, span: int) -> int:
        return sum(caps[first:first + span]) + 3 * (span - 1)

    def grid_cell(cell: LayoutCell) -> GridCell:
        if cell.role is Role.VALUE:
            row, col = rows[cell.row - layout.header_rows], leaves[cell.col - labels]
            return GridCell(cell.row, cell.col, (text(row, col),), "right")
        label = escape_cell(cell.text)
        if cell.role is Role.CAPTION:
            return GridCell(cell.row, cell.col, (label,), "left", colspan=cell.colspan)
        if cell.role is Role.COLUMN:
            # Wide tables: leaf headers break every two characters (most Chinese words), as the
            # printed form's narrow columns do; three-character words such as 自然人 stay whole.
            wide = not cell.is_group and len(leaves) > WIDE_TABLE and measure.width(label) > 6
            lines = tuple(measure.wrap(label, 4)) if wide else (label,)
            return GridCell(cell.row, cell.col, lines, "center", cell.rowspan, cell.colspan)
        lines = tuple(measure.wrap(label, cap(cell.col, cell.colspan)))
        align = "center" if cell.role is Role.CORNER else "left"
        return GridCell(cell.row, cell.col, lines, align, cell.rowspan, cell.colspan)

    return Grid(layout.rows, layout.cols, tuple(grid_cell(c) for c in layout.cells),
                frozenset({layout.header_rows - 1}), tuple(range(labels, layout.cols)))


def _merge_rules(a: str, b: str) -> str:
    """Two border lines drawn as one where a block ends and the next begins."""
    out = []
    for x, y in zip(a.ljust(len(b)), b.ljust(len(a)), strict=True):
        out.append("+" if "+" in (x, y) else "-" if "-" in (x, y) else x if x != " " else y)
    return "".join(out)


def box_table(table: Table, text: CellText, measure: Measure, label_width: int) -> list[str]:
    """A table as boxed text; the blocks of table A share one width and their borders."""
    grids = [block_grid(b, text, measure, label_width) for b in table_layout(table).blocks]
    natural = [g.column_widths(measure) for g in grids]
    # Label columns line up from block to block, as in the one printed table.
    depth = [label_columns(b) for b in table.blocks]
    for level in range(max(depth)):
        widest = max(w[level] for w, d in zip(natural, depth, strict=True) if d > level)
        for w, d in zip(natural, depth, strict=True):
            if d > level:
                w[level] = widest
    total = max(g.total_width(w) for g, w in zip(grids, natural, strict=True))
    lines: list[str] = []
    for grid, widths in zip(grids, natural, strict=True):
        drawn = grid.draw(measure, grid.widen(widths, total))
        if lines:
            lines[-1] = _merge_rules(lines[-1], drawn[0])
            drawn = drawn[1:]
        lines.extend(drawn)
    return lines


def _pipe_layout(block: Block) -> tuple[list[str], dict[str, list[str]]]:
    lines = [f"{escape_cell(block.caption)} |"] if block.caption else []
    labelled = label_columns(block) > 0
    for level in range(block.header_depth):
        cells = [block.corner or ""] if level == 0 and labelled else []
        cells += [n.label for n, d in block.column_nodes() if d == level]
        lines.append(" | ".join(escape_cell(c) for c in cells) + " |")
    rows: dict[str, list[str]] = {}
    for root in block.rows:
        for row in root.leaves():
            path = _path(root, row)
            starts = [n for n in path[:-1] if n.leaves()[0] is row] if labelled else []
            own = [] if not labelled else ["" if row.hidden else escape_cell(row.label)]
            rows[row.id] = [escape_cell(n.label) for n in starts] + own
    return lines, rows


# Layouts per block, keyed by identity; the block is kept so that its id cannot be reused.
_LAYOUTS: dict[int, tuple[Block, tuple[list[str], dict[str, list[str]]]]] = {}


def _layout(block: Block) -> tuple[list[str], dict[str, list[str]]]:
    cached = _LAYOUTS.get(id(block))
    if cached is None or cached[0] is not block:
        if len(_LAYOUTS) > 1024:
            _LAYOUTS.clear()
        cached = _LAYOUTS[id(block)] = (block, _pipe_layout(block))
    return cached[1]


def pipe_head(block: Block) -> list[str]:
    """The caption and header lines of a block in pipe layout (one line per header level)."""
    return _layout(block)[0]


def pipe_labels(block: Block, row: Node) -> list[str]:
    """Label cells of a body line: groups are written on the first line of their group, as published."""
    return _layout(block)[1][row.id]


def _path(node: Node, target: Node) -> list[Node]:
    if node is target:
        return [node]
    for child in node.children:
        sub = _path(child, target)
        if sub:
            return [node, *sub]
    return []


def pipe_table(table: Table, text: CellText) -> list[str]:
    lines: list[str] = []
    for block in table.blocks:
        lines.extend(pipe_head(block))
        for row in block.row_leaves:
            cells = pipe_labels(block, row) + [text(row, col) for col in block.column_leaves]
            lines.append(" | ".join(cells) + " |")
    return lines
