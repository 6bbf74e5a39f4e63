"""A report's cell values read once per validation (:class:`Snapshot`), and the getters rules share.

:func:`disclosure_schema.validate` reads a report's cells once into a list in the
format's cell order; rules bound to the same format index into it instead of
hashing ``(table, row, column)`` keys again. When every cell holds a number, the
equation rules run as generated functions and the kind checks as ``min``/``sum`` in C.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ..values import CellKind

if TYPE_CHECKING:
    from ..report import Report
    from ..spec import CellKey, ReportFormat
    from .layout import Layout

_INT_ONLY = frozenset({int})
_DECIMAL_ONLY = frozenset({Decimal})
_NUMBERS = frozenset({int, Decimal})


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
    # What the reader saw of the source's structure (headings in order), when it is known.
    layout: Layout | None = None

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

