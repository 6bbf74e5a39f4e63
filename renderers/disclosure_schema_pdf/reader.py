"""The PDF reader plugin: our own PDFs read back exactly, from the report data they carry.

A PDF made by the ``pdf`` renderer carries the report's JSON as an attachment
(``embedded.py``), so reading it back gives the identical report. Reading the
tables of a PDF published by other software is another reader's job; until it
is plugged in here, such a PDF is refused with a clear message.
"""

from __future__ import annotations

from disclosure_schema import jsonio
from disclosure_schema.plugins import ReadResult

from .embedded import ATTACHMENT, extract_report_json


class PdfReader:
    name = "pdf"
    description = (f"PDF: ours exactly from the attached data ({ATTACHMENT}); published PDFs from their text "
                   "layer's tables (docs/reading.md)")

    suffixes = (".pdf",)

    def sniff(self, data: bytes) -> bool:
        return data[:1024].lstrip(b"\x00\t\r\n ").startswith(b"%PDF-")

    def read(self, data: bytes, source: str) -> ReadResult:
        attached = extract_report_json(data)
        if attached is None:  # a PDF an agency published: read from its text layer's tables and paragraphs
            from disclosure_schema.reading import read_blocks
            from disclosure_schema_published import pdf_blocks

            blocks, notes = pdf_blocks(data, source)
            return read_blocks(blocks, source, notes=notes)
        return ReadResult(jsonio.loads(attached, f"{source} ({ATTACHMENT})"))
