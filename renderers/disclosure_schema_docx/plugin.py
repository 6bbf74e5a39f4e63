"""The ``docx`` renderer and reader plugins."""

from __future__ import annotations

from collections.abc import Mapping

from disclosure_schema import Report
from disclosure_schema.plugins import ReadResult, check_options

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class DocxRenderer:
    name = "docx"
    extension = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    description = "Word .docx (GB/T 9704 page, official tables with merged cells), data embedded, reads back"

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        check_options(self.name, options)
        from .package import docx_bytes

        return docx_bytes(report)


class DocxReader:
    name = "docx"
    description = "Word .docx of this project, exactly; a clerk's edits to its tables win, each noted"

    suffixes = (".docx", ".doc", ".wps", ".ofd")  # the legacy ones get a clear "save as"

    def sniff(self, data: bytes) -> bool:
        """A zip with Word or OFD parts, or a legacy .doc/.wps (refused by ``read`` with advice)."""
        if data.startswith(OLE2):
            return True
        head = data[:65536]
        return data.startswith(b"PK\x03\x04") and (b"word/" in head or b"OFD.xml" in head)

    def read(self, data: bytes, source: str) -> ReadResult:
        from .read import read_docx

        return read_docx(data, source)
