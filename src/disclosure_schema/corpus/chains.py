"""Year chains: group a batch by agency, order by year, pair each report with its previous year.

Planning uses only each file's agency and year (:class:`~.portable.Meta`), so it
runs on the driver while the reports stay where they were read. It finds:

- the previous year's report of every report (the cross-year rules then run as
  ``validate(report, previous)`` does, across the 2020→2021 edition change too);
- gaps: a year between an agency's first and last report with no report (``chain.gap``;
  which agencies must report at all is a roll-up file's business: ``rollup.missing_unit``);
- duplicates: two reports of one agency-year; the later ones (in input order)
  are compared with the first cell by cell (``chain.duplicate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from ..findings import Finding, Severity, Status
from ..report import Report
from ..values import CellValue, Verbatim
from .cells import cell_ref, same, shown
from .names import AgencyNames
from .portable import Meta

GAP_RULE = "chain.gap"
DUPLICATE_RULE = "chain.duplicate"


@attrs.frozen
class ChainPlan:
    """Per file (by index): the previous year's file, the file it duplicates, findings about its chain."""

    keys: tuple[str | None, ...]
    previous: tuple[int | None, ...]
    duplicate_of: tuple[int | None, ...]
    findings: tuple[tuple[Finding, ...], ...]
    primary: dict[tuple[str, int], int]  # (agency key, year) → the file that stands for it


def plan_chains(metas: Sequence[Meta], names: AgencyNames, *, chains: bool = True) -> ChainPlan:
    """Group and order; with ``chains`` false only the grouping is made (for roll-ups)."""
    keys = tuple(names.key(m.agency) if m.agency is not None else None for m in metas)
    groups: dict[str, dict[int, list[int]]] = {}
    for i, (m, key) in enumerate(zip(metas, keys, strict=True)):
        if key and m.year is not None:  # a report that names no agency is nobody's previous year
            groups.setdefault(key, {}).setdefault(m.year, []).append(i)
    primary = {(key, year): files[0] for key, years in groups.items() for year, files in years.items()}
    n = len(metas)
    previous: list[int | None] = [None] * n
    duplicate_of: list[int | None] = [None] * n
    found: list[list[Finding]] = [[] for _ in range(n)]
    if not chains:
        return ChainPlan(keys, tuple(previous), tuple(duplicate_of), tuple(() for _ in range(n)), primary)
    for key, years in groups.items():
        for year, files in years.items():
            before = primary.get((key, year - 1))
            for i in files:
                previous[i] = before
            for i in files[1:]:
                duplicate_of[i] = files[0]
        present = sorted(years)
        for year in range(present[0] + 1, present[-1]):
            if year not in years:
                near = primary[(key, min(y for y in present if y > year))]
                found[near].append(_gap(metas[near].agency or key, year, present))
    return ChainPlan(keys, tuple(previous), tuple(duplicate_of), tuple(tuple(f) for f in found), primary)


def _gap(agency: str, year: int, present: list[int]) -> Finding:
    unchecked = year + 1 in present
    return Finding(
        GAP_RULE, Severity.WARNING, Status.FAILED, (),
        f"本批有“{agency}”{'、'.join(map(str, present))} 年度的报告，缺少 {year} 年度的"
        + (f"；{year + 1} 年度未做跨年核对" if unchecked else ""),
        f"the batch has reports of “{agency}” for {', '.join(map(str, present))} but none for {year}"
        + (f"; {year + 1} was not checked against its previous year" if unchecked else ""),
        expected=year,
    )


def compare_duplicate(report: Report, first: Report, first_path: str) -> Finding:
    """One finding on a second copy of an agency-year: identical (warning) or the cells that differ (error).

    Cells are compared as written (blank is not 0); a copy in another edition is
    compared on the cells both editions have. Narrative sections are compared too,
    by whole section.
    """
    other = Path(first_path).name
    keys = [k for k in report.format.cell_keys() if k in first.format.cell_kinds]
    differ = [k for k in keys if not same(report.cells.get(k), first.cells.get(k))]
    texts = [s.id for s in report.format.narrative_sections
             if report.sections.get(s.id, "").strip() != first.sections.get(s.id, "").strip()]
    if not differ and not texts:
        return Finding(DUPLICATE_RULE, Severity.WARNING, Status.FAILED, (),
                       f"与 {other} 是同一机关同一年度的报告，内容相同",
                       f"the same agency and year as {other}; the content is the same")
    cells = tuple(cell_ref(report.format, k) for k in differ)
    parts_zh = [f"{c.label}：{shown(first.cells.get(k))} → {shown(report.cells.get(k))}" for c, k in zip(cells, differ, strict=True)]
    parts_en = [f"{c.label}: {shown(first.cells.get(k))} → {shown(report.cells.get(k))}" for c, k in zip(cells, differ, strict=True)]
    if texts:
        parts_zh.append("正文不同：" + "、".join(texts))
        parts_en.append("text differs: " + ", ".join(texts))
    more = len(parts_zh) > 8
    single = differ[0] if len(differ) == 1 else None
    return Finding(
        DUPLICATE_RULE, Severity.ERROR, Status.FAILED, cells,
        f"与 {other} 是同一机关同一年度的报告，但有 {len(differ)} 个单元格不同：" + "；".join(parts_zh[:8]) + ("等" if more else ""),
        f"the same agency and year as {other}, but {len(differ)} cell(s) differ: " + "; ".join(parts_en[:8])
        + (" …" if more else ""),
        expected=_plain(first.cells.get(single)) if single else None,
        actual=_plain(report.cells.get(single)) if single else None,
    )


def _plain(value: CellValue) -> int | Decimal | str | None:
    return str(value) if isinstance(value, Verbatim) else value
