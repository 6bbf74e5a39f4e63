"""What kind of published file some bytes are, from their content (the name only breaks ties)."""

from __future__ import annotations

import io
import re
import zipfile

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls: the legacy compound file
_MARKUP = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|table|p|div|h[1-6]|span|br|title)\b", re.I)
_HTML_NAMES = (".html", ".htm", ".shtml", ".jhtml", ".xhtml", ".asp", ".aspx", ".jsp", ".php")


def zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()[:10_000]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return []


def sniff_kind(data: bytes, filename: str | None = None) -> str | None:
    """``"html"``, ``"pdf"``, ``"docx"``, ``"legacy-office"`` (.doc/.wps, .ofd) or ``None``."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(OLE2_MAGIC):
        return "legacy-office"
    if data.startswith(b"PK\x03\x04"):
        names = zip_names(data)
        if "word/document.xml" in names:
            return "docx"
        if any(n.lower() == "ofd.xml" for n in names):
            return "legacy-office"
        return None
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM
        start = start.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    if not start.startswith(b"<"):
        return None
    if start[:5].lower() == b"<?xml" and b"xhtml" not in start[:1024].lower():
        return None  # an XML document (our own XML reader takes those)
    if _MARKUP.search(start) or (filename or "").lower().endswith(_HTML_NAMES):
        return "html"
    return None
