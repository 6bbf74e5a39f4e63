"""Reading the project's own text output (both layouts) back, exactly.

The first line names the format and layout; everything after it is read by
position from the spec, so the text can only mean one report. A file that
breaks the grammar (docs/text.md) gives a ``ReadError`` at the offending line.
"""

from __future__ import annotations

import re
from datetime import date

from disclosure_schema import (
    CellKind,
    CellValue,
    CellValueError,
    ReadError,
    Report,
    ReportFormat,
    Table,
    Verbatim,
    format_by_id,
    parse_cell,
)
from disclosure_schema.plugins import Diagnostic, ReadResult

from .document import LAYOUTS, MAGIC
from .escapes import split_cells, unescape, unescape_line
from .tables import pipe_head, pipe_labels

_FIRST = re.compile(rf"^{re.escape(MAGIC)} format=(?P<format>\S+) layout=(?P<layout>\S+)\s*$")
_META = re.compile(r"^# (?P<key>[a-z]+):(?: (?P<value>.*))?$")  # "# agency:" when an editor ate the space
_KEYS = ("agency", "year", "title", "published")


class _Lines:
    """The input lines with the file's line numbers, for errors that say where."""

    def __init__(self, lines: list[str], source: str) -> None:
        self.lines = lines
        self.source = source

    def error(self, index: int, message: str) -> ReadError:
        return ReadError(self.source, f"line {index + 1}", message)

    def get(self, index: int, what: str) -> str:
        if index >= len(self.lines):
            raise self.error(len(self.lines) - 1, f"the text ends where {what} was expected")
        return self.lines[index]

    def text(self, index: int, raw: str) -> str:
        try:
            return unescape_line(raw)
        except ValueError as exc:
            raise self.error(index, str(exc)) from None


def read_own(lines: list[str], source: str) -> ReadResult:
    src = _Lines(lines, source)
    first = _FIRST.match(lines[0])
    if first is None or first.group("layout") not in LAYOUTS:
        raise src.error(0, f"expected '{MAGIC} format=ID layout=text|pipe'")
    try:
        fmt = format_by_id(first.group("format"))  # by id only: a report never makes us open a file
    except LookupError as exc:
        raise src.error(0, str(exc)) from None
    framed = first.group("layout") == "text"
    meta: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    pos = 1
    while pos < len(lines) and (m := _META.match(lines[pos])):
        if m.group("key") in meta:  # two values for one field: neither may silently win
            raise src.error(pos, f"a second '# {m.group('key')}:' line; the header names each field once")
        if m.group("key") in _KEYS:
            meta[m.group("key")] = src.text(pos, m.group("value") or "")
        else:
            diagnostics.append(Diagnostic(f"unknown header line '# {m.group('key')}: …' ignored", pos + 1,
                                          message_zh=f"忽略未知的头部行“# {m.group('key')}: …”"))
        pos += 1
    report = _metadata(fmt, meta, src, pos)
    if framed:
        _blank(src, pos)
        pos += 1
    shown = src.text(pos, src.get(pos, "the title line"))
    if shown != report.display_title:
        diagnostics.append(Diagnostic(f"the title line differs from the header ({report.display_title!r}); "
                                      "the header is used", pos + 1,
                                      message_zh=f"标题行与头部不一致（{report.display_title}），以头部为准"))
    pos += 1
    sections: dict[str, str] = {}
    cells: dict[tuple[str, str, str], CellValue] = {}
    titles = [s.title for s in fmt.sections]
    for i, section in enumerate(fmt.sections):
        if framed and i == 0:  # later sections' blank line before the heading ends the previous body
            _blank(src, pos)
            pos += 1
        if src.get(pos, f"the heading {section.title}") != section.title:
            raise src.error(pos, f"expected the heading {section.title!r}")
        start = pos + 1
        end = _find(lines, titles[i + 1], start) if i + 1 < len(titles) else len(lines)
        if end < 0:
            raise src.error(len(lines) - 1, f"the heading {titles[i + 1]!r} is missing")
        body = list(range(start, end))
        if framed:  # one empty line after the heading, and one before the next heading
            last = i + 1 == len(titles)
            _blank(src, start)
            stop = end if last else max(start + 1, end - 1)
            if not last:
                _blank(src, end - 1)
            body = list(range(start + 1, stop))
        if section.table is None:
            if body:
                sections[section.id] = "\n".join(src.text(k, lines[k]) for k in body)
        else:
            table = fmt.table(section.table)
            read = _read_box if framed else _read_pipe
            cells.update(read(table, fmt, src, body))
        pos = end
    return ReadResult(Report(fmt, report.agency, report.year, sections, cells, report.title, report.published),
                      tuple(diagnostics))


def _metadata(fmt: ReportFormat, meta: dict[str, str], src: _Lines, pos: int) -> Report:
    if "agency" not in meta or "year" not in meta:
        raise src.error(pos, "the header needs '# agency: …' and '# year: …' lines")
    try:
        if not meta["year"].strip().isascii() or len(meta["year"]) > 8:
            raise ValueError(f"the year {meta['year'][:20]!r} is not a number")
        year = int(meta["year"])
        published = date.fromisoformat(meta["published"]) if "published" in meta else None
        return Report.create(fmt, meta["agency"], year, title=meta.get("title"), published=published)
    except ValueError as exc:  # CellValueError too: a year out of range
        raise src.error(pos - 1, f"bad header value: {exc}") from None


def _blank(src: _Lines, index: int) -> None:
    if src.get(index, "an empty line") != "":
        raise src.error(index, "expected an empty line")


def _find(lines: list[str], wanted: str, start: int) -> int:
    for k in range(start, len(lines)):
        if lines[k] == wanted:
            return k
    return -1


def _value(src: _Lines, index: int, raw: str, kind: CellKind) -> CellValue:
    raw = raw.strip()
    if "\\" not in raw:
        try:
            return parse_cell(raw, kind)
        except CellValueError as exc:
            raise src.error(index, str(exc)) from None
    try:
        return Verbatim(unescape(raw))
    except ValueError as exc:
        raise src.error(index, str(exc)) from None


def _read_box(table: Table, fmt: ReportFormat, src: _Lines, body: list[int]) -> dict[tuple[str, str, str], CellValue]:
    """Boxed tables: after each block's ``+===`` rule, one row of cells per row leaf, ended by a rule."""
    out: dict[tuple[str, str, str], CellValue] = {}
    lines = src.lines
    k = 0
    for block in table.blocks:
        while k < len(body) and not lines[body[k]].startswith("+="):
            k += 1
        if k == len(body):
            raise src.error(body[-1] if body else 0, f"table {table.label}: the '+===' rule under a header is missing")
        k += 1
        n = len(block.column_leaves)
        for row in block.row_leaves:
            rows = []
            while k < len(body) and not lines[body[k]].endswith("+"):
                rows.append(body[k])
                k += 1
            if not rows or k == len(body):
                raise src.error(body[min(k, len(body) - 1)], f"table {table.label}: row {row.label!r} is missing")
            k += 1
            for line_no, index in enumerate(rows):
                parts = split_cells(lines[index])
                if len(parts) < n + 2:
                    raise src.error(index, f"table {table.label}: expected {n} cells in row {row.label!r}")
                data = parts[-(n + 1):-1]
                if line_no and any(p.strip() for p in data):
                    raise src.error(index, "a value continues on a second line; values are one line")
                if line_no == 0:
                    for col, raw in zip(block.column_leaves, data, strict=True):
                        key = (table.id, row.id, col.id)
                        value = _value(src, index, raw, fmt.cell_kinds[key])
                        if value is not None:
                            out[key] = value
    if k < len(body):
        raise src.error(body[k], f"table {table.label}: unexpected line after the table")
    return out


def _read_pipe(table: Table, fmt: ReportFormat, src: _Lines, body: list[int]) -> dict[tuple[str, str, str], CellValue]:
    """Pipe tables: the header lines as written by the renderer, then one line per row leaf."""
    out: dict[tuple[str, str, str], CellValue] = {}
    lines = src.lines
    k = 0
    for block in table.blocks:
        for expected in pipe_head(block):
            index = body[k] if k < len(body) else (body[-1] if body else 0)
            if k >= len(body) or lines[index] != expected:
                raise src.error(index, f"table {table.label}: expected the header line {expected!r}")
            k += 1
        n = len(block.column_leaves)
        for row in block.row_leaves:
            if k >= len(body):
                raise src.error(body[-1] if body else 0, f"table {table.label}: row {row.label!r} is missing")
            index = body[k]
            labels = pipe_labels(block, row)
            parts = split_cells(lines[index])
            if (len(parts) != len(labels) + n + 1 or parts[-1].strip()
                    or [p.strip() for p in parts[:len(labels)]] != labels):
                raise src.error(index, f"table {table.label}: expected the row {' | '.join(labels)!r} "
                                f"with {n} cells")
            for col, raw in zip(block.column_leaves, parts[len(labels):-1], strict=True):
                key = (table.id, row.id, col.id)
                value = _value(src, index, raw, fmt.cell_kinds[key])
                if value is not None:
                    out[key] = value
            k += 1
    if k < len(body):
        raise src.error(body[k], f"table {table.label}: unexpected line after the table")
    return out
