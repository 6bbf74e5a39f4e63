"""Cells for people: a cell's address with its official labels, and its value as text."""

from __future__ import annotations

import functools

from ..findings import CellRef
from ..spec import CellKey, ReportFormat
from ..values import CellValue, Verbatim


@functools.lru_cache(maxsize=4096)
def cell_labels(fmt: ReportFormat, key: CellKey) -> tuple[str, str, str, str]:
    """``(table name, row label, column label, short label)`` — short as in findings: "B表 一/自然人"."""
    table = fmt.table(key[0])
    row = table.row_node(key[1])
    column = next(c for c in table.block_of(key[1]).column_leaves if c.id == key[2])
    name = f"{table.aliases[0]}表" if table.aliases else table.label
    parts = [p for p in ((row.short if not row.hidden else ""), column.short) if p]
    return table.label, row.label, column.label, f"{name} " + "/".join(parts)


@functools.lru_cache(maxsize=4096)
def cell_unit(fmt: ReportFormat, key: CellKey) -> str | None:
    table = fmt.table(key[0])
    return next(c for c in table.block_of(key[1]).column_leaves if c.id == key[2]).unit


def cell_ref(fmt: ReportFormat, key: CellKey, previous: bool = False) -> CellRef:
    return CellRef(key[0], key[1], key[2], cell_labels(fmt, key)[3], previous)


def shown(value: CellValue) -> str:
    """A value in a message: blank says so, text is quoted."""
    if value is None:
        return "空白"
    if isinstance(value, Verbatim):
        return f"“{value.text}”"
    return str(value)


def same(a: CellValue, b: CellValue) -> bool:
    """Equal as written: blank is not 0, 1.0 is not 1.00, "—" is not "/"."""
    return type(a) is type(b) and str(a) == str(b)
