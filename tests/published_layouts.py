"""Test helper: a report written out the way published text lays its tables out.

Seven layouts seen in real text (pipe, Markdown, tabs, space-aligned, box drawing, one
cell per line, and one cell per line each closed by a bar), with optional damage the way copies do it: a cell *blanked* (its
place kept, empty) or *dropped* (the cell gone, the row shorter).
"""

from __future__ import annotations

from collections.abc import Callable

import wcwidth

from disclosure_schema import Report, Table
from disclosure_schema.spec import CellKey
from disclosure_schema.values import format_value

LAYOUTS = ("pipe", "markdown", "tabs", "spaces", "box", "cells", "bar-cells")
WIDE = 6  # cell width in the space-aligned layout (numbers are short)


def _row(layout: str, cells: list[str | None]) -> list[str]:
    """One table row; a ``None`` cell was dropped (no place at all)."""
    kept = [c for c in cells if c is not None]
    if layout == "pipe":
        return [" | ".join(kept)]
    if layout == "markdown":
        return ["| " + " | ".join(kept) + " |"]
    if layout == "box":
        return ["│ " + " │ ".join(kept) + " │"]
    if layout == "tabs":
        return ["\t".join(kept)]
    if layout == "cells":
        return [c for c in kept if c]
    if layout == "bar-cells":  # one cell per line, each closed by a bar; a blank cell is " |"
        return [f"{c} |" for c in kept]
    # spaces: a label column, then fixed-width value columns; a dropped cell takes no room
    label, *values = cells
    line = (label or "") + " " * (80 - wcwidth.wcswidth(label or "")) + "  "  # aligned as displayed
    for value in values:
        if value is None:
            continue
        line += value.rjust(WIDE) + "  "
    return [line.rstrip()]


def _table_lines(report: Report, table: Table, layout: str, damage: Callable[[CellKey, str], str | None]) -> list[str]:
    lines: list[str] = []
    for block in table.blocks:
        if block.caption:
            lines.append(block.caption)
        header = [block.corner or ""] if block.caption else []
        columns = block.column_leaves
        if header or not all(r.hidden for r in block.row_leaves):
            lines += _row(layout if layout != "spaces" else "pipe", [*header, *(c.label for c in columns)]) \
                if layout not in ("spaces", "cells") else [" ".join([*header, *(c.label for c in columns)])]
            if layout == "markdown":
                lines.append("|" + "---|" * (len(columns) + 1))
        for row in block.row_leaves:
            values: list[str | None] = []
            for col in columns:
                key = (table.id, row.id, col.id)
                values.append(damage(key, format_value(report.cells.get(key))))
            label = [] if row.hidden else [row.label]
            if layout == "spaces" and row.hidden:
                label = [""]
            lines += _row(layout, [*label, *values])
    return lines


def published_text(report: Report, layout: str,
                   damage: Callable[[CellKey, str], str | None] = lambda k, v: v) -> str:
    fmt = report.format
    lines = [f"{report.agency}{report.year}年政府信息公开工作年度报告"]
    for section in fmt.sections:
        lines.append(section.title)
        if section.table is None:
            lines.append(f"本部分是{section.heading}的说明。")
        else:
            lines += _table_lines(report, fmt.table(section.table), layout, damage)
    return "\n".join(lines) + "\n"
