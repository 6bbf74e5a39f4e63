"""What one pass over published text with one format has found so far."""

from __future__ import annotations

from datetime import date

import attrs

from disclosure_schema import CellKey, CellValue, ReportFormat
from disclosure_schema.plugins import Diagnostic


@attrs.define
class ParseState:
    """Narrative lines, cells and diagnostics of one format's reading, and how well its tables fit."""

    fmt: ReportFormat
    text: dict[str, list[str]] = attrs.field(factory=dict)
    cells: dict[CellKey, CellValue] = attrs.field(factory=dict)
    notes: list[Diagnostic] = attrs.field(factory=list)
    placed: int = 0  # table lines this format explains
    misplaced: int = 0  # table lines it cannot place
    headings: int = 0
    agency: str | None = None
    year: int | None = None
    title: str | None = None
    published: date | None = None

    def note(self, line: int | None, message: str, severity: str = "warning", zh: str = "") -> None:
        self.notes.append(Diagnostic(message, line, severity=severity, message_zh=zh))

    def miss(self, line: int, message: str, zh: str = "") -> None:
        self.misplaced += 1
        self.note(line, message, zh=zh)

    @property
    def score(self) -> int:
        return self.placed - 2 * self.misplaced
