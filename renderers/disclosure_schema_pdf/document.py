"""The report laid out on pages: title, section headings, narrative paragraphs and tables."""

from __future__ import annotations

import re
from collections.abc import Sequence

from disclosure_schema import Report, Section

from .flow import Flow, TextLine
from .geometry import BODY_SIZE, BODY_WIDTH, LEFT, LINE_PITCH, TITLE_PITCH, TITLE_SIZE
from .roles import RoleFonts
from .table_layout import lay_out_table, prepare
from .text import Shaped, shape
from .title import wrap_title

INDENT = 2 * BODY_SIZE  # paragraphs and headings start two characters in
# A narrative line starting with （一） … （十九） is a sub-heading; ASCII brackets count too.
SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
# The lead of a sub-heading (set in 楷体) ends with its first full stop (or is the whole line).
LEAD_END = re.compile(r"[。．：:]")  # not ".": "（一）1.属于…" keeps its number in the lead
BASELINE = 0.8  # of the line pitch: where the baseline sits below a line's top


SIGNATURE_RIGHT = 4 * BODY_SIZE  # GB/T 9704 §7.3.5: the date "右空四字"


def lay_out(report: Report, fonts: RoleFonts) -> Flow:
    flow = Flow()
    title = shape(report.display_title, TITLE_SIZE, fonts["title"], "title")
    for line in wrap_title(title, BODY_WIDTH):
        flow.add(TextLine(LEFT + (BODY_WIDTH - line.width) / 2, flow.y + BASELINE * TITLE_PITCH,
                          TITLE_SIZE, line.runs()))
        flow.y += TITLE_PITCH
    flow.y += LINE_PITCH / 2
    for section in report.format.sections:
        _section(flow, report, section, fonts)
    if report.published is not None:
        _signature(flow, report, fonts)
    return flow


def _signature(flow: Flow, report: Report, fonts: RoleFonts) -> None:
    """落款: the agency centred over the date, the date four characters in from the right (GB/T 9704 §7.3.5)."""
    day = report.published
    assert day is not None
    stamp = shape(f"{day.year}年{day.month}月{day.day}日", BODY_SIZE, fonts["body"], "signature date")
    agency = shape(report.agency, BODY_SIZE, fonts["body"], "signature agency")
    lines = agency.wrap_balanced(BODY_WIDTH) if agency.text else []
    flow.y += LINE_PITCH  # one blank line after the text
    flow.ensure((len(lines) + 1) * LINE_PITCH)
    right = LEFT + BODY_WIDTH - SIGNATURE_RIGHT
    centre = right - stamp.width / 2
    for line in lines:
        x = min(max(centre - line.width / 2, LEFT), LEFT + BODY_WIDTH - line.width)
        flow.add(TextLine(x, flow.y + BASELINE * LINE_PITCH, BODY_SIZE, line.runs()))
        flow.y += LINE_PITCH
    flow.add(TextLine(right - stamp.width, flow.y + BASELINE * LINE_PITCH, BODY_SIZE, stamp.runs()))
    flow.y += LINE_PITCH


def _section(flow: Flow, report: Report, section: Section, fonts: RoleFonts) -> None:
    heading = shape(section.title, BODY_SIZE, fonts["heading1"], f"section {section.id!r} heading")
    lines = heading.wrap(BODY_WIDTH, INDENT)
    table = report.format.table(section.table) if section.table else None
    # Keep the heading with what follows: a line of text, or the table's header and first row.
    prepared = prepare(report, table, fonts) if table else None
    after = prepared.first_height if prepared else LINE_PITCH
    flow.ensure(len(lines) * LINE_PITCH + after)
    _paragraph_lines(flow, lines)
    if prepared is not None:
        lay_out_table(flow, prepared)
        flow.y += LINE_PITCH / 2
        return
    text = report.sections.get(section.id, "")
    for number, raw in enumerate(text.splitlines(), start=1):
        # Leading blanks are indentation typed by hand; the layout indents every paragraph itself.
        stripped = raw.lstrip(" \u3000\t")
        if not stripped.strip():
            continue
        lead = 0
        if SUB_HEADING.match(stripped):
            end = LEAD_END.search(stripped)
            lead = end.end() if end else len(stripped)
        where = f"section {section.id!r} line {number}"
        para = shape(stripped, BODY_SIZE, fonts["body"], where, lead, fonts["heading2"],
                     offset=len(raw) - len(stripped))
        lines = para.wrap(BODY_WIDTH, INDENT)
        if lead == len(stripped):  # a sub-heading on a line of its own stays with the next line
            flow.ensure((len(lines) + 1) * LINE_PITCH)
        _paragraph_lines(flow, lines)


def _paragraph_lines(flow: Flow, lines: Sequence[Shaped]) -> None:
    for i, line in enumerate(lines):
        flow.ensure(LINE_PITCH)
        x = LEFT + (INDENT if i == 0 else 0.0)
        flow.add(TextLine(x, flow.y + BASELINE * LINE_PITCH, BODY_SIZE, line.runs()))
        flow.y += LINE_PITCH
