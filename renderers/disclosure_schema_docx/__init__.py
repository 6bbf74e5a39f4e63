"""Word (.docx) renderer and reader of disclosure-schema (entry points ``docx``).

The renderer writes WordprocessingML directly (python-docx can set neither the
East Asian font, nor fields, custom XML parts or fixed zip timestamps): an A4
page with GB/T 9704 margins, the official font roles, real heading styles, the
official tables with merged cells on the shared layout, page numbers "— 1 —".
The report is embedded as a custom XML part; the reader reads our own files
back exactly, and a file a clerk has edited from its tables (every data cell
carries a hidden bookmark naming it), the clerk's changes winning.
"""

from __future__ import annotations

from .plugin import DocxReader, DocxRenderer

__all__ = ["DocxReader", "DocxRenderer"]
