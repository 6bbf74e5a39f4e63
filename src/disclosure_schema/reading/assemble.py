"""Blocks → report: sections by their headings, tables placed, title/year/agency found, edition chosen.

The blocks are read once per candidate format; the format whose tables explain
the most lines wins (the edition is told by the rows and columns only one
edition has), a tie going to the edition in force for the year.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from datetime import date

import attrs

from ..errors import DisclosureError, ReadError
from ..labels import normalize, strip_ordinal
from ..plugins import Diagnostic, ReadResult
from ..registry import formats
from ..report import Report
from ..spec import CellKey, ReportFormat, Section, Table
from ..values import CellValue
from .blocks import Block, Grid, Origin, Paragraph
from .meta import date_line, file_year, find_title, period_year
from .notes import note
from .shortrows import finalize
from .tablematch import Line, TableRead, assign, events_of, lines_of, unknown_note

_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．,，]")


@attrs.define
class _Parse:
    fmt: ReportFormat
    text: dict[str, list[str]] = attrs.field(factory=dict)
    cells: dict[CellKey, CellValue] = attrs.field(factory=dict)
    origins: dict[CellKey, Origin] = attrs.field(factory=dict)
    notes: list[Diagnostic] = attrs.field(factory=list)
    placed: int = 0
    misplaced: int = 0
    headings: int = 0
    agency: str | None = None
    year: int | None = None
    title: str | None = None
    published: date | None = None
    inferred: set[str] = attrs.field(factory=set)
    tables: list[tuple[Table, TableRead, Origin | None]] = attrs.field(factory=list)  # placed once chosen
    moved: set[Origin] = attrs.field(factory=set)  # paragraphs of a table section taken as a section's text

    @property
    def moved_at(self) -> set[tuple[int | None, int | None, str]]:
        return {(o.line, o.column, "" if o.line is not None else o.show()) for o in self.moved}

    def finish(self) -> None:
        """Cells from the rows read, short rows resolved: only for the format chosen (it validates)."""
        for table, read, end in self.tables:
            # lines taken as a section's text (_orphans) are not "unused" lines of the table
            read.unknown = [(o, t) for o, t in read.unknown if o not in self.moved]
            read.notes = [n for n in read.notes if not (n.code == "read.text-in-table" and _at(n) in self.moved_at)]
            unknown_note(table, read)
            finalize(self.fmt, table, read, self.cells, self.origins, end)
            self.notes.extend(read.notes)

    @property
    def score(self) -> int:
        return self.placed - 2 * self.misplaced


def read_blocks(blocks: Sequence[Block], source: str, *, candidates: Sequence[ReportFormat] | None = None,
                notes: Sequence[Diagnostic] = (), filename: str | None = None) -> ReadResult:
    """The report in a source's blocks; ``notes`` are the reader's own (encoding, page numbers)."""
    memo: dict[int, list[Line]] = {}  # each block's lines, shared by the candidate formats
    parses = [_parse(fmt, blocks, filename or source, memo)
              for fmt in (formats() if candidates is None else candidates)]
    if not parses or max(p.headings for p in parses) == 0:
        names = "、".join(dict.fromkeys(p.fmt.name for p in parses))
        raise ReadError(source, "line 1", "no section heading such as 一、总体情况 was found; "
                        f"this does not look like a report of a known format ({names})")
    year = next((p.year for p in parses if p.year is not None), None)
    ranked = sorted(parses, key=lambda p: (p.score, year is not None and p.fmt.applies_to(year),
                                           -len(p.fmt.cell_kinds), p.fmt.first_year), reverse=True)
    best = ranked[0]
    best.finish()
    found = sorted([*notes, *best.notes], key=lambda d: (d.line is None, d.line or 0))
    if len(ranked) > 1:
        other = ranked[1]
        tie = best.score == other.score
        why = "the tables fit both equally; chosen by the report year" if tie else "chosen from the tables"
        why_zh = "两种格式同样吻合，按报告年度选用" if tie else "按表格选用"
        found.insert(0, Diagnostic(
            f"edition {best.fmt.id} {why}: it places {best.placed} table lines and misses "
            f"{best.misplaced}; {other.fmt.id} places {other.placed} and misses {other.misplaced}",
            severity="info", code="meta.edition",
            message_zh=f"{why_zh} {best.fmt.id}：可对应表格行 {best.placed} 行、无法对应 {best.misplaced} 行；"
                       f"{other.fmt.id} 可对应 {other.placed} 行、无法对应 {other.misplaced} 行"))
    report = _report(best, found)
    return ReadResult(report, tuple(found), dict(best.origins), frozenset(best.inferred), _layout(blocks, best, found))


def _layout(blocks: Sequence[Block], p: _Parse, notes: Sequence[Diagnostic]) -> object:
    """The source's headings as written, in order, for the structure checks: every paragraph's lines
    (a text's line numbers where it has them, else the block's place), and the tables a reader
    saw only as pictures."""
    from ..rules.layout import layout_of_lines

    lines: list[tuple[int, str]] = []
    for index, block in enumerate(blocks, 1):
        if isinstance(block, Paragraph):
            lines.append((block.origin.line or index, _bare(block.text)))
    pictured = any(d.code in ("table-is-image", "table.no-rows") for d in notes)
    empty = tuple(t.id for t, read, _ in p.tables if not read.rows) if pictured else ()
    return layout_of_lines(lines, empty)


def _report(p: _Parse, notes: list[Diagnostic]) -> Report:
    fmt = p.fmt
    agency = p.agency
    if not agency:
        note(notes, "meta.agency-missing", "the agency is unknown (no title naming it); it is left empty",
             "找不到机关名称（没有写明机关的标题），留空")
        p.inferred.add("agency")
        agency = ""
    year = p.year
    if year is None:
        # No default year: a report needs one, so 0 marks it unknown and validation says so.
        note(notes, "meta.year-missing", "the report year is not stated (no title, statistics period, "
             "publication date or file name gives it); it is left unknown (0)",
             "找不到报告年度（标题、统计期限、发布日期和文件名都没有写明），年度记为未知（0）", severity="error")
        p.inferred.add("year")
        year = 0
    title = p.title if p.title != fmt.title_for(agency, year) else None
    sections = {sid: _trim(lines) for sid, lines in p.text.items()}
    return Report(fmt, agency, year, {k: v for k, v in sections.items() if v}, p.cells, title, p.published,
                  inferred=frozenset(p.inferred))


def _trim(lines: list[str]) -> str:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def _bare(text: str) -> str:
    return text.strip().lstrip("#").strip()


def heading_of(fmt: ReportFormat, block: Block) -> Section | None:
    """The section a paragraph is the heading of ("一、总体情况", a variant the spec lists), if any."""
    if not isinstance(block, Paragraph):
        return None
    text = _bare(block.text)
    if len(text) > 40 or "|" in text or "｜" in text:
        return None
    if not _HEADING.match(text) and block.heading_level is None:
        return None
    return _section(fmt, text)


@functools.lru_cache(maxsize=4096)
def _section(fmt: ReportFormat, text: str) -> Section | None:
    try:
        return fmt.section(text)
    except DisclosureError:
        pass
    # A renamed heading ("五、存在的主要问题及整改措施"): the section of that number, when the words are close.
    match = _HEADING.match(text)
    if match is None:
        return None
    number = match.group(0).rstrip("、.．,， ").strip()
    words = strip_ordinal(normalize(text))
    for section in fmt.sections:
        if section.number != number:
            continue
        names = [strip_ordinal(normalize(x)) for x in (section.heading, *section.aliases)]
        if max(difflib.SequenceMatcher(None, words, n, autojunk=False).ratio() for n in names) >= 0.6:
            return section
    return None


def _parse(fmt: ReportFormat, blocks: Sequence[Block], filename: str, memo: dict[int, list[Line]]) -> _Parse:
    p = _Parse(fmt)
    current: Section | None = None
    items: list[Paragraph | Grid] = []
    preamble: list[Paragraph] = []
    seen: set[str] = set()

    trailing: dict[str, list[Paragraph]] = {}  # table section → narrative after its last grid

    def end_table(final: bool = False) -> None:
        if current is not None and current.table is not None:
            _table(p, current, items, final, memo)
            grids = [i for i, item in enumerate(items) if isinstance(item, Grid)]
            after = [x for x in items[grids[-1] + 1:] if isinstance(x, Paragraph) and x.text.strip()] if grids else []
            if after:
                trailing[current.id] = after
        items.clear()

    for block in blocks:
        section = heading_of(fmt, block)
        if section is not None:
            end_table()
            p.headings += 1
            _renamed(p, section, block)
            if section.id in seen:
                note(p.notes, "read.heading-repeated",
                     f"the heading {section.title} appears again; what follows is added to it",
                     f"标题“{section.title}”再次出现，其后内容并入该部分", block.origin)
            seen.add(section.id)
            current = section
            if section.is_narrative:
                p.text.setdefault(section.id, [])
            continue
        if current is None:
            if isinstance(block, Paragraph):
                preamble.append(block)
            else:
                note(p.notes, "read.grid-in-preamble", "a table before the first section heading is not used",
                     "第一个部分标题之前的表格未使用", block.origin)
        elif current.table is not None:
            items.append(block)
        elif isinstance(block, Paragraph):
            text = _bare(block.text)
            if _HEADING.match(text) and len(text) <= 25 and "。" not in text:
                note(p.notes, "read.heading-unknown",
                     f"{text!r} looks like a heading but is not a section of {fmt.id}; "
                     f"it is kept in the text of {current.title}",
                     f"“{text}”像标题，但不是 {fmt.id} 的部分，保留在“{current.title}”正文中", block.origin)
            p.text[current.id].append(block.text)
        else:  # a table inside a narrative section (fees, a list): kept as lines of text
            p.text[current.id].extend(row.text or " | ".join(c.text for c in row.cells) for row in block.rows)
    end_table(final=True)
    _preamble(p, preamble, blocks, filename)
    _orphans(p, trailing, seen)
    for section in fmt.sections:
        if section.id not in seen:
            note(p.notes, "read.section-missing", f"the section {section.title} is not in the input",
                 f"文中没有“{section.title}”部分")
    return p


def _at(d: Diagnostic) -> tuple[int | None, int | None, str]:
    return (d.line, d.column, d.location)


def _orphans(p: _Parse, trailing: dict[str, list[Paragraph]], seen: set[str]) -> None:
    """Narrative after a table whose next section's heading is missing (lost in extraction): the text of
    that section, with a note, rather than dropped. Only when the table's own rows came before it."""
    order = list(p.fmt.sections)
    for sid, paragraphs in trailing.items():
        at = next(i for i, s in enumerate(order) if s.id == sid)
        nxt = order[at + 1] if at + 1 < len(order) else None
        if nxt is None or not nxt.is_narrative or nxt.id in seen or not any(_is_prose(x.text) for x in paragraphs):
            continue
        p.text[nxt.id] = [x.text for x in paragraphs]
        p.moved.update(x.origin for x in paragraphs)
        note(p.notes, "read.section-guessed",
             f"the heading of {nxt.title} is not in the input; the {len(paragraphs)} lines of text after the table "
             f"of {order[at].title} are taken as its text", f"文中没有“{nxt.title}”标题；“{order[at].title}”表格之后的 "
             f"{len(paragraphs)} 行文字作为该部分正文", paragraphs[0].origin)


def _is_prose(text: str) -> bool:
    return len(text.strip()) > 15 and any(mark in text for mark in "。，；：")


def _renamed(p: _Parse, section: Section, block: Block) -> None:
    if not isinstance(block, Paragraph):
        return
    text = _bare(block.text)
    words = strip_ordinal(normalize(text))
    if words not in {strip_ordinal(normalize(x)) for x in (section.title, section.heading, *section.aliases)}:
        note(p.notes, "read.heading-renamed", f"{text!r} is read as the heading {section.title} (its words differ)",
             f"“{text}”按“{section.title}”读取（标题文字不同）", block.origin, "info")


def _table(p: _Parse, section: Section, items: list[Paragraph | Grid], final: bool,
           memo: dict[int, list[Line]]) -> None:
    assert section.table is not None
    table = p.fmt.table(section.table)
    read = TableRead()
    events = events_of(table, lines_of(items, memo), read)
    assign(table, events, read)
    end = None
    if final and items:  # the input ends inside this table: its last row may be cut off
        last_item = items[-1]
        end = last_item.rows[-1].origin if isinstance(last_item, Grid) and last_item.rows else last_item.origin
    p.tables.append((table, read, end))
    p.placed += read.placed
    p.misplaced += read.missed
    rows = [r for b in table.blocks for r in b.row_leaves]
    missing = [r for r in rows if r.id not in read.rows]
    last = read.last
    if len(missing) == len(rows):
        note(p.notes, "table.no-rows", f"table {table.label} has no rows in the input (published as an image?)",
             f"文中没有表“{table.label}”的任何行（是否以图片发布？）", last)
    elif missing:
        shown = ", ".join(r.label for r in missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        shown_zh = "、".join(r.label for r in missing[:3]) + (f"等 {len(missing)} 行" if len(missing) > 3 else "")
        cut = " — the input ends inside the table (cut off?)" if final else ""
        cut_zh = "——输入在表格中间结束（被截断？）" if final else ""
        note(p.notes, "table.rows-missing",
             f"table {table.label}: {len(missing)} rows missing ({shown}); they are left blank{cut}",
             f"表“{table.label}”缺少 {len(missing)} 行（{shown_zh}），留空{cut_zh}", last)


def _preamble(p: _Parse, preamble: list[Paragraph], blocks: Sequence[Block], filename: str) -> None:
    """Title, agency, year and date from the text before the first section; other text goes to 一."""
    extra: list[str] = []
    skip = -1
    for i, block in enumerate(preamble):
        if i == skip:
            continue
        text = _bare(block.text)
        if not text:
            continue
        title = find_title(text, p.fmt.title_pattern)
        joined = False
        if title is None and i + 1 < len(preamble):  # a title split over two lines
            title = find_title(text + _bare(preamble[i + 1].text), p.fmt.title_pattern)
            joined = title is not None
        if title is not None:
            if joined:
                skip = i + 1
            if p.title is None:
                p.title, p.agency, p.year = title.text if not joined else text + _bare(preamble[i + 1].text), \
                    title.agency or None, title.year
            else:
                same = normalize(title.text) == normalize(p.title)
                note(p.notes, "read.title-repeated", "the title appears again; skipped" if same
                     else f"a second title {text!r} skipped; the first one is used",
                     "标题重复，跳过" if same else f"跳过第二个标题“{text}”，使用第一个", block.origin)
            continue
        published = date_line(text)
        if published is not None and p.published is None:
            p.published = published
            continue
        if p.agency and normalize(text) == normalize(p.agency):
            note(p.notes, "read.agency-line", "the agency's name on its own line skipped (it is in the title)",
                 "跳过单独一行的机关名称（标题中已有）", block.origin)
            continue
        extra.append(block.text)
        note(p.notes, "read.preamble-text", "text before the first section heading is added to the start "
             "of the first section", "第一个部分标题之前的文字并入第一部分开头", block.origin)
    if p.published is None:  # the date under the signature, at the end
        for last in reversed(blocks):
            if isinstance(last, Paragraph) and last.text.strip():
                p.published = date_line(_bare(last.text))
                break
    if p.year is None:
        _infer_year(p, blocks, filename)
    if extra:
        first = next((s for s in p.fmt.sections if s.is_narrative), None)
        if first is not None:
            p.text[first.id] = [*extra, *p.text.get(first.id, [])]


def _infer_year(p: _Parse, blocks: Sequence[Block], filename: str) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            year = period_year(block.text)
            if year is not None:  # stated, not inferred
                p.year = year
                return
    if p.published is not None:
        p.year = p.published.year - 1
        p.inferred.add("year")
        note(p.notes, "meta.year-inferred", f"no title or statistics period states the year; {p.year} is "
             f"inferred from the publication date {p.published.isoformat()}",
             f"标题和统计期限都没有年度；按发布日期 {p.published.isoformat()} 推定为 {p.year} 年")
        return
    year = file_year(filename)
    if year is not None:
        p.year = year
        p.inferred.add("year")
        note(p.notes, "meta.year-inferred", f"the year is stated nowhere in the text; {year} is taken from "
             f"the file name", f"正文中没有写明年度；按文件名取 {year} 年")
