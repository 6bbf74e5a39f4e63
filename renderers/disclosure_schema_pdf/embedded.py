"""The report's JSON carried inside the PDF as an attached (associated) file, and read back out.

The PDF shows the report to people; the attachment (PDF 2.0 associated file,
``/AFRelationship /Data``, listed in the document's ``EmbeddedFiles``) gives
programs the exact data the pages were drawn from, so our own PDFs read back
without loss. Any PDF viewer lists it as an attachment.

Reading uses pypdf (imported only here): PDFs come back from other tools with
object streams, incremental updates and signatures appended, which a small own
parser would get wrong; pypdf handles them.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # reportlab is imported when a PDF is drawn, not when the plugin is listed or reads
    from reportlab.pdfgen.canvas import Canvas

ATTACHMENT = "disclosure-report.json"
JSON_MARK = b'"disclosure_schema"'  # every report JSON starts by naming its schema version


class _Flate:
    """Zlib at a fixed level, so the attachment's bytes never depend on defaults elsewhere."""

    pdfname = "FlateDecode"

    def encode(self, text: bytes | str) -> bytes:
        return zlib.compress(text.encode("utf-8") if isinstance(text, str) else text, 6)


def attach_report_json(canvas: Canvas, data: bytes, stamp: str) -> None:
    """Attach ``data`` (the report's JSON) to the document ``canvas`` is drawing; ``stamp`` is its PDF date."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

    doc = canvas._doc  # type: ignore[attr-defined]  # ReportLab has no public API for attachments
    params = PDFDictionary({"Size": len(data), "ModDate": PDFString(stamp),
                            "CheckSum": "<" + hashlib.md5(data).hexdigest() + ">"})
    stream = PDFStream(PDFDictionary({"Type": PDFName("EmbeddedFile"), "Subtype": "/application#2Fjson",
                                      "Params": params}), content=data, filters=[_Flate()])
    stream_ref = doc.Reference(stream)
    spec = PDFDictionary({
        "Type": PDFName("Filespec"),
        "F": PDFString(ATTACHMENT),
        "UF": PDFString(ATTACHMENT),
        "Desc": PDFString("The report's data (disclosure-schema JSON): what the pages show, exactly"),
        "AFRelationship": PDFName("Data"),
        "EF": PDFDictionary({"F": stream_ref, "UF": stream_ref}),
    })
    spec_ref = doc.Reference(spec)
    catalog = doc.Catalog
    catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(ATTACHMENT),
                                                                                       spec_ref])})})
    # ReportLab's catalog writes only the keys it knows; AF (the associated files) is added to them here.
    catalog.AF = PDFArray([spec_ref])
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "AF"]


@contextlib.contextmanager
def _quiet(name: str) -> Iterator[None]:
    """A library logger silenced for the duration (its warnings would land on stderr as stray lines)."""
    log = logging.getLogger(name)  # its modules' loggers ("pypdf._reader") inherit this level
    before = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(before)


def extract_report_json(data: bytes) -> bytes | None:
    """The report JSON a PDF made by this renderer carries, or ``None`` when there is none.

    Raises nothing for a damaged or foreign PDF: that is ``None`` too.
    """
    if not data.startswith(b"%PDF"):
        return None
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        with _quiet("pypdf"):  # a damaged PDF is reported once, by the reader, not by pypdf's log
            reader = PdfReader(io.BytesIO(data))
            found = reader.attachments.get(ATTACHMENT) or []
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, zlib.error):
        return None
    for content in found:
        if JSON_MARK in content[:65536]:
            return content
    return None
