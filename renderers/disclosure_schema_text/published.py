"""Reading real published report text, leniently, with a diagnostic for everything not placed.

The text is split into blocks by its layout (:mod:`.layouts`); placement into a
format's tables, sections, title, year and agency are the core reading pipeline's
(:func:`disclosure_schema.reading.read_blocks`), shared with every other reader.
"""

from __future__ import annotations

from collections.abc import Sequence

from disclosure_schema import ReportFormat
from disclosure_schema.plugins import Diagnostic, ReadResult
from disclosure_schema.reading import read_blocks

from .layouts import text_blocks


def read_published(lines: list[str], source: str, candidates: Sequence[ReportFormat] | None = None,
                   notes: Sequence[Diagnostic] = ()) -> ReadResult:
    """The report in published text; ``candidates`` are the formats to try (default: every known one)."""
    blocks, found = text_blocks(lines)
    return read_blocks(blocks, source, candidates=candidates, notes=(*notes, *found))
