"""What every reader makes of its input before placement: paragraphs and tables (grids).

A reader's only format-specific job is to turn its input (text in some layout, an
HTML page, a PDF, a Word file) into a sequence of blocks. Placement into a spec's
tables, the report's sections, title, year and agency, and every diagnostic are
shared (:mod:`disclosure_schema.reading.assemble`). Each piece carries its
:class:`Origin` so every number read can be traced back to where it was.
"""

from __future__ import annotations

import attrs


@attrs.frozen(slots=True)
class Origin:
    """Where a piece of the input came from; fields a source kind does not have stay ``None``."""

    line: int | None = None  # 1-based line of a text source
    column: int | None = None  # 1-based character column in that line
    page: int | None = None  # 1-based page of a PDF
    table: int | None = None  # 1-based table number in an HTML, Word or PDF source
    row: int | None = None  # 1-based row in that table
    cell: int | None = None  # 1-based column in that table
    box: tuple[float, float, float, float] | None = None  # PDF: x0, top, x1, bottom in points

    def show(self, lang: str = "en") -> str:
        """A short human location: "line 12, column 5", "page 3, table 2, row 4, column 3"."""
        zh = lang == "zh"
        parts: list[str] = []
        for value, en, cn in ((self.page, "page", "第 {} 页"), (self.table, "table", "表 {}"),
                              (self.row, "row", "第 {} 行"), (self.cell, "column", "第 {} 列"),
                              (self.line, "line", "第 {} 行"), (self.column, "column", "第 {} 列")):
            if value is not None:
                parts.append(cn.format(value) if zh else f"{en} {value}")
        return ("，" if zh else ", ").join(parts)

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen(slots=True)
class Cell:
    """One cell of a grid as the source shows it; ``text`` is never interpreted by the reader."""

    text: str
    origin: Origin = Origin()
    col: int | None = None  # 0-based grid column, where the source defines columns
    colspan: int = 1
    rowspan: int = 1
    x: float | None = None  # horizontal centre (display columns in text, points in a PDF)


@attrs.frozen(slots=True)
class Row:
    cells: tuple[Cell, ...]
    origin: Origin = Origin()
    text: str = ""  # the row as written, where the source is text (kept when it turns out to be narrative)


@attrs.frozen(slots=True)
class Grid:
    """A table as found: rows of cells with spans.

    ``positional`` says whether a cell's ``col`` can be trusted to tell its column
    (ruled PDF tables, HTML and Word tables, bar-separated rows that keep empty
    cells). Where it is False (one cell per line, collapsed blanks), a row with
    fewer values than columns is placed by the table's own sums, or left blank.
    """

    rows: tuple[Row, ...]
    origin: Origin = Origin()
    positional: bool = False


@attrs.frozen(slots=True)
class Paragraph:
    """A run of narrative text (one line of a text source, or one paragraph of a page)."""

    text: str
    origin: Origin = Origin()
    heading_level: int | None = None  # when the source marks it as a heading (<h2>, Word "Heading 1")


Block = Paragraph | Grid
