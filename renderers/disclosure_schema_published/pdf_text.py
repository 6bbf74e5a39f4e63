"""Characters of a PDF page as lines of text, and lines as the words printed.

pdfplumber gives one record per glyph with its box. A line is a run of glyphs that
overlap vertically (digits and CJK in different fonts sit a point apart); a space is
put between two glyphs only when they are far apart and neither is CJK, so justified
Chinese ("号 ， 邮 编") and text set one character per line ("三、本年度办理结果")
come back without invented spaces.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .joining import is_wide, join_pieces, squeeze

Char = Mapping[str, Any]  # a pdfplumber char record: text, x0, x1, top, bottom, size, fontname …


@attrs.frozen
class TextLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the median glyph size of the line
    bold: bool  # most glyphs in a bold face (section headings of Chinese reports are set in 黑体)


_BOLD_FONTS = ("bold", "heavy", "black", "hei", "黑", "-b", ",b")  # 黑体/SimHei: the bold face of Chinese documents


def _is_bold(fontname: str) -> bool:
    name = fontname.lower().split("+", 1)[-1]
    return any(mark in name for mark in _BOLD_FONTS)


def _line_text(chars: Sequence[Char]) -> str:
    out: list[str] = []
    prev: Char | None = None
    for ch in chars:
        text = str(ch["text"])
        if prev is not None and out and text:
            gap = float(ch["x0"]) - float(prev["x1"])
            size = min(float(ch["size"]), float(prev["size"])) or 1.0
            if gap > 0.25 * size and not is_wide(out[-1][-1:] or "a") and not is_wide(text[0]):
                out.append(" ")
        out.append(text)
        prev = ch
    return squeeze("".join(out))


def text_lines(chars: Iterable[Char]) -> list[TextLine]:
    """The lines the glyphs make, top to bottom, each read left to right."""
    ordered = sorted((c for c in chars if str(c["text"]).strip()), key=lambda c: (float(c["top"]), float(c["x0"])))
    groups: list[list[Char]] = []
    band_top = band_bottom = 0.0
    for ch in ordered:
        top, bottom = float(ch["top"]), float(ch["bottom"])
        mid = (top + bottom) / 2
        if groups and band_top <= mid <= band_bottom:
            groups[-1].append(ch)
            band_top, band_bottom = min(band_top, top), max(band_bottom, bottom)
        else:
            groups.append([ch])
            band_top, band_bottom = top, bottom
    lines: list[TextLine] = []
    for group in groups:
        group.sort(key=lambda c: float(c["x0"]))
        text = _line_text(group)
        if not text:
            continue
        sizes = [float(c["size"]) for c in group]
        bold = sum(_is_bold(str(c.get("fontname", ""))) for c in group) * 2 > len(group)
        lines.append(TextLine(text, min(float(c["x0"]) for c in group), max(float(c["x1"]) for c in group),
                              min(float(c["top"]) for c in group), max(float(c["bottom"]) for c in group),
                              statistics.median(sizes), bold))
    return lines


def block_text(chars: Iterable[Char]) -> str:
    """The text of a cell: its lines joined, without a space next to CJK."""
    return join_pieces(line.text for line in text_lines(chars))
