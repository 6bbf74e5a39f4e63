"""HTML renderer and reader of disclosure-schema (entry points ``html``).

The renderer writes a complete page, or with ``fragment=1`` a fragment to paste
into a CMS (styles inline). Tables follow the shared layout
(:mod:`disclosure_schema.layout`) with ``headers``/``id`` so a screen reader
announces each number with its row and column. The report is embedded as JSON,
so the reader reads our own pages back exactly. Only the core's public API is
used; lxml is imported by the reader only when reading.
"""

from __future__ import annotations

from .plugin import HtmlReader, HtmlRenderer

__all__ = ["HtmlReader", "HtmlRenderer"]
