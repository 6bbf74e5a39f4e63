"""The ``html`` renderer and reader plugins."""

from __future__ import annotations

from collections.abc import Mapping

from disclosure_schema import RenderError, Report
from disclosure_schema.plugins import ReadResult, check_options

from .names import DATA_ATTRIBUTE


class HtmlRenderer:
    name = "html"
    extension = ".html"
    media_type = "text/html; charset=utf-8"
    description = "an HTML page (or with fragment=1 a fragment for a CMS), accessible tables, data embedded"

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        check_options(self.name, options, ("fragment",))
        fragment = options.get("fragment", "0")
        if fragment not in ("0", "1"):
            raise RenderError(f"option fragment={fragment!r}: expected 0 or 1")
        from .render import render_fragment, render_page

        return (render_fragment(report) if fragment == "1" else render_page(report)).encode("utf-8")


class HtmlReader:
    name = "html"
    description = "HTML pages and fragments of this project (data embedded), exactly"

    suffixes = (".html", ".htm", ".shtml", ".jhtml", ".xhtml")

    def sniff(self, data: bytes) -> bool:
        """Our pages and fragments, and any saved web page (GBK, UTF-16, a bare fragment of tables)."""
        head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").lower()
        if not head.startswith((b"<", b"\xff\xfe", b"\xfe\xff")):  # not markup (a JSON report, a PDF…): cheap no
            return False
        if head.startswith(b"<") and not head.startswith(b"<?xml") and DATA_ATTRIBUTE.encode() in data[:4096]:
            return True
        from disclosure_schema_published.sniff import sniff_kind

        return sniff_kind(data) == "html"

    def read(self, data: bytes, source: str) -> ReadResult:
        from .read import read_html

        return read_html(data, source)
