"""PDF renderer for disclosure-schema reports (reportlab): GB/T 9704 page, the official tables."""

from __future__ import annotations

from .renderer import PdfRenderer

__all__ = ["PdfRenderer"]
