"""Published files as reading blocks: saved web pages (HTML), PDF attachments and Word files.

Each reader turns its file into :mod:`disclosure_schema.reading` blocks (paragraphs in
document order, tables as grids with spans and origins) and leaves placement to the
shared pipeline. Nothing heavy is imported here: lxml, pdfplumber and the zip reader load
only when :mod:`.readers` reads a file of their kind.
"""

from __future__ import annotations

from .readers import docx_blocks, html_blocks, pdf_blocks, sniff_kind

__all__ = ["docx_blocks", "html_blocks", "pdf_blocks", "sniff_kind"]
