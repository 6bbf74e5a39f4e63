"""Cell checks: every value fits its cell's kind (:class:`Kinds`), and cells are filled in (:class:`Complete`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ..findings import CellRef, Finding
from ..values import CellKind, CellValue, Verbatim, format_value
from .base import BuildContext, Common, Kind, Param, Rule, cell_label, table_name
from .messages import Text
from .snapshot import _DECIMAL_ONLY, _NUMBERS, Getter, Snapshot, _items, _positions

if TYPE_CHECKING:
    from ..report import Report
    from ..spec import CellKey, ReportFormat

MESSAGES = {
    "kinds.bad_value": ("{cell}：填写的是 {value}，应为{kind}", "{cell}: holds {value}, must be {kind}"),
    "complete.blank": ("{table}有 {count} 个单元格空白：{cells}（空白不等于0）",
                       "{table} has {count} blank cell(s): {cells} (blank is not zero)"),
    "complete.all_blank": ("{table}整表空白（{count} 个单元格；空白不等于0）",
                           "{table} is entirely blank ({count} cells; blank is not zero)"),
    "complete.text": ("{table}有 {count} 个单元格不是数字：{cells}",
                      "{table} has {count} cell(s) holding text, not a number: {cells}"),
}


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
        return self.finding("kinds.bad_value", {"cell": label, "value": value, "kind": Text(zh, en)},
                            cells=(CellRef(*key, label),), actual=value if isinstance(value, int | Decimal) else None)


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
            out.append(self.finding(
                "complete.all_blank" if whole else "complete.blank",
                {"table": name, "count": len(blank), "cells": Text(shown, shown_en)},
                cells=tuple(CellRef(*k, lab) for k, lab in blank)))
        if text:
            shown = "、".join(f"{lab.removeprefix(f'{name} ')}“{format_value(v)}”" for _, lab, v in text[:5])
            out.append(self.finding("complete.text", {"table": name, "count": len(text), "cells": shown},
                                    cells=tuple(CellRef(*k, lab) for k, lab, _ in text)))




def _chosen(ctx: BuildContext, params: Mapping[str, Any]) -> list[str]:
    table = params.get("table")
    return list(ctx.tables) if table is None else [table]


def _build_kinds(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
    chosen = _chosen(ctx, params)
    return Kinds(common.id, common.severity, common.zh, common.en, source=common.source, kinds=tuple(
        (k, kind, ctx.cell_label(k)) for k, kind in ctx.cell_kinds.items() if k[0] in chosen))


def _build_complete(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
    chosen = _chosen(ctx, params)
    return Complete(common.id, common.severity, common.zh, common.en, source=common.source, required=tuple(
        (t, table_name(ctx.tables[t]), tuple((k, cell_label(ctx.tables[t], k)) for k in ctx.cell_kinds if k[0] == t))
        for t in chosen))


_TABLE = Param("table", "table", doc="only this table (default: every table)")
KINDS = Kind("kinds", "counts are non-negative integers, signed counts integers, amounts non-negative decimals",
             (_TABLE,), {k: v for k, v in MESSAGES.items() if k.startswith("kinds.")}, _build_kinds)
COMPLETE = Kind("complete", "every cell holds a number (blank is not zero)", (_TABLE,),
                {k: v for k, v in MESSAGES.items() if k.startswith("complete.")}, _build_complete)
