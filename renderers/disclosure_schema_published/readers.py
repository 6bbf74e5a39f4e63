"""The public surface: sniff a published file's kind and turn it into reading blocks.

Every function returns ``(blocks, diagnostics)`` or raises ``ReadError`` with a
location; the heavy modules (lxml, pdfplumber) are imported only inside them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .sniff import sniff_kind

if TYPE_CHECKING:  # sniffing (every input of a batch is sniffed) stays free of the pipeline's imports
    from disclosure_schema.plugins import Diagnostic
    from disclosure_schema.reading import Block

__all__ = ["docx_blocks", "html_blocks", "pdf_blocks", "sniff_kind"]


def html_blocks(data: bytes, source: str) -> tuple[list[Block], list[Diagnostic]]:
    """A saved web page (or a fragment of one) as paragraphs and grids, site chrome dropped."""
    from .html_page import page_blocks

    return page_blocks(data, source)


def pdf_blocks(data: bytes, source: str) -> tuple[list[Block], list[Diagnostic]]:
    """A PDF's text layer: ruled tables as grids, narrative re-joined into paragraphs."""
    from .pdf_document import document_blocks

    return document_blocks(data, source)


def docx_blocks(data: bytes, source: str) -> tuple[list[Block], list[Diagnostic]]:
    """A Word (or WPS-saved) .docx: paragraphs with heading levels, tables with merges."""
    from .docx_document import document_blocks

    return document_blocks(data, source)
