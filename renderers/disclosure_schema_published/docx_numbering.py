"""Word's automatic numbering: the "一、" or "（二）" that Word draws but does not store in the text.

A report drafted in Word often numbers its section headings with a list style, so
``document.xml`` holds "总体情况" while the page shows "一、总体情况". The labels are
rebuilt from ``numbering.xml``: each list level's start, number format and level text
("%1、", "（%1）", "%1.%2"), counted in document order, deeper levels restarting when a
higher one advances.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"


def _chinese(n: int, digits: str = _DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (as Word's chineseCounting writes them)."""
    if n <= 0 or n >= 1000:
        return str(n)
    h, t, u = n // 100, n // 10 % 10, n % 10
    out = f"{digits[h]}{hundred}" if h else ""
    if t:
        out += ("" if t == 1 and not h else digits[t]) + ten
    elif h and u:
        out += "零"
    return out + (digits[u] if u else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "taiwaneseCounting": _chinese,
    "taiwaneseCountingThousand": _chinese,
    "ideographDigital": lambda n: "".join(_DIGITS[int(c)] for c in str(n)),
    "chineseLegalSimplified": lambda n: _chinese(n, _LEGAL, "拾", "佰"),
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 0 < n <= 20 else str(n),
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
}


@attrs.frozen
class _Level:
    start: int
    fmt: str
    text: str
    legal: bool


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(f"{W}val")


def _int(value: str | None, default: int) -> int:
    return int(value) if value is not None and value.isdigit() and len(value) < 6 else default


class Numbering:
    """Labels for numbered paragraphs, in the order they are asked for."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iter(f"{W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(f"{W}lvl"):
                levels[_int(lvl.get(f"{W}ilvl"), 0)] = _Level(
                    _int(_val(lvl.find(f"{W}start")), 1), _val(lvl.find(f"{W}numFmt")) or "decimal",
                    _val(lvl.find(f"{W}lvlText")) or "", lvl.find(f"{W}isLgl") is not None)
            self.abstract[abstract.get(f"{W}abstractNumId") or ""] = levels
        for num in root.iter(f"{W}num"):
            overrides = {_int(o.get(f"{W}ilvl"), 0): _int(_val(o.find(f"{W}startOverride")), 1)
                         for o in num.iter(f"{W}lvlOverride") if o.find(f"{W}startOverride") is not None}
            self.nums[num.get(f"{W}numId") or ""] = (_val(num.find(f"{W}abstractNumId")) or "", overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        """The label the next paragraph of list ``num_id`` at level ``ilvl`` shows ("" for bullets)."""
        if num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        # lists of one abstract definition count on together, unless a list restarts it (startOverride)
        counters = self.counters.setdefault(f"num {num_id}" if overrides else abstract_id, {})
        start = overrides.get(ilvl, levels[ilvl].start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for i in range(9):
            if f"%{i + 1}" in text:
                lvl = levels.get(i)
                n = counters.get(i, lvl.start if lvl else 1)
                fmt = "decimal" if level.legal or lvl is None else lvl.fmt
                text = text.replace(f"%{i + 1}", _FORMATS.get(fmt, str)(n))
        return text
