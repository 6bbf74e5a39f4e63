"""Validation: run every rule of a report's format and collect every finding."""

from __future__ import annotations

from .findings import Finding, ValidationResult
from .report import Report


def validate(report: Report, previous: Report | None = None) -> ValidationResult:
    """Check one report (and, given the prior year's report, the cross-report rules).

    Never stops at the first problem; blank or text cells make a rule
    ``not_assessable`` instead of being read as zero.
    """
    out: list[Finding] = []
    for rule in report.format.rules:
        rule.check(report, previous, out)
    return ValidationResult(report.format.id, tuple(out))
