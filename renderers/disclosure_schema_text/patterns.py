"""Patterns of report text this package must recognise: section headings and page numbers.

Titles, periods, dates and number cells are the reading pipeline's (``disclosure_schema.reading``)."""

from __future__ import annotations

import re
import unicodedata

# "一、总体情况", "二．", "三, " — a section number; "（一）" sub-headings are narrative.
HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．,，]")
# "— 5 —", "- 5 -", "-4-", "第 5 页", "5/12": page furniture from PDF extraction.
# No two unbounded quantifiers over the same characters touch ("\\s*[,，/]?\\s*" would try every split
# of a run of spaces): every pattern here runs in time linear in the line.
PAGE_NUMBER = re.compile(r"^(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*(?:[,，/]\s*)?共\s*\d{1,4}\s*页)?)$")


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
