"""Tables drawn cell by cell: row heights computed here, pages split here.

ReportLab's Platypus ``Table`` crashes on a row span that crosses a page break,
so tables are laid out by hand: each block's rows are cut into page-sized
chunks, the header rows (caption, column headers) repeat on every page, and a
merged row label that would cross the break is clipped to each chunk and its
label drawn again in each piece.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from disclosure_schema import RenderError, Report, Table

from .flow import Box, Flow, TextLine
from .fonts import FontSet
from .geometry import (
    BODY_WIDTH,
    CELL_PAD_X,
    CELL_PAD_Y,
    LEFT,
    MIN_ROW_HEIGHT,
    MIN_VALUE_SIZE,
    TABLE_LEADING,
    TABLE_SIZE,
)
from .grid import CENTER, Cell, build
from .text import Shaped, shape


@attrs.frozen
class Placed:
    """A cell with its text wrapped to the cell's width."""

    cell: Cell
    x: float
    width: float
    lines: tuple[Shaped, ...]

    @property
    def need(self) -> float:
        return max(MIN_ROW_HEIGHT, len(self.lines) * TABLE_LEADING + 2 * CELL_PAD_Y)


def _place(cells: Sequence[Cell], edges: Sequence[float], fonts: FontSet) -> list[Placed]:
    out = []
    for cell in cells:
        x = edges[cell.col]
        width = edges[cell.col + cell.colspan] - x
        room = width - 2 * CELL_PAD_X
        parts = cell.text.splitlines(keepends=True)  # a line break written in a cell is kept
        if cell.shrink and len(parts) == 1:
            text = shape(cell.text, TABLE_SIZE, fonts, cell.where)
            if room < text.width <= room * TABLE_SIZE / MIN_VALUE_SIZE:
                text = shape(cell.text, TABLE_SIZE * room / text.width, fonts, cell.where)
                out.append(Placed(cell, x, width, (text,)))
                continue
        lines: list[Shaped] = []
        offset = 0
        for part in parts:
            line = part.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
            lines += shape(line, TABLE_SIZE, fonts, cell.where, offset=offset).wrap_balanced(room)
            offset += len(part)
        out.append(Placed(cell, x, width, tuple(lines)))
    return out


def heights(cells: Sequence[Placed], first: int, last: int) -> list[float]:
    """Heights of rows ``first..last-1``, with every span clipped to those rows.

    Single rows fit their tallest cell; a (clipped) span taller than its rows
    makes them taller, evenly.
    """
    rows = [MIN_ROW_HEIGHT] * (last - first)
    spans: list[tuple[int, int, float]] = []
    for p in cells:
        a, b = max(p.cell.row, first), min(p.cell.row + p.cell.rowspan, last)
        if a >= b:
            continue
        if p.cell.rowspan == 1:
            rows[a - first] = max(rows[a - first], p.need)
        else:
            spans.append((a - first, b - first, p.need))
    for a, b, need in sorted(spans, key=lambda s: s[1] - s[0]):
        have = sum(rows[a:b])
        if need > have:
            extra = (need - have) / (b - a)
            for i in range(a, b):
                rows[i] += extra
    return rows


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
        text_height = len(p.lines) * TABLE_LEADING
        # Centre the lines vertically; the baseline sits about 0.8 em below a line's top.
        y = top + (bottom - top - text_height) / 2 + (TABLE_LEADING - TABLE_SIZE) / 2 + 0.86 * TABLE_SIZE
        for line in p.lines:
            # A line wider than the cell (a hanging "、") starts at the padding rather than poking out left.
            centred = max(p.x + (p.width - line.width) / 2, p.x + CELL_PAD_X)
            x = centred if p.cell.align == CENTER else p.x + CELL_PAD_X
            flow.add(TextLine(LEFT + x, y, line.size, line.runs()))
            y += TABLE_LEADING
    flow.y = tops[-1]


def first_height(report: Report, table: Table, fonts: FontSet) -> float:
    """The height of the first block's header and first row: what must fit below a heading."""
    block = table.blocks[0]
    grid = build(report, table, block, BODY_WIDTH, TABLE_SIZE, CELL_PAD_X)
    head = _place(grid.header, grid.edges, fonts)
    body = _place([c for c in grid.body if c.row == 0], grid.edges, fonts)
    return sum(heights(head, 0, grid.header_rows)) + sum(heights(body, 0, 1))


def lay_out_table(flow: Flow, report: Report, table: Table, fonts: FontSet) -> None:
    for block in table.blocks:
        grid = build(report, table, block, BODY_WIDTH, TABLE_SIZE, CELL_PAD_X)
        head = _place(grid.header, grid.edges, fonts)
        head_rows = heights(head, 0, grid.header_rows)
        head_height = sum(head_rows)
        body = _place(grid.body, grid.edges, fonts)
        start = 0
        while start < grid.body_rows:
            end, rows = start, list[float]()
            for k in range(start + 1, grid.body_rows + 1):
                candidate = heights(body, start, k)
                if head_height + sum(candidate) > flow.room:
                    break
                end, rows = k, candidate
            if end == start:
                if flow.at_top:
                    raise RenderError(f"table {table.id!r} block {block.id!r}: row {start + 1} is taller than a page")
                flow.new_page()
                continue
            _draw(flow, head, 0, grid.header_rows, head_rows)
            _draw(flow, body, start, end, rows)
            start = end
            if start < grid.body_rows:
                flow.new_page()
