"""Helpers for the published-file tests: a grid's data rows and header cells, to compare with truth."""

from __future__ import annotations

import re

from disclosure_schema.reading import Block, Grid, Paragraph

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def grids(blocks: list[Block]) -> list[Grid]:
    return [b for b in blocks if isinstance(b, Grid)]


def paragraphs(blocks: list[Block]) -> list[Paragraph]:
    return [b for b in blocks if isinstance(b, Paragraph)]


def data_rows(grid: Grid, value_col: int) -> list[tuple[str, int, list[str]]]:
    """(label, column of the first value, value texts) for each row whose cells from ``value_col`` are numbers."""
    out = []
    for row in grid.rows:
        values = [c for c in row.cells if c.col is not None and c.col >= value_col]
        if not values or not all(NUMBER.match(c.text) for c in values):
            continue
        labels = [c.text for c in row.cells if c.col is not None and c.col < value_col and c.text]
        cols = [int(c.col or 0) for c in values]
        assert cols == sorted(cols), f"cells out of column order in {row}"
        out.append((labels[-1] if labels else "", int(values[0].col or 0), [c.text for c in values]))
    return out


def cell_shapes(grid: Grid) -> set[tuple[str, int, int, int]]:
    return {(c.text, int(c.col or 0), c.colspan, c.rowspan) for row in grid.rows for c in row.cells}


def count_right(got: list[tuple[str, int, list[str]]], truth: list[list[object]]) -> tuple[int, int]:
    """How many of the truth's value cells the grid has, in the right row (label) and column."""
    right = total = 0
    by_label: dict[tuple[str, int], list[str]] = {}
    seen: dict[str, int] = {}
    for label, col, values in got:  # a label can repeat (2.重复申请 under two groups): keep order
        n = seen.get(label, 0)
        seen[label] = n + 1
        by_label[(label, n)] = [""] * (col) + values
    seen.clear()
    for want_label, want_col, want_values in truth:
        assert isinstance(want_label, str) and isinstance(want_col, int) and isinstance(want_values, list)
        n = seen.get(want_label, 0)
        seen[want_label] = n + 1
        row = by_label.get((want_label, n), [])
        col = want_col
        for i, value in enumerate(want_values):
            total += 1
            right += len(row) > col + i and row[col + i] == value
    return right, total
