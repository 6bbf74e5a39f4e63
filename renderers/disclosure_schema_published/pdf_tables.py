"""Ruled tables of a PDF page, as cells with boxes; fragments continued across pages joined.

Only visible rulings count: WPS and Word paint a white rectangle behind every line of
text and fill header cells with colour, and pdfplumber would take those for tables.
Tables are found twice: once from the rulings, then again with each table's own
outline added, because a table continued from the previous page is often drawn
without its top border (so its first row would otherwise be lost). Row and column
spans come from the cells' edges against the table's distinct edge positions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from disclosure_schema.reading import Cell, Grid, Origin, Row

from .pdf_text import Char, block_text

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
EDGE_TOLERANCE = 2.0  # points: edges closer than this are one edge
MAX_CELLS_PER_PAGE = 5_000  # a report page has at most ~300
MAX_GRID_LINES = 5_000  # distinct horizontal × vertical rule positions; table B's page has ~30 × 11


class TooManyCells(Exception):
    """A page ruled into more cells than any report table has."""


def _white(color: Any) -> bool:
    if color is None:
        return True
    values = color if isinstance(color, (tuple, list)) else (color,)
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        return False  # a pattern or a named colour: visible
    if len(numbers) == 4:  # CMYK
        return all(v < 0.05 for v in numbers)
    return bool(numbers) and all(v > 0.95 for v in numbers)


def is_ruling(obj: Mapping[str, Any]) -> bool:
    """Whether a graphic object draws a visible table rule (kept for table finding)."""
    kind = obj.get("object_type")
    if kind == "char":
        return True
    if kind in ("line", "curve"):
        return not _white(obj.get("stroking_color"))
    if kind == "rect":
        if obj.get("stroke") and not _white(obj.get("stroking_color")):
            return True
        thin = min(float(obj.get("width", 0)), float(obj.get("height", 0))) <= 2.5
        return bool(obj.get("fill")) and thin and not _white(obj.get("non_stroking_color"))
    return False


@attrs.frozen
class PdfCell:
    page: int
    box: Box  # on its page
    vbox: Box  # in the joined table's own vertical coordinates (pages stacked)
    text: str


@attrs.frozen
class PdfTable:
    page: int
    box: Box
    cells: tuple[PdfCell, ...]
    last_page: int

    def vbottom(self) -> float:
        return max(c.vbox[3] for c in self.cells)


def _settings(outlines: Sequence[Box] = (), height: float = 0.0) -> dict[str, Any]:
    frames = [{"object_type": "rect", "x0": b[0], "top": b[1], "x1": b[2], "bottom": b[3], "doctop": b[1],
               "y0": height - b[3], "y1": height - b[1], "width": b[2] - b[0], "height": b[3] - b[1]}
              for b in outlines]
    return {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
            "join_tolerance": 3, "intersection_tolerance": 3, "explicit_vertical_lines": frames,
            "explicit_horizontal_lines": frames}


def _outline(bbox: Sequence[float], edges: Sequence[Mapping[str, Any]]) -> Box:
    """A table's box, stretched to the ends of its vertical rules: the row cut by a page break."""
    x0, top, x1, bottom = (float(v) for v in bbox)
    for e in edges:
        if e.get("orientation") == "v" and x0 - 2 <= float(e["x0"]) <= x1 + 2 \
                and float(e["top"]) <= bottom + 1 and float(e["bottom"]) >= top - 1:
            top, bottom = min(top, float(e["top"])), max(bottom, float(e["bottom"]))
    return x0, top, x1, bottom


def page_tables(page: Any, page_no: int, chars: Sequence[Char]) -> tuple[list[PdfTable], list[Char]]:
    """The ruled tables of a pdfplumber page with the text of each cell, and the glyphs no cell holds."""
    ruled = page.filter(is_ruling)
    edges = ruled.edges
    rows = len({round(float(e["top"])) for e in edges if e.get("orientation") == "h"})
    cols = len({round(float(e["x0"])) for e in edges if e.get("orientation") == "v"})
    if rows * cols > MAX_GRID_LINES:  # pdfplumber's table finder grows faster than linearly in these
        raise TooManyCells(f"the page is ruled {rows} × {cols} lines; a report page has a few dozen each way")
    first = ruled.find_tables(_settings())
    if not first:
        return [], list(chars)
    tables = ruled.find_tables(_settings([_outline(t.bbox, edges) for t in first], float(page.height)))
    out: list[PdfTable] = []
    cells_here = sum(len(t.cells) for t in tables)
    if cells_here > MAX_CELLS_PER_PAGE:
        raise TooManyCells(f"the page's rulings make {cells_here:,} table cells; a report page has a few hundred")
    claimed: set[int] = set()
    for table in tables:
        boxes: list[Box] = [(float(c[0]), float(c[1]), float(c[2]), float(c[3])) for c in table.cells]
        if len(boxes) < 2:
            continue  # a framed paragraph, not a table
        texts = _cell_texts(boxes, chars, claimed)
        cells = tuple(PdfCell(page_no, box, box, text) for box, text in zip(boxes, texts, strict=True))
        x0, top, x1, bottom = (float(v) for v in table.bbox)
        out.append(PdfTable(page_no, (x0, top, x1, bottom), cells, page_no))
    return out, [c for i, c in enumerate(chars) if i not in claimed]


def _cell_texts(boxes: Sequence[Box], chars: Sequence[Char], claimed: set[int]) -> list[str]:
    """Each cell's text from the glyphs whose centre it holds (a bucket index keeps this linear)."""
    step = 24.0
    buckets: dict[tuple[int, int], list[int]] = {}
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        for bx in range(int(x0 // step), int(x1 // step) + 1):
            for by in range(int(top // step), int(bottom // step) + 1):
                buckets.setdefault((bx, by), []).append(i)
    held: list[list[Char]] = [[] for _ in boxes]
    for n, ch in enumerate(chars):
        x, y = (float(ch["x0"]) + float(ch["x1"])) / 2, (float(ch["top"]) + float(ch["bottom"])) / 2
        for i in buckets.get((int(x // step), int(y // step)), ()):
            b = boxes[i]
            if b[0] <= x <= b[2] and b[1] <= y <= b[3]:
                held[i].append(ch)
                claimed.add(n)
                break
    return [block_text(group) for group in held]


def _close(a: float, b: float, tolerance: float = EDGE_TOLERANCE) -> bool:
    return abs(a - b) <= tolerance


def continues(prev: PdfTable, nxt: PdfTable) -> bool:
    """Whether ``nxt`` (first on its page) has the outline of ``prev`` (last on the page before)."""
    return (nxt.page == prev.last_page + 1 and _close(prev.box[0], nxt.box[0], 4)
            and _close(prev.box[2], nxt.box[2], 4))


def _header_rows(table: PdfTable, count: int) -> list[list[str]]:
    """The texts of the first ``count`` rows of a fragment, by distinct top edge."""
    tops = sorted({round(c.vbox[1], 0) for c in table.cells})[:count]
    return [[c.text for c in sorted(table.cells, key=lambda c: c.vbox[0]) if round(c.vbox[1], 0) == t]
            for t in tops]


def _spans_rows(cell: PdfCell, cells: Sequence[PdfCell]) -> bool:
    """Whether a row boundary of the table lies inside ``cell``: a group label, never a single value."""
    return any(cell.vbox[1] + EDGE_TOLERANCE < other.vbox[1] < cell.vbox[3] - EDGE_TOLERANCE for other in cells)


def join(prev: PdfTable, nxt: PdfTable) -> PdfTable:
    """``nxt`` appended below ``prev``: a repeated header dropped, a cell cut by the page break rejoined."""
    cells = list(nxt.cells)
    top = min(c.vbox[1] for c in cells)
    for count in (3, 2, 1):  # a header row (or rows) printed again at the top of the page
        repeated = _header_rows(nxt, count)
        if repeated == _header_rows(prev, count) and any(t for row in repeated for t in row):
            cut = sorted({round(c.vbox[1], 0) for c in cells})[count] if len(cells) > count else None
            if cut is not None:
                cells = [c for c in cells if round(c.vbox[1], 0) >= cut]
                top = min(c.vbox[1] for c in cells)
            break
    shift = prev.vbottom() - top
    moved = [attrs.evolve(c, vbox=(c.vbox[0], c.vbox[1] + shift, c.vbox[2], c.vbox[3] + shift)) for c in cells]
    joined = list(prev.cells)
    seam = prev.vbottom()
    for cell in moved:
        if _close(cell.vbox[1], seam):
            above = next((i for i, c in enumerate(joined) if _close(c.vbox[3], seam)
                          and _close(c.vbox[0], cell.vbox[0]) and _close(c.vbox[2], cell.vbox[2])
                          and (not cell.text or (cell.text == c.text and _spans_rows(c, joined)))), None)
            if above is not None:  # the same cell (blank, or its group label repeated), cut by the page break
                old = joined[above]
                joined[above] = attrs.evolve(old, vbox=(old.vbox[0], old.vbox[1], old.vbox[2], cell.vbox[3]))
                continue
        joined.append(cell)
    return PdfTable(prev.page, prev.box, tuple(joined), nxt.last_page)


def _edges(values: Sequence[float]) -> list[float]:
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > EDGE_TOLERANCE:
            edges.append(v)
    return edges


def _index(edges: Sequence[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def table_grid(table: PdfTable, number: int) -> Grid:
    """The grid of a (joined) table: spans from the edges each cell reaches."""
    xs = _edges([v for c in table.cells for v in (c.vbox[0], c.vbox[2])])
    ys = _edges([v for c in table.cells for v in (c.vbox[1], c.vbox[3])])
    placed: dict[int, list[Cell]] = {}
    for c in table.cells:
        c0, c1 = _index(xs, c.vbox[0]), _index(xs, c.vbox[2])
        r0, r1 = _index(ys, c.vbox[1]), _index(ys, c.vbox[3])
        origin = Origin(page=c.page, table=number, row=r0 + 1, cell=c0 + 1, box=c.box)
        placed.setdefault(r0, []).append(Cell(c.text, origin, col=c0, colspan=max(1, c1 - c0),
                                              rowspan=max(1, r1 - r0), x=(c.box[0] + c.box[2]) / 2))
    rows = []
    for r in sorted(placed):
        cells = tuple(sorted(placed[r], key=lambda cell: cell.col or 0))
        rows.append(Row(cells, Origin(page=cells[0].origin.page, table=number, row=r + 1)))
    return Grid(tuple(rows), Origin(page=table.page, table=number, box=table.box), positional=True)
