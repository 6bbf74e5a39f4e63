"""Diagnostics these readers give, each with a stable code, built on the core's ``Diagnostic``."""

from __future__ import annotations

from typing import Any

import attrs

from disclosure_schema.plugins import Diagnostic
from disclosure_schema.reading import Origin

# Stable codes (documented here so the CLI and the pipeline can refer to them).
TABLE_IS_IMAGE = "table-is-image"  # a web page shows pictures where its tables should be
ENCODING_GUESSED = "encoding-guessed"  # no (or a wrong) charset declared; the page was decoded by trying
ENCODING_DAMAGED = "encoding-damaged"  # no encoding decodes the page cleanly; bad bytes replaced
PAGE_NEEDS_OCR = "page-needs-ocr"  # a PDF page is a picture: no text layer
UNDECODED_GLYPHS = "undecoded-glyphs"  # a PDF font without a Unicode map: pdfminer gives "(cid:N)"


def diagnostic(code: str, message: str, message_zh: str, origin: Origin | None = None,
               severity: str = "warning") -> Diagnostic:
    """A core ``Diagnostic`` with its place; the code is passed on where the core's class takes one."""
    fields: dict[str, Any] = {"message": message, "message_zh": message_zh, "severity": severity,
                              "location": origin.show() if origin else ""}
    if origin is not None and origin.line is not None and origin.table is None:
        fields["line"] = origin.line
        fields["location"] = ""
    if "code" in attrs.fields_dict(Diagnostic):  # once the pipeline's diagnostics carry codes
        fields["code"] = code
    return Diagnostic(**fields)
