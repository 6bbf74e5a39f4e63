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
        text = self.text[:next((i for i, ch in enumerate(self.text) if _is_mark(ch)), len(self.text))]
        match = _LEADING.match(unicodedata.normalize("NFKC", text).strip())
        if match is None:
            return None
        digits = match.group(0).replace(",", "")
        return Decimal(digits) if len(digits) <= MAX_DIGITS + 2 else None

    def __str__(self) -> str:
        return self.text


CellValue = int | Decimal | Verbatim | None

_INT = re.compile(r"^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_LEADING = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?")
_FOOTNOTED = re.compile(r"^([+\-−]?\d[\d,]*(?:\.\d+)?)\s*(\S+)$")

# Digits a number may have, as written in plain notation: more than any count or amount of a
# report, few enough that sums stay exact in Decimal's 28 digits and no one can write a number
# that takes gigabytes to print (1E+999999999).
MAX_DIGITS = 24


def _is_mark(ch: str) -> bool:
    """Superscript, subscript, circled and other "No" digits (¹ ₂ ③ ⑷ ❺): footnote marks.

    NFKC folds them into plain digits ("12¹" → "121"), so they are looked for before folding.
    """
    return unicodedata.category(ch) == "No"


def _too_long(digits: int, text: str) -> CellValueError:
    shown = text if len(text) <= 40 else f"{text[:20]}…{text[-8:]}"
    return CellValueError(f"the number {shown!r} has {digits} digits; a cell holds at most {MAX_DIGITS}")


def parse_cell(text: str, kind: CellKind) -> CellValue:
    """Read a cell's text: clean numbers become numbers, blank is ``None``, the rest is kept.

    Full-width digits and signs are accepted (NFKC). "251000元", "减3", "—" stay
    :class:`Verbatim`; they are never guessed into numbers. Footnote marks are never digits:
    "12¹" and "3①" stay :class:`Verbatim` (see :func:`split_footnote`). A number of more than
    :data:`MAX_DIGITS` digits raises :class:`CellValueError`.
    """
    stripped = text.strip()
    if not stripped:
        return None
    if any(_is_mark(ch) for ch in stripped):
        return Verbatim(stripped)
    folded = unicodedata.normalize("NFKC", stripped).replace("−", "-")
    if kind.is_integer:
        if _INT.match(folded):
            digits = len(folded.lstrip("+-"))
            if digits > MAX_DIGITS:
                raise _too_long(digits, stripped)
            return int(folded)
        return Verbatim(stripped)
    if _DEC.match(folded):
        digits = sum(ch.isdigit() for ch in folded)
        if digits > MAX_DIGITS:
            raise _too_long(digits, stripped)
        return Decimal(folded.lstrip("+"))
    return Verbatim(stripped)


def split_footnote(text: str) -> tuple[str, str] | None:
    """A number followed by footnote marks, as ``(number text, marks)``; else ``None``.

    ``"12¹"`` → ``("12", "¹")``, ``"3①"`` → ``("3", "①")``, ``"₁₂"`` → ``None`` (no number
    before the marks). A reader that takes the number reports the marks in a diagnostic.
    """
    match = _FOOTNOTED.match(text.strip())
    if match is None or not all(_is_mark(ch) for ch in match.group(2)):
        return None
    number = match.group(1)
    if any(_is_mark(ch) for ch in number):
        return None
    return number, match.group(2)


def plain_amount(value: Decimal, where: str = "amount") -> Decimal:
    """``value`` checked (finite, at most :data:`MAX_DIGITS` digits in plain notation) and with
    any positive exponent written out ("1.5E+3" → 1500), so that every renderer writes it plainly."""
    if not value.is_finite():
        raise CellValueError(f"{where}: {value} is not a finite number")
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    plain = len(digits) + exponent if exponent >= 0 else max(len(digits), -exponent)
    if plain > MAX_DIGITS:
        shown = str(value) if len(str(value)) <= 40 else f"{str(value)[:20]}…"
        raise CellValueError(f"{where}: {shown} has {plain} digits written out; a cell holds at most {MAX_DIGITS}")
    return Decimal(format(value, "f")) if exponent > 0 else value


def check_count(value: int, where: str = "count") -> int:
    """``value`` if it has at most :data:`MAX_DIGITS` digits; else :class:`CellValueError`."""
    if not -(10**MAX_DIGITS) < value < 10**MAX_DIGITS:
        raise CellValueError(f"{where}: a number of more than {MAX_DIGITS} digits is not a count")
    return value


def coerce(value: object, kind: CellKind, where: str) -> CellValue:
    """Check (and where lossless, convert) a value given by a program for a cell of ``kind``."""
    if value is None or isinstance(value, Verbatim):
        return value
    if isinstance(value, bool):
        raise CellValueError(f"{where}: a cell cannot hold a bool ({value!r})")
    if isinstance(value, str):
        return parse_cell(value, kind)
    if isinstance(value, int):
        check_count(value, where)
        return Decimal(value) if kind is CellKind.AMOUNT else value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CellValueError(f"{where}: {value} is not a finite number")
        if kind is CellKind.AMOUNT:
            return plain_amount(value, where)
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
    if isinstance(value, Decimal):
        return format(value, "f")  # plain, as written: 0.0000001, never 1E-7
    return str(value)


def parse_decimal(text: str) -> Decimal:
    """An amount written as a plain decimal ("4068.208", "0.0000001"); exponent notation is refused."""
    if not _DEC.match(text):
        if _DEC.match(text.replace("E", "").replace("e", "").replace("+", "").replace("-", "")):
            raise CellValueError(f"{text[:40]!r}: write amounts in plain notation, without an exponent")
        raise CellValueError(f"{text[:40]!r} is not a decimal number")
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_DIGITS:
        raise _too_long(digits, text)
    try:
        return Decimal(text.lstrip("+"))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise CellValueError(f"{text!r} is not a decimal number") from exc
