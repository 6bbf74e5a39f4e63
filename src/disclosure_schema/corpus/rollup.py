"""Roll-ups: a parent's report against the sum of its units' reports.

A mapping file (TOML) names each parent and its units (a region and its
departments, a bureau and its offices):

    [[rollup]]
    parent = "某县人民政府"
    units = ["某县教育局", "某县公安局"]

Which cells add up is declared by the format (``rollup = "sum"`` on a table or a
column of the spec), not here and not in code. For every year the parent has a
report: units without a report that year are named (``rollup.missing_unit``) and
the sums are then not compared; otherwise every summing cell is compared
(``rollup.sum``). Counts must match exactly; amounts (rounded quantities, 万元)
may differ by half a unit of their last written decimal per report added.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from ..errors import ReadError
from ..findings import Finding, Severity, Status
from ..report import Report
from ..spec import CellKey, ReportFormat
from ..values import CellKind, is_number
from .cells import cell_ref, shown
from .names import AgencyNames, normalise, read_toml

SUM_RULE = "rollup.sum"
MISSING_RULE = "rollup.missing_unit"
FORMAT_RULE = "rollup.format"


@attrs.frozen
class Family:
    parent: str  # as written in the mapping file
    units: tuple[str, ...]


def load_rollups(path: str | Path) -> tuple[Family, ...]:
    source = str(path)
    data = read_toml(path)
    unknown = sorted(set(data) - {"rollup"})
    if unknown:
        raise ReadError(source, unknown[0], "unknown key; a roll-up file has [[rollup]] entries")
    items = data.get("rollup", [])
    if not isinstance(items, list) or not items:
        raise ReadError(source, "rollup", "needs at least one [[rollup]] entry with parent and units")
    out = []
    for i, item in enumerate(items):
        entry = f"rollup[{i}]"
        if not isinstance(item, dict) or set(item) - {"parent", "units"}:
            raise ReadError(source, entry, "an entry has parent = NAME and units = [NAMES]")
        parent, units = item.get("parent"), item.get("units")
        if not isinstance(parent, str) or not parent.strip():
            raise ReadError(source, f"{entry}.parent", "must be an agency name")
        if not isinstance(units, list) or not units or not all(isinstance(u, str) and u.strip() for u in units):
            raise ReadError(source, f"{entry}.units", "must be a non-empty list of agency names")
        if normalise(parent) in {normalise(u) for u in units}:
            raise ReadError(source, f"{entry}.units", f"{parent!r} is the parent; a unit is another agency")
        out.append(Family(parent, tuple(units)))
    return tuple(out)


@attrs.frozen
class RollupJob:
    """One parent-year: the unit files present (by index) and the units with no report."""

    parent: str
    units: tuple[int, ...]
    unit_names: tuple[str, ...]
    missing: tuple[str, ...]


def plan_rollups(families: Sequence[Family], names: AgencyNames,
                 primary: dict[tuple[str, int], int]) -> dict[int, tuple[RollupJob, ...]]:
    """Per parent file (by index), its roll-up checks."""
    years_of: dict[str, list[int]] = {}
    for key, year in primary:
        years_of.setdefault(key, []).append(year)
    out: dict[int, list[RollupJob]] = {}
    for fam in families:
        pkey = names.key(fam.parent)
        units = [u for u in fam.units if names.key(u) != pkey]  # an alias may make a unit its parent
        for year in sorted(years_of.get(pkey, [])):
            present = [(u, primary[(names.key(u), year)]) for u in units if (names.key(u), year) in primary]
            missing = tuple(u for u in units if (names.key(u), year) not in primary)
            job = RollupJob(fam.parent, tuple(i for _, i in present), tuple(u for u, _ in present), missing)
            out.setdefault(primary[(pkey, year)], []).append(job)
    return {k: tuple(v) for k, v in out.items()}


def summing_cells(fmt: ReportFormat) -> list[CellKey]:
    """The cells the format declares to add up over units, in spec order."""
    return [(t.id, row.id, col.id) for t in fmt.tables for _, row, col in t.cells() if t.rolls_up(col)]


def check_rollup(parent: Report, job: RollupJob, units: Sequence[Report]) -> list[Finding]:
    n = len(job.unit_names) + len(job.missing)
    if job.missing:
        listed = "、".join(job.missing)
        return [Finding(
            MISSING_RULE, Severity.ERROR, Status.FAILED, (),
            f"{parent.year} 年度缺少所属单位的报告：{listed}（共 {n} 个单位，未核对合计）",
            f"no {parent.year} report of unit(s) {', '.join(job.missing)} (of {n}); the sums were not checked",
            expected=n, actual=n - len(job.missing), difference=-len(job.missing),
        )]
    other = [name for name, u in zip(job.unit_names, units, strict=True) if u.format.id != parent.format.id]
    if other:
        return [Finding(
            FORMAT_RULE, Severity.WARNING, Status.NOT_ASSESSABLE, (),
            f"所属单位 {'、'.join(other)} 的报告与本报告格式不同（{parent.format.id}），未核对合计",
            f"unit(s) {', '.join(other)} use another format than this report ({parent.format.id}); "
            "the sums were not checked",
        )]
    out: list[Finding] = []
    kinds = parent.format.cell_kinds
    for key in summing_cells(parent.format):
        mine = parent.cells.get(key)
        theirs = [u.cells.get(key) for u in units]
        ref = cell_ref(parent.format, key)
        if not is_number(mine) or not all(is_number(v) for v in theirs):
            bad = [name for name, v in zip(job.unit_names, theirs, strict=True) if not is_number(v)]
            whose = ("本报告" if not is_number(mine) else "") + ("、".join(bad) if bad else "")
            out.append(Finding(
                SUM_RULE, Severity.ERROR, Status.NOT_ASSESSABLE, (ref,),
                f"{ref.label}：{whose} 空白或不是数字（{shown(mine)}），无法核对合计",
                f"{ref.label}: blank or not a number in {'this report' if not is_number(mine) else ''}"
                f"{', '.join(bad)}; the sum cannot be checked",
                where_zh=ref.label, where_en=ref.label,
            ))
            continue
        numbers = [v for v in theirs if isinstance(v, int | Decimal)]
        assert isinstance(mine, int | Decimal) and len(numbers) == len(theirs)
        total: int | Decimal = Decimal(0) if kinds[key] is CellKind.AMOUNT else 0
        for v in numbers:
            total += v
        diff: int | Decimal = mine - total
        if diff and abs(Decimal(diff)) > _tolerance(kinds[key], [mine, *numbers], len(units)):
            out.append(Finding(
                SUM_RULE, Severity.ERROR, Status.FAILED, (ref,),
                f"{ref.label}：本报告填报 {mine}，所属 {len(units)} 个单位合计 {total}，相差 {diff}",
                f"{ref.label}: this report gives {mine}, its {len(units)} unit(s) add up to {total}; off by {diff}",
                expected=total, actual=mine, difference=diff,
            ))
    return out


def _tolerance(kind: CellKind, values: list[int | Decimal], n_units: int) -> Decimal:
    """Counts are exact; an amount rounded to p decimals may be off by half of 10^-p per report added (units and parent)."""
    if kind is not CellKind.AMOUNT:
        return Decimal(0)
    exponents = [v.as_tuple().exponent for v in values if isinstance(v, Decimal)]
    places = max((-e for e in exponents if isinstance(e, int)), default=0)
    return Decimal(n_units + 1) * Decimal(5).scaleb(-(places + 1))
