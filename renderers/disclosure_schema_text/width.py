"""Display width of text in a terminal, and wrapping of labels by that width."""

from __future__ import annotations

from functools import lru_cache

import wcwidth

# Characters that must not start a line in Chinese typesetting (a subset that covers the labels).
_NO_LINE_START = frozenset("，。、；：？！）》」』”’…%,.;:?!)]}、")


class Measure:
    """Widths as a terminal draws them: CJK takes two columns, ambiguous ones 1 or 2 (configurable)."""

    def __init__(self, ambiguous_width: int = 1) -> None:
        if ambiguous_width not in (1, 2):
            raise ValueError(f"ambiguous_width must be 1 or 2, not {ambiguous_width!r}")
        self.ambiguous_width = ambiguous_width
        self.width = lru_cache(maxsize=8192)(self._width)

    def _width(self, text: str) -> int:
        total = wcwidth.wcswidth(text, ambiguous_width=self.ambiguous_width)
        if total >= 0:
            return total
        # wcswidth gives -1 when a control character is present; count those as zero.
        return sum(max(0, wcwidth.wcwidth(ch, ambiguous_width=self.ambiguous_width)) for ch in text)

    def pad(self, text: str, width: int, align: str) -> str:
        gap = max(0, width - self.width(text))
        if align == "right":
            return " " * gap + text
        if align == "center":
            left = gap // 2
            return " " * left + text + " " * (gap - left)
        return text + " " * gap

    def wrap(self, text: str, limit: int) -> list[str]:
        """Break ``text`` into lines at most ``limit`` columns wide (a wider single character overflows)."""
        if limit <= 0 or self.width(text) <= limit:
            return [text]
        lines: list[str] = []
        current = ""
        for ch in text:
            if current and self.width(current + ch) > limit:
                if ch in _NO_LINE_START and len(current) > 1:
                    lines.append(current[:-1])
                    current = current[-1]
                else:
                    lines.append(current)
                    current = ""
            current += ch
        lines.append(current)
        return lines
