"""Reusable invariant classes. Specs instantiate them; nothing here knows a particular table.

Each class is bound to its format by the loader (``bind``), which turns ids into
precomputed cell keys so that checking a report is a few dictionary look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .findings import CellRef, Finding, Severity, Status
from .values import CellKind, CellValue, Verbatim, format_value

if TYPE_CHECKING:
    from .report import Report
    from .spec import CellKey, ReportFormat

Number = int | Decimal
Cells = Mapping["CellKey", CellValue]


@attrs.frozen(slots=True)
class Term:
    """One cell in an equation, with its sign and a short label for messages."""

    key: CellKey
    sign: int
    short: str
    label: str


@attrs.frozen(slots=True)
class Instance:
    """One concrete equation: ``Σ lhs = Σ rhs`` in one column (or row)."""

    along: str  # "自然人" — the column (or row) the equation runs in
    along_en: str
    lhs: tuple[Term, ...]
    rhs: tuple[Term, ...]
    lhs_plus: tuple[CellKey, ...]
    lhs_minus: tuple[CellKey, ...]
    rhs_plus: tuple[CellKey, ...]
    rhs_minus: tuple[CellKey, ...]


def make_instance(along: str, along_en: str, lhs: Sequence[Term], rhs: Sequence[Term]) -> Instance:
    return Instance(
        along, along_en, tuple(lhs), tuple(rhs),
        tuple(t.key for t in lhs if t.sign > 0), tuple(t.key for t in lhs if t.sign < 0),
        tuple(t.key for t in rhs if t.sign > 0), tuple(t.key for t in rhs if t.sign < 0),
    )


@attrs.frozen(slots=True)
class Rule:
    """Base of every invariant: a stable id, a severity and its description in two languages."""

    type_name: ClassVar[str] = ""
    id: str
    severity: Severity
    zh: str
    en: str

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        raise NotImplementedError

    @property
    def cross_report(self) -> bool:
        return False


def _sum(cells: Cells, plus: tuple[CellKey, ...], minus: tuple[CellKey, ...]) -> Any:
    # Raises TypeError when a value is blank or text: the caller then explains which.
    total = sum([cells[k] if k in cells else None for k in plus])  # type: ignore[misc]
    if minus:
        total -= sum([cells[k] if k in cells else None for k in minus])  # type: ignore[misc]
    return total


def _expr(terms: Sequence[Term], values: Sequence[CellValue]) -> tuple[str, str]:
    names, nums = "", ""
    for i, (t, v) in enumerate(zip(terms, values, strict=True)):
        op = ("-" if t.sign < 0 else "+") if i else ("-" if t.sign < 0 else "")
        names += op + t.short
        shown = format_value(v) or "空"
        nums += op + (f"({shown})" if isinstance(v, int | Decimal) and v < 0 else shown)
    return names, nums


def _ref(term: Term) -> CellRef:
    table, row, column = term.key
    return CellRef(table, row, column, term.label)


@attrs.frozen(slots=True)
class Equation(Rule):
    """``Σ lhs = Σ rhs`` in every column (axis ``rows``) or every row (axis ``columns``)."""

    type_name: ClassVar[str] = "balance"
    instances: tuple[Instance, ...] = ()

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        cells = report.cells
        for inst in self.instances:
            try:
                left = _sum(cells, inst.lhs_plus, inst.lhs_minus)
                right = _sum(cells, inst.rhs_plus, inst.rhs_minus)
            except TypeError:
                out.append(self._unassessable(inst, cells, cells))
                continue
            if left != right:
                out.append(self._failed(inst, cells, cells, left, right))

    def _values(self, inst: Instance, lcells: Cells, rcells: Cells) -> tuple[list[CellValue], list[CellValue]]:
        return [lcells.get(t.key) for t in inst.lhs], [rcells.get(t.key) for t in inst.rhs]

    def _unassessable(self, inst: Instance, lcells: Cells, rcells: Cells) -> Finding:
        lv, rv = self._values(inst, lcells, rcells)
        bad = [(t, v) for t, v in zip(inst.lhs + inst.rhs, lv + rv, strict=True) if not isinstance(v, int | Decimal)]
        blanks = "、".join(f"{t.short}（{'空白' if v is None else format_value(v)}）" for t, v in bad)
        blanks_en = ", ".join(f"{t.short} ({'blank' if v is None else format_value(v)})" for t, v in bad)
        return Finding(
            self.id, self.severity, Status.NOT_ASSESSABLE, tuple(_ref(t) for t, _ in bad),
            f"{inst.along}：无法核验（{self.zh}），因为 {blanks} 不是数字",
            f"{inst.along_en}: cannot check ({self.en}) because {blanks_en} is not a number",
        )

    def _failed(self, inst: Instance, lcells: Cells, rcells: Cells, left: Number, right: Number) -> Finding:
        lv, rv = self._values(inst, lcells, rcells)
        ln, lnum = _expr(inst.lhs, lv)
        rn, rnum = _expr(inst.rhs, rv)
        diff = right - left
        arith = f"{ln} = {lnum} = {left}，{rn} = {rnum} = {right}，相差 {abs(diff)}"
        arith_en = f"{ln} = {lnum} = {left}, {rn} = {rnum} = {right}, off by {abs(diff)}"
        return Finding(
            self.id, self.severity, Status.FAILED, tuple(_ref(t) for t in inst.lhs + inst.rhs),
            f"{inst.along}：{arith}（{self.zh}）",
            f"{inst.along_en}: {arith_en} ({self.en})",
            expected=left, actual=right, difference=diff,
        )


@attrs.frozen(slots=True)
class Sum(Equation):
    """A total equals the sum of its parts: ``total = Σ parts`` (lhs is the parts)."""

    type_name: ClassVar[str] = "sum"


@attrs.frozen(slots=True)
class Balance(Equation):
    """Σ one side = Σ the other side."""

    type_name: ClassVar[str] = "balance"


@attrs.frozen(slots=True)
class Continuity(Equation):
    """Across two reports of one agency: ``Σ current-year terms = Σ previous-year terms``.

    Carry-over (year N's 四 = year N+1's 二) and stock continuity are both of this shape.
    """

    type_name: ClassVar[str] = "continuity"

    @property
    def cross_report(self) -> bool:
        return True

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        if previous is None or previous.format.id != report.format.id:
            return
        cur, prev = report.cells, previous.cells
        for inst in self.instances:  # lhs: previous report, rhs: this report
            try:
                left = _sum(prev, inst.lhs_plus, inst.lhs_minus)
                right = _sum(cur, inst.rhs_plus, inst.rhs_minus)
            except TypeError:
                out.append(self._unassessable(inst, prev, cur))
                continue
            if left != right:
                out.append(self._failed(inst, prev, cur, left, right))


@attrs.frozen(slots=True)
class Kinds(Rule):
    """Counts are non-negative integers, signed counts integers, amounts non-negative decimals."""

    type_name: ClassVar[str] = "kinds"
    kinds: tuple[tuple[CellKey, CellKind, str], ...] = ()

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        cells = report.cells
        for key, kind, label in self.kinds:
            value = cells.get(key)
            tv = type(value)
            if tv is int:
                if kind is CellKind.AMOUNT or (kind is CellKind.COUNT and value < 0):  # type: ignore[operator]
                    out.append(self._bad(key, kind, label, value))
            elif tv is Decimal:
                if kind is not CellKind.AMOUNT or value < 0:  # type: ignore[operator]
                    out.append(self._bad(key, kind, label, value))

    def _bad(self, key: CellKey, kind: CellKind, label: str, value: CellValue) -> Finding:
        zh = {CellKind.COUNT: "非负整数", CellKind.SIGNED_COUNT: "整数", CellKind.AMOUNT: "非负金额"}[kind]
        en = {CellKind.COUNT: "a non-negative integer", CellKind.SIGNED_COUNT: "an integer",
              CellKind.AMOUNT: "a non-negative amount"}[kind]
        return Finding(
            self.id, self.severity, Status.FAILED, (CellRef(*key, label),),
            f"{label}：填写的是 {value}，应为{zh}", f"{label}: holds {value}, must be {en}",
            expected=None, actual=value if isinstance(value, int | Decimal) else None,
        )


@attrs.frozen(slots=True)
class Complete(Rule):
    """Cells that must hold a number: blank and text cells are reported, one finding per table."""

    type_name: ClassVar[str] = "complete"
    required: tuple[tuple[str, tuple[tuple[CellKey, str], ...]], ...] = ()  # per table

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        cells = report.cells
        for table, keys in self.required:
            blank = [(k, lab) for k, lab in keys if cells.get(k) is None]
            text = [(k, lab) for k, lab in keys if isinstance(cells.get(k), Verbatim)]
            if blank:
                shown = "、".join(lab for _, lab in blank[:5]) + ("等" if len(blank) > 5 else "")
                out.append(Finding(
                    self.id, self.severity, Status.FAILED, tuple(CellRef(*k, lab) for k, lab in blank),
                    f"表 {table} 有 {len(blank)} 个单元格空白：{shown}（空白不等于0）",
                    f"table {table} has {len(blank)} blank cell(s): {shown} (blank is not zero)",
                ))
            if text:
                shown = "、".join(f"{lab}“{format_value(cells.get(k))}”" for k, lab in text[:5])
                out.append(Finding(
                    self.id, self.severity, Status.FAILED, tuple(CellRef(*k, lab) for k, lab in text),
                    f"表 {table} 有 {len(text)} 个单元格不是数字：{shown}",
                    f"table {table} has {len(text)} cell(s) holding text, not a number: {shown}",
                ))


_YEAR_DU = re.compile(r"(\d{4})\s*年度")
_PERIOD = re.compile(r"(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*至\s*(\d{4})\s*年\s*12\s*月\s*31\s*日")
_ANY_YEAR = re.compile(r"(\d{4})\s*年")


@attrs.frozen(slots=True)
class EditionYear(Rule):
    """The edition must fit the report year, and the text must not cite another edition's document."""

    type_name: ClassVar[str] = "edition_year"
    editions: Callable[[], Sequence[ReportFormat]] | None = attrs.field(default=None, eq=False, repr=False)

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        fmt, year = report.format, report.year
        others = list(self.editions()) if self.editions else []
        if not fmt.applies_to(year):
            fit = [f.id for f in others if f.applies_to(year)]
            hint_zh = f"，应使用 {'、'.join(fit)}" if fit else ""
            hint_en = f"; use {', '.join(fit)}" if fit else ""
            out.append(Finding(
                self.id, self.severity, Status.FAILED, (),
                f"{year} 年度报告使用了 {fmt.id}（适用于 {fmt.years_text} 年度）{hint_zh}",
                f"a {year} report uses {fmt.id} (for report years {fmt.years_text}){hint_en}",
                expected=None, actual=year,
            ))
        for other in others:
            if other.id == fmt.id or not other.document_number:
                continue
            for sec_id, text in report.sections.items():
                pos = text.find(other.document_number)
                if pos >= 0:
                    out.append(Finding(
                        self.id, self.severity, Status.FAILED, (),
                        f"正文（{sec_id}，第 {pos + 1} 字）引用了 {other.document_number}（{other.id} 的文件），"
                        f"但报告使用 {fmt.id}",
                        f"the text ({sec_id}, character {pos + 1}) cites {other.document_number} "
                        f"(the document of {other.id}), but the report uses {fmt.id}",
                    ))


@attrs.frozen(slots=True)
class YearConsistency(Rule):
    """Title, statistics period and "YYYY年度" in the text must name the report year.

    Years in plans ("2020年将…") are normal and not flagged; only "YYYY年度", the
    statistics period and the title are read.
    """

    type_name: ClassVar[str] = "year_consistency"

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        year = report.year
        if report.title:
            for m in _ANY_YEAR.finditer(report.title):
                if int(m.group(1)) != year:
                    out.append(self._finding("标题", "the title", report.title, m.start(), int(m.group(1)), year))
        for sec_id, text in report.sections.items():
            for m in _PERIOD.finditer(text):
                for g in (1, 2):
                    if int(m.group(g)) != year:
                        out.append(self._finding(f"统计期限（{sec_id}）", f"the statistics period ({sec_id})",
                                                 text, m.start(), int(m.group(g)), year))
                        break
            for m in _YEAR_DU.finditer(text):
                if int(m.group(1)) != year:
                    out.append(self._finding(f"正文（{sec_id}）", f"the text ({sec_id})", text, m.start(),
                                             int(m.group(1)), year))

    def _finding(self, where_zh: str, where_en: str, text: str, pos: int, found: int, year: int) -> Finding:
        snippet = text[max(0, pos - 8): pos + 16].replace("\n", " ")
        return Finding(
            self.id, self.severity, Status.FAILED, (),
            f"{where_zh}第 {pos + 1} 字写的是 {found} 年度，报告年度为 {year}：“…{snippet}…”",
            f"{where_en} at character {pos + 1} names {found}, the report year is {year}: “…{snippet}…”",
            expected=year, actual=found, difference=found - year,
        )


RULE_TYPES: dict[str, type[Rule]] = {
    cls.type_name: cls for cls in (Sum, Balance, Continuity, Kinds, Complete, EditionYear, YearConsistency)
}
