"""Year checks: the edition fits the report year, and the text names the report's own year.

:func:`year_mentions` finds where a narrative names another year as the report's
own (a statistics period, "YYYY年度"); plans and comparisons are normal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ..findings import Finding
from .base import BuildContext, Common, Kind, Rule
from .messages import Text

if TYPE_CHECKING:
    from ..report import Report
    from ..spec import ReportFormat

MESSAGES = {
    "edition.wrong_year": ("{year} 年度报告使用了 {format}（适用于 {years} 年度）{hint}",
                           "a {year} report uses {format} (for report years {years}){hint}"),
    "edition.cites_other": ("正文（{section}，第 {position} 字）引用了 {document}（{other} 的文件），但报告使用 {format}",
                            "the text ({section}, character {position}) cites {document} (the document of {other}), "
                            "but the report uses {format}"),
    "year.mismatch": ("{where}第 {position} 字写的是 {found} 年，报告年度为 {year}：“…{snippet}…”",
                      "{where} at character {position} names {found}, the report year is {year}: “…{snippet}…”"),
}

_DIGIT = "[0-9０-９]"
_PERIOD_START = frozenset("01０１")
_YEAR = re.compile(rf"(?<![0-9０-９])({_DIGIT}{{4}})\s*年")
_PERIOD = re.compile(
    rf"({_DIGIT}{{4}})\s*年\s*0?[1１]\s*月\s*0?[1１]\s*日\s*(?:起\s*)?(?:至|到|—|－|-|~|～)\s*"
    rf"(?:({_DIGIT}{{4}})\s*年\s*)?[1１][2２]\s*月\s*[3３][1１]\s*日"
)
# "YYYY年度" that legitimately names another year: comparisons ("较2018年度") and
# documents of that year published now ("2023年度部门决算", "2020年度工作计划").
_OTHER_YEAR_BEFORE = ("较", "比", "与", "同", "上", "截至", "截止", "自", "从", "于")
_OTHER_YEAR_AFTER = re.compile(r"\s*(?:部门|单位|政府|财政)?(?:预算|决算|计划|工作计划|工作要点|要点|目标)")


def year_mentions(text: str, year: int) -> list[tuple[int, int, str]]:
    """Places where ``text`` names a year other than ``year`` as the report's own.

    Returns ``(position, year found, what)`` with ``what`` "period" (a statistics
    period ``X年1月1日至X年12月31日``) or "year" (``X年度`` as the subject, not a
    comparison or a plan). Plans such as "2020年我局将…" are not reported.
    """
    found: list[tuple[int, int, str]] = []
    period_end = -1
    pos = text.find("年")
    # Scanning for 年 with str.find and looking back is ten times faster than a regex over the whole text.
    own = str(year)
    while pos >= 0:
        if text.startswith(own, pos - 4) and text[pos + 1:pos + 2] not in _PERIOD_START:
            pos = text.find("年", pos + 1)  # "2024年，…" in a 2024 report, the most common case: nothing to check
            continue
        before = text[pos - 1] if pos else ""
        start = _year_before(text, pos) if before.isdecimal() or before.isspace() else -1  # 全年, 年度报告: no year
        if start >= max(period_end, 0):  # start is -1 when there is no year
            named = int(text[start:start + 4])
            after = _skip_spaces(text, pos + 1)
            # a statistics period starts "X年1月1日" (or "X年01月01日"): try the long pattern only then
            period = _PERIOD.match(text, start) if text[after:after + 1] in _PERIOD_START else None
            if period is not None:
                period_end = period.end()
                other = next((g for g in (1, 2) if period.group(g) and int(period.group(g)) != year), None)
                if other is not None:
                    found.append((period.start(other), int(period.group(other)), "period"))
            elif named != year and text.startswith("度", after):
                before = text[max(0, start - 2): start].rstrip()
                if not before.endswith(_OTHER_YEAR_BEFORE) and not _OTHER_YEAR_AFTER.match(text, after + 1):
                    found.append((start, named, "year"))
        pos = text.find("年", pos + 1)
    return found


def _year_before(text: str, pos: int) -> int:
    """Where the four digits before the 年 at ``pos`` start (spaces allowed between), or -1."""
    end = pos
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end - 4
    if start < 0 or not text[start:end].isdecimal() or (start > 0 and text[start - 1].isdecimal()):
        return -1  # not four digits, or the tail of a longer number
    return start


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


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
            out.append(self.finding("edition.wrong_year", {
                "year": year, "format": fmt.id, "years": fmt.years_text, "hint": Text(hint_zh, hint_en)},
                actual=year))
        for other in others:
            # a variant of this edition (a provincial spec) cites the same document: not a mistake
            if other.id == fmt.id or not other.document_number or other.document_number == fmt.document_number:
                continue
            for sec_id, text in report.sections.items():
                pos = text.find(other.document_number)
                if pos >= 0:
                    out.append(self.finding("edition.cites_other", {
                        "section": sec_id, "position": pos + 1, "document": other.document_number,
                        "other": other.id, "format": fmt.id}))


@attrs.frozen(slots=True)
class YearConsistency(Rule):
    """Title, statistics period and "YYYY年度" in the text must name the report year.

    Plans ("2020年我局将…"), comparisons ("较2018年度") and other years' budgets
    ("2023年度部门决算") are normal and not flagged; see :func:`year_mentions`.
    """

    type_name: ClassVar[str] = "year_consistency"

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        year = report.year
        if report.title:
            for m in _YEAR.finditer(report.title):
                if int(m.group(1)) != year:
                    out.append(self._finding("标题", "the title", report.title, m.start(1), int(m.group(1)), year))
        for sec_id, text in report.sections.items():
            for pos, named, what in year_mentions(text, year):
                where_zh = f"统计期限（{sec_id}）" if what == "period" else f"正文（{sec_id}）"
                where_en = f"the statistics period ({sec_id})" if what == "period" else f"the text ({sec_id})"
                out.append(self._finding(where_zh, where_en, text, pos, named, year))

    def _finding(self, where_zh: str, where_en: str, text: str, pos: int, found: int, year: int) -> Finding:
        snippet = text[max(0, pos - 10): pos + 20].replace("\n", " ")
        return self.finding("year.mismatch", {"where": Text(where_zh, where_en), "position": pos + 1, "found": found,
                                              "year": year, "snippet": snippet},
                            expected=year, actual=found, difference=found - year)




def _build_edition(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
    return EditionYear(common.id, common.severity, common.zh, common.en, source=common.source, editions=ctx.editions)


def _build_years(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
    return YearConsistency(common.id, common.severity, common.zh, common.en, source=common.source)


EDITION_YEAR = Kind("edition_year", "the edition fits the report year; the text cites no other edition's document",
                    (), {k: v for k, v in MESSAGES.items() if k.startswith("edition.")}, _build_edition)
YEAR_CONSISTENCY = Kind("year_consistency", "the title, statistics period and 'YYYY年度' name the report year",
                        (), {k: v for k, v in MESSAGES.items() if k.startswith("year.")}, _build_years)
