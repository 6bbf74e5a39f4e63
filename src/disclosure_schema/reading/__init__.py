"""The reading pipeline shared by every reader: blocks in, a placed report out.

Readers turn their input into :class:`Paragraph` and :class:`Grid` blocks;
:func:`read_blocks` places the grids into a format's tables, splits the
narrative into sections, finds title, year and agency, and reports every
decision as a diagnostic with the origin of what it concerns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .blocks import Block, Cell, Grid, Origin, Paragraph, Row
from .notes import CODES, note
from .values import is_value_text

if TYPE_CHECKING:
    from ..plugins import Diagnostic, ReadResult
    from ..spec import ReportFormat

__all__ = ["CODES", "Block", "Cell", "Grid", "Origin", "Paragraph", "Row", "is_value_text", "note", "read_blocks"]


def read_blocks(blocks: Sequence[Block], source: str, *, candidates: Sequence[ReportFormat] | None = None,
                notes: Sequence[Diagnostic] = (), filename: str | None = None) -> ReadResult:
    """The report in a source's blocks (see :mod:`disclosure_schema.reading.assemble`)."""
    from .assemble import read_blocks as assemble

    return assemble(blocks, source, candidates=candidates, notes=notes, filename=filename)
