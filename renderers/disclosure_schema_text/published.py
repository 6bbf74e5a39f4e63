"""Reading real published report text, leniently, with a diagnostic for everything not placed.

Published text (web pages, PDF extraction, OCR) has tables as ``a | b | c`` lines
or lines of bare numbers, labels abbreviated or split, group labels flattened
into the first row of their group, page numbers in the middle, and cells with
text in them. The reader parses the text once per known format and keeps the
format whose tables it fits best (the edition is told by the rows and columns
only one edition has). Values are never guessed: text stays ``Verbatim``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from disclosure_schema import (
    CellKey,
    CellValue,
    DisclosureError,
    Node,
    ReadError,
    Report,
    ReportFormat,
    Section,
    Table,
    Verbatim,
    formats,
    parse_cell,
)
from disclosure_schema.labels import normalize, strip_ordinal
from disclosure_schema.plugins import Diagnostic, ReadResult

from .patterns import (
    HEADING,
    PERIOD,
    TITLE,
    bare,
    is_page_number,
    is_value_text,
    looks_like_heading,
    parse_date,
)

_BARS = re.compile(r"[|｜]")
_RULE_CHARS = frozenset("|+:-=｜ ")
_NOTE = re.compile(r"^[（(]?(?:注|说明|备注)\s*[0-9一二三四五六七八九十]*\s*[：:]")


@attrs.define
class _TableState:
    table: Table
    section: Section
    seen: set[str] = attrs.field(factory=set)
    last_line: int = 0
    pending: list[str] = attrs.field(factory=list)  # bare numbers of an unlabelled row, across lines
    pending_line: int = 0
    waiting: Node | None = None  # a row label alone on its line; its numbers may follow


@attrs.define
class _Parse:
    fmt: ReportFormat
    text: dict[str, list[str]] = attrs.field(factory=dict)
    cells: dict[CellKey, CellValue] = attrs.field(factory=dict)
    notes: list[Diagnostic] = attrs.field(factory=list)
    placed: int = 0
    misplaced: int = 0
    headings: int = 0
    agency: str | None = None
    year: int | None = None
    title: str | None = None
    published: date | None = None

    def note(self, line: int | None, message: str, severity: str = "warning") -> None:
        self.notes.append(Diagnostic(message, line, severity=severity))

    def miss(self, line: int, message: str) -> None:
        self.misplaced += 1
        self.note(line, message)

    @property
    def score(self) -> int:
        return self.placed - 2 * self.misplaced


def read_published(lines: list[str], source: str, candidates: Sequence[ReportFormat] | None = None) -> ReadResult:
    """The report in published text; ``candidates`` are the formats to try (default: every known one)."""
    parses = [_parse(fmt, lines) for fmt in (formats() if candidates is None else candidates)]
    if not parses or max(p.headings for p in parses) == 0:
        raise ReadError(source, "line 1", "no section heading such as 一、总体情况 was found; "
                        "this does not look like a 政府信息公开工作年度报告")
    year = next((p.year for p in parses if p.year is not None), None)
    # Best fit first; on a tie the edition in force for the year, then the smaller format (a
    # registered provincial variant wins only when the text has what only it has).
    ranked = sorted(parses, key=lambda p: (p.score, year is not None and p.fmt.applies_to(year),
                                           -len(p.fmt.cell_kinds), p.fmt.first_year), reverse=True)
    best = ranked[0]
    notes = sorted(best.notes, key=lambda d: (d.line is None, d.line or 0))
    if len(ranked) > 1:
        other = ranked[1]
        why = "the tables fit both equally; chosen by the report year" if best.score == other.score \
            else "chosen from the tables"
        notes.insert(0, Diagnostic(
            f"edition {best.fmt.id} {why}: it places {best.placed} table lines and misses "
            f"{best.misplaced}; {other.fmt.id} places {other.placed} and misses {other.misplaced}",
            severity="info"))
    return ReadResult(_report(best, notes), tuple(notes))


def _report(p: _Parse, notes: list[Diagnostic]) -> Report:
    fmt = p.fmt
    agency = p.agency
    if agency is None:
        notes.append(Diagnostic("the agency is unknown (no title line '<机关><年份>年政府信息公开工作年度报告'); "
                                "it is left empty"))
        agency = ""
    year = p.year
    if year is None:
        year = fmt.first_year
        notes.append(Diagnostic(f"the report year is unknown (no title or statistics period); {year}, the "
                                f"first year of {fmt.id}, is assumed"))
    title = p.title if p.title != fmt.title_for(agency, year) else None
    sections = {sid: _trim(lines) for sid, lines in p.text.items()}
    return Report(fmt, agency, year, {k: v for k, v in sections.items() if v}, p.cells, title, p.published)


def _trim(lines: list[str]) -> str:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


# ---------------------------------------------------------------- one pass with one format

def _parse(fmt: ReportFormat, lines: list[str]) -> _Parse:
    p = _Parse(fmt)
    current: Section | None = None
    state: _TableState | None = None
    preamble: list[int] = []
    seen: set[str] = set()
    for index, raw in enumerate(lines):
        n = index + 1
        if is_page_number(raw):
            p.note(n, f"page number {raw.strip()!r} skipped")
            continue
        section = _heading(fmt, raw)
        if section is not None:
            if state is not None:
                _end_table(p, state, ended_by_text=False)
                state = None
            p.headings += 1
            if section.id in seen:
                p.note(n, f"the heading {section.title} appears again; what follows is added to it")
            seen.add(section.id)
            current = section
            if section.table is not None:
                state = _TableState(fmt.table(section.table), section, last_line=n)
            else:
                p.text.setdefault(section.id, [])
            continue
        if current is None:
            preamble.append(index)
        elif state is None:
            if looks_like_heading(raw) and len(raw.strip()) <= 25 and "。" not in raw:
                p.note(n, f"{raw.strip()!r} looks like a heading but is not a section of {fmt.id}; "
                       f"it is kept in the text of {current.title}")
            p.text[current.id].append(raw)
        else:
            _table_line(p, state, n, raw)
    if state is not None:
        _end_table(p, state, ended_by_text=True)
    _preamble(p, lines, preamble)
    for section in fmt.sections:
        if section.id not in seen:
            p.note(None, f"the section {section.title} is not in the text")
    return p


def _heading(fmt: ReportFormat, raw: str) -> Section | None:
    text = bare(raw)
    if not HEADING.match(text) or _BARS.search(text) or len(text) > 40:
        return None
    try:
        return fmt.section(text)
    except DisclosureError:
        return None


def _preamble(p: _Parse, lines: list[str], indexes: list[int]) -> None:
    """Title, agency, year and date from the lines before the first section; other text goes to 一."""
    extra: list[str] = []
    for index in indexes:
        raw = lines[index]
        text = bare(raw)
        if not text:
            continue
        match = TITLE.match(re.sub(r"\s+", " ", text))
        if match:
            agency, year = match.group("agency").strip(), int(match.group("year"))
            if p.title is None:
                p.title, p.agency, p.year = text, agency or None, year
            else:
                p.note(index + 1, "the title appears again; skipped" if text == p.title
                       else f"a second title {text!r} skipped; the first one is used")
            continue
        published = parse_date(text)
        if published is not None and p.published is None:
            p.published = published
            continue
        if p.agency and normalize(text) == normalize(p.agency):
            p.note(index + 1, "the agency's name on its own line skipped (it is in the title)")
            continue
        extra.append(raw)
        p.note(index + 1, "text before the first section heading is added to the start of the first section")
    if p.year is None:
        for raw in lines:
            period = PERIOD.search(raw)
            if period:
                p.year = int(period.group(1))
                break
    if extra:
        first = next((s for s in p.fmt.sections if s.is_narrative), None)
        if first is not None:
            p.text[first.id] = [*extra, *p.text.get(first.id, [])]


# ---------------------------------------------------------------- tables

def _split(line: str) -> list[str] | None:
    """Cells of a published table line, or None when it has no bars."""
    if not _BARS.search(line):
        return None
    stripped = line.strip()
    parts = _BARS.split(stripped)
    if stripped[0] in "|｜":  # Markdown: a bar opens the line
        parts = parts[1:]
    if parts and not parts[-1].strip():  # the bar that closes the line
        parts = parts[:-1]
    return [c.strip() for c in parts]


def _table_line(p: _Parse, st: _TableState, n: int, raw: str) -> None:
    stripped = raw.strip()
    if not stripped:
        return
    if set(stripped) <= _RULE_CHARS and ("---" in stripped or "===" in stripped):
        return  # a Markdown or boxed table rule
    st.last_line = n
    stripped = bare(stripped) if stripped.startswith("#") else stripped  # Markdown sub-headings
    if _NOTE.match(stripped):
        p.note(n, f"a note under table {st.table.label} is not kept (a report has no place for it): {stripped!r}")
        return
    cells = _split(stripped)
    if cells is None:
        tokens = stripped.split()
        cells = tokens if all(is_value_text(t) for t in tokens) else [stripped]
    k = 0
    while k < len(cells) and cells[k] and not is_value_text(cells[k]):
        k += 1
    labels, values = cells[:k], cells[k:]
    has_values = any(values)
    if not labels:
        if has_values:
            _unlabelled(p, st, n, values)
        return
    _flush_waiting(p, st)
    row = _resolve_row(p.fmt, st.table, labels)
    if row is None:
        if not has_values and _header(p, st.table, n, labels):
            return
        p.miss(n, f"not a row of table {st.table.label} in {p.fmt.id}; line not used: {stripped!r}")
        return
    if row.children:
        if has_values:
            p.miss(n, f"{row.label} is a group of rows in {p.fmt.id}, not a row of numbers; "
                   f"line not used: {stripped!r}")
        else:
            p.placed += 1
        return
    if not values and _split(stripped) is None:
        st.waiting = row  # a label alone on its line; its numbers may be on the next line
        p.placed += 1
        return
    _assign(p, st, n, row, values)


def _unlabelled(p: _Parse, st: _TableState, n: int, values: list[str]) -> None:
    if st.waiting is not None:
        row, st.waiting = st.waiting, None
        _assign(p, st, n, row, values)
        return
    rows = [r for b in st.table.blocks for r in b.row_leaves]
    if len(rows) == 1 and rows[0].hidden:  # table C: one unlabelled row, often one line of 15 numbers
        if not st.pending:
            st.pending_line = n
        st.pending.extend(values)
        if len(st.pending) >= len(st.table.blocks[0].column_leaves):
            _flush_pending(p, st)
        return
    p.miss(n, f"numbers without a row label in table {st.table.label}; not used: {' | '.join(values)}")


def _flush_pending(p: _Parse, st: _TableState) -> None:
    if st.pending:
        row = st.table.blocks[0].row_leaves[0]
        values, st.pending = st.pending, []
        _assign(p, st, st.pending_line, row, values)


def _flush_waiting(p: _Parse, st: _TableState) -> None:
    # A label not followed by numbers was a sub-heading; its row may still come (or is reported missing).
    st.waiting = None


def _resolve_row(fmt: ReportFormat, table: Table, labels: list[str]) -> Node | None:
    """The row named by a line's labels; every label must be a row or group (a flattened path)."""
    key = (fmt.id, fmt.source, table.id, tuple(labels))
    if key not in _ROWS:
        if len(_ROWS) > 20000:  # label spellings seen in the wild; bounded
            _ROWS.clear()
        _ROWS[key] = _resolve_row_uncached(table, labels)
    row_id = _ROWS[key]
    return table.row_node(row_id) if row_id is not None else None


_ROWS: dict[tuple[str, str, str, tuple[str, ...]], str | None] = {}


def _resolve_row_uncached(table: Table, labels: list[str]) -> str | None:
    try:
        return table.resolve_row(labels, leaf=False)
    except DisclosureError:
        if len(labels) < 2:
            return None
    try:
        for label in labels[:-1]:
            table.resolve_row(label, leaf=False)
        return table.resolve_row(labels[-1], leaf=False)
    except DisclosureError:
        return None


def _vocabulary(table: Table) -> tuple[frozenset[str], frozenset[str]]:
    """Every header name of a table (labels, short names, aliases), and its official labels alone."""
    names: set[str] = set()
    official: set[str] = set()
    for block in table.blocks:
        texts = [block.caption or "", block.corner or ""]
        for node, _ in block.column_nodes():
            texts += [node.label, node.short, *node.aliases]
            official.add(normalize(node.label))
        for text in texts:
            if text:
                names.add(normalize(text))
                names.add(strip_ordinal(normalize(text)))
    return frozenset(names), frozenset(official)


_VOCABULARIES: dict[tuple[str, str, str], tuple[frozenset[str], frozenset[str]]] = {}


def _header(p: _Parse, table: Table, n: int, labels: list[str]) -> bool:
    """Whether a line of labels is the table's caption or header; unknown header words are noted."""
    key = (p.fmt.id, p.fmt.source, table.id)
    if key not in _VOCABULARIES:
        _VOCABULARIES[key] = _vocabulary(table)
    vocabulary, official = _VOCABULARIES[key]
    unknown = [x for x in labels if normalize(x) not in vocabulary and strip_ordinal(normalize(x)) not in vocabulary]
    for label in labels:
        if "单位" in label and label not in unknown and normalize(label) not in official:
            p.note(n, f"the header gives a unit, {label!r}; the values are kept as numbers without it", "info")
    if not unknown:
        p.placed += 1
        return True
    if len(unknown) < len(labels):
        p.miss(n, f"header words not in table {table.label} of {p.fmt.id}: {', '.join(unknown)}")
        return True
    return False


def _assign(p: _Parse, st: _TableState, n: int, row: Node, values: list[str]) -> None:
    table = st.table
    columns = table.block_of(row.id).column_leaves
    extra = [v for v in values[len(columns):] if v]
    if extra:
        p.note(n, f"{row.label}: more cells than the {len(columns)} columns; not used: {' | '.join(extra)}")
    if len(values) < len(columns):
        p.note(n, f"{row.label}: only {len(values)} of {len(columns)} cells; the rest are left blank")
    if row.id in st.seen:
        p.miss(n, f"{row.label} appears again in table {table.label}; this line is not used")
        return
    st.seen.add(row.id)
    p.placed += 1
    for column, text in zip(columns, values, strict=False):
        key = (table.id, row.id, column.id)
        value = parse_cell(text, p.fmt.cell_kinds[key])
        if isinstance(value, Verbatim):
            kind = "a placeholder" if value.is_placeholder else "not a clean number"
            p.note(n, f"{row.label} / {column.label}: {text!r} is kept as text ({kind})")
        if value is not None:
            p.cells[key] = value


def _end_table(p: _Parse, st: _TableState, ended_by_text: bool) -> None:
    _flush_waiting(p, st)
    _flush_pending(p, st)
    rows = [r for b in st.table.blocks for r in b.row_leaves]
    missing = [r for r in rows if r.id not in st.seen]
    if len(missing) == len(rows):
        p.note(st.last_line, f"table {st.table.label} has no rows in the text (published as an image?)")
    elif missing:
        cut = " — the text ends inside the table (cut off?)" if ended_by_text else ""
        shown = ", ".join(r.label for r in _first(missing, 3))
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        p.note(st.last_line, f"table {st.table.label}: {len(missing)} rows missing ({shown}{more}); "
               f"they are left blank{cut}")


def _first(items: Iterable[Node], k: int) -> list[Node]:
    return list(items)[:k]
