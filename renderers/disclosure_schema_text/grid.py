"""Draw a grid of merged cells with ASCII borders (``+ - = |``), aligned by display width.

A cell covers a rectangle of grid rows and columns and may hold several lines.
Borders are drawn only where two different cells meet, so merged labels look
as they do in the printed form. ASCII borders keep every terminal and web
editor aligned (box-drawing characters are ambiguous-width).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from .width import Measure


@attrs.frozen(slots=True)
class GridCell:
    row: int
    col: int
    lines: tuple[str, ...]
    align: str = "left"  # left | right | center
    rowspan: int = 1
    colspan: int = 1


@attrs.frozen(slots=True)
class Grid:
    rows: int
    cols: int
    cells: tuple[GridCell, ...]
    heavy_after: frozenset[int] = frozenset()  # rows after which the border is "=" (header | body)
    stretch: tuple[int, ...] = ()  # columns that take up extra width when the grid is widened

    def owners(self) -> list[list[int]]:
        owner = [[-1] * self.cols for _ in range(self.rows)]
        for i, cell in enumerate(self.cells):
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if owner[r][c] != -1:
                        raise ValueError(f"cells overlap at row {r}, column {c}")
                    owner[r][c] = i
        for r, row in enumerate(owner):
            for c, value in enumerate(row):
                if value == -1:
                    raise ValueError(f"no cell covers row {r}, column {c}")
        return owner

    def column_widths(self, measure: Measure) -> list[int]:
        widths = [0] * self.cols
        for cell in sorted(self.cells, key=lambda x: x.colspan):
            need = max((measure.width(line) for line in cell.lines), default=0)
            span = range(cell.col, cell.col + cell.colspan)
            have = sum(widths[c] for c in span) + 3 * (cell.colspan - 1)
            for k, c in enumerate(span):  # spread what is missing over the spanned columns
                widths[c] += (need - have) // cell.colspan + (k < (need - have) % cell.colspan) if need > have else 0
        return widths

    def total_width(self, widths: Sequence[int]) -> int:
        return sum(widths) + 3 * len(widths) + 1

    def widen(self, widths: list[int], total: int) -> list[int]:
        """``widths`` grown so the grid is ``total`` columns wide (extra goes to ``stretch``)."""
        extra = total - self.total_width(widths)
        targets = list(self.stretch) or [self.cols - 1]
        out = list(widths)
        for k, c in enumerate(targets):
            out[c] += extra // len(targets) + (k < extra % len(targets)) if extra > 0 else 0
        return out

    def draw(self, measure: Measure, widths: Sequence[int]) -> list[str]:
        owner = self.owners()
        heights = [1] * self.rows
        for cell in sorted(self.cells, key=lambda x: x.rowspan):
            span = range(cell.row, cell.row + cell.rowspan)
            have = sum(heights[r] for r in span) + cell.rowspan - 1
            if len(cell.lines) > have:
                heights[span[-1]] += len(cell.lines) - have
        tops = []  # output line of each row's first content line
        y = 1
        for h in heights:
            tops.append(y)
            y += h + 1
        out: list[str] = []
        for r in range(self.rows + 1):
            out.append(self._line(owner, widths, measure, tops, r, None))
            if r < self.rows:
                out.extend(self._line(owner, widths, measure, tops, r, k) for k in range(heights[r]))
        return out

    def _line(self, owner: list[list[int]], widths: Sequence[int], measure: Measure, tops: list[int],
              r: int, k: int | None) -> str:
        """The border line above row ``r`` (``k`` is None), or content line ``k`` of row ``r``."""
        border = k is None
        if border:
            above = owner[r - 1] if r > 0 else None
            below = owner[r] if r < self.rows else None
            y = tops[r] - 1 if r < self.rows else -1  # a row-spanning cell's text runs through its inner borders
        else:
            above = below = owner[r]
            y = tops[r] + (k or 0)
        fill = "=" if border and (r - 1) in self.heavy_after else "-"

        def is_rule(c: int) -> bool:
            return border and (above is None or below is None or above[c] != below[c])

        def vertical(row: list[int] | None, c: int) -> bool:
            return row is not None and (c in (0, self.cols) or row[c - 1] != row[c])

        parts: list[str] = []
        c = 0
        while True:
            if border:
                horizontal = (c > 0 and is_rule(c - 1)) or (c < self.cols and is_rule(c))
                upright = vertical(above, c) or vertical(below, c)
                parts.append("+" if horizontal and upright else fill if horizontal else "|" if upright else " ")
            else:
                parts.append("|")
            if c == self.cols:
                return "".join(parts)
            if is_rule(c):
                parts.append(fill * (widths[c] + 2))
                c += 1
                continue
            assert below is not None
            cell = self.cells[below[c]]
            width = sum(widths[cell.col:cell.col + cell.colspan]) + 3 * (cell.colspan - 1)
            index = y - tops[cell.row]
            text = cell.lines[index] if 0 <= index < len(cell.lines) else ""
            parts.append(" " + measure.pad(text, width, cell.align) + " ")
            c += cell.colspan
