"""Reusable invariant classes. Specs instantiate them; nothing here knows a particular table.

Each class is bound to its format by the loader, which turns ids into
precomputed cell keys. :func:`disclosure_schema.validate` reads a report's cells
once into a list (:class:`Snapshot`); when every cell holds a number, each
equation rule runs as a generated function of indexed additions and the kind
checks as ``min``/``sum`` in C. Blanks and text take a slower path that says
which cell made an equation not assessable.
"""

from __future__ import annotations

import functools
import operator
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

_INT_ONLY = frozenset({int})
_DECIMAL_ONLY = frozenset({Decimal})
_NUMBERS = frozenset({int, Decimal})


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


@attrs.frozen(slots=True)
class Snapshot:
    """A report's cell values as a list in the format's cell order, read once per validation.

    Rules bound to the same format index into ``values`` instead of hashing
    ``(table, row, column)`` keys again. ``numeric`` says that every cell holds a
    number (so no rule needs to look for blanks), ``int_counts`` that every
    count cell holds an ``int``.
    """

    report: Report
    values: list[Any]
    numeric: bool
    int_counts: bool
    # When some cells are blank or text: their positions, and the values with 0 in their place
    # (so that the fast checks can still run; what those cells touch is then not assessable).
    unusable: frozenset[int] = frozenset()
    filled: list[Any] = attrs.field(factory=list)

    @classmethod
    def of(cls, report: Report) -> Snapshot:
        cells = report.cells
        fmt = report.format
        get_all, get_counts, get_amounts = _getters(fmt)
        values: list[Any]
        if len(cells) == len(fmt.cell_kinds) and list(cells) == _order(fmt):
            values = list(cells.values())  # filled in spec order (as readers do): no key is hashed
        else:
            try:
                values = list(get_all(cells))  # one C call when no cell is blank
            except KeyError:
                return cls._partly(report, list(map(cells.get, fmt.cell_kinds)))
        counts = get_counts(values)
        try:
            # cheaper than checking types: blank (None) and text raise TypeError, and
            # a sum of ints stays an int (count cells first: Decimal addition is slow)
            int_counts = type(sum(counts)) is int
        except TypeError:
            return cls._partly(report, values)
        if not set(map(type, get_amounts(values))) <= _NUMBERS or not (
                int_counts or set(map(type, counts)) <= _NUMBERS):  # a float put in by hand is no number here
            return cls._partly(report, values)
        return cls(report, values, True, int_counts)

    @classmethod
    def _partly(cls, report: Report, values: list[Any]) -> Snapshot:
        unusable = frozenset(i for i, t in enumerate(map(type, values)) if t is not int and t is not Decimal)
        filled, zeros = values.copy(), _zeros(report.format)
        for i in unusable:
            filled[i] = zeros[i]  # Decimal 0 in an amount cell, so that the kind checks pass it
        return cls(report, values, False, False, unusable, filled)


@functools.lru_cache(maxsize=64)
def _positions(fmt: ReportFormat) -> dict[CellKey, int]:
    return {k: i for i, k in enumerate(fmt.cell_kinds)}


@functools.lru_cache(maxsize=64)
def _order(fmt: ReportFormat) -> list[CellKey]:
    return list(fmt.cell_kinds)


@functools.lru_cache(maxsize=64)
def _zeros(fmt: ReportFormat) -> tuple[int | Decimal, ...]:
    return tuple(Decimal(0) if kind is CellKind.AMOUNT else 0 for kind in fmt.cell_kinds.values())


Getter = Callable[[Any], Sequence[Any]]


@functools.lru_cache(maxsize=64)
def _getters(fmt: ReportFormat) -> tuple[Getter, Getter, Getter]:
    """Read every cell of a mapping; the count cells and the amount cells of the list read."""
    kinds = list(fmt.cell_kinds.values())
    counts = [i for i, k in enumerate(kinds) if k.is_integer]
    amounts = [i for i, k in enumerate(kinds) if not k.is_integer]
    return _items([*fmt.cell_kinds]), _items(counts), _items(amounts)


def _items(keys: Sequence[Any]) -> Getter:
    """``operator.itemgetter`` that always returns a tuple (also for one key or none)."""
    if not keys:
        return lambda seq: ()
    if len(keys) == 1:
        one = keys[0]
        return lambda seq: (seq[one],)
    return operator.itemgetter(*keys)


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


@attrs.frozen(slots=True)
class Rule:
    """Base of every invariant: a stable id, a severity and its description in two languages."""

    type_name: ClassVar[str] = ""
    id: str
    severity: Severity
    zh: str
    en: str

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        """Append a finding to ``out`` for every failed or unassessable check."""
        raise NotImplementedError

    def check_snapshot(self, snap: Snapshot, previous: Report | None, out: list[Finding]) -> None:
        """Same as :meth:`check`, given the values read once by :func:`validate`."""
        self.check(snap.report, previous, out)

    @property
    def cross_report(self) -> bool:
        """True for rules that compare a report with its previous year's."""
        return False


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
        return Finding(
            self.id, self.severity, Status.NOT_ASSESSABLE, self._refs([(t, prev) for t, _, _, _, prev in bad]),
            f"{inst.along}：无法核验（{self.zh}），因为 {zh} 不是数字",
            f"{inst.along_en}: cannot check ({self.en}) because {en} is not a number",
            where_zh=inst.along, where_en=inst.along_en,
        )

    def _failed(self, inst: Instance, lcells: Cells, rcells: Cells, left: Number, right: Number) -> Finding:
        lv, rv = self._values(inst, lcells, rcells)
        (lzh, len_), (rzh, ren) = self.prefixes
        ls, rs = _side(inst.lhs, lv, left, lzh, True), _side(inst.rhs, rv, right, rzh, True)
        ls_en, rs_en = _side(inst.lhs, lv, left, len_, False), _side(inst.rhs, rv, right, ren, False)
        if self.total_first:
            ls, rs, ls_en, rs_en = rs, ls, rs_en, ls_en
        diff = right - left
        prev = self._lhs_is_previous
        return Finding(
            self.id, self.severity, Status.FAILED,
            self._refs([(t, prev) for t in inst.lhs] + [(t, False) for t in inst.rhs]),
            f"{inst.along}：{ls}，{rs}，相差 {abs(diff)}（{self.zh}）",
            f"{inst.along_en}: {ls_en}, {rs_en}, off by {abs(diff)} ({self.en})",
            expected=left, actual=right, difference=diff,
            where_zh=inst.along, where_en=inst.along_en,
        )


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
        return Finding(
            self.id, self.severity, Status.NOT_ASSESSABLE, self._refs([(t, True) for t in inst.lhs]),
            f"{inst.along}：无法核验（{self.zh}），因为上年报告的格式 {other} 没有这些单元格",
            f"{inst.along_en}: cannot check ({self.en}) because last year's format {other} has no such cells",
            where_zh=inst.along, where_en=inst.along_en,
        )


@attrs.frozen(slots=True)
class Kinds(Rule):
    """Counts are non-negative integers, signed counts integers, amounts non-negative decimals.

    Blank and text cells are not this rule's business (see :class:`Complete`).
    """

    type_name: ClassVar[str] = "kinds"
    kinds: tuple[tuple[CellKey, CellKind, str], ...] = ()
    _by_kind: tuple[tuple[CellKind, tuple[CellKey, ...]], ...] = attrs.field(init=False, repr=False, eq=False)
    _mine: frozenset[CellKey] = attrs.field(init=False, repr=False, eq=False)
    _getters: dict[int, tuple[ReportFormat, tuple[Getter, ...]]] = attrs.field(
        init=False, repr=False, eq=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        groups = {kind: tuple(k for k, kd, _ in self.kinds if kd is kind) for kind in CellKind}
        object.__setattr__(self, "_by_kind", tuple((k, v) for k, v in groups.items() if v))
        object.__setattr__(self, "_mine", frozenset(k for k, _, _ in self.kinds))

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        get = report.cells.get
        for kind, keys in self._by_kind:
            self._check_kind(kind, keys, list(map(get, keys)), out)

    def check_snapshot(self, snap: Snapshot, previous: Report | None, out: list[Finding]) -> None:
        if not snap.numeric:
            self._partly(snap, out)
            return
        fmt = snap.report.format
        entry = self._getters.get(id(fmt))
        if entry is None or entry[0] is not fmt:
            pos = _positions(fmt)
            entry = self._getters[id(fmt)] = (fmt, tuple(_items([pos[k] for k in keys]) for _, keys in self._by_kind))
        for (kind, keys), get in zip(self._by_kind, entry[1], strict=True):
            if kind is CellKind.SIGNED_COUNT and snap.int_counts:
                continue
            if kind is CellKind.COUNT and snap.int_counts:
                vals = get(snap.values)
                if min(vals) >= 0:
                    continue
                self._slow(kind, keys, vals, out)
                continue
            self._check_kind(kind, keys, get(snap.values), out)

    def _partly(self, snap: Snapshot, out: list[Finding]) -> None:
        """Some cells are blank or text: check the others (their values with 0 in place of the rest)."""
        fmt = snap.report.format
        keys = list(fmt.cell_kinds)
        mine = self._mine
        for i in sorted(snap.unusable):
            value = snap.values[i]
            if value is not None and type(value) is not Verbatim and keys[i] in mine:
                out.append(self._bad(keys[i], fmt.cell_kinds[keys[i]], value))  # a float put in by hand
        pos = _positions(fmt)
        for kind, kind_keys in self._by_kind:
            self._check_kind(kind, kind_keys, [snap.filled[pos[k]] for k in kind_keys], out)

    def _check_kind(self, kind: CellKind, keys: tuple[CellKey, ...], vals: Sequence[Any],
                    out: list[Finding]) -> None:
        # The common case, checked in C: counts all ints (≥ 0 where they must be), amounts all Decimals ≥ 0.
        try:
            if kind is CellKind.AMOUNT:
                fine = set(map(type, vals)) <= _DECIMAL_ONLY and min(vals) >= 0
            else:  # a sum of ints is an int; one Decimal makes it a Decimal
                fine = type(sum(vals)) is int and (kind is CellKind.SIGNED_COUNT or min(vals) >= 0)
        except TypeError:  # blank or text: reported by Complete, not here
            fine = False
        if not fine:
            self._slow(kind, keys, vals, out)

    def _slow(self, kind: CellKind, keys: tuple[CellKey, ...], vals: Sequence[CellValue], out: list[Finding]) -> None:
        amount, count = kind is CellKind.AMOUNT, kind is CellKind.COUNT
        for key, value in zip(keys, vals, strict=True):
            kind_of_value = type(value)
            if kind_of_value is int:
                bad = amount or (count and value < 0)  # type: ignore[operator]
            elif kind_of_value is Decimal:
                bad = not amount or value < 0  # type: ignore[operator]
            elif value is None or kind_of_value is Verbatim:
                continue  # blank or text: reported by Complete
            else:
                bad = True  # a float or anything else put into the mapping by hand
            if bad:
                out.append(self._bad(key, kind, value))

    def _label(self, key: CellKey) -> str:
        return next(label for k, _, label in self.kinds if k == key)

    def _bad(self, key: CellKey, kind: CellKind, value: CellValue) -> Finding:
        label = self._label(key)
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
    # per table: (table id, its name for people, the cells with their labels)
    required: tuple[tuple[str, str, tuple[tuple[CellKey, str], ...]], ...] = ()
    _keys: tuple[tuple[CellKey, ...], ...] = attrs.field(init=False, repr=False, eq=False)
    # per format: the format, and for each table a getter of its values and their positions
    _tables: dict[int, tuple[ReportFormat, tuple[tuple[Getter, frozenset[int]], ...]]] = attrs.field(
        init=False, repr=False, eq=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_keys", tuple(tuple(k for k, _ in cells) for _, _, cells in self.required))

    def check_snapshot(self, snap: Snapshot, previous: Report | None, out: list[Finding]) -> None:
        if snap.numeric:  # every cell holds a number: nothing to report
            return
        fmt = snap.report.format
        entry = self._tables.get(id(fmt))
        if entry is None or entry[0] is not fmt:
            pos = _positions(fmt)
            entry = self._tables[id(fmt)] = (fmt, tuple(
                (_items([pos[k] for k in keys]), frozenset(pos[k] for k in keys)) for keys in self._keys))
        for (_, name, labelled), (get, where) in zip(self.required, entry[1], strict=True):
            if not where.isdisjoint(snap.unusable):
                self._table(name, labelled, get(snap.values), out)

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        get = report.cells.get
        for (_, name, labelled), keys in zip(self.required, self._keys, strict=True):
            vals = list(map(get, keys))
            if not set(map(type, vals)) <= _NUMBERS:
                self._table(name, labelled, vals, out)

    def _table(self, name: str, labelled: tuple[tuple[CellKey, str], ...], vals: Sequence[CellValue],
               out: list[Finding]) -> None:
        blank = [(k, lab) for (k, lab), v in zip(labelled, vals, strict=True) if v is None]
        text = [(k, lab, v) for (k, lab), v in zip(labelled, vals, strict=True) if isinstance(v, Verbatim)]
        if blank:
            # "B表有 2 个单元格空白：一/自然人、…": the table is named once
            short = [lab.removeprefix(f"{name} ") for _, lab in blank[:5]]
            shown = "、".join(short) + ("等" if len(blank) > 5 else "")
            shown_en = ", ".join(short) + (" …" if len(blank) > 5 else "")
            whole = len(blank) == len(labelled)
            out.append(Finding(
                self.id, self.severity, Status.FAILED, tuple(CellRef(*k, lab) for k, lab in blank),
                f"{name}整表空白（{len(blank)} 个单元格；空白不等于0）" if whole else
                f"{name}有 {len(blank)} 个单元格空白：{shown}（空白不等于0）",
                f"{name} is entirely blank ({len(blank)} cells; blank is not zero)" if whole else
                f"{name} has {len(blank)} blank cell(s): {shown_en} (blank is not zero)",
                expected=None, actual=None,
            ))
        if text:
            shown = "、".join(f"{lab.removeprefix(f'{name} ')}“{format_value(v)}”" for _, lab, v in text[:5])
            out.append(Finding(
                self.id, self.severity, Status.FAILED, tuple(CellRef(*k, lab) for k, lab, _ in text),
                f"{name}有 {len(text)} 个单元格不是数字：{shown}",
                f"{name} has {len(text)} cell(s) holding text, not a number: {shown}",
            ))


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
            out.append(Finding(
                self.id, self.severity, Status.FAILED, (),
                f"{year} 年度报告使用了 {fmt.id}（适用于 {fmt.years_text} 年度）{hint_zh}",
                f"a {year} report uses {fmt.id} (for report years {fmt.years_text}){hint_en}",
                expected=None, actual=year,
            ))
        for other in others:
            # a variant of this edition (a provincial spec) cites the same document: not a mistake
            if other.id == fmt.id or not other.document_number or other.document_number == fmt.document_number:
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
        return Finding(
            self.id, self.severity, Status.FAILED, (),
            f"{where_zh}第 {pos + 1} 字写的是 {found} 年，报告年度为 {year}：“…{snippet}…”",
            f"{where_en} at character {pos + 1} names {found}, the report year is {year}: “…{snippet}…”",
            expected=year, actual=found, difference=found - year,
        )


RULE_TYPES: dict[str, type[Rule]] = {
    cls.type_name: cls for cls in (Sum, Balance, Continuity, Kinds, Complete, EditionYear, YearConsistency)
}
