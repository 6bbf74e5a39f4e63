"""Pages of drawing operations onto a ReportLab canvas, with metadata and page numbers."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from disclosure_schema import Report, jsonio

from .embedded import attach_report_json
from .flow import Box, Op, TextLine
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
from .roles import RoleFonts
from .text import shape

BOLD_STROKE = 0.035  # of the type size: the stroke that thickens fake-bold text


def document_date(report: Report) -> date:
    """The report's own date: when it was published, else 1 January after its year (stated, not the clock)."""
    return report.published or date(report.year + 1, 1, 1)


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Streams compressed but not ASCII85-encoded: a sixth smaller, a third less work (ReportLab reads
    the setting while it writes, so it is set for this document only and put back)."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def to_pdf(report: Report, pages: list[list[Op]], fonts: RoleFonts) -> bytes:
    with _binary_streams():
        return _to_pdf(report, pages, fonts)


def _to_pdf(report: Report, pages: list[list[Op]], fonts: RoleFonts) -> bytes:
    out = io.BytesIO()
    # invariant=1: no clock time and no random file id, so the same report gives the same bytes.
    # The initial font is one of ours: ReportLab's default (Helvetica) would add an unembedded font.
    canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1,
                    initialFontName=fonts.initial)  # type: ignore[arg-type]  # a font name; the stubs say float
    # Midnight in China (+08:00) on the report's date.
    stamp = document_date(report).strftime("D:%Y%m%d000000+08'00'")
    canvas.setDateFormatter(lambda *_: stamp)
    canvas.setTitle(report.display_title)
    canvas.setAuthor(report.agency)
    canvas.setSubject(f"{report.year}年政府信息公开工作年度报告（{report.format.name}，{report.format.document_number}）")
    canvas.setKeywords(", ".join(["政府信息公开", "年度报告", report.agency, str(report.year), report.format.id]))
    canvas.setCreator("disclosure-schema")
    attach_report_json(canvas, jsonio.dumps(report), stamp)
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
    runs = line.runs
    if len(runs) == 1 and not runs[0].bold:  # most lines: one face, plain
        canvas.setFont(runs[0].font, line.size)
        canvas.drawString(line.x, PAGE_HEIGHT - line.baseline, runs[0].text)
        return
    bold = any(run.bold for run in runs)
    if bold:
        # The render mode and line width are graphics state: keep them to this line.
        canvas.saveState()
        canvas.setLineWidth(BOLD_STROKE * line.size)
    text = canvas.beginText(line.x, PAGE_HEIGHT - line.baseline)
    for run in line.runs:
        text.setFont(run.font, line.size)
        if bold:  # 2: fill and stroke, a thicker 宋体 for headings; 0 (the default) otherwise
            text.setTextRenderMode(2 if run.bold else 0)
        text.textOut(run.text)
    canvas.drawText(text)
    if bold:
        canvas.restoreState()


def _page_number(canvas: Canvas, number: int, fonts: RoleFonts) -> None:
    """ "— 1 —" below the text block: odd pages on the right, even on the left, one character in."""
    label = shape(f"— {number} —", PAGE_NUMBER_SIZE, fonts["table"], "page number")
    x = LEFT + BODY_WIDTH - PAGE_NUMBER_SIZE - label.width if number % 2 else LEFT + PAGE_NUMBER_SIZE
    baseline = BODY_BOTTOM + PAGE_NUMBER_GAP + 0.6 * PAGE_NUMBER_SIZE
    _text(canvas, TextLine(x, baseline, PAGE_NUMBER_SIZE, label.runs()))
