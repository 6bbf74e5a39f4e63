"""The PDF renderer plugin."""

from __future__ import annotations

from collections.abc import Mapping

from disclosure_schema import RenderError, Report
from disclosure_schema.plugins import check_options, check_report, right_to_left

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
    binary = True
    options = OPTIONS

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        # reportlab is imported here, not with the plugin: listing plugins or rendering JSON never loads it.
        from .document import lay_out
        from .draw import to_pdf
        from .roles import resolve

        check_options(self.name, options, sorted(OPTIONS))
        check_report(report)
        if report.year == 0:  # a reader found no year: a page for people cannot say "0年"
            raise RenderError("year: the report year is unknown (0, the source stated none); set it before "
                              "making a PDF")
        rtl = right_to_left(report)
        if rtl is not None:
            where, offset, char = rtl
            raise RenderError(f"{where}: character U+{ord(char):04X} ({char}) at offset {offset} is written right "
                              "to left; this renderer lays out left-to-right text only and would draw it reversed "
                              "and unjoined")
        fonts = resolve(options.get("font") or None, options.get("fallback_font") or None, options.get("fonts") or None)
        flow = lay_out(report, fonts)
        return to_pdf(report, flow.pages, fonts)
