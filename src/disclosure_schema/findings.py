"""Findings: what validation reports, one per failed or unassessable check, and their two views."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Status(enum.Enum):
    FAILED = "failed"
    NOT_ASSESSABLE = "not_assessable"  # an input is blank or not a number


@attrs.frozen(slots=True)
class CellRef:
    """A cell by semantic address, with its official labels for people.

    ``previous`` is true for a cell of the previous year's report (cross-report rules).
    """

    table: str
    row: str
    column: str
    label: str
    previous: bool = False

    def to_json(self) -> dict[str, object]:
        return {"table": self.table, "row": self.row, "column": self.column, "label": self.label,
                "previous": self.previous}


Number = int | Decimal


@attrs.frozen(slots=True)
class Finding:
    """One failed or unassessable check.

    ``expected``/``actual``/``difference``: for an equation, the sum of the first
    side, the sum of the second and ``actual - expected``; for a sum rule, the
    sum of the parts and the written total. ``where_zh``/``where_en`` name the
    column or row an equation runs in ("自然人列"), empty for other rules.
    """

    rule: str
    severity: Severity
    status: Status
    cells: tuple[CellRef, ...]
    message_zh: str
    message_en: str
    expected: Number | str | None = None
    actual: Number | str | None = None
    difference: Number | None = None
    where_zh: str = ""
    where_en: str = ""
    # The catalogue code and its parameters (the message is the code's template filled with them).
    code: str = ""
    params: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    waived: str | None = None  # the written reason of a waiver: shown, but no longer an error

    @property
    def table(self) -> str | None:
        return self.cells[0].table if self.cells else None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR and self.status is Status.FAILED and self.waived is None

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
            "where": {"zh": self.where_zh, "en": self.where_en},
            "message": {"zh": self.message_zh, "en": self.message_en},
            "code": self.code,
            "params": {k: _json_param(v) for k, v in self.params.items()},
            "waived": self.waived,
        }


def _json_param(value: object) -> object:
    from .rules.messages import json_param

    return json_param(value)


@attrs.frozen(slots=True)
class Waiver:
    """A rule a report's author or reviewer set aside, with the written reason.

    Its findings stay in the result, marked waived (never an error), so that a
    reader sees what was set aside and why.
    """

    rule: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "reason": self.reason}


def _json_number(value: Number | str | None) -> object:
    # Decimals go out as strings so that no digit is lost; ints stay ints.
    if isinstance(value, Decimal):
        return str(value)
    return value


_DOCUMENT = "document"


@attrs.frozen(slots=True)
class ValidationResult:
    """Every finding for one report (and its previous year's, when given).

    ``tables`` lists ``(table id, name for people)`` in spec order, for the summary.
    """

    format_id: str
    findings: tuple[Finding, ...]
    tables: tuple[tuple[str, str], ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Failed checks of severity error: the report is wrong."""
        return tuple(f for f in self.findings if f.is_error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Everything that is not an error: failed warnings and unassessable checks."""
        return tuple(f for f in self.findings if not f.is_error)

    @property
    def waived(self) -> tuple[Finding, ...]:
        """Findings of waived rules: kept, with the waiver's reason, never errors."""
        return tuple(f for f in self.findings if f.waived is not None)

    @property
    def not_assessable(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is Status.NOT_ASSESSABLE)

    @property
    def ok(self) -> bool:
        """No failed error (warnings and unassessable checks allowed)."""
        return not any(f.is_error for f in self.findings)

    def by_rule(self, rule: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule == rule)

    def to_json(self) -> dict[str, object]:
        return {"format": self.format_id, "findings": [f.to_json() for f in self.findings]}

    def summary(self, lang: str = "zh") -> str:
        """For people: grouped by table, errors first, then warnings, then unassessable checks.

        The unassessable instances of one rule collapse into one line that lists
        where they are, so that an empty table does not print a line per column.
        """
        zh = lang == "zh"
        if not self.findings:
            return "未发现问题。" if zh else "No findings."
        names = dict(self.tables)
        groups: dict[str, list[Finding]] = {t: [] for t, _ in self.tables}
        for f in self.findings:
            groups.setdefault(f.table or _DOCUMENT, []).append(f)
        n_err = sum(1 for f in self.findings if f.is_error)
        n_waived = sum(1 for f in self.findings if f.waived is not None)
        n_warn = sum(1 for f in self.findings if not f.is_error and f.status is Status.FAILED and f.waived is None)
        n_na = len(self.findings) - n_err - n_warn - n_waived
        lines = [f"错误 {n_err} 项，警告 {n_warn} 项，无法核验 {n_na} 项" if zh else
                 f"{n_err} error(s), {n_warn} warning(s), {n_na} unassessable check(s)"]
        if n_waived:
            lines[0] += f"，已豁免 {n_waived} 项" if zh else f", {n_waived} waived"
        for table, items in groups.items():
            if not items:
                continue
            title = names.get(table, table) if table != _DOCUMENT else ("全文" if zh else "the document")
            lines.append(f"[{title}]")
            lines += _group_lines(items, zh)
        return "\n".join(lines)


def _rank(f: Finding) -> int:
    if f.waived is not None:
        return 3
    if f.status is Status.NOT_ASSESSABLE:
        return 2
    return 0 if f.severity is Severity.ERROR else 1


def _group_lines(items: list[Finding], zh: bool) -> list[str]:
    lines: list[str] = []
    waived: list[str] = []
    unassessed: dict[str, list[Finding]] = {}
    for f in sorted(items, key=_rank):  # sorted() is stable: spec order within a rank
        if f.waived is not None:
            waived.append(f"  {_tag(f, zh)} {f.rule}: {f.message('zh' if zh else 'en')}")
        elif f.status is Status.NOT_ASSESSABLE and f.where_zh:
            unassessed.setdefault(f.rule, []).append(f)
        else:
            lines.append(f"  {_tag(f, zh)} {f.rule}: {f.message('zh' if zh else 'en')}")
    for rule, fs in unassessed.items():
        places = [f.where_zh if zh else f.where_en for f in fs]
        cells = {(c.table, c.row, c.column, c.previous) for f in fs for c in f.cells}
        shown = ("、" if zh else ", ").join(places[:8]) + (("等" if zh else " …") if len(places) > 8 else "")
        count = (f"{len(fs)} 处：" if zh else f"{len(fs)} places: ") if len(fs) > 1 else ""
        if zh:
            lines.append(f"  无法核验 {rule}: {count}{shown}（{len(cells)} 个单元格空白或不是数字）")
        else:
            lines.append(f"  not assessable {rule}: {count}{shown} ({len(cells)} cell(s) blank or not a number)")
    return lines + waived


def _tag(f: Finding, zh: bool) -> str:
    if f.waived is not None:
        return f"已豁免（{f.waived}）" if zh else f"waived ({f.waived})"
    if f.status is Status.NOT_ASSESSABLE:
        return "无法核验" if zh else "not assessable"
    if f.severity is Severity.ERROR:
        return "错误" if zh else "error"
    return "警告" if zh else "warning"
