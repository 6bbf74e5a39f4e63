"""Diagnostics of the reading pipeline: a stable code, a severity, a place, and zh/en wording."""

from __future__ import annotations

import attrs

from ..plugins import Diagnostic
from .blocks import Origin

# Codes a reader gives; docs/text.md lists them with what to do about each.
CODES = {
    "read.page-number": "page furniture (page numbers) dropped",
    "read.encoding": "the text was not UTF-8; decoded as named",
    "read.preamble-text": "text before the first section heading, added to the first section",
    "read.agency-line": "the agency's name on a line of its own, skipped",
    "read.title-repeated": "the title appears again, or a second title",
    "read.heading-repeated": "a section heading appears again",
    "read.heading-renamed": "a section heading in other words than the format's; read as that section",
    "read.heading-unknown": "a line that looks like a heading but is no section of the format",
    "read.section-missing": "a section of the format is not in the input",
    "read.section-guessed": "text after a table whose next section's heading is missing, taken as that section's",
    "read.text-in-table": "a sentence in a table section; not a cell, not kept",
    "read.grid-in-preamble": "a table before the first section heading; not used",
    "meta.year-missing": "no report year found in title, period, date or file name",
    "meta.year-inferred": "the year is inferred (from the statistics period, publication date or file name)",
    "meta.agency-missing": "no agency found",
    "meta.edition": "which edition the tables fit, and why",
    "table.header-unknown": "header words the table does not have",
    "table.note": "a note under a table; not kept",
    "table.unit": "a unit written in a header that is no amount column's",
    "table.unit-converted": "an amount written in another unit (元 for 万元), converted exactly to the format's",
    "table.row-unknown": "a line that names no row of the table; not used",
    "table.row-repeated": "a row appears twice; the second is not used",
    "table.row-group": "numbers on a group label (a row with no cells of its own); not used",
    "table.row-group-zero": "a row of zeros on a group label (the older edition's one row): 0 in each row under it",
    "table.label-near": "a label one character off the spec's; placed",
    "table.label-cut": "a label cut short or wrapped; placed on the row it begins",
    "table.label-note": "a label with a note after it; placed",
    "table.row-by-order": "numbers without a label, placed on the rows between labelled ones, in order",
    "table.row-unplaced": "numbers without a label that could not be placed; not used",
    "table.values-extra": "more cells than the table has columns; the extra ones not used",
    "table.row-short-position": "a short row placed by its column positions",
    "table.row-short-sums": "a short row placed by the table's sums",
    "table.row-short-blank": "a short row no evidence could place; its uncertain cells left blank",
    "table.footnote": "footnote marks after numbers (12¹, 3①) kept out of the digits",
    "table.cell-text": "cells kept as text (placeholder, or number with words)",
    "table.row-cut": "the input ends inside a row; the cells read are its first ones",
    "table.rows-missing": "rows of the table not in the input; left blank",
    "table.no-rows": "a table with no rows in the input (published as an image?)",
}


def note(notes: list[Diagnostic], code: str, en: str, zh: str, origin: Origin | None = None,
         severity: str = "warning") -> None:
    line = origin.line if origin else None
    column = origin.column if origin else None
    located = origin is not None and line is None
    location, location_zh = (origin.show(), origin.show("zh")) if origin is not None and located else ("", "")
    notes.append(Diagnostic(en, line, location, severity, zh, code, column, location_zh))


@attrs.frozen(slots=True)
class Located:
    """A piece of text with its origin (label cells and lines in diagnostics)."""

    text: str
    origin: Origin
