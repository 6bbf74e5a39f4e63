"""Checks renderers share on a report's text: what no file can hold, and right-to-left script.

Text comes from programs as well as readers, so a renderer cannot assume a reader checked it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .errors import RenderError
from .report import MAX_YEAR, MIN_YEAR, Report
from .values import Verbatim

_SURROGATE = re.compile("[\ud800-\udfff]")
# Strong right-to-left characters (Arabic, Hebrew, Syriac, Thaana, N'Ko… and their presentation
# forms) and the controls that reorder text; the exact test is the Unicode bidi class below.
_RTL_RANGES = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u202b\u202e\u2067\U00010800-\U00010fff"
                         "\U0001e800-\U0001efff]")
_RTL_CLASSES = frozenset({"R", "AL", "RLE", "RLO", "RLI"})


def texts(report: Report) -> Iterator[tuple[str, str]]:
    """Every piece of text of a report with where it is: agency, title, sections, written cells."""
    yield "agency", report.agency
    if report.title is not None:
        yield "title", report.title
    for sid, text in report.sections.items():
        yield f"section {sid}", text
    for key, value in report.cells.items():
        if isinstance(value, Verbatim):
            yield f"cell {'/'.join(key)}", value.text


def check_report(report: Report) -> None:
    """``RenderError`` for what no renderer can write: a year without a following year
    (the report is published then), or half of a surrogate pair, which UTF-8 cannot encode."""
    year = report.year
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise RenderError(f"year: {year!r} is not a report year from {MIN_YEAR} to {MAX_YEAR}")
    for where, text in texts(report):
        if not text.isascii():
            bad = _SURROGATE.search(text)
            if bad is not None:
                raise RenderError(f"{where}: character U+{ord(bad.group()):04X} at offset {bad.start()} is half "
                                  "of a surrogate pair, not a character; no file can hold it")


def right_to_left(report: Report) -> tuple[str, int, str] | None:
    """The first right-to-left character (Arabic, Uyghur, Hebrew…) as ``(where, offset, char)``.

    For renderers that lay text out left to right only and must refuse such text rather than
    draw it reversed and unjoined.
    """
    for where, text in texts(report):
        if text.isascii():
            continue
        for match in _RTL_RANGES.finditer(text):
            if unicodedata.bidirectional(match.group()) in _RTL_CLASSES:
                return where, match.start(), match.group()
    return None
