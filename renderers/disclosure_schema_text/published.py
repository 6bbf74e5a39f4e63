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
from collections.abc import Sequence

from disclosure_schema import DisclosureError, ReadError, Report, ReportFormat, Section, formats
from disclosure_schema.labels import normalize
from disclosure_schema.plugins import Diagnostic, ReadResult

from .parse_state import ParseState
from .patterns import HEADING, PERIOD, TITLE, bare, is_page_number, looks_like_heading, parse_date
from .published_tables import TableState, end_table, table_line


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
        why_zh = "两种格式同样吻合，按报告年度选用" if best.score == other.score else "按表格选用"
        notes.insert(0, Diagnostic(
            f"edition {best.fmt.id} {why}: it places {best.placed} table lines and misses "
            f"{best.misplaced}; {other.fmt.id} places {other.placed} and misses {other.misplaced}",
            severity="info",
            message_zh=f"{why_zh} {best.fmt.id}：可对应表格行 {best.placed} 行、无法对应 {best.misplaced} 行；"
                       f"{other.fmt.id} 可对应 {other.placed} 行、无法对应 {other.misplaced} 行"))
    return ReadResult(_report(best, notes), tuple(notes))


def _report(p: ParseState, notes: list[Diagnostic]) -> Report:
    fmt = p.fmt
    agency = p.agency
    if agency is None:
        notes.append(Diagnostic("the agency is unknown (no title line '<机关><年份>年政府信息公开工作年度报告'); "
                                "it is left empty",
                                message_zh="找不到机关名称（没有“<机关><年份>年政府信息公开工作年度报告”标题行），留空"))
        agency = ""
    year = p.year
    if year is None:
        year = fmt.first_year
        notes.append(Diagnostic(f"the report year is unknown (no title or statistics period); {year}, the "
                                f"first year of {fmt.id}, is assumed",
                                message_zh=f"找不到报告年度（没有标题或统计期限），按 {fmt.id} 的第一个年度 {year} 处理"))
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

def _parse(fmt: ReportFormat, lines: list[str]) -> ParseState:
    p = ParseState(fmt)
    current: Section | None = None
    state: TableState | None = None
    preamble: list[int] = []
    seen: set[str] = set()
    for index, raw in enumerate(lines):
        n = index + 1
        if is_page_number(raw):
            p.note(n, f"page number {raw.strip()!r} skipped", zh=f"跳过页码“{raw.strip()}”")
            continue
        section = _heading(fmt, raw)
        if section is not None:
            if state is not None:
                end_table(p, state, ended_by_text=False)
                state = None
            p.headings += 1
            if section.id in seen:
                p.note(n, f"the heading {section.title} appears again; what follows is added to it",
                       zh=f"标题“{section.title}”再次出现，其后内容并入该部分")
            seen.add(section.id)
            current = section
            if section.table is not None:
                state = TableState(fmt.table(section.table), last_line=n)
            else:
                p.text.setdefault(section.id, [])
            continue
        if current is None:
            preamble.append(index)
        elif state is None:
            if looks_like_heading(raw) and len(raw.strip()) <= 25 and "。" not in raw:
                p.note(n, f"{raw.strip()!r} looks like a heading but is not a section of {fmt.id}; "
                       f"it is kept in the text of {current.title}",
                       zh=f"“{raw.strip()}”像标题，但不是 {fmt.id} 的部分，保留在“{current.title}”正文中")
            p.text[current.id].append(raw)
        else:
            table_line(p, state, n, raw)
    if state is not None:
        end_table(p, state, ended_by_text=True)
    _preamble(p, lines, preamble)
    for section in fmt.sections:
        if section.id not in seen:
            p.note(None, f"the section {section.title} is not in the text", zh=f"文中没有“{section.title}”部分")
    return p


def _heading(fmt: ReportFormat, raw: str) -> Section | None:
    text = bare(raw)
    if not HEADING.match(text) or "|" in text or "｜" in text or len(text) > 40:
        return None
    try:
        return fmt.section(text)
    except DisclosureError:
        return None


def _preamble(p: ParseState, lines: list[str], indexes: list[int]) -> None:
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
                       else f"a second title {text!r} skipped; the first one is used",
                       zh="标题重复，跳过" if text == p.title else f"跳过第二个标题“{text}”，使用第一个")
            continue
        published = parse_date(text)
        if published is not None and p.published is None:
            p.published = published
            continue
        if p.agency and normalize(text) == normalize(p.agency):
            p.note(index + 1, "the agency's name on its own line skipped (it is in the title)",
                   zh="跳过单独一行的机关名称（标题中已有）")
            continue
        extra.append(raw)
        p.note(index + 1, "text before the first section heading is added to the start of the first section",
               zh="第一个部分标题之前的文字并入第一部分开头")
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


