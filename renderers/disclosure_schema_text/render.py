"""The two text renderers: boxed tables for people ("text") and published-style pipes ("pipe")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from disclosure_schema import RenderError, Report
from disclosure_schema.plugins import check_options, check_report

from .document import render_document
from .tables import box_table, pipe_table
from .width import Measure

DEFAULT_LABEL_WIDTH = 14  # display columns per label column before a label wraps


def _int_option(options: Mapping[str, str], name: str, default: int, allowed: range) -> int:
    raw = options.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value not in allowed:
        raise RenderError(f"option {name}={raw!r}: expected a whole number from {allowed.start} to {allowed.stop - 1}")
    return value


class TextRenderer:
    """Plain text with boxed tables, aligned for terminals (CJK counted as two columns)."""

    name = "text"
    extension = ".txt"
    media_type = "text/plain; charset=utf-8"
    description = "plain text with boxed tables; options ambiguous_width=1|2, label_width=N (docs/text.md)"
    options: ClassVar[Mapping[str, str]] = {
        "ambiguous_width": "display columns of East Asian ambiguous-width characters, 1 or 2",
        "label_width": "display columns per label column before a label wraps (4-200)",
    }

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        check_options(self.name, options, ("ambiguous_width", "label_width"))
        check_report(report)
        measure = Measure(_int_option(options, "ambiguous_width", 1, range(1, 3)))
        label_width = _int_option(options, "label_width", DEFAULT_LABEL_WIDTH, range(4, 201))
        text = render_document(report, "text", lambda t, f: box_table(t, f, measure, label_width))
        return text.encode("utf-8")


class PipeRenderer:
    """Plain text with table rows as ``a | b | c |`` lines, like text extracted from published reports."""

    name = "pipe"
    extension = ".txt"
    media_type = "text/plain; charset=utf-8"
    description = "plain text with tables as ' | ' lines, as published text looks (docs/text.md)"
    options: ClassVar[Mapping[str, str]] = {}

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        check_options(self.name, options, ())
        check_report(report)
        return render_document(report, "pipe", pipe_table).encode("utf-8")
