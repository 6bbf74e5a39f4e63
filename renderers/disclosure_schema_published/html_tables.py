"""An HTML ``<table>`` as a grid: the HTML table model's slot assignment, bounded.

Each cell goes to the first column its row has free (rows above may hold it with a
``rowspan``), so ``Cell.col`` is exact however headers are merged. Spans are clamped the
way browsers clamp them (colspan ≤ 1000, a rowspan no longer than the rows left).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import html

from disclosure_schema.reading import Cell, Grid, Origin, Row

from .joining import collapse, join_pieces

MAX_COLSPAN = 1000  # as browsers clamp it
MAX_CELLS = 100_000  # a report table has about 200; a page past this is not a report
_BLOCK_IN_CELL = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "dl", "dt", "dd",
                  "section", "article", "blockquote", "pre"}


class TooLarge(Exception):
    """A table (or page) holds more cells than any report could."""


def table_rows(table: html.HtmlElement) -> list[html.HtmlElement]:
    """The table's own rows (directly or in thead/tbody/tfoot), not those of nested tables."""
    rows: list[html.HtmlElement] = []
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if r.tag == "tr")
    return rows


def row_cells(row: html.HtmlElement) -> list[html.HtmlElement]:
    return [c for c in row if c.tag in ("td", "th")]


def _span(cell: html.HtmlElement, name: str, limit: int) -> int:
    raw = cell.get(name)
    if raw is None:
        return 1
    value = raw.strip()
    digits = value[: len(value) - len(value.lstrip("0123456789"))] if value[:1].isdigit() else ""
    span = int(digits[:6]) if digits else 1
    if span == 0 and name == "rowspan":
        return limit  # rowspan="0": to the end of the table
    return max(1, min(span, limit))


def _pieces(el: html.HtmlElement) -> Iterator[str]:
    """The text of ``el`` broken where a ``<br>`` or a block element breaks it."""
    current: list[str] = []

    def walk(node: html.HtmlElement) -> Iterator[str]:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "template"):
            if node.tail:
                current.append(node.tail)
            return
        block = tag in _BLOCK_IN_CELL or tag == "br"
        if block:
            yield "".join(current)
            current.clear()
        if node.text and tag != "br":
            current.append(node.text)
        for child in node:
            yield from walk(child)
        if block:
            yield "".join(current)
            current.clear()
        if node.tail:
            current.append(node.tail)

    if el.text:
        current.append(el.text)
    for child in el:
        yield from walk(child)
    yield "".join(current)


def cell_text(el: html.HtmlElement) -> str:
    """A cell's text: lines joined (no space next to CJK), ``&nbsp;`` and blank runs squeezed."""
    if len(el) == 0:  # most cells: text only
        return collapse(el.text or "")
    return join_pieces(collapse(piece) for piece in _pieces(el))


def table_grid(table: html.HtmlElement, number: int, budget: list[int]) -> Grid:
    """The grid of ``table`` (number ``number`` in the page); ``budget`` counts cells left for the page."""
    rows = table_rows(table)
    if sum(len(tr) for tr in rows) > budget[0]:  # refused before any work (cells counted once more below)
        raise TooLarge(f"table {number} has more cells than a report could ({MAX_CELLS:,} per page)")
    taken: dict[int, set[int]] = {}  # row index -> columns held by rowspans from above
    out: list[Row] = []
    for r, tr in enumerate(rows):
        held = taken.pop(r, set())
        col = 0
        cells: list[Cell] = []
        for td in row_cells(tr):
            while col in held:
                col += 1
            colspan = _span(td, "colspan", MAX_COLSPAN)
            rowspan = _span(td, "rowspan", len(rows) - r)
            budget[0] -= colspan * rowspan
            if budget[0] < 0:
                raise TooLarge(f"table {number} has more cells than a report could ({MAX_CELLS:,} per page)")
            origin = Origin(line=td.sourceline, table=number, row=r + 1, cell=col + 1)
            cells.append(Cell(cell_text(td), origin, col=col, colspan=colspan, rowspan=rowspan))
            for below in range(r + 1, r + rowspan):
                taken.setdefault(below, set()).update(range(col, col + colspan))
            col += colspan
        out.append(Row(tuple(cells), Origin(line=tr.sourceline, table=number, row=r + 1)))
    return Grid(tuple(out), Origin(line=table.sourceline, table=number), positional=True)
