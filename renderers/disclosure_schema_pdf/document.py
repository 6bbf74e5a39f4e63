"""The report laid out on pages: title, section headings, narrative paragraphs and tables."""

from __future__ import annotations

import re
from collections.abc import Sequence

from disclosure_schema import Report, Section

from .flow import Flow, TextLine
from .fonts import FontSet
from .geometry import BODY_SIZE, BODY_WIDTH, LEFT, LINE_PITCH, TITLE_PITCH, TITLE_SIZE
from .table_layout import first_height, lay_out_table
from .text import Shaped, shape

INDENT = 2 * BODY_SIZE  # paragraphs and headings start two characters in
# A narrative line starting with （一） … （十九） is a sub-heading; ASCII brackets count too.
SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
# The bold lead of a sub-heading ends with its first full stop (or is the whole line).
LEAD_END = re.compile(r"[。．：:]")  # not ".": "（一）1.属于…" keeps its number in the lead
BASELINE = 0.8  # of the line pitch: where the baseline sits below a line's top


def lay_out(report: Report, fonts: FontSet) -> Flow:
    flow = Flow()
    title = shape(report.display_title, TITLE_SIZE, fonts, "title", len(report.display_title))
    for line in title.wrap_balanced(BODY_WIDTH):  # two even lines rather than one full and a stub
        flow.add(TextLine(LEFT + (BODY_WIDTH - line.width) / 2, flow.y + BASELINE * TITLE_PITCH,
                          TITLE_SIZE, line.runs()))
        flow.y += TITLE_PITCH
    flow.y += LINE_PITCH / 2
    for section in report.format.sections:
        _section(flow, report, section, fonts)
    return flow


def _section(flow: Flow, report: Report, section: Section, fonts: FontSet) -> None:
    heading = shape(section.title, BODY_SIZE, fonts, f"section {section.id!r} heading", len(section.title))
    lines = heading.wrap(BODY_WIDTH, INDENT)
    table = report.format.table(section.table) if section.table else None
    # Keep the heading with what follows: a line of text, or the table's header and first row.
    after = first_height(report, table, fonts) if table else LINE_PITCH
    flow.ensure(len(lines) * LINE_PITCH + after)
    _paragraph_lines(flow, lines)
    if table is not None:
        lay_out_table(flow, report, table, fonts)
        flow.y += LINE_PITCH / 2
        return
    text = report.sections.get(section.id, "")
    for number, raw in enumerate(text.splitlines(), start=1):
        # Leading blanks are indentation typed by hand; the layout indents every paragraph itself.
        stripped = raw.lstrip(" \u3000\t")
        if not stripped.strip():
            continue
        bold = 0
        if SUB_HEADING.match(stripped):
            end = LEAD_END.search(stripped)
            bold = end.end() if end else len(stripped)
        where = f"section {section.id!r} line {number}"
        para = shape(stripped, BODY_SIZE, fonts, where, bold, offset=len(raw) - len(stripped))
        lines = para.wrap(BODY_WIDTH, INDENT)
        if bold == len(stripped):  # a sub-heading on a line of its own stays with the next line
            flow.ensure((len(lines) + 1) * LINE_PITCH)
        _paragraph_lines(flow, lines)


def _paragraph_lines(flow: Flow, lines: Sequence[Shaped]) -> None:
    for i, line in enumerate(lines):
        flow.ensure(LINE_PITCH)
        x = LEFT + (INDENT if i == 0 else 0.0)
        flow.add(TextLine(x, flow.y + BASELINE * LINE_PITCH, BODY_SIZE, line.runs()))
        flow.y += LINE_PITCH
