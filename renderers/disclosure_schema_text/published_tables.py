"""Tables in published text: bar-separated or bare-number lines placed into a format's cells.

Labels are resolved with the spec (full-width or ASCII punctuation, spaces, ordinals,
aliases, group labels flattened into the first row of their group); values are read
with ``parse_cell`` and text stays ``Verbatim`` with a diagnostic. Every line that
cannot be placed counts against the format, which is how the edition is told.
"""

from __future__ import annotations

import re

import attrs

from disclosure_schema import DisclosureError, Node, ReportFormat, Table, Verbatim, parse_cell
from disclosure_schema.labels import normalize, strip_ordinal

from .parse_state import ParseState
from .patterns import bare, is_value_text

_BARS = re.compile(r"[|｜]")
_RULE_CHARS = frozenset("|+:-=｜ ")
_NOTE = re.compile(r"^[（(]?(?:注|说明|备注)\s*[0-9一二三四五六七八九十]*\s*[：:]")


@attrs.define
class TableState:
    table: Table
    seen: set[str] = attrs.field(factory=set)
    last_line: int = 0
    pending: list[str] = attrs.field(factory=list)  # bare numbers of an unlabelled row, across lines
    pending_line: int = 0
    waiting: Node | None = None  # a row label alone on its line; its numbers may follow


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


def table_line(p: ParseState, st: TableState, n: int, raw: str) -> None:
    stripped = raw.strip()
    if not stripped:
        return
    if set(stripped) <= _RULE_CHARS and ("---" in stripped or "===" in stripped):
        return  # a Markdown or boxed table rule
    st.last_line = n
    stripped = bare(stripped) if stripped.startswith("#") else stripped  # Markdown sub-headings
    if _NOTE.match(stripped):
        p.note(n, f"a note under table {st.table.label} is not kept (a report has no place for it): {stripped!r}",
               zh=f"表“{st.table.label}”下的注释未保留（报告中没有它的位置）：“{stripped}”")
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
        p.miss(n, f"not a row of table {st.table.label} in {p.fmt.id}; line not used: {stripped!r}",
               zh=f"不是 {p.fmt.id} 表“{st.table.label}”的行，未使用：“{stripped}”")
        return
    if row.children:
        if has_values:
            p.miss(n, f"{row.label} is a group of rows in {p.fmt.id}, not a row of numbers; "
                   f"line not used: {stripped!r}",
                   zh=f"“{row.label}”在 {p.fmt.id} 中是分组，不是数据行；未使用：“{stripped}”")
        else:
            p.placed += 1
        return
    if not values and _split(stripped) is None:
        st.waiting = row  # a label alone on its line; its numbers may be on the next line
        p.placed += 1
        return
    _assign(p, st, n, row, values)


def _unlabelled(p: ParseState, st: TableState, n: int, values: list[str]) -> None:
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
    p.miss(n, f"numbers without a row label in table {st.table.label}; not used: {' | '.join(values)}",
           zh=f"表“{st.table.label}”中有数字但没有行名，未使用：{' | '.join(values)}")


def _flush_pending(p: ParseState, st: TableState) -> None:
    if st.pending:
        row = st.table.blocks[0].row_leaves[0]
        values, st.pending = st.pending, []
        _assign(p, st, st.pending_line, row, values)


def _flush_waiting(p: ParseState, st: TableState) -> None:
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


def _header(p: ParseState, table: Table, n: int, labels: list[str]) -> bool:
    """Whether a line of labels is the table's caption or header; unknown header words are noted."""
    key = (p.fmt.id, p.fmt.source, table.id)
    if key not in _VOCABULARIES:
        _VOCABULARIES[key] = _vocabulary(table)
    vocabulary, official = _VOCABULARIES[key]
    unknown = [x for x in labels if normalize(x) not in vocabulary and strip_ordinal(normalize(x)) not in vocabulary]
    for label in labels:
        if "单位" in label and label not in unknown and normalize(label) not in official:
            p.note(n, f"the header gives a unit, {label!r}; the values are kept as numbers without it", "info",
                   zh=f"表头写明单位“{label}”；数值按数字保存，不带单位")
    if not unknown:
        p.placed += 1
        return True
    if len(unknown) < len(labels):
        p.miss(n, f"header words not in table {table.label} of {p.fmt.id}: {', '.join(unknown)}",
               zh=f"表头中有 {p.fmt.id} 表“{table.label}”没有的词：{'、'.join(unknown)}")
        return True
    return False


def _assign(p: ParseState, st: TableState, n: int, row: Node, values: list[str]) -> None:
    table = st.table
    columns = table.block_of(row.id).column_leaves
    extra = [v for v in values[len(columns):] if v]
    if extra:
        p.note(n, f"{row.label}: more cells than the {len(columns)} columns; not used: {' | '.join(extra)}",
               zh=f"“{row.label}”的单元格多于 {len(columns)} 列，多出的未使用：{' | '.join(extra)}")
    if len(values) < len(columns):
        p.note(n, f"{row.label}: only {len(values)} of {len(columns)} cells; the rest are left blank",
               zh=f"“{row.label}”只有 {len(values)} 个单元格（共 {len(columns)} 列），其余留空")
    if row.id in st.seen:
        p.miss(n, f"{row.label} appears again in table {table.label}; this line is not used",
               zh=f"“{row.label}”在表“{table.label}”中再次出现，本行未使用")
        return
    st.seen.add(row.id)
    p.placed += 1
    for column, text in zip(columns, values, strict=False):
        key = (table.id, row.id, column.id)
        value = parse_cell(text, p.fmt.cell_kinds[key])
        if isinstance(value, Verbatim):
            kind = "a placeholder" if value.is_placeholder else "not a clean number"
            kind_zh = "占位符" if value.is_placeholder else "不是单纯的数字"
            p.note(n, f"{row.label} / {column.label}: {text!r} is kept as text ({kind})",
                   zh=f"{row.label} / {column.label}：“{text}”按原文保存（{kind_zh}）")
        if value is not None:
            p.cells[key] = value


def end_table(p: ParseState, st: TableState, ended_by_text: bool) -> None:
    _flush_waiting(p, st)
    _flush_pending(p, st)
    rows = [r for b in st.table.blocks for r in b.row_leaves]
    missing = [r for r in rows if r.id not in st.seen]
    if len(missing) == len(rows):
        p.note(st.last_line, f"table {st.table.label} has no rows in the text (published as an image?)",
               zh=f"文中没有表“{st.table.label}”的任何行（是否以图片发布？）")
    elif missing:
        cut = " — the text ends inside the table (cut off?)" if ended_by_text else ""
        shown = ", ".join(r.label for r in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        cut_zh = "——文本在表格中间结束（被截断？）" if ended_by_text else ""
        shown_zh = "、".join(r.label for r in missing[:3]) + (f"等 {len(missing)} 行" if len(missing) > 3 else "")
        p.note(st.last_line, f"table {st.table.label}: {len(missing)} rows missing ({shown}{more}); "
               f"they are left blank{cut}",
               zh=f"表“{st.table.label}”缺少 {len(missing)} 行（{shown_zh}），留空{cut_zh}")
