"""Patterns of published report text: headings, page numbers, titles, dates, number cells."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from disclosure_schema.plugins import PLACEHOLDERS

# "一、总体情况", "二．", "三, " — a section number; "（一）" sub-headings are narrative.
HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．,，]")
# "— 5 —", "- 5 -", "-4-", "第 5 页", "5/12": page furniture from PDF extraction.
# No two unbounded quantifiers over the same characters touch ("\\s*[,，/]?\\s*" would try every split
# of a run of spaces): every pattern here runs in time linear in the line.
PAGE_NUMBER = re.compile(r"^(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*(?:[,，/]\s*)?共\s*\d{1,4}\s*页)?)$")
TITLE = re.compile(
    r"^(?P<agency>.*?)(?<!\s)\s*[（(]?(?P<year>(?:19|20)\d\d)\s*年\s*(?:度\s*)?(?:[）)]\s*)?"
    r"(?P<rest>政府信息公开(?:工作)?(?:年度)?报告|政务公开(?:工作)?年度报告|政府信息公开工作年报)$"
)
PERIOD = re.compile(
    r"((?:19|20)\d\d)\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起\s*)?(?:至|到|~|-|—|－)\s*"
    r"((?:19|20)\d\d)\s*年\s*12\s*月\s*31\s*日"
)
DATE_LINE = re.compile(r"^[（(]?\s*((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[）)]?$")
# A number cell, maybe with text after it: "134.32", "22（其中修订16件）", "251000元"; not "1.属于…".
_NUMBER_START = re.compile(r"^[+\-−]?\d[\d,]*(?:\.\d+)?(?![.．、\d])")
_CHANGE_WORD = re.compile(r"^(?:减少?|增加?)\s*\d")
# "注：", "说明1:": a note under a table (linear: the spaces around the number cannot trade places).
NOTE = re.compile(r"^[（(]?(?:注|说明|备注)\s*(?:[0-9一二三四五六七八九十]+\s*)?[：:]")


def bare(line: str) -> str:
    """A line without surrounding space and Markdown heading marks."""
    return line.strip().lstrip("#").strip()


def is_page_number(line: str) -> bool:
    return bool(PAGE_NUMBER.match(unicodedata.normalize("NFKC", line.strip())))


def looks_like_heading(line: str) -> bool:
    return bool(HEADING.match(bare(line)))


def looks_structural(line: str) -> bool:
    """Whether a narrative line could be read as structure by the readers of this package."""
    stripped = line.strip()
    return (
        stripped.startswith(("#", "+", "|", "｜", "\ufeff"))
        or looks_like_heading(stripped)
        or is_page_number(stripped)
    )


def is_value_text(text: str) -> bool:
    """Whether a table cell holds a value (blank, placeholder, number with or without text)."""
    stripped = text.strip()
    if not stripped or stripped in PLACEHOLDERS:
        return True
    folded = unicodedata.normalize("NFKC", stripped)
    return bool(_NUMBER_START.match(folded) or _CHANGE_WORD.match(folded))


def parse_date(text: str) -> date | None:
    match = DATE_LINE.match(unicodedata.normalize("NFKC", bare(text)))
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
