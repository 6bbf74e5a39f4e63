"""Cell values: numbers, blank, and text kept as it was written.

A cell holds an ``int`` (counts), a ``Decimal`` (amounts), ``None`` (blank) or a
:class:`Verbatim` (a placeholder such as "—" or a number with text such as
"22（其中修订16件）"). Nothing passes through ``float``.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import attrs

from .errors import CellValueError


class CellKind(enum.Enum):
    """What a cell may hold."""

    COUNT = "count"  # non-negative integer
    SIGNED_COUNT = "signed_count"  # integer; "减用负值表示"
    AMOUNT = "amount"  # non-negative decimal, with a unit

    @property
    def is_integer(self) -> bool:
        return self is not CellKind.AMOUNT


# Texts that real reports write instead of a number; kept, never read as zero.
PLACEHOLDERS = frozenset({"-", "—", "–", "－", "——", "/", "／", "无", "空", "×", "x", "X", "\\"})


@attrs.frozen(slots=True)
class Verbatim:
    """A cell's text as written, when it is not a clean number of the cell's kind."""

    text: str

    @property
    def is_placeholder(self) -> bool:
        return self.text.strip() in PLACEHOLDERS

    @property
    def leading_number(self) -> Decimal | None:
        """The number the text starts with ("22（其中修订16件）" → 22), for hints only."""
        match = _LEADING.match(unicodedata.normalize("NFKC", self.text).strip())
        if match is None:
            return None
        return Decimal(match.group(0).replace(",", ""))

    def __str__(self) -> str:
        return self.text


CellValue = int | Decimal | Verbatim | None

_INT = re.compile(r"^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_LEADING = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?")


def parse_cell(text: str, kind: CellKind) -> CellValue:
    """Read a cell's text: clean numbers become numbers, blank is ``None``, the rest is kept.

    Full-width digits and signs are accepted (NFKC). "251000元", "减3", "—" stay
    :class:`Verbatim`; they are never guessed into numbers.
    """
    stripped = text.strip()
    if not stripped:
        return None
    folded = unicodedata.normalize("NFKC", stripped).replace("−", "-")
    if kind.is_integer:
        if _INT.match(folded):
            return int(folded)
        return Verbatim(stripped)
    if _DEC.match(folded):
        return Decimal(folded.lstrip("+"))
    return Verbatim(stripped)


def coerce(value: object, kind: CellKind, where: str) -> CellValue:
    """Check (and where lossless, convert) a value given by a program for a cell of ``kind``."""
    if value is None or isinstance(value, Verbatim):
        return value
    if isinstance(value, bool):
        raise CellValueError(f"{where}: a cell cannot hold a bool ({value!r})")
    if isinstance(value, str):
        return parse_cell(value, kind)
    if isinstance(value, int):
        return Decimal(value) if kind is CellKind.AMOUNT else value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CellValueError(f"{where}: {value} is not a finite number")
        if kind is CellKind.AMOUNT:
            # Plain notation, so every renderer writes what every reader reads back.
            return Decimal(format(value, "f")) if "E" in str(value) else value
        raise CellValueError(
            f"{where}: a {kind.value} cell holds whole numbers, not {value}; "
            "use Verbatim(...) to keep text as written"
        )
    if isinstance(value, float):
        raise CellValueError(
            f"{where}: floats lose digits; pass Decimal('{value!r}') or a string instead"
        )
    raise CellValueError(f"{where}: cannot store {type(value).__name__} {value!r} in a cell")


def is_number(value: CellValue) -> bool:
    return isinstance(value, int | Decimal)


def format_value(value: CellValue) -> str:
    """The text a renderer writes for a value; blank is the empty string."""
    if value is None:
        return ""
    if isinstance(value, Verbatim):
        return value.text
    return str(value)


def parse_decimal(text: str) -> Decimal:
    try:
        result = Decimal(text)
    except InvalidOperation as exc:
        raise CellValueError(f"{text!r} is not a decimal number") from exc
    if not result.is_finite():
        raise CellValueError(f"{text!r} is not a finite number")
    return result
