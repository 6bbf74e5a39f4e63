"""Stage one: read one file into a small, picklable value that any worker can hand on.

A :class:`~disclosure_schema.report.Report` holds its format object (the whole
spec tree); shipping that between processes or cluster nodes would copy the
tree with every report. A :class:`Portable` names the format instead and is
turned back into a report where it is needed.
"""

from __future__ import annotations

import json
from datetime import date

import attrs

from ..errors import DisclosureError
from ..inputs import read_file
from ..registry import get_format
from ..report import Report
from ..spec import CellKey
from ..values import CellValue


@attrs.frozen
class Portable:
    format_ref: str  # a format id, or the spec file of a format not known by id
    agency: str
    year: int
    title: str | None
    published: date | None
    sections: tuple[tuple[str, str], ...]
    cells: tuple[tuple[CellKey, CellValue], ...]

    @classmethod
    def of(cls, report: Report) -> Portable:
        fmt = report.format
        try:
            ref = fmt.id if get_format(fmt.id) is fmt else fmt.source
        except DisclosureError:
            ref = fmt.source
        return cls(ref, report.agency, report.year, report.title, report.published,
                   tuple(report.sections.items()), tuple(report.cells.items()))

    def report(self) -> Report:
        return Report(get_format(self.format_ref), self.agency, self.year, dict(self.sections), dict(self.cells),
                      self.title, self.published)


@attrs.frozen
class LoadJob:
    path: str
    from_kind: str | None = None
    lang: str = "zh"


@attrs.frozen
class Loaded:
    """One file after stage one: its report, or why it could not be read."""

    path: str
    portable: Portable | None = None
    format_id: str | None = None
    error: str | None = None
    diagnostics: tuple[str, ...] = ()  # the reader's notes, in the batch's language
    provenance: tuple[tuple[str, str], ...] = ()  # ("table/row/column", origin as JSON): where each cell was read


@attrs.frozen
class Meta:
    """What the grouped stage needs to plan: no cells, so a cluster sends back little."""

    path: str
    agency: str | None
    year: int | None
    format_id: str | None


def load(job: LoadJob) -> Loaded:
    """Read one file; errors come back as data, never raised (a batch never stops at a file)."""
    try:
        result = read_file(job.path, job.from_kind)
    except DisclosureError as exc:
        return Loaded(job.path, error=str(exc))
    return Loaded(job.path, Portable.of(result.report), result.report.format.id,
                  diagnostics=tuple(d.show(job.lang) for d in result.diagnostics),
                  provenance=tuple(("/".join(k), _origin_json(o)) for k, o in result.provenance.items()))


def _origin_json(origin: object) -> str:
    to_json = getattr(origin, "to_json", None)
    return json.dumps(to_json() if callable(to_json) else str(origin), ensure_ascii=False, sort_keys=True)


def meta(loaded: Loaded) -> Meta:
    p = loaded.portable
    return Meta(loaded.path, p.agency if p else None, p.year if p else None, loaded.format_id)
