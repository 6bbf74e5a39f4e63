"""Units of amount columns: the ones real reports write, and exact conversion between them.

A spec declares a column's unit (``unit = "万元"``); a report may write its
header with another ("采购总金额（单位：元）"). A reader keeps the value as
written, converts it to the declared unit exactly (every known unit is a power
of ten of 元, so conversion moves the decimal point and never rounds) and says
so in a diagnostic.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import attrs

from .errors import CellValueError

# Each unit as a power of ten of 元.
KNOWN_UNITS: dict[str, int] = {"元": 0, "千元": 3, "万元": 4, "百万元": 6, "亿元": 8}
# "（单位：万元）", "(单位:元)", "（万元）", "单位：万元", "/万元" at the end of a header.
_IN_LABEL = re.compile(r"(?:[（(]\s*(?:单位\s*[:：]\s*)?|单位\s*[:：]\s*|[/／])\s*(" +
                       "|".join(sorted(KNOWN_UNITS, key=len, reverse=True)) + r")\s*[）)]?\s*$")


def unit_in_label(label: str) -> str | None:
    """The unit a column header writes ("采购总金额（单位：元）" → "元"), or ``None``."""
    match = _IN_LABEL.search(unicodedata.normalize("NFKC", label).strip())
    return match.group(1) if match else None


def strip_unit(label: str) -> str:
    """The header without its unit: "采购总金额（单位：元）" → "采购总金额"."""
    folded = unicodedata.normalize("NFKC", label).strip()
    match = _IN_LABEL.search(folded)
    return folded[: match.start()].rstrip() if match else label


def with_unit(label: str, unit: str | None) -> str:
    """The header a renderer prints: the label, with "（单位：万元）" unless it already says its unit."""
    if not unit or unit_in_label(label) is not None:
        return label
    return f"{label}（单位：{unit}）"


def convert(value: Decimal, written: str, declared: str) -> Decimal:
    """``value`` in unit ``written`` expressed in unit ``declared``, exactly (every unit is 10ⁿ 元).

    ``convert(Decimal("134.32"), "元", "万元") == Decimal("0.013432")``.
    """
    for unit in (written, declared):
        if unit not in KNOWN_UNITS:
            raise CellValueError(f"unknown unit {unit!r}; known units are {', '.join(KNOWN_UNITS)}")
    moved = value.scaleb(KNOWN_UNITS[written] - KNOWN_UNITS[declared])
    # Same number, fewest digits: 251000 元 is 25.1 万元 (not 25.1000), 4068.208 万元 is 40682080 元.
    if moved == moved.to_integral_value():
        return moved.quantize(Decimal(1))
    return moved.normalize()


@attrs.frozen(slots=True)
class Conversion:
    """A value read in one unit and stored in the declared one, for a reader's diagnostic."""

    written: Decimal
    written_unit: str
    value: Decimal
    unit: str

    @property
    def message(self) -> str:
        return (f"the header writes the amount in {self.written_unit}, the format's unit is {self.unit}: "
                f"{self.written} {self.written_unit} is kept as {self.value} {self.unit}")

    @property
    def message_zh(self) -> str:
        return (f"表头金额单位为{self.written_unit}，格式规定单位为{self.unit}："
                f"{self.written}{self.written_unit}按{self.value}{self.unit}保存")


def to_declared(value: Decimal, written_unit: str | None, declared: str | None) -> tuple[Decimal, Conversion | None]:
    """The value in the declared unit and, when it had to be converted, what was done.

    No declared unit, no written unit, or the same unit: the value as it is.
    """
    if not declared or not written_unit or written_unit == declared:
        return value, None
    converted = convert(value, written_unit, declared)
    return converted, Conversion(value, written_unit, converted, declared)
