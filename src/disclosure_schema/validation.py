"""Validation: run every rule of a report's format and collect every finding."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Collection, Sequence

import attrs

from .findings import Finding, Severity, Status, ValidationResult, Waiver
from .report import Report
from .rules import Rule, Snapshot
from .rules.layout import Layout
from .spec import ReportFormat

PAIR_RULE = "reports.pair"
"""The id of the finding that says two reports do not form a consecutive pair."""
WAIVER_RULE = "reports.waiver"
"""The id of the finding that says a waiver or ``ignore`` names no rule of the format."""


def validate(report: Report, previous: Report | None = None, *, layout: Layout | None = None,
             ignore: Collection[str] = (), waivers: Sequence[Waiver] = ()) -> ValidationResult:
    """Check one report (and, given the prior year's report, the cross-report rules).

    Never stops at the first problem; blank or text cells make a rule
    ``not_assessable`` instead of being read as zero. With ``previous``, the pair
    must be the same agency in consecutive years, else one ``reports.pair`` error
    is reported and the cross-report rules are not run.

    ``layout``: the source's headings (see :func:`disclosure_schema.rules.layout.layout_of_text`),
    for the structure checks. ``ignore``: rule ids not to run at all. ``waivers`` (added to the
    report's own): rules whose findings stay in the result marked waived, with the reason.
    """
    out: list[Finding] = []
    if previous is not None:
        pair_ok = _check_pair(report, previous, out)
        if not pair_ok:
            previous = None
    snap = Snapshot.of(report)  # every cell read once, shared by the rules
    if layout is not None:
        snap = attrs.evolve(snap, layout=layout)
    rules = _rules(report.format, previous is not None)
    if ignore:
        _unknown(report.format, ignore, "ignore", out)
        rules = tuple(r for r in rules if r.id not in ignore)
    for rule in rules:
        rule.check_snapshot(snap, previous, out)
    all_waivers = (*report.waivers, *waivers)
    if all_waivers:
        _unknown(report.format, [w.rule for w in all_waivers], "waiver", out)
        reasons = {w.rule: w.reason for w in all_waivers}
        out = [attrs.evolve(f, waived=reasons[f.rule]) if f.rule in reasons else f for f in out]
    return ValidationResult(report.format.id, tuple(out), table_names(report.format))


def _unknown(fmt: ReportFormat, ids: Collection[str], what: str, out: list[Finding]) -> None:
    known = {r.id for r in fmt.rules} | {PAIR_RULE}
    for rid in ids:
        if rid not in known:
            out.append(Finding(
                WAIVER_RULE, Severity.WARNING, Status.FAILED, (),
                f"{'豁免' if what == 'waiver' else '忽略'}的规则 {rid} 不是 {fmt.id} 的规则",
                f"the {what} names {rid}, which is no rule of {fmt.id}", code="", params={"rule": rid}))


@functools.lru_cache(maxsize=128)
def _rules(fmt: ReportFormat, with_previous: bool) -> tuple[Rule, ...]:
    return tuple(r for r in fmt.rules if with_previous or not r.cross_report)


@functools.lru_cache(maxsize=64)
def table_names(fmt: ReportFormat) -> tuple[tuple[str, str], ...]:
    """``(table id, name for people)`` in spec order: "B表 收到和处理政府信息公开申请情况"."""
    return tuple((t.id, f"{t.aliases[0]}表 {t.label}" if t.aliases else t.label) for t in fmt.tables)


def _same_agency(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).split())
    return norm(a) == norm(b)


def _check_pair(report: Report, previous: Report, out: list[Finding]) -> bool:
    """A consecutive pair is required; another edition is allowed (2020 on gov-2019, 2021 on gov-2021)."""
    problems_zh, problems_en = [], []
    if previous.year != report.year - 1:
        problems_zh.append(f"上年报告是 {previous.year} 年度的，应为 {report.year - 1} 年度")
        problems_en.append(f"the previous report is for {previous.year}, not {report.year - 1}")
    if not _same_agency(previous.agency, report.agency):
        problems_zh.append(f"机关不同（“{previous.agency}”与“{report.agency}”）")
        problems_en.append(f"the agencies differ (“{previous.agency}” and “{report.agency}”)")
    if problems_zh:
        out.append(Finding(
            PAIR_RULE, Severity.ERROR, Status.FAILED, (),
            "两份报告不是同一机关相邻两年的报告，未做跨年核对：" + "；".join(problems_zh),
            "the two reports are not one agency's consecutive years, so no cross-year check was made: "
            + "; ".join(problems_en),
            expected=report.year - 1, actual=previous.year, difference=previous.year - (report.year - 1),
        ))
        return False
    if previous.format.id != report.format.id:
        out.append(Finding(
            PAIR_RULE, Severity.WARNING, Status.FAILED, (),
            f"两年使用不同格式（{previous.format.id} → {report.format.id}），只核对两种格式共有的单元格",
            f"the two years use different formats ({previous.format.id} → {report.format.id}); "
            "only the cells both formats have are compared",
        ))
    return True
