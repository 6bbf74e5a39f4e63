"""Equations between cells: sums, balances, and continuity between two years' reports.

Each equation rule is bound to its format by :func:`build_equation`, which turns
the spec's row or column ids into :class:`Instance` s of cell keys. On a report
whose every cell holds a number, an equation rule runs as a generated function
of indexed additions; blanks and text take a slower path that says which cell
made an instance not assessable (blank is never zero).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ..findings import CellRef, Finding, Status
from ..values import CellValue, format_value
from .base import BuildContext, Common, Kind, Param, Rule, cell_label
from .messages import Text
from .snapshot import Snapshot, _positions

if TYPE_CHECKING:
    from ..report import Report
    from ..spec import Block, CellKey, ReportFormat

Number = int | Decimal
Cells = Mapping["CellKey", CellValue]

MESSAGES = {
    "equation.failed": ("{where}：{lhs}，{rhs}，相差 {diff}（{rule}）", "{where}: {lhs}, {rhs}, off by {diff} ({rule})"),
    "equation.not_assessable": ("{where}：无法核验（{rule}），因为 {cells} 不是数字",
                                "{where}: cannot check ({rule}) because {cells} is not a number"),
    "continuity.other_edition": ("{where}：无法核验（{rule}），因为上年报告的格式 {other} 没有这些单元格",
                                 "{where}: cannot check ({rule}) because last year's format {other} has no such cells"),
}


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

    along: str  # "自然人列" — the column (or row) the equation runs in
    along_en: str
    lhs: tuple[Term, ...]
    rhs: tuple[Term, ...]

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.lhs + self.rhs


def make_instance(along: str, along_en: str, lhs: Sequence[Term], rhs: Sequence[Term]) -> Instance:
    return Instance(along, along_en, tuple(lhs), tuple(rhs))




def _compile_checks(name: str, sides: Sequence[tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[int]]],
                    ) -> Callable[[Sequence[Any]], list[int]]:
    """A function that returns the instances whose two sides differ, on all-number values.

    Generated once per rule and format (as attrs generates its methods): one
    comparison of indexed additions per instance, no loop and no slicing, which
    makes the common case (a complete report) several times faster.
    """
    def side(plus: Sequence[int], minus: Sequence[int]) -> str:
        return ("+".join(f"v[{i}]" for i in plus) or "0") + "".join(f"-v[{i}]" for i in minus)

    lines = ["def check(v):", "    bad = []"]
    for n, (lp, lm, rp, rm) in enumerate(sides):
        lines.append(f"    if {side(lp, lm)} != {side(rp, rm)}: bad.append({n})")
    lines.append("    return bad")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<rule {name}>", "exec"), namespace)
    fn: Callable[[Sequence[Any]], list[int]] = namespace["check"]
    return fn





def _layout(inst: Instance) -> tuple[list[CellKey], tuple[int, int, int, int]]:
    """Keys of one instance in the order lhs+, lhs−, rhs+, rhs−, and where each group ends."""
    groups = [[t.key for t in side if (t.sign > 0) == positive] for side in (inst.lhs, inst.rhs)
              for positive in (True, False)]
    ends, n = [], 0
    for g in groups:
        n += len(g)
        ends.append(n)
    return [k for g in groups for k in g], (ends[0], ends[1], ends[2], ends[3])


def _expr(terms: Sequence[Term], values: Sequence[CellValue], prefix: str) -> tuple[str, str]:
    names, nums = "", ""
    for i, (t, v) in enumerate(zip(terms, values, strict=True)):
        op = ("-" if t.sign < 0 else "+") if i else ("-" if t.sign < 0 else "")
        names += op + (t.short if t.short.startswith(prefix) else prefix + t.short)  # not "本年本年制发件数"
        shown = format_value(v) or "空"
        nums += op + (f"({shown})" if isinstance(v, int | Decimal) and v < 0 else shown)
    return names, nums


def _signed_sum(terms: Sequence[Term], cells: Cells) -> Number:
    values: list[Any] = [cells[t.key] for t in terms]  # all numbers: the caller checked
    return sum(v if t.sign > 0 else -v for t, v in zip(terms, values, strict=True))  # type: ignore[no-any-return]


_LONG = 8  # terms; past this, zero terms are left out of messages


def _side(terms: Sequence[Term], values: Sequence[CellValue], total: Number, prefix: str, zh: bool) -> str:
    hidden = 0
    if len(terms) > _LONG:
        kept = [(t, v) for t, v in zip(terms, values, strict=True) if v != 0]
        hidden = len(terms) - len(kept)
        if kept:
            terms, values = [t for t, _ in kept], [v for _, v in kept]
    names, nums = _expr(terms, values, prefix)
    note = ("（其余 {} 项为 0）" if zh else " (the other {} terms are 0)").format(hidden) if hidden else ""
    # "（七）总计 = 57" rather than "（七）总计 = 57 = 57"
    if len(terms) == 1 and terms[0].sign > 0 and not hidden:
        return f"{names} = {nums}"
    return f"{names} = {nums} = {total}{note}"


@attrs.frozen(slots=True)
class Equation(Rule):
    """``Σ lhs = Σ rhs`` in every column (axis ``rows``) or every row (axis ``columns``).

    Blank or text cells make an instance ``not_assessable``: blank is never zero.
    """

    type_name: ClassVar[str] = "balance"
    # How messages name the two sides (a continuity rule's sides are two different years).
    prefixes: ClassVar[tuple[tuple[str, str], tuple[str, str]]] = (("", ""), ("", ""))
    total_first: ClassVar[bool] = False
    instances: tuple[Instance, ...] = ()
    # Precomputed: every instance's keys back to back, and the slice ends of each group.
    _keys: tuple[CellKey, ...] = attrs.field(init=False, repr=False, eq=False)
    _plan: tuple[tuple[int, int, int, int, int], ...] = attrs.field(init=False, repr=False, eq=False)
    # per format (normally only the rule's own): the format, kept so that its id is not reused, the
    # generated check and the positions each instance reads
    _compiled: dict[int, tuple[ReportFormat, Callable[[Sequence[Any]], list[int]], tuple[frozenset[int], ...]]] = (
        attrs.field(init=False, repr=False, eq=False, factory=dict))

    def __attrs_post_init__(self) -> None:
        keys: list[CellKey] = []
        plan = []
        for inst in self.instances:
            ks, (a, b, c, d) = _layout(inst)
            start = len(keys)
            keys += ks
            plan.append((start, start + a, start + b, start + c, start + d))
        object.__setattr__(self, "_keys", tuple(keys))
        object.__setattr__(self, "_plan", tuple(plan))

    @property
    def keys(self) -> frozenset[CellKey]:
        """Every cell this rule reads."""
        return frozenset(self._keys)

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        self.check_snapshot(Snapshot.of(report), previous, out)

    def check_snapshot(self, snap: Snapshot, previous: Report | None, out: list[Finding]) -> None:
        cells = snap.report.cells
        fmt = snap.report.format
        entry = self._compiled.get(id(fmt))
        if entry is None or entry[0] is not fmt:
            pos = _positions(fmt)
            idx = [pos[k] for k in self._keys]
            fn = _compile_checks(self.id, [(idx[s:a], idx[a:b], idx[b:c], idx[c:d]) for s, a, b, c, d in self._plan])
            reads = tuple(frozenset(idx[s:d]) for s, _, _, _, d in self._plan)
            entry = self._compiled[id(fmt)] = (fmt, fn, reads)
        _, fn, reads = entry
        if snap.numeric:
            failing = fn(snap.values)
        else:  # run on the values with 0 for blanks, then set aside what a blank or text cell touches
            failing = fn(snap.filled)
            failing_set = set(failing)
            failing = []
            for n, read in enumerate(reads):
                if not read.isdisjoint(snap.unusable):
                    out.append(self._unassessable(self.instances[n], cells, cells))
                elif n in failing_set:
                    failing.append(n)
        for n in failing:
            inst = self.instances[n]
            left, right = _signed_sum(inst.lhs, cells), _signed_sum(inst.rhs, cells)
            out.append(self._failed(inst, cells, cells, left, right))

    def _evaluate(self, vals: list[Any], lcells: Cells, rcells: Cells, out: list[Finding],
                  skip: frozenset[int] = frozenset()) -> None:
        for i, (inst, (s, a, b, c, d)) in enumerate(zip(self.instances, self._plan, strict=True)):
            if skip and i in skip:
                continue
            try:
                left = sum(vals[s:a]) - sum(vals[a:b])
                right = sum(vals[b:c]) - sum(vals[c:d])
            except TypeError:  # a blank (None) or text cell: cheaper to try than to check every type
                out.append(self._unassessable(inst, lcells, rcells))
                continue
            if left != right:
                out.append(self._failed(inst, lcells, rcells, left, right))

    def _values(self, inst: Instance, lcells: Cells, rcells: Cells) -> tuple[list[CellValue], list[CellValue]]:
        return [lcells.get(t.key) for t in inst.lhs], [rcells.get(t.key) for t in inst.rhs]

    def _refs(self, terms: Sequence[tuple[Term, bool]]) -> tuple[CellRef, ...]:
        return tuple(CellRef(*t.key, t.label, previous=prev) for t, prev in terms)

    @property
    def _lhs_is_previous(self) -> bool:
        return False

    def _unassessable(self, inst: Instance, lcells: Cells, rcells: Cells) -> Finding:
        lv, rv = self._values(inst, lcells, rcells)
        (lzh, len_), (rzh, ren) = self.prefixes
        sides = [(t, v, lzh, len_, self._lhs_is_previous) for t, v in zip(inst.lhs, lv, strict=True)]
        sides += [(t, v, rzh, ren, False) for t, v in zip(inst.rhs, rv, strict=True)]
        bad = [x for x in sides if not isinstance(x[1], int | Decimal)]
        zh = "、".join(f"{p}{t.short}（{'空白' if v is None else format_value(v)}）" for t, v, p, _, _ in bad)
        en = ", ".join(f"{p}{t.short} ({'blank' if v is None else format_value(v)})" for t, v, _, p, _ in bad)
        where = Text(inst.along, inst.along_en)
        return self.finding("equation.not_assessable", {"where": where, "cells": Text(zh, en)},
                            status=Status.NOT_ASSESSABLE, cells=self._refs([(t, prev) for t, _, _, _, prev in bad]),
                            where=where)

    def _failed(self, inst: Instance, lcells: Cells, rcells: Cells, left: Number, right: Number) -> Finding:
        lv, rv = self._values(inst, lcells, rcells)
        (lzh, len_), (rzh, ren) = self.prefixes
        ls, rs = _side(inst.lhs, lv, left, lzh, True), _side(inst.rhs, rv, right, rzh, True)
        ls_en, rs_en = _side(inst.lhs, lv, left, len_, False), _side(inst.rhs, rv, right, ren, False)
        if self.total_first:
            ls, rs, ls_en, rs_en = rs, ls, rs_en, ls_en
        diff = right - left
        prev = self._lhs_is_previous
        where = Text(inst.along, inst.along_en)
        return self.finding("equation.failed", {"where": where, "lhs": Text(ls, ls_en), "rhs": Text(rs, rs_en),
                                                "diff": abs(diff)},
                            cells=self._refs([(t, prev) for t in inst.lhs] + [(t, False) for t in inst.rhs]),
                            expected=left, actual=right, difference=diff, where=where)


@attrs.frozen(slots=True)
class Sum(Equation):
    """A total equals the sum of its parts: ``total = Σ parts`` (lhs is the parts).

    ``expected`` is the sum of the parts, ``actual`` the written total.
    """

    type_name: ClassVar[str] = "sum"
    total_first: ClassVar[bool] = True


@attrs.frozen(slots=True)
class Balance(Equation):
    """Σ one side = Σ the other side (table B's printed 勾稽关系)."""

    type_name: ClassVar[str] = "balance"


@attrs.frozen(slots=True)
class Continuity(Equation):
    """Across two reports of one agency: ``Σ previous-year terms = Σ current-year terms``.

    Carry-over (year N's 四 = year N+1's 二) and stock continuity are both of this
    shape. Whether the two reports form a consecutive pair is checked once by
    :func:`disclosure_schema.validate`, which only calls these rules for such a pair.
    When the previous report is of another edition, cells are matched by id; an
    instance whose cells that edition lacks is not assessable.
    """

    type_name: ClassVar[str] = "continuity"
    prefixes: ClassVar[tuple[tuple[str, str], tuple[str, str]]] = (("上年", "last year's "), ("本年", ""))

    @property
    def cross_report(self) -> bool:
        return True

    @property
    def _lhs_is_previous(self) -> bool:
        return True

    def check_snapshot(self, snap: Snapshot, previous: Report | None, out: list[Finding]) -> None:
        self.check(snap.report, previous, out)  # two reports: the one-report fast path does not apply

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        if previous is None:
            return
        prev, cur = previous.cells, report.cells
        vals: list[Any] = []
        for s, _, b, _, d in self._plan:  # lhs from last year's cells, rhs from this year's
            vals += map(prev.get, self._keys[s:b])
            vals += map(cur.get, self._keys[b:d])
        skip: frozenset[int] = frozenset()
        if previous.format is not report.format:
            known = previous.format.cell_kinds
            skip = frozenset(i for i, inst in enumerate(self.instances) if any(t.key not in known for t in inst.lhs))
            out += (self._other_edition(self.instances[i], previous.format.id) for i in sorted(skip))
        self._evaluate(vals, prev, cur, out, skip)

    def _other_edition(self, inst: Instance, other: str) -> Finding:
        where = Text(inst.along, inst.along_en)
        return self.finding("continuity.other_edition", {"where": where, "other": other},
                            status=Status.NOT_ASSESSABLE, cells=self._refs([(t, True) for t in inst.lhs]), where=where)




# ------------------------------------------------------------------ building from the spec

def build_equation(cls: type[Equation], ctx: BuildContext, common: Common, params: Mapping[str, Any],
                   sides: tuple[str, str]) -> Equation:
    """Instances of ``Σ sides[0] = Σ sides[1]`` in every column (axis rows) or row (axis columns)."""
    tid: str = params["table"]
    table = ctx.tables[tid]
    axis = params["axis"]
    side_ids: list[list[tuple[str, int]]] = []
    for side in sides:
        raw = params[side]
        ids = [raw] if isinstance(raw, str) else raw
        if not isinstance(ids, list) or not ids or not all(isinstance(x, str) for x in ids):
            raise ctx.fail(side, "must be an id or a non-empty list of ids (prefix '-' to subtract)")
        side_ids.append([(x[1:], -1) if x.startswith("-") else (x, 1) for x in ids])
    all_ids = [x for s in side_ids for x, _ in s]
    # the equation runs in every block that has all its ids (table A's items share column ids)
    blocks = [b for b in table.blocks if all(_has(b, x, axis) for x in all_ids)]
    if not blocks:
        missing = next((x for x in all_ids if not any(_has(b, x, axis) for b in table.blocks)), None)
        if missing is None:
            raise ctx.fail("", f"the {axis} {', '.join(all_ids)} are not all in one block of table {tid!r}")
        raise ctx.fail("", f"no {axis[:-1]} {missing!r} in table {tid!r}")
    over = params.get("over") or ()
    cross_all = [(b, n) for b in blocks for n in (b.column_leaves if axis == "rows" else b.row_leaves)]
    other_kind = "column" if axis == "rows" else "row"
    for x in over:
        if not any(n.id == x for _, n in cross_all):
            raise ctx.fail("over", f"no {other_kind} {x!r} in the block(s) of table {tid!r} that hold the rule's ids")
    instances = []
    for block, other in cross_all:
        if over and other.id not in over:
            continue
        nodes = {n.id: n for n, _ in (block.row_nodes() if axis == "rows" else block.column_nodes())}
        sides_terms: list[list[Term]] = []
        for side_terms in side_ids:
            terms = []
            for nid, sign in side_terms:
                for leaf in nodes[nid].leaves():
                    key = (tid, leaf.id, other.id) if axis == "rows" else (tid, other.id, leaf.id)
                    terms.append(Term(key, sign, leaf.short, cell_label(table, key)))
            sides_terms.append(terms)
        if other.hidden:  # table C's one unlabelled row: name the group the terms belong to
            group = _common_group(block, axis, {t.key[1 if axis == "rows" else 2] for s in sides_terms for t in s})
            along_zh = along_en = group or table.label
        else:
            along_zh = f"{other.short}{'列' if axis == 'rows' else '行'}"
            along_en = f"column {other.short}" if axis == "rows" else f"row {other.short}"
        instances.append(make_instance(along_zh, along_en, sides_terms[0], sides_terms[1]))
    return cls(common.id, common.severity, common.zh, common.en, source=common.source, instances=tuple(instances))


def _common_group(block: Block, axis: str, leaf_ids: set[str]) -> str | None:
    """The label of the smallest group node that holds every one of ``leaf_ids``."""
    best: tuple[int, str] | None = None
    for node, depth in (block.row_nodes() if axis == "rows" else block.column_nodes()):
        if node.children and leaf_ids <= {leaf.id for leaf in node.leaves()} and (best is None or depth > best[0]):
            best = (depth, node.label)
    return best[1] if best else None


def _has(block: Block, nid: str, axis: str) -> bool:
    return any(n.id == nid for n, _ in (block.row_nodes() if axis == "rows" else block.column_nodes()))


def _params(sides: tuple[str, str], what: tuple[str, str]) -> tuple[Param, ...]:
    return (
        Param("table", "table", required=True, doc="the table the equation runs in"),
        Param("axis", "string", required=True, choices=("rows", "columns"),
              doc="rows: the ids are rows, checked in every column; columns: the other way round"),
        Param(sides[0], "strings", required=True, doc=f"{what[0]} (ids; a leading '-' subtracts)"),
        Param(sides[1], "strings", required=True, doc=f"{what[1]} (ids; a leading '-' subtracts)"),
        Param("over", "strings", doc="only these columns (axis rows) or rows (axis columns)"),
    )


def _kind(name: str, cls: type[Equation], sides: tuple[str, str], what: tuple[str, str], description: str) -> Kind:
    def builder(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
        return build_equation(cls, ctx, common, params, sides)
    return Kind(name, description, _params(sides, what), MESSAGES, builder)


SUM = _kind("sum", Sum, ("parts", "total"), ("the parts", "the total"), "a total equals the sum of its parts")
BALANCE = _kind("balance", Balance, ("lhs", "rhs"), ("one side", "the other side"),
                "the sum of one side equals the sum of the other")
CONTINUITY = _kind("continuity", Continuity, ("previous", "current"),
                   ("last year's cells", "this year's cells"),
                   "last year's cells add up to this year's (carry-over, stock): needs the previous report")
