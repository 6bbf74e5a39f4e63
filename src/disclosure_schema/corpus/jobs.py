"""Stage two: check one file with what its group gives it, and build its outcome.

A :class:`FileJob` names the file and, by index into stage one's results, its
previous year's report, the first copy it duplicates and the units of its
roll-ups. :func:`run_file_job` is pure: the same job on the same inputs gives
the same outcome whether it runs here or on a cluster node.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..cli import Outcome
from ..findings import Finding, ValidationResult
from ..report import Report
from ..validation import table_names, validate
from .chains import compare_duplicate
from .portable import Loaded
from .rollup import RollupJob, check_rollup


@attrs.frozen
class FileJob:
    index: int
    lang: str = "zh"
    previous: int | None = None
    duplicate_of: int | None = None
    rollups: tuple[RollupJob, ...] = ()
    findings: tuple[Finding, ...] = ()  # found while planning (gaps)
    rows: bool = False  # also return the report's dataset rows (export)
    ignore: tuple[str, ...] = ()  # rule ids not run (validate --ignore)

    @property
    def refs(self) -> tuple[int, ...]:
        """The other files this job reads, in the order :func:`run_file_job` takes them."""
        out = [i for i in (self.previous, self.duplicate_of) if i is not None]
        return (*out, *(u for r in self.rollups for u in r.units))


@attrs.frozen
class FileResult:
    outcome: Outcome
    rows: tuple[dict[str, object], ...] = ()


def run_file_job(job: FileJob, loaded: Loaded, *others: Loaded) -> FileResult:
    if loaded.portable is None:
        return FileResult(Outcome(loaded.path, error=loaded.error))
    refs = dict(zip(job.refs, others, strict=True))
    report = loaded.portable.report()
    previous = None
    if job.previous is not None:
        before = _report(refs[job.previous])
        # one agency by the alias file, maybe under its old name: check the pair as one agency's
        previous = before.with_meta(agency=report.agency) if before.agency != report.agency else before
    result = validate(report, previous, ignore=job.ignore)
    extra: list[Finding] = list(job.findings)
    if job.duplicate_of is not None:
        first = refs[job.duplicate_of]
        extra.append(compare_duplicate(report, _report(first), first.path))
    for rollup in job.rollups:
        extra += check_rollup(report, rollup, [_report(refs[i]) for i in rollup.units])
    checked = ValidationResult(result.format_id, result.findings + tuple(extra), table_names(report.format))
    outcome = Outcome(
        loaded.path, report.format.id, f"{report.agency} {report.year}",
        findings=tuple(f.to_json() for f in checked.findings), summary=checked.summary(job.lang),
        n_errors=len(checked.errors), n_warnings=len(checked.warnings), diagnostics=loaded.diagnostics,
    )
    if not job.rows:
        return FileResult(outcome)
    from .export import report_rows

    return FileResult(outcome, report_rows(report, loaded.path, dict(loaded.provenance)))


def _report(loaded: Loaded) -> Report:
    assert loaded.portable is not None  # planning only refers to files that were read
    return loaded.portable.report()


def run_packed(packed: tuple[FileJob, Loaded, Sequence[Loaded]]) -> FileResult:
    """:func:`run_file_job` with one argument, for process pools."""
    job, loaded, others = packed
    return run_file_job(job, loaded, *others)
