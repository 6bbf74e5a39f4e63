"""The title broken where a clerk would break it: between phrases, never inside a word.

"淮安市洪泽区人民政府 / 2024年政府信息公开工作年度报告", as the published
reports set it. The places a title may break, best first:

0. before the year ("2024年");
1. after the year, before 政府信息公开…;
2. inside the agency's name, after a place name (…省 / …市 / …区 / …自治州 …)
   or after 人民政府;
3. between the words of 政府信息公开工作年度报告, or before 办公室.

The fewest lines that fit win; among those, the best places, then the most even
lines. A phrase too long for a line on its own is wrapped by the ordinary rules.
"""

from __future__ import annotations

import re
from itertools import combinations, pairwise

from .text import Shaped

YEAR = re.compile(r"\d{4}\s*年度?")
FIXED_WORDS = ("政府", "信息", "公开", "工作", "年度", "报告")
# A place name ends with its level. Not when the character is part of a word: 城市, 城乡,
# 城镇 (before), 市场, 市政, 区域, 县级, 市委 … (after), or of a longer place: 杭州市.
PLACE_END = re.compile(
    r"(?:特别行政区|自治区|自治州|自治县|自治旗|街道办事处|街道|地区|新区|省|市|州|盟|县|区|旗|镇|乡)"
    r"(?<!城市)(?<!都市)(?<!城乡)(?<!城镇)(?<!城区)(?<!市区)(?<!联盟)(?<!园区)"
    r"(?![省市州盟县区旗镇乡场政容民委域划级属长内外间貌监辖属直])"
)
MAX_CANDIDATES = 14  # combinations of this many places stay cheap


def break_places(title: str) -> dict[int, int]:
    """Where ``title`` may break (position before which a line starts) and how good a place it is."""
    places: dict[int, int] = {}

    def add(pos: int, rank: int) -> None:
        if 0 < pos < len(title):
            places[pos] = min(rank, places.get(pos, rank))

    year = YEAR.search(title)
    agency_end = year.start() if year else len(title)
    if year:
        add(year.start(), 0)
        add(year.end(), 1)
    for m in PLACE_END.finditer(title, 0, agency_end):
        add(m.end(), 2)
    for m in re.finditer("人民政府", title[:agency_end]):
        add(m.end(), 2)
    for m in re.finditer("办公室|办公厅", title[:agency_end]):
        add(m.start(), 3)
    fixed = title.find("政府信息公开", agency_end)
    if fixed >= 0:
        add(fixed, 1)
        pos = fixed
        for word in FIXED_WORDS:
            if not title.startswith(word, pos):
                break
            pos += len(word)
            add(pos, 3)
    return places


def wrap_title(title: Shaped, max_width: float) -> list[Shaped]:
    """The title's lines, broken only at the places ``break_places`` allows when they can fit."""
    places = break_places(title.text)
    if title.width <= max_width:
        return [title]
    ranked = sorted(places, key=lambda p: (places[p], p))[:MAX_CANDIDATES]
    starts = [0.0]
    for w in title.widths:
        starts.append(starts[-1] + w)
    n = len(title.text)
    for count in range(1, len(ranked) + 1):
        best: tuple[tuple[int, float], tuple[int, ...]] | None = None
        for cut in combinations(sorted(ranked), count):
            edges = (0, *cut, n)
            widths = [starts[b] - starts[a] for a, b in pairwise(edges)]
            if max(widths) > max_width + 1e-6:
                continue
            score = (sum(places[p] for p in cut), max(widths) - min(widths))
            if best is None or score < best[0]:
                best = (score, cut)
        if best is not None:
            edges = (0, *best[1], n)
            return [title.slice(a, b) for a, b in pairwise(edges)]
    # A phrase longer than a line: break at every place, then wrap the long pieces by the usual rules.
    edges = (0, *sorted(places), n)
    lines: list[Shaped] = []
    for a, b in pairwise(edges):
        piece = title.slice(a, b)
        if lines and lines[-1].width + piece.width <= max_width:
            joined = title.slice(a - len(lines[-1].text), b)
            lines[-1] = joined
        else:
            lines += piece.wrap_balanced(max_width)
    return lines
