"""Report values: a filled-in report of one format. Immutable; changes make new reports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs

from .errors import CellValueError
from .findings import Waiver
from .spec import CellKey, ReportFormat
from .values import CellValue, coerce

Name = str | Sequence[str]
MIN_YEAR, MAX_YEAR = 0, 9998  # a report is published in the following year, which must be a date
UNKNOWN_YEAR = 0  # a report read from a source that states its year nowhere (a reader says so)

AGENCY_LEVELS = ("national", "province", "city", "county", "township")
"""What ``agency_level`` may say: 中央, 省级, 设区的市级, 县级, 乡镇级."""


def _check_level(instance: object, attribute: object, value: str | None) -> None:
    if value is not None and value not in AGENCY_LEVELS:
        raise CellValueError(f"agency_level must be one of {', '.join(AGENCY_LEVELS)}, not {value!r}")


INFERABLE = ("agency", "year")


def _field_names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _check_inferred(_: object, __: object, value: frozenset[str]) -> None:
    unknown = sorted(value - set(INFERABLE))
    if unknown:
        raise CellValueError(f"inferred names report fields ({', '.join(INFERABLE)}), not {', '.join(unknown)}")


def _waivers(value: Sequence[Waiver]) -> tuple[Waiver, ...]:
    out = tuple(value)
    for w in out:
        if not isinstance(w, Waiver) or not w.rule or not w.reason.strip():
            raise CellValueError(f"a waiver needs a rule id and a written reason, not {w!r}")
    return out


def _frozen_map(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return value if isinstance(value, MappingProxyType) else MappingProxyType(dict(value))


@attrs.frozen(slots=True, eq=False)
class Report:
    """One agency's report for one year, in one format.

    ``cells`` maps ``(table, row, column)`` leaf ids to values; a missing key is
    a blank cell. ``sections`` maps narrative section ids to their text.
    """

    format: ReportFormat
    agency: str
    year: int
    sections: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map)
    cells: Mapping[CellKey, CellValue] = attrs.field(factory=dict, converter=_frozen_map)
    title: str | None = None  # as written in the source; None means the standard title
    published: date | None = None
    # For checking, not part of the published document: the agency's level (rule 11) when the report
    # declares it, and the rules its author or reviewer waived, each with a written reason.
    agency_level: str | None = attrs.field(default=None, validator=_check_level)
    waivers: tuple[Waiver, ...] = attrs.field(default=(), converter=_waivers)
    # The fields a reader could not find stated in its source ("year", "agency") and had to infer
    # or leave empty; carried by the JSON form so a reviewer sees it after a conversion.
    inferred: frozenset[str] = attrs.field(default=frozenset(), converter=_field_names, validator=_check_inferred)

    @classmethod
    def create(
        cls,
        format: ReportFormat | str,
        agency: str,
        year: int,
        *,
        title: str | None = None,
        published: date | None = None,
    ) -> Report:
        """An empty report: every cell blank, every narrative section empty."""
        if isinstance(format, str):
            from .registry import get_format

            format = get_format(format)
        if isinstance(year, bool) or not isinstance(year, int):
            raise CellValueError(f"the report year must be an int, not {year!r}")
        if not MIN_YEAR <= year <= MAX_YEAR:  # dates of the following year must exist too
            raise CellValueError(f"the report year {year} is not from {MIN_YEAR} to {MAX_YEAR}")
        return cls(format, agency, year, {}, {}, title, published)

    # -- equality: by content, not by identity of the format object
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return (
            self.format.id == other.format.id
            and self.agency == other.agency
            and self.year == other.year
            and self.title == other.title
            and self.published == other.published
            and {k: v for k, v in self.sections.items() if v} == {k: v for k, v in other.sections.items() if v}
            and _same_cells(self.cells, other.cells)
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def display_title(self) -> str:
        return self.title or self.format.title_for(self.agency, self.year)

    # -- cells
    def key(self, table: str, row: Name, column: Name) -> CellKey:
        return self.format.key(table, row, column)

    def get(self, table: str, row: Name, column: Name) -> CellValue:
        """The value of a cell by ids or official labels; ``None`` when blank."""
        key = (table, row, column)
        if isinstance(row, str) and isinstance(column, str) and key in self.format.cell_kinds:
            return self.cells.get(key)
        return self.cells.get(self.format.key(table, row, column))

    def set(self, table: str, row: Name, column: Name, value: object) -> Report:
        """A new report with one cell changed. Strings are read as the cell's kind."""
        return self.with_cells({self.format.key(table, row, column): value})

    def with_cells(self, values: Mapping[CellKey, object]) -> Report:
        """A new report with many cells changed at once (keys are ids)."""
        kinds = self.format.cell_kinds
        new = dict(self.cells)
        for key, value in values.items():
            kind = kinds.get(key)
            if kind is None:
                table, row, column = key
                self.format.key(table, row, column)  # raises with suggestions
                raise CellValueError(f"{key!r} is not a cell of {self.format.id}")
            coerced = coerce(value, kind, "/".join(key))
            if coerced is None:
                new.pop(key, None)
            else:
                new[key] = coerced
        return attrs.evolve(self, cells=new)

    def table_cells(self, table: str) -> Iterator[tuple[CellKey, CellValue]]:
        """Every cell of one table in spec order, blanks included."""
        tab = self.format.table(table)
        for _, row, col in tab.cells():
            key = (tab.id, row.id, col.id)
            yield key, self.cells.get(key)

    # -- narrative
    def text(self, section: str) -> str:
        sec = self.format.section(section)
        if not sec.is_narrative:
            raise CellValueError(f"section {sec.title} is a table, not a narrative")
        return self.sections.get(sec.id, "")

    def with_text(self, section: str, text: str) -> Report:
        sec = self.format.section(section)
        if not sec.is_narrative:
            raise CellValueError(f"section {sec.title} is a table; set its cells instead")
        if not isinstance(text, str):
            raise CellValueError(f"section {sec.id}: text must be a str, not {type(text).__name__}")
        return attrs.evolve(self, sections={**self.sections, sec.id: text})

    def with_meta(self, **changes: Any) -> Report:
        """A new report with metadata changed (agency, year, title, published, agency_level, waivers, inferred)."""
        allowed = {"agency", "year", "title", "published", "agency_level", "waivers", "inferred"}
        unknown = set(changes) - allowed
        if unknown:
            raise CellValueError(f"unknown metadata {sorted(unknown)}; allowed: {sorted(allowed)}")
        return attrs.evolve(self, **changes)


def _same_cells(a: Mapping[CellKey, CellValue], b: Mapping[CellKey, CellValue]) -> bool:
    # Decimal("1.0") == Decimal("1.00") numerically; a lossless round trip keeps the digits too.
    if a.keys() != b.keys():
        return False
    return all(type(a[k]) is type(b[k]) and str(a[k]) == str(b[k]) for k in a)
