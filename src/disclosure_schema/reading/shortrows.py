"""Rows read → cells: exact rows directly; short rows by column position, by the sums, or left blank.

A row with fewer values than columns (a blank collapsed by a copy, a cell lost
in extraction) is never shifted silently. Where the source gives horizontal
positions, the values go to the nearest columns of the table's full rows. Else
every order-keeping placement is tried against the table's own rules (row totals,
column balance, table C sums) with the rest of the table placed: the cells on
which all placements the rules allow agree are placed; the others stay blank, and
one diagnostic names the row and the placements.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from decimal import Decimal
from math import comb

from ..findings import Status
from ..plugins import Diagnostic
from ..report import Report
from ..spec import CellKey, Node, ReportFormat, Table
from ..units import KNOWN_UNITS, to_declared
from ..validation import validate
from ..values import CellKind, CellValue, Verbatim, parse_cell, split_footnote
from .blocks import Cell, Origin
from .notes import note
from .tablematch import RowRead, TableRead, keys_of

MAX_PLACEMENTS = 400  # C(15, 4) and beyond: too many to try; such a row stays blank


def finalize(fmt: ReportFormat, table: Table, read: TableRead, cells: dict[CellKey, CellValue],
             origins: dict[CellKey, Origin], end: Origin | None = None) -> None:
    """Put the rows of ``read`` into ``cells`` (and their origins), resolving short rows.

    ``end`` is the origin of the input's last line when the input ends inside this table:
    a short row there was cut off, so its cells are the first ones.
    """
    short: list[tuple[RowRead, list[Cell]]] = []
    full_x: dict[str, list[list[float]]] = {}  # block id → x positions of full rows
    for row in read.rows.values():
        keys = keys_of(table, row.node)
        values = _trim(row, len(keys), read)
        if len(values) == len(keys):
            _put(fmt, table, row.node, keys, values, cells, origins, read.notes, read.units)
            if all(v.x is not None for v in values):
                full_x.setdefault(table.block_of(row.node.id).id, []).append([v.x or 0.0 for v in values])
        elif values:
            short.append((row, values))
    for row, values in short:
        keys = keys_of(table, row.node)
        if end is not None and row.origin == end:
            _put(fmt, table, row.node, keys[:len(values)], values, cells, origins, read.notes, read.units)
            note(read.notes, "table.row-cut",
                 f"{row.node.label}: only {len(values)} of {len(keys)} cells — the input ends inside this row "
                 "(cut off?); the cells read are the first ones, the rest are left blank",
                 f"“{row.node.label}”只有 {len(values)} 个单元格（共 {len(keys)} 列）——输入在本行中间结束"
                 "（被截断？）；已读的为前几列，其余留空", row.origin)
            continue
        slots = _by_position(values, full_x.get(table.block_of(row.node.id).id, []))
        if slots is not None:  # positions must not contradict the sums either
            trial = dict(cells)
            trial.update({keys[s]: v for s, v in zip(slots, (_parse(fmt, keys[0], c) for c in values), strict=True)
                          if v is not None})
            if not _consistent(fmt, trial, set(keys)):
                slots = None
        if slots is not None:
            chosen = {keys[s]: v for s, v in zip(slots, values, strict=True)}
            _put_some(fmt, table, row.node, chosen, cells, origins, read.notes, read.units)
            note(read.notes, "table.row-short-position",
                 f"{row.node.label}: {len(values)} of {len(keys)} cells, placed by their column positions",
                 f"“{row.node.label}”只有 {len(values)} 个单元格（共 {len(keys)} 列），按列位置放入", row.origin, "info")
            continue
        _by_sums(fmt, table, row, values, keys, cells, origins, read.notes, read.units)


def _trim(row: RowRead, k: int, read: TableRead) -> list[Cell]:
    values = list(row.values)
    while len(values) > k:  # blank cells beyond the columns: a closing bar's, or a label column's split cell
        if not values[-1].text.strip():
            values.pop()
        elif not values[0].text.strip():
            values.pop(0)
        else:
            break
    if len(values) > k:
        extra = values[k:]
        note(read.notes, "table.values-extra",
             f"{row.node.label}: more cells than the {k} columns; not used: {' | '.join(c.text for c in extra)}",
             f"“{row.node.label}”的单元格多于 {k} 列，多出的未使用：{' | '.join(c.text for c in extra)}", row.origin)
        values = values[:k]
    return values


_AMOUNT_WITH_UNIT = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(" + "|".join(
    sorted(KNOWN_UNITS, key=len, reverse=True)) + r")\s*$")


def _with_unit(text: str) -> tuple[Decimal, str] | None:
    """"251000元", "25.1 万元": an amount written with its unit."""
    match = _AMOUNT_WITH_UNIT.match(unicodedata.normalize("NFKC", text))
    return (Decimal(match.group(1).replace(",", "")), match.group(2)) if match else None


def _in_declared_unit(fmt: ReportFormat, table: Table, key: CellKey, value: CellValue, cell: Cell, units: Units,
                      notes: list[Diagnostic]) -> CellValue:
    """An amount in the format's unit: written with a unit ("251000元") or under a header that gives one,
    converted exactly (units are powers of ten of 元), with a diagnostic; the text as written otherwise."""
    column = next(c for c in table.block_of(key[1]).column_leaves if c.id == key[2])
    if fmt.cell_kinds[key] is not CellKind.AMOUNT or not column.unit:
        return value
    written: tuple[Decimal, str] | None = None
    if isinstance(value, Verbatim):
        written = _with_unit(value.text)
    elif isinstance(value, Decimal) and key[2] in units:
        written = (value, units[key[2]][0])
    if written is None:
        return value
    amount, unit = written
    converted, conversion = to_declared(amount, unit, column.unit)
    if conversion is None:
        return converted
    if isinstance(value, Verbatim):  # the unit is in the cell itself
        note(notes, "table.unit-converted", f"{column.label}: {value.text!r} is kept as {converted} {column.unit}, "
             f"the format's unit", f"{column.label}：“{value.text}”按格式规定单位保存为{converted}{column.unit}",
             cell.origin, "info")
    else:
        note(notes, "table.unit-converted", f"{column.label}: {conversion.message}",
             f"{column.label}：{conversion.message_zh}", cell.origin, "info")
    return converted


def _parse(fmt: ReportFormat, key: CellKey, cell: Cell) -> CellValue:
    return parse_cell(cell.text, fmt.cell_kinds[key])


Units = dict[str, tuple[str, Origin]]  # column id → the unit its header writes


def _put(fmt: ReportFormat, table: Table, node: Node, keys: list[CellKey], values: list[Cell],
         cells: dict[CellKey, CellValue], origins: dict[CellKey, Origin], notes: list[Diagnostic],
         units: Units) -> None:
    _put_some(fmt, table, node, dict(zip(keys, values, strict=True)), cells, origins, notes, units)


def _put_some(fmt: ReportFormat, table: Table, node: Node, chosen: dict[CellKey, Cell],
              cells: dict[CellKey, CellValue], origins: dict[CellKey, Origin], notes: list[Diagnostic],
              units: Units) -> None:
    texts: list[str] = []
    marks: list[str] = []
    first: Origin | None = None
    for key, cell in chosen.items():
        value = _parse(fmt, key, cell)
        if value is None:
            continue
        label = next(c.label for c in table.block_of(key[1]).column_leaves if c.id == key[2])
        footnoted = split_footnote(cell.text) if isinstance(value, Verbatim) else None
        number = parse_cell(footnoted[0], fmt.cell_kinds[key]) if footnoted else None
        if footnoted and number is not None and not isinstance(number, Verbatim):
            # "12¹", "3①": a footnote mark after the number, never folded into its digits (121, 31)
            value = number
            marks.append(f"{label}: {cell.text!r} → {footnoted[0]}")
        elif isinstance(value, Verbatim) and _with_unit(value.text) is None:
            texts.append(f"{label}: {cell.text!r}")
            first = first or cell.origin
        value = _in_declared_unit(fmt, table, key, value, cell, units, notes)
        cells[key] = value
        origins[key] = cell.origin
    if texts:
        note(notes, "table.cell-text", f"{node.label}: kept as text (placeholder or words): {'; '.join(texts)}",
             f"“{node.label}”中按原文保存（占位符或含文字）：{'；'.join(texts)}", first, "info")
    if marks:
        note(notes, "table.footnote", f"{node.label}: footnote marks kept out of the numbers (the notes they refer "
             f"to are not kept): {'; '.join(marks)}",
             f"“{node.label}”中的注释标记不计入数字（所指注释未保留）：{'；'.join(marks)}", next(iter(chosen.values())).origin)


def _by_position(values: list[Cell], full: list[list[float]]) -> list[int] | None:
    """Column slots from horizontal positions, when full rows of the block show where columns are."""
    if not full or any(v.x is None for v in values):
        return None
    width = len(full[0])
    if any(len(r) != width for r in full):
        return None
    centres = [statistics.median(r[j] for r in full) for j in range(width)]
    gaps = [b - a for a, b in itertools.pairwise(centres)]
    if not gaps or min(gaps) <= 0:
        return None
    tolerance = min(gaps) / 2
    slots: list[int] = []
    for v in values:
        x = v.x or 0.0
        near = sorted(range(width), key=lambda j: abs(centres[j] - x))
        best = near[0]
        d1, d2 = abs(centres[best] - x), abs(centres[near[1]] - x) if width > 1 else float("inf")
        # Only a clear nearest column is evidence: at most half the pitch away, and three times as near as the next.
        if d1 > tolerance or d1 * 3 >= d2 or (slots and best <= slots[-1]):
            return None
        slots.append(best)
    return slots


def _by_sums(fmt: ReportFormat, table: Table, row: RowRead, values: list[Cell], keys: list[CellKey],
             cells: dict[CellKey, CellValue], origins: dict[CellKey, Origin], notes: list[Diagnostic],
             units: Units) -> None:
    k, m = len(keys), len(values)
    parsed = [_parse(fmt, keys[0], v) for v in values]
    placements = list(itertools.combinations(range(k), m)) if comb(k, m) <= MAX_PLACEMENTS else []
    allowed: list[tuple[int, ...]] = []
    row_keys = set(keys)
    for slots in placements:
        trial = dict(cells)
        for slot, value in zip(slots, parsed, strict=True):
            if value is not None:
                trial[keys[slot]] = value
        if _consistent(fmt, trial, row_keys):
            allowed.append(slots)
    agreed: dict[CellKey, Cell] = {}
    if allowed:
        for j, key in enumerate(keys):
            at = [_at(slots, values, j) for slots in allowed]
            if len({c.text.strip() if c else None for c in at}) == 1 and at[0] is not None:
                agreed[key] = at[0]
    if agreed:
        _put_some(fmt, table, row.node, agreed, cells, origins, notes, units)
    shown = " | ".join(v.text for v in values)
    if len(allowed) == 1:
        note(notes, "table.row-short-sums",
             f"{row.node.label}: {m} of {k} cells ({shown}); placed where the table's sums hold",
             f"“{row.node.label}”只有 {m} 个单元格（{shown}），按表内勾稽关系放入", row.origin)
        return
    columns = table.block_of(row.node.id).column_leaves
    options = ["/".join(columns[s].short or columns[s].label for s in slots) for slots in (allowed or placements)[:4]]
    placed = len(agreed)
    note(notes, "table.row-short-blank",
         f"{row.node.label}: {m} of {k} cells ({shown}); no evidence decides which columns they are in "
         f"({len(allowed or placements)} placements possible, e.g. {'; '.join(options)}); "
         f"{placed} placed where all agree, the others left blank",
         f"“{row.node.label}”只有 {m} 个单元格（{shown}），无法确定所在列（{len(allowed or placements)} 种可能）；"
         f"{placed} 个各种可能一致的已放入，其余留空", row.origin)


def _at(slots: tuple[int, ...], values: list[Cell], column: int) -> Cell | None:
    return values[slots.index(column)] if column in slots else None


def _consistent(fmt: ReportFormat, trial: dict[CellKey, CellValue], row_keys: set[CellKey]) -> bool:
    report = Report(fmt, "", 2000 if fmt.first_year <= 2000 else fmt.first_year, {}, trial)
    for finding in validate(report).findings:
        if finding.status is not Status.FAILED or not finding.is_error:
            continue
        if any((c.table, c.row, c.column) in row_keys for c in finding.cells):
            return False
    return True
