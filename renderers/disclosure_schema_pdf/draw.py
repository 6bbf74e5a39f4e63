"""Pages of drawing operations onto a ReportLab canvas, with metadata and page numbers."""

from __future__ import annotations

import io
from datetime import date

from reportlab.pdfgen.canvas import Canvas

from disclosure_schema import Report

from .flow import Box, Op, TextLine
from .fonts import FontSet
from .geometry import (
    BODY_BOTTOM,
    BODY_WIDTH,
    LEFT,
    PAGE_HEIGHT,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH,
    RULE_WIDTH,
)
from .text import shape

BOLD_STROKE = 0.035  # of the type size: the stroke that thickens fake-bold text


def document_date(report: Report) -> date:
    """The report's own date: when it was published, else 1 January after its year."""
    return report.published or date(report.year + 1, 1, 1)


def to_pdf(report: Report, pages: list[list[Op]], fonts: FontSet) -> bytes:
    out = io.BytesIO()
    # invariant=1: no clock time and no random file id, so the same report gives the same bytes.
    canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1)
    stamp = document_date(report).strftime("D:%Y%m%d000000+08'00'")
    canvas.setDateFormatter(lambda *_: stamp)
    canvas.setTitle(report.display_title)
    canvas.setAuthor(report.agency)
    canvas.setSubject(f"{report.year}年政府信息公开工作年度报告（{report.format.name}，{report.format.document_number}）")
    canvas.setKeywords(", ".join(["政府信息公开", "年度报告", report.agency, str(report.year), report.format.id]))
    canvas.setCreator("disclosure-schema")
    for number, ops in enumerate(pages, start=1):
        canvas.setLineWidth(RULE_WIDTH)  # bold text changes it only inside its own saved state
        for op in ops:
            _draw(canvas, op)
        _page_number(canvas, number, fonts)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _draw(canvas: Canvas, op: Op) -> None:
    if isinstance(op, Box):
        canvas.rect(op.x, PAGE_HEIGHT - op.y - op.height, op.width, op.height, stroke=1, fill=0)
        return
    _text(canvas, op)


def _text(canvas: Canvas, line: TextLine) -> None:
    bold = any(run.bold for run in line.runs)
    if bold:
        # The render mode and line width are graphics state: keep them to this line.
        canvas.saveState()
        canvas.setLineWidth(BOLD_STROKE * line.size)
    text = canvas.beginText(line.x, PAGE_HEIGHT - line.baseline)
    for run in line.runs:
        text.setFont(run.font, line.size)
        text.setTextRenderMode(2 if run.bold else 0)  # 2: fill and stroke, a thicker 宋体 for headings
        text.textOut(run.text)
    canvas.drawText(text)
    if bold:
        canvas.restoreState()


def _page_number(canvas: Canvas, number: int, fonts: FontSet) -> None:
    """ "— 1 —" below the text block: odd pages on the right, even on the left, one character in."""
    label = shape(f"— {number} —", PAGE_NUMBER_SIZE, fonts, "page number")
    x = LEFT + BODY_WIDTH - PAGE_NUMBER_SIZE - label.width if number % 2 else LEFT + PAGE_NUMBER_SIZE
    baseline = BODY_BOTTOM + PAGE_NUMBER_GAP + 0.6 * PAGE_NUMBER_SIZE
    _text(canvas, TextLine(x, baseline, PAGE_NUMBER_SIZE, label.runs()))
