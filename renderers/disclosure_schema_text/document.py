"""The project's own text document: a header naming the report, then the title and sections.

Shared by both layouts; ``layout`` decides how tables look and whether blank
lines frame each section. See docs/text.md for the exact grammar.
"""

from __future__ import annotations

from collections.abc import Callable

from disclosure_schema import CellKind, Node, RenderError, Report, Table, Verbatim, parse_cell
from disclosure_schema.plugins import format_value

from .escapes import escape_cell, escape_line, escape_text

MAGIC = "# disclosure-schema report/1"
LAYOUTS = ("text", "pipe")
TableLines = Callable[[Table, Callable[[Node, Node], str]], list[str]]


def cell_text(report: Report, key: tuple[str, str, str], kind: CellKind) -> str:
    """A value as written in a table: numbers plainly, blank empty, text escaped so it reads back as text."""
    value = report.cells.get(key)
    if not isinstance(value, Verbatim):
        return format_value(value)
    text = escape_cell(value.text)
    if not text:
        raise RenderError(f"cell {'/'.join(key)} holds an empty Verbatim; a blank cell is None")
    if not isinstance(parse_cell(text, kind), Verbatim):
        # Text that would read back as a number (Verbatim("１２")): escape its first character.
        text = f"\\u{{{ord(value.text[0]):X}}}" + escape_cell(value.text[1:])
    return text


def render_document(report: Report, layout: str, table_lines: TableLines) -> str:
    fmt = report.format
    lines = [f"{MAGIC} format={fmt.id} layout={layout}",
             f"# agency: {escape_text(report.agency)}",
             f"# year: {report.year}"]
    if report.title is not None:
        lines.append(f"# title: {escape_text(report.title)}")
    if report.published is not None:
        lines.append(f"# published: {report.published.isoformat()}")
    framed = layout == "text"
    if framed:
        lines.append("")
    lines.append(escape_text(report.display_title))
    for section in fmt.sections:
        if framed:
            lines.append("")
        lines.append(section.title)
        if section.table is None:
            text = report.sections.get(section.id, "")
            body = [escape_line(line) for line in text.split("\n")] if text else []
        else:
            table = fmt.table(section.table)

            def text_of(row: Node, col: Node, table: Table = table) -> str:
                key = (table.id, row.id, col.id)
                return cell_text(report, key, fmt.cell_kinds[key])

            body = table_lines(table, text_of)
        if framed:
            lines.append("")
        lines.extend(body)
    return "\n".join(lines) + "\n"
