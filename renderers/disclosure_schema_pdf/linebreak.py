"""Chinese line breaking (禁则): where a line may end, measured by the caller's widths.

ReportLab's ``wordWrap='CJK'`` lets lines start with full-width ，；：？！ and hangs
only one character, so the renderer breaks lines itself. A break is allowed
between any two characters except: before closing punctuation (it would start a
line), after opening punctuation (it would end one), before a space, and inside
a run of Latin letters, digits and signs (4068.208 and cgsfjbgs@163.com stay whole).
"""

from __future__ import annotations

from collections.abc import Sequence

# Characters that must not start a line: closing brackets and quotes, pause and
# stop marks, iteration marks, small kana, and their half-width forms.
NO_START = frozenset(
    "，。、；：？！）》」』”’〕】〗〙〛｝］〉…‥—～·・ー々〻ゝゞヽヾ％‰℃"
    ",.;:?!)]}>%"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "｡｣､･ｧｨｩｪｫｬｭｮｯｰ"
)
# Characters that must not end a line: opening brackets and quotes.
NO_END = frozenset("（《「『“‘〔【〖〘〚｛［〈([{<＄￥$¥£")
# Units and counters written after a number; a line never separates them from it.
UNITS = frozenset("年月日时分秒件条个项次人名家户元角万亿千百号期批份册篇套位天周余多倍宗类笔场台所处届岁")
UNIT_RUN = 2  # "万元", "余件": up to two unit characters stay with the number


# How many forbidden starters may hang past the right edge when no earlier break exists.
MAX_HANG = 2


def _is_word(char: str) -> bool:
    """Part of a Latin word, number, e-mail address or URL (brackets excepted)."""
    return char.isascii() and char.isprintable() and char not in " ()[]{}<>"


def can_break(text: str, i: int) -> bool:
    """Whether a line may end before ``text[i]`` (0 < i < len(text))."""
    before, after = text[i - 1], text[i]
    if after in NO_START or before in NO_END or after == " ":  # a space ends a line, never starts one
        return False
    if after in UNITS:
        k = i - 1
        while k > 0 and i - k < UNIT_RUN and text[k] in UNITS:
            k -= 1
        if text[k].isdigit():
            return False
    return not (_is_word(before) and _is_word(after))


def break_lines(
    text: str, widths: Sequence[float], max_width: float, indent: float = 0.0
) -> list[tuple[int, int]]:
    """Lines of ``text`` as ``(start, end)`` slices, each no wider than ``max_width`` where possible.

    ``widths[i]`` is the advance of ``text[i]``; the first line is ``indent``
    narrower (a paragraph's first-line indent). Greedy: each line ends at the
    last allowed break that fits. When no allowed break fits, up to
    ``MAX_HANG`` forbidden starters hang past the edge; failing that the line
    is cut where it fills (a single over-long word or a run of punctuation).
    Every character ends up in exactly one line, in order.
    """
    n = len(text)
    lines: list[tuple[int, int]] = []
    start = 0
    while start < n:
        width, fit = 0.0, start
        room = max_width - (indent if start == 0 else 0.0)
        while fit < n and (fit == start or width + widths[fit] <= room + 1e-6):
            width += widths[fit]
            fit += 1
        if fit == n:
            lines.append((start, n))
            break
        end = next((k for k in range(fit, start, -1) if can_break(text, k)), None)
        if end is None:
            end = _hang(text, start, fit)
        lines.append((start, end))
        start = end
    return lines


def _hang(text: str, start: int, fit: int) -> int:
    """Where a line ends when no allowed break fits: let a few closing marks hang, or cut."""
    k = fit
    while k < len(text) and k - fit < MAX_HANG and text[k] in NO_START:
        k += 1
    if k > fit and (k == len(text) or can_break(text, k)):
        return k
    return fit
