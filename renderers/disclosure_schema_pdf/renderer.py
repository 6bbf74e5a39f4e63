"""The PDF renderer plugin."""

from __future__ import annotations

from collections.abc import Mapping

from disclosure_schema import Report
from disclosure_schema.plugins import check_options

from .document import lay_out
from .draw import to_pdf
from .fonts import font_set

OPTIONS = {
    "font": "a TrueType font file (.ttf/.ttc) to embed instead of the built-in STSong-Light",
    "fallback_font": "a TrueType font file that draws the characters the main font lacks",
}


class PdfRenderer:
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"
    description = "PDF on A4 after GB/T 9704 (reportlab); options: font=FILE, fallback_font=FILE"

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        check_options(self.name, options, sorted(OPTIONS))
        fonts = font_set(options.get("font") or None, options.get("fallback_font") or None)
        flow = lay_out(report, fonts)
        return to_pdf(report, flow.pages, fonts)
