"""The XML renderer and reader plugins (entry points ``xml`` in both groups).

This module stays light: lxml is imported when a document is read or written, not when the
plugins are listed or asked to sniff.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import ClassVar

from disclosure_schema import Report
from disclosure_schema.plugins import ReadResult, check_options, check_report

from .vocabulary import NAMESPACE_PREFIX


class XmlRenderer:
    name = "xml"
    extension = ".xml"
    media_type = "application/xml"
    description = "XML (docs/xml.md), exact, with an XML Schema per format in specs/"
    options: ClassVar[Mapping[str, str]] = {}

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        from .render import render_bytes

        check_options(self.name, options)
        check_report(report)
        return render_bytes(report)


class XmlReader:
    name = "xml"
    description = "XML of this project (docs/xml.md), validated against its XML Schema"
    suffixes = (".xml",)

    def sniff(self, data: bytes) -> bool:
        """Any XML-looking start, so that a wrong or hostile XML file gets this reader's clear error."""
        head = data[:4096]
        for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if head.startswith(bom):  # refused by the reader, but recognised as XML here
                head = head[len(bom):].decode(encoding, "ignore").encode("utf-8")
        head = head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
        if head.startswith((b"<?xml", b"<!--", b"<!DOCTYPE")):
            return True
        return head.startswith(b"<") and NAMESPACE_PREFIX.encode() in data[:65536]

    def read(self, data: bytes, source: str) -> ReadResult:
        from .read import read_report

        return ReadResult(read_report(data, source))
