"""The PDF renderer plugin."""

from __future__ import annotations

from collections.abc import Mapping

from disclosure_schema import RenderError, Report
from disclosure_schema.plugins import check_options, check_report, right_to_left

OPTIONS = {
    "font": "a TrueType font file (.ttf/.ttc) to embed instead of the built-in STSong-Light",
    "fallback_font": "a TrueType font file that draws the characters the main font lacks",
}


class PdfRenderer:
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"
    description = "PDF on A4 after GB/T 9704 (reportlab); options: font=FILE, fallback_font=FILE"
    binary = True
    options = OPTIONS

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        # reportlab is imported here, not with the plugin: listing plugins or rendering JSON never loads it.
        from .document import lay_out
        from .draw import to_pdf
        from .fonts import font_set

        check_options(self.name, options, sorted(OPTIONS))
        check_report(report)
        rtl = right_to_left(report)
        if rtl is not None:
            where, offset, char = rtl
            raise RenderError(f"{where}: character U+{ord(char):04X} ({char}) at offset {offset} is written right "
                              "to left; this renderer lays out left-to-right text only and would draw it reversed "
                              "and unjoined")
        fonts = font_set(options.get("font") or None, options.get("fallback_font") or None)
        flow = lay_out(report, fonts)
        return to_pdf(report, flow.pages, fonts)
