"""Findings: what validation reports, one per failed or unassessable check."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Status(enum.Enum):
    FAILED = "failed"
    NOT_ASSESSABLE = "not_assessable"  # an input is blank or not a number


@attrs.frozen(slots=True)
class CellRef:
    """A cell by semantic address, with its official labels for people."""

    table: str
    row: str
    column: str
    label: str

    def to_json(self) -> dict[str, str]:
        return {"table": self.table, "row": self.row, "column": self.column, "label": self.label}


Number = int | Decimal


@attrs.frozen(slots=True)
class Finding:
    rule: str
    severity: Severity
    status: Status
    cells: tuple[CellRef, ...]
    message_zh: str
    message_en: str
    expected: Number | str | None = None
    actual: Number | str | None = None
    difference: Number | None = None

    @property
    def table(self) -> str | None:
        return self.cells[0].table if self.cells else None

    def message(self, lang: str = "zh") -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "status": self.status.value,
            "cells": [c.to_json() for c in self.cells],
            "expected": _json_number(self.expected),
            "actual": _json_number(self.actual),
            "difference": _json_number(self.difference),
            "message": {"zh": self.message_zh, "en": self.message_en},
        }


def _json_number(value: Number | str | None) -> object:
    # Decimals go out as strings so that no digit is lost; ints stay ints.
    if isinstance(value, Decimal):
        return str(value)
    return value


@attrs.frozen(slots=True)
class ValidationResult:
    """Every finding for one report (and its previous year's, when given)."""

    format_id: str
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR and f.status is Status.FAILED)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f not in self.errors)

    @property
    def ok(self) -> bool:
        """No failed error (warnings and unassessable checks allowed)."""
        return not self.errors

    def by_rule(self, rule: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule == rule)

    def to_json(self) -> dict[str, object]:
        return {"format": self.format_id, "findings": [f.to_json() for f in self.findings]}

    def summary(self, lang: str = "zh") -> str:
        """For people: grouped by table, errors first, then warnings and unassessable checks."""
        if not self.findings:
            return "未发现问题。" if lang == "zh" else "No findings."
        groups: dict[str, list[Finding]] = {}
        for f in self.findings:
            groups.setdefault(f.table or "document", []).append(f)
        order = {(Severity.ERROR, Status.FAILED): 0, (Severity.WARNING, Status.FAILED): 1}
        lines: list[str] = []
        n_err, n_other = len(self.errors), len(self.findings) - len(self.errors)
        if lang == "zh":
            lines.append(f"错误 {n_err} 项，警告及无法核验 {n_other} 项")
        else:
            lines.append(f"{n_err} error(s), {n_other} warning(s) or unassessable check(s)")
        for table, items in groups.items():
            lines.append(f"[{table}]")
            for f in sorted(items, key=lambda x: order.get((x.severity, x.status), 2)):
                tag = _tag(f, lang)
                lines.append(f"  {tag} {f.rule}: {f.message(lang)}")
        return "\n".join(lines)


def _tag(f: Finding, lang: str) -> str:
    if f.status is Status.NOT_ASSESSABLE:
        return "无法核验" if lang == "zh" else "not assessable"
    if f.severity is Severity.ERROR:
        return "错误" if lang == "zh" else "error"
    return "警告" if lang == "zh" else "warning"
