"""The reading pipeline shared by every reader: blocks in, a placed report out.

Readers turn their input into :class:`Paragraph` and :class:`Grid` blocks;
:func:`read_blocks` places the grids into a format's tables, splits the
narrative into sections, finds title, year and agency, and reports every
decision as a diagnostic with the origin of what it concerns.
"""

from __future__ import annotations

from .blocks import Block, Cell, Grid, Origin, Paragraph, Row

__all__ = ["Block", "Cell", "Grid", "Origin", "Paragraph", "Row"]
