"""Text made ready to draw: each character's font and width, wrapped into lines, cut into runs."""

from __future__ import annotations

import functools
import unicodedata

import attrs
from reportlab.pdfbase import pdfmetrics

from .fonts import FontSet
from .linebreak import break_lines

TAB = "\t"
# Unicode space separators (Zs): blank space, never a glyph to lose.
_SPACES = frozenset(chr(c) for c in range(0x3001) if unicodedata.category(chr(c)) == "Zs")
TAB_EMS = 2  # a tab is drawn as blank space two characters wide

_ADVANCES: dict[tuple[str, str], float] = {}


def _advance(font: str, char: str) -> float:
    """Advance of ``char`` at 1 pt, cached: stringWidth per character is the hot path."""
    key = (font, char)
    width = _ADVANCES.get(key)
    if width is None:
        width = _ADVANCES[key] = pdfmetrics.stringWidth(char, font, 1.0)
    return width


@attrs.frozen
class Run:
    """Characters drawn with one font and style."""

    font: str
    text: str
    bold: bool = False


@attrs.frozen
class Shaped:
    """A string with each character's font, advance (at ``size``) and boldness."""

    text: str
    fonts: tuple[str, ...]
    widths: tuple[float, ...]
    bold: tuple[bool, ...]
    size: float

    @property
    def width(self) -> float:
        return sum(self.widths)

    def slice(self, start: int, end: int) -> Shaped:
        return Shaped(self.text[start:end], self.fonts[start:end], self.widths[start:end],
                      self.bold[start:end], self.size)

    def scaled(self, factor: float) -> Shaped:
        """The same text set ``factor`` times the size (a long number set smaller to stay on one line)."""
        return Shaped(self.text, self.fonts, tuple(w * factor for w in self.widths), self.bold, self.size * factor)

    def wrap(self, max_width: float, indent: float = 0.0) -> list[Shaped]:
        return [self.slice(a, b) for a, b in break_lines(self.text, self.widths, max_width, indent)]

    def wrap_balanced(self, max_width: float) -> list[Shaped]:
        """As few lines as ``wrap`` gives, but as even as possible: "商业/企业", not "商业企/业".

        Searches for the narrowest width that still needs no more lines.
        """
        lines = self.wrap(max_width)
        if len(lines) < 2:
            return lines
        low, high = self.width / len(lines), max_width
        for _ in range(8):  # to within 1/256 of the line: far below a character's width
            mid = (low + high) / 2
            if len(self.wrap(mid)) > len(lines):
                low = mid
            else:
                high = mid
        return self.wrap(high)

    def runs(self) -> tuple[Run, ...]:
        return self._runs

    @functools.cached_property
    def _runs(self) -> tuple[Run, ...]:  # labels are shaped once and drawn in every report
        out: list[Run] = []
        fonts, bold, text = self.fonts, self.bold, self.text
        start, n = 0, len(text)
        while start < n:
            font, heavy = fonts[start], bold[start]
            end = start + 1
            while end < n and fonts[end] == font and bold[end] == heavy:
                end += 1
            out.append(Run(font, text[start:end].replace(TAB, " " * TAB_EMS), heavy))
            start = end
        return tuple(out)


def shape(text: str, size: float, fonts: FontSet, where: str, lead_until: int = 0,
          lead: FontSet | None = None, offset: int = 0) -> Shaped:
    """Assign fonts (raising ``RenderError`` for a character none can draw) and measure.

    The characters before ``lead_until`` are set with ``lead`` (the 楷体 lead of
    a （一） paragraph); ``offset`` is where ``text`` starts in what the user
    wrote, for the character positions in errors.
    """
    # A space has no glyph to lose: one the fonts lack (U+00A0 from a web page) is drawn as U+0020.
    if not _SPACES.isdisjoint(text):
        text = "".join(" " if c in _SPACES and not fonts.can_draw(c) else c for c in text)
    plain = text.replace(TAB, " ") if TAB in text else text
    if lead is not None and lead_until:
        faces = lead.assign(plain[:lead_until], where, offset) + fonts.assign(plain[lead_until:], where,
                                                                              offset + lead_until)
    else:
        faces = fonts.assign(plain, where, offset)
    advances = _ADVANCES
    widths = tuple(
        (advances.get((font, char)) or _advance(font, char)) * size if char != TAB else TAB_EMS * size
        for char, font in zip(text, faces, strict=True)
    )
    lead_bold = lead.bold if lead is not None else fonts.bold
    head = min(lead_until, len(text))
    bold = (lead_bold,) * head + (fonts.bold,) * (len(text) - head)
    return Shaped(text, tuple(faces), widths, bold, size)
