"""``word/document.xml``: the title, section headings, narrative paragraphs and the tables.

Tables are the shared stacked layout (:func:`disclosure_schema.stacked_layout`):
one ``w:tbl`` per table on one grid of columns; a row span is a ``vMerge``
restart and its continuations, a column span a ``gridSpan``. The first block's
header rows repeat on every page (``tblHeader``) and no row splits across a
page. Each data cell holds a hidden bookmark naming it, so that an edited file
is read cell by cell.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from disclosure_schema import Report, Table, stacked_layout
from disclosure_schema.layout import LayoutCell, Role, StackedLayout

from .ooxml import (
    BODY_W,
    BOOKMARK_PREFIX,
    BOTTOM,
    CELL_PAD,
    FOOTER,
    LEFT,
    LINE_PITCH,
    PAGE_H,
    PAGE_W,
    RIGHT,
    TABLE_EM,
    TOP,
    R,
    W,
    esc,
    visible,
)

# A narrative line that is only a sub-heading such as "（一）主动公开" (ASCII brackets too).
SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)][^。；;]{0,40}$")


def narrative_lines(text: str) -> list[str]:
    """The paragraphs written for a narrative: its non-blank lines, without the indentation typed by hand."""
    return [s for s in (line.strip(" \u3000\t") for line in text.split("\n")) if s]


def bookmark_name(table_index: int, value_index: int) -> str:
    return f"{BOOKMARK_PREFIX}{table_index}_{value_index}"


def _runs(text: str) -> str:
    """Runs for one line of text: tabs become ``w:tab``; spaces are preserved."""
    parts = []
    for k, piece in enumerate(visible(text).split("\t")):
        if k:
            parts.append("<w:tab/>")
        if piece:
            parts.append(f'<w:t xml:space="preserve">{esc(piece)}</w:t>')
    return f"<w:r>{''.join(parts)}</w:r>" if parts else ""


def _paragraph(text: str, style: str, extra_ppr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra_ppr}</w:pPr>{_runs(text)}</w:p>'


def label_widths(table: Table, labels: int) -> list[int]:
    """Label column widths in twips: a top-level group column one character wide, deeper groups
    up to seven, the innermost the rest of what the data columns leave (as the PDF does)."""
    if labels == 0:
        return []
    data_columns = max(len(b.column_leaves) for b in table.blocks)
    data_width = max(3 * TABLE_EM + 2 * CELL_PAD, int(0.55 * BODY_W / data_columns))
    total = BODY_W - data_columns * data_width
    groups = []
    for d in range(labels - 1):
        longest = max((len(n.label) for b in table.blocks for n, nd in b.row_nodes() if nd == d and n.children),
                      default=1)
        groups.append(round((1.3 if d == 0 else min(longest, 7)) * TABLE_EM) + 2 * CELL_PAD)
    return [*groups, total - sum(groups)]


def grid_widths(table: Table, lay: StackedLayout) -> list[int]:
    labels = label_widths(table, lay.label_columns)
    area = BODY_W - sum(labels)
    edges = [round(e * area) for e in lay.data_edges]
    return [*labels, *(b - a for a, b in itertools.pairwise(edges))]


def _cell_xml(cell: LayoutCell, width: int, content: str, merge: str) -> str:
    span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
    align = "left" if (cell.role is Role.ROW and not cell.is_group) or cell.role is Role.CAPTION \
        or (cell.role is Role.CORNER and len(cell.text) > 12) else "center"
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/>'
            f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="{align}"/></w:pPr>'
            f"{content}</w:p></w:tc>")


def _table(report: Report, table: Table, table_index: int, bookmarks: Iterator[int]) -> str:
    lay = stacked_layout(table)
    widths = grid_widths(table, lay)
    edges = [0]
    for w in widths:
        edges.append(edges[-1] + w)
    rows: list[list[tuple[LayoutCell, bool]]] = [[] for _ in range(lay.rows)]
    value_index = 0
    names: dict[int, str] = {}
    for i, cell in enumerate(lay.cells):
        rows[cell.row].append((cell, False))
        for r in range(cell.row + 1, cell.row + cell.rowspan):
            rows[r].append((cell, True))
        if cell.role is Role.VALUE:
            names[i] = bookmark_name(table_index, value_index)
            value_index += 1
    index_of = {id(c): i for i, c in enumerate(lay.cells)}
    # Word repeats only a table's leading rows: right for one header (B, C), wrong for table A's
    # first block heading the next page's other blocks.
    head_end = lay.block_rows[0][1] if len(table.blocks) == 1 else 0
    out = [
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
        "<w:tblBorders>" + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCaption w:val="{esc(visible(table.label))}"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    ]
    for r, row in enumerate(rows):
        header = r < head_end
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        for cell, continued in sorted(row, key=lambda x: x[0].col):
            width = edges[cell.col + cell.colspan] - edges[cell.col]
            if continued:
                out.append(_cell_xml(cell, width, "", "<w:vMerge/>"))
                continue
            merge = '<w:vMerge w:val="restart"/>' if cell.rowspan > 1 else ""
            if cell.role is Role.VALUE:
                mark = next(bookmarks)
                name = names[index_of[id(cell)]]
                content = (f'<w:bookmarkStart w:id="{mark}" w:name="{name}"/>'
                           f'{_lines(cell.text_in(report))}<w:bookmarkEnd w:id="{mark}"/>')
            else:
                content = _lines(cell.text)
            out.append(_cell_xml(cell, width, content, merge))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _lines(text: str) -> str:
    """Runs of a cell's text; a line break written in a cell is a ``w:br``."""
    return '<w:r><w:br/></w:r>'.join(_runs(line) or "<w:r/>" for line in text.split("\n")) if "\n" in text \
        else _runs(text)


def document_xml(report: Report) -> str:
    fmt = report.format
    body = [_paragraph(report.display_title, "Title")]
    counter = iter(range(1, 1 << 30))
    for section in fmt.sections:
        body.append(_paragraph(section.title, "Heading1"))
        if section.table is not None:
            table = fmt.table(section.table)
            body.append(_table(report, table, fmt.tables.index(table), counter))
            body.append('<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>')  # a table ends with a paragraph
            continue
        for line in narrative_lines(report.sections.get(section.id, "")):
            body.append(_paragraph(line, "Heading2" if SUB_HEADING.match(line) else "BodyText"))
    sect = (
        '<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:footerReference w:type="even" r:id="rId4"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" w:header="851" '
        f'w:footer="{FOOTER}" w:gutter="0"/><w:pgNumType w:fmt="decimal"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr>'
    )
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{"".join(body)}{sect}</w:body></w:document>')
