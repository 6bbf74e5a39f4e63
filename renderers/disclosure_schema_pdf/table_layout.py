"""Tables drawn cell by cell: column widths, row heights and page splits computed here.

ReportLab's Platypus ``Table`` crashes on a row span that crosses a page break,
so tables are laid out by hand: each block's rows are cut into page-sized
chunks, the header rows (caption, column headers) repeat on every page, and a
merged row label that would cross the break is clipped to each chunk and its
label drawn again in each piece.

Column widths come from the content, measured with the table's font: the label
columns get what their labels need on one line, the number columns what their
widest value (or a two-character header word) needs, and whatever is left is
shared out evenly. When that does not fit, the table's type steps down within
GB/T 9704's range (五号 10.5 pt to 小五号 9 pt) before labels wrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from disclosure_schema import RenderError, Report, Table
from disclosure_schema.plugins import format_value

from .flow import Box, Flow, TextLine
from .fonts import FontSet
from .geometry import BODY_WIDTH, CELL_PAD_X, CELL_PAD_Y, LEFT, MIN_VALUE_SIZE, TABLE_SIZES
from .grid import CENTER, BlockGrid, Cell, build, label_columns, label_depth
from .roles import RoleFonts
from .text import Shaped, shape

LEADING = 1.3  # of the type size
VERTICAL_LABEL_EMS = 1.3  # a top-level group label spanning many rows is set one character a line
MIN_DATA_EMS = 2.0  # a number column fits a two-character header word ("商业/企业")
MAX_DATA_EMS = 4.0  # "4068.208"; a longer number is set smaller or wrapped rather than squeeze the labels


@attrs.frozen
class Placed:
    """A cell with its text wrapped to the cell's width."""

    cell: Cell
    x: float
    width: float
    lines: tuple[Shaped, ...]
    leading: float

    @property
    def need(self) -> float:
        return max(2 * self.leading / LEADING, len(self.lines) * self.leading + 2 * CELL_PAD_Y)


@attrs.frozen
class PlacedBlock:
    head: tuple[Placed, ...]
    head_rows: tuple[float, ...]
    body: tuple[Placed, ...]
    body_rows: int
    singles: tuple[float, ...]  # each row's height from its one-row cells
    spans: tuple[tuple[int, int, float], ...]  # (first row, end row, height) of each merged cell
    where: str


@attrs.frozen
class PreparedTable:
    """A table measured and wrapped once: used both to keep a heading with it and to draw it."""

    table: Table
    size: float
    blocks: tuple[PlacedBlock, ...]

    @property
    def first_height(self) -> float:
        """The first block's header and first row: what must fit below the table's heading."""
        block = self.blocks[0]
        return sum(block.head_rows) + (sum(heights(block, 0, 1)) if block.body_rows else 0.0)


_SHAPED: dict[tuple[str, float, FontSet], Shaped] = {}


def _shape(text: str, size: float, fonts: FontSet, where: str) -> Shaped:
    """Shape a label or value, remembered: the spec's labels are the same in every report."""
    key = (text, size, fonts)
    found = _SHAPED.get(key)
    if found is None:
        found = shape(text, size, fonts, where)
        if len(_SHAPED) < 50_000:
            _SHAPED[key] = found
    return found


_WRAPPED: dict[tuple[str, float, FontSet, float], tuple[Shaped, ...]] = {}


def _wrapped(text: str, size: float, fonts: FontSet, where: str, room: float) -> tuple[Shaped, ...]:
    """A label wrapped to its cell, remembered: the same labels in the same columns in every report."""
    key = (text, size, fonts, room)
    found = _WRAPPED.get(key)
    if found is None:
        found = tuple(_shape(text, size, fonts, where).wrap_balanced(room))
        if len(_WRAPPED) < 50_000:
            _WRAPPED[key] = found
    return found


MIN_HANG_SCALE = 0.6  # how much smaller a value with words may be set to keep a hanging mark in its cell


def _place(cells: Sequence[Cell], edges: Sequence[float], fonts: FontSet, size: float) -> list[Placed]:
    out = []
    leading = LEADING * size
    for cell in cells:
        x = edges[cell.col]
        width = edges[cell.col + cell.colspan] - x
        room = width - 2 * CELL_PAD_X
        parts = cell.text.splitlines(keepends=True)  # a line break written in a cell is kept
        if cell.shrink and len(parts) == 1:
            text = _shape(cell.text, size, fonts, cell.where)
            if room < text.width <= room * size / MIN_VALUE_SIZE:  # set a long number smaller, not wrapped
                out.append(Placed(cell, x, width, (text.scaled(room / text.width),), leading))
                continue
        lines: list[Shaped] = []
        offset = 0
        for part in parts:
            line = part.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
            if offset == 0 and len(parts) == 1:
                wrapped = _wrapped(line, size, fonts, cell.where, room)
                over = max((w.width for w in wrapped), default=0.0) - room
                if cell.shrink and over > 1e-6 and room / (room + over) >= MIN_HANG_SCALE:
                    # A value's closing mark hanging past the edge ("16件）" cannot be broken) would sit in
                    # the next cell: the value is set smaller so it stays inside its own rules.
                    wrapped = tuple(w.scaled(room / (room + over)) for w in wrapped)
                lines += wrapped
            else:
                lines += shape(line, size, fonts, cell.where, offset=offset).wrap_balanced(room)
            offset += len(part)
        out.append(Placed(cell, x, width, tuple(lines), leading))
    return out


def heights(block: PlacedBlock, first: int, last: int) -> list[float]:
    return row_heights(block.singles, block.spans, first, last)


def row_heights(singles: Sequence[float], spans: Sequence[tuple[int, int, float]], first: int, last: int) -> list[float]:
    """Heights of rows ``first..last-1``, with every span clipped to those rows.

    Single rows fit their tallest cell; a (clipped) span taller than its rows
    makes them taller, evenly.
    """
    rows = list(singles[first:last])
    for a, b, need in spans:
        a, b = max(a, first), min(b, last)
        if a >= b:
            continue
        have = sum(rows[a - first : b - first])
        if need > have:
            extra = (need - have) / (b - a)
            for i in range(a - first, b - first):
                rows[i] += extra
    return rows


def _row_needs(cells: Sequence[Placed], count: int, size: float) -> tuple[list[float], list[tuple[int, int, float]]]:
    """Each row's height from its one-row cells, and the merged cells' (first row, end row, height)."""
    singles = [2 * size] * count
    spans = []
    for p in cells:
        if p.cell.rowspan == 1:
            singles[p.cell.row] = max(singles[p.cell.row], p.need)
        else:
            spans.append((p.cell.row, p.cell.row + p.cell.rowspan, p.need))
    spans.sort(key=lambda s: s[1] - s[0])  # short spans first: they decide the rows a long one shares
    return singles, spans


def _label_need(table: Table, fonts: FontSet, size: float) -> tuple[list[float], list[float]]:
    """Label column widths: (every label on one line, only the deepest rows' labels on one line)."""
    depth = label_depth(table)
    if depth == 0:
        return [], []
    em, pad = size, 2 * CELL_PAD_X
    groups = []
    for d in range(depth - 1):
        if d == 0:
            groups.append(VERTICAL_LABEL_EMS * em + pad)
            continue
        labels = [n.label for b in table.blocks for n, nd in b.row_nodes() if nd == d and n.children and not n.hidden]
        groups.append(max((_shape(t, size, fonts, "label").width for t in labels), default=em) + pad)
    full = deep = 0.0
    for b in table.blocks:
        nlab = label_columns(b)
        for node, d in b.row_nodes():
            if node.children or node.hidden or not nlab:
                continue
            need = _shape(node.label, size, fonts, "label").width + pad - sum(groups[d : nlab - 1])
            full = max(full, need)
            if d == nlab - 1:
                deep = max(deep, need)
    return [*groups, full], [*groups, deep]


def _longest_numbers(report: Report, table: Table) -> list[str]:
    """The table's longest numbers as printed: digits are one width in CJK and Times faces alike,
    so the widest is among them (text written in a cell wraps instead)."""
    values = {format_value(v) for k, v in report.cells.items() if k[0] == table.id and isinstance(v, int | Decimal)}
    return sorted(values, key=len)[-3:]


def _data_need(numbers: list[str], fonts: FontSet, size: float) -> float:
    """A number column's width: its widest number on one line, a two-character header word at least."""
    widest = max((_shape(t, size, fonts, "value").width for t in numbers), default=0.0)
    return min(max(MIN_DATA_EMS * size, widest), MAX_DATA_EMS * size) + 2 * CELL_PAD_X


_LABEL_NEEDS: dict[tuple[int, float, FontSet], tuple[Table, tuple[list[float], list[float]]]] = {}


def _label_need_cached(table: Table, fonts: FontSet, size: float) -> tuple[list[float], list[float]]:
    """``_label_need``, remembered per table object: the labels are the spec's, the same in every report."""
    key = (id(table), size, fonts)
    found = _LABEL_NEEDS.get(key)
    if found is None or found[0] is not table:
        found = _LABEL_NEEDS[key] = (table, _label_need(table, fonts, size))
    return found[1]


def column_plan(report: Report, table: Table, fonts: FontSet) -> tuple[float, list[float]]:
    """The table's type size and its label column widths (shared by its blocks, so they line up)."""
    columns = max(len(b.column_leaves) for b in table.blocks)
    numbers = _longest_numbers(report, table)
    for size in TABLE_SIZES:
        full, deep = _label_need_cached(table, fonts, size)
        data = columns * _data_need(numbers, fonts, size)
        for labels in (full, deep):
            if sum(labels) + data <= BODY_WIDTH:
                return size, _share(labels, columns, BODY_WIDTH - sum(labels) - data)
    size = TABLE_SIZES[-1]
    _, deep = _label_need_cached(table, fonts, size)
    if not deep:
        return size, []
    # Too narrow even at the smallest size: the number columns keep their minimum, the labels wrap.
    room = BODY_WIDTH - columns * _data_need(numbers, fonts, size)
    groups = [min(g, room / (len(deep) + 1)) for g in deep[:-1]]
    return size, [*groups, max(room - sum(groups), 2 * size)]


def _share(labels: list[float], columns: int, extra: float) -> list[float]:
    """Give the room left over evenly to the last label column and the number columns."""
    if not labels:
        return []
    return [*labels[:-1], labels[-1] + extra / (columns + 1)]


def prepare(report: Report, table: Table, fonts: RoleFonts) -> PreparedTable:
    face = fonts["table"]
    size, labels = column_plan(report, table, face)
    blocks = []
    for block in table.blocks:
        grid: BlockGrid = build(report, table, block, BODY_WIDTH, labels)
        head = _place(grid.header, grid.edges, face, size)
        body = _place(grid.body, grid.edges, face, size)
        singles, spans = _row_needs(body, grid.body_rows, size)
        head_singles, head_spans = _row_needs(head, grid.header_rows, size)
        head_rows = row_heights(head_singles, head_spans, 0, grid.header_rows)
        blocks.append(PlacedBlock(tuple(head), tuple(head_rows), tuple(body),
                                  grid.body_rows, tuple(singles), tuple(spans), f"table {table.id!r} block {block.id!r}"))
    return PreparedTable(table, size, tuple(blocks))


def _draw(flow: Flow, cells: Sequence[Placed], first: int, last: int, rows: Sequence[float]) -> None:
    tops = [flow.y]
    for h in rows:
        tops.append(tops[-1] + h)
    for p in cells:
        a, b = max(p.cell.row, first), min(p.cell.row + p.cell.rowspan, last)
        if a >= b:
            continue
        top, bottom = tops[a - first], tops[b - first]
        flow.add(Box(LEFT + p.x, top, p.width, bottom - top))
        if not p.lines:
            continue
        size = p.leading / LEADING
        text_height = len(p.lines) * p.leading
        # Centre the lines vertically; the baseline sits about 0.86 em below a line's top.
        y = top + (bottom - top - text_height) / 2 + (p.leading - size) / 2 + 0.86 * size
        for line in p.lines:
            # A line wider than the cell (a hanging "、") starts at the padding rather than poking out left.
            centred = max(p.x + (p.width - line.width) / 2, p.x + CELL_PAD_X)
            x = centred if p.cell.align == CENTER else p.x + CELL_PAD_X
            flow.add(TextLine(LEFT + x, y, line.size, line.runs()))
            y += p.leading
    flow.y = tops[-1]


def lay_out_table(flow: Flow, prepared: PreparedTable) -> None:
    for block in prepared.blocks:
        head_height = sum(block.head_rows)
        start = 0
        while start < block.body_rows:
            # Rows are added while they fit; heights only grow as rows are added, so stop at the first miss.
            end, rows = start, list[float]()
            for k in range(start + 1, block.body_rows + 1):
                candidate = heights(block, start, k)
                if head_height + sum(candidate) > flow.room:
                    break
                end, rows = k, candidate
            if end == start:
                if flow.at_top:
                    raise RenderError(f"{block.where}: row {start + 1} is taller than a page")
                flow.new_page()
                continue
            _draw(flow, block.head, 0, len(block.head_rows), block.head_rows)
            _draw(flow, block.body, start, end, rows)
            start = end
            if start < block.body_rows:
                flow.new_page()
