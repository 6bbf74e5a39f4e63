"""PDF renderer and reader for disclosure-schema reports (reportlab): GB/T 9704 page, the official tables,
embedded fonts, and the report's data attached so the PDF reads back exactly."""

from __future__ import annotations

from .embedded import extract_report_json
from .reader import PdfReader
from .renderer import PdfRenderer

__all__ = ["PdfReader", "PdfRenderer", "extract_report_json"]
