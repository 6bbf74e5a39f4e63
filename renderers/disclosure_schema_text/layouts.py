"""Published text → blocks: every layout real report text comes in, split into paragraphs and grids.

- bar rows (``a | b``, Markdown, ``│``/``┃`` box drawing as ``w3m -dump`` prints it) and tab rows
  (a browser's copy of an HTML table) keep their empty cells: positional grids;
- space-aligned rows (``pdftotext -layout``: cells separated by runs of 2+ spaces) keep each
  cell's horizontal position, so a short row can be placed by where its numbers stand;
- anything else is a paragraph: narrative, headings, and the one-cell-per-line layout, which the
  table matcher reads as a label followed by its numbers.

Page furniture (page numbers) and table rules are dropped here; placement is the core's
(:mod:`disclosure_schema.reading`).
"""

from __future__ import annotations

import re

from disclosure_schema.plugins import Diagnostic
from disclosure_schema.reading import Block, Cell, Grid, Origin, Paragraph, Row, is_value_text, note

from .patterns import is_page_number
from .width import Measure

_BARS = re.compile(r"[|｜│┃]")
_RULE = re.compile(r"^[\s|｜│┃+:\-=─━┄┅┈┉┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋═║╔╗╚╝╠╣╦╩╬]+$")
_GAP = re.compile(r"(?:[ \u3000]{2,}|\t)")
_WIDTH = Measure(ambiguous_width=1)


def text_blocks(lines: list[str]) -> tuple[list[Block], list[Diagnostic]]:
    blocks: list[Block] = []
    notes: list[Diagnostic] = []
    rows: list[Row] = []
    kind = ""

    def close() -> None:
        nonlocal kind
        if rows:
            blocks.append(Grid(tuple(rows), rows[0].origin, positional=kind != "aligned"))
            rows.clear()
        kind = ""

    for index, raw in enumerate(lines):
        n = index + 1
        line = raw.rstrip()
        if is_page_number(line):
            note(notes, "read.page-number", f"page number {line.strip()!r} skipped", f"跳过页码“{line.strip()}”",
                 Origin(line=n), "info")
            continue
        stripped = line.strip()
        if stripped and _RULE.match(stripped) and ("--" in stripped or "─" in stripped or "━" in stripped
                                                   or "==" in stripped or "═" in stripped):
            continue  # a Markdown or boxed table rule
        row_kind, row = _row(line, n)
        if row is None:
            close()
            blocks.append(Paragraph(line, Origin(line=n, column=1)))
            continue
        if row_kind != kind:
            close()
            kind = row_kind
        rows.append(row)
    close()
    return blocks, notes


def _row(line: str, n: int) -> tuple[str, Row | None]:
    if _BARS.search(line):
        return "bars", Row(tuple(_split(line, _BARS, n)), Origin(line=n), line)
    if "\t" in line.strip("\n"):
        return "tabs", Row(tuple(_split(line, re.compile("\t"), n, outer=False)), Origin(line=n), line)
    body = line.strip()
    if _GAP.search(body):
        cells = _aligned(line, n)
        if len(cells) >= 2 and any(c.text and is_value_text(c.text) for c in cells[1:]):
            return "aligned", Row(tuple(cells), Origin(line=n), line)
    return "", None


def _split(line: str, sep: re.Pattern[str], n: int, outer: bool = True) -> list[Cell]:
    """Cells between separators, empty ones kept; the bars that open and close a line are not cells."""
    cells: list[Cell] = []
    start = 0
    parts: list[tuple[int, str]] = []
    for m in sep.finditer(line):
        parts.append((start, line[start:m.start()]))
        start = m.end()
    parts.append((start, line[start:]))
    if outer:
        if len(parts) == 2 and parts[0][1] and not line.strip(" \u3000|｜│┃"):
            return [Cell("", Origin(line=n, column=1), col=0)]  # " |": one blank cell, closed by its bar
        if parts and not parts[0][1].strip():
            parts = parts[1:]
        if parts and not parts[-1][1].strip():
            parts = parts[:-1]
    for col, (offset, text) in enumerate(parts):
        lead = len(text) - len(text.lstrip())
        cells.append(Cell(text.strip(), Origin(line=n, column=offset + lead + 1), col=col))
    return cells


def _aligned(line: str, n: int) -> list[Cell]:
    """Cells of a space-aligned line with their display positions (a CJK character is two wide)."""
    cells: list[Cell] = []
    for piece in re.finditer(r"\S+(?:[ \u3000]\S+)*", line.replace("\t", "  ")):
        text = piece.group(0)
        left = _WIDTH.width(line[:piece.start()])
        cells.append(Cell(text, Origin(line=n, column=piece.start() + 1),
                          x=left + _WIDTH.width(text) / 2))
    return cells
