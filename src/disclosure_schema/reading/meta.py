"""Title, agency, year and publication date, from the words of the spec's ``title_pattern``.

Titles come as "<机关><年份>年…报告", "<年份>年<机关>…报告", split over two lines,
inside 《》; the year also from the statistics period ("统计期限为2024年1月1日至12月31日"),
the publication date, and the file name as a last resort. Nothing is defaulted:
what cannot be found is reported and marked as inferred or missing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from functools import lru_cache

import attrs

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年\s*度?")
# A statistics period: a date, then a second date (the second year may be left out).
_PERIOD = re.compile(
    r"((?:19|20)\d\d)\s{0,3}年\s{0,3}0?1\s{0,3}月\s{0,3}0?1\s{0,3}日\s{0,3}起?\s{0,3}(?:至|到|~|-|—|－)\s{0,3}"
    r"(?:((?:19|20)\d\d)\s{0,3}年\s{0,3})?12\s{0,3}月\s{0,3}31\s{0,3}日"
)
_DATE_LINE = re.compile(r"^[（(]?\s{0,3}((?:19|20)\d\d)\s{0,3}年\s{0,3}(\d{1,2})\s{0,3}月\s{0,3}(\d{1,2})\s{0,3}日\s{0,3}[）)]?$")
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_QUOTES = str.maketrans("", "", "《》〈〉\"“”")


@attrs.frozen(slots=True)
class Title:
    agency: str
    year: int
    text: str


@lru_cache(maxsize=16)
def _tail(title_pattern: str) -> str:
    """The genre words after the year in a title pattern: "政府信息公开工作年度报告"."""
    after = title_pattern.split("{year}", 1)[-1].replace("{agency}", "")
    return after.lstrip("年度").strip()


def find_title(text: str, title_pattern: str) -> Title | None:
    """The agency and year of a title line, or None when the line is not a title of this genre."""
    tail = _tail(title_pattern)
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    folded = re.sub(r"\s+", "", folded)
    if not tail or len(folded) > 90 or not folded.endswith(unicodedata.normalize("NFKC", tail)[-2:]):
        return None
    for match in _YEAR.finditer(folded):
        year = int(match.group(1))
        before, after = folded[:match.start()], folded[match.end():]
        if before and _similar(after, tail) >= 0.7:
            agency = before
        elif not before:  # "2024年某区商务局政府信息公开工作年度报告"
            split = _split_tail(after, tail)
            if split is None:
                continue
            agency = after[:split]
        else:
            continue
        agency = agency.strip("（）()")
        return Title(agency, year, text.strip())
    return None


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _split_tail(text: str, tail: str) -> int | None:
    best, at = 0.0, None
    for i in range(1, len(text)):
        score = _similar(text[i:], tail)
        if score > best:
            best, at = score, i
    return at if best >= 0.7 else None


def period_year(text: str) -> int | None:
    """The year of a statistics period sentence, when both dates (if both given) agree."""
    for match in _PERIOD.finditer(unicodedata.normalize("NFKC", text)):
        first, second = match.group(1), match.group(2)
        if second is None or second == first:
            return int(first)
    return None


def date_line(text: str) -> date | None:
    match = _DATE_LINE.match(unicodedata.normalize("NFKC", text.strip()))
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def file_year(name: str) -> int | None:
    years = {int(m) for m in _FILE_YEAR.findall(name.rsplit("/", 1)[-1])}
    return years.pop() if len(years) == 1 else None
