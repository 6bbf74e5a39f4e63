"""The PDF renderer plugin."""

from __future__ import annotations

from collections.abc import Mapping

from disclosure_schema import Report
from disclosure_schema.plugins import check_options

from .document import lay_out
from .draw import to_pdf
from .roles import resolve

OPTIONS = {
    "font": "one font for every role: a file (.ttf/.ttc/.otf), an installed family, or STSong-Light (not embedded)",
    "fonts": "a fonts file (TOML) naming the font of each role: title, heading1, heading2, body, table, numbers",
    "fallback_font": "a font file that draws the characters the chosen fonts lack",
}


class PdfRenderer:
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"
    description = "PDF on A4 after GB/T 9704 (reportlab), fonts embedded, the data attached; options: font, fonts, fallback_font"

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        check_options(self.name, options, sorted(OPTIONS))
        fonts = resolve(options.get("font") or None, options.get("fallback_font") or None, options.get("fonts") or None)
        flow = lay_out(report, fonts)
        return to_pdf(report, flow.pages, fonts)
