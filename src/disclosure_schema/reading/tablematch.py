"""Place a table section's blocks into one spec table: every number in its cell, or a diagnostic.

Input is what a source shows inside a table section: grids (rows of cells) and
paragraphs (one cell per line, or a label and numbers separated by spaces). Each
row becomes a *line*: label cells, then value cells. Lines with labels name their
row (:mod:`.rowlabels`); a label alone on its line takes the numbers on the lines
after it (one cell per line); rows of numbers without labels fill the rows between
labelled ones, in spec order, when their count fits. Rows with fewer values than
columns are placed by column position where the source has it, otherwise by the
table's own sums (:mod:`.shortrows`), otherwise their uncertain cells stay blank.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ..labels import normalize, strip_ordinal
from ..plugins import Diagnostic
from ..spec import Block, CellKey, Node, Table
from ..units import strip_unit, unit_in_label
from .blocks import Cell, Grid, Origin, Paragraph
from .notes import note
from .rowlabels import How, Match, _memo, is_header_text, is_prefix_of_some_row, match_row, rows_containing
from .values import is_value_text

_NOTE = re.compile(r"^[（(]?(?:注|说明|备注)\s{0,4}[0-9一二三四五六七八九十]{0,3}\s{0,4}[：:]")  # bounded: linear
_TOKENS = re.compile(r"\S+")
_SENTENCE_END = ("。", "；", "！", "？")


@attrs.define
class Line:
    labels: list[Cell]
    values: list[Cell]
    origin: Origin
    positional: bool
    from_paragraph: bool

    @property
    def label_text(self) -> str:
        return "".join(c.text.strip() for c in self.labels)

    @property
    def filled(self) -> int:
        return sum(1 for v in self.values if v.text.strip())


@attrs.define
class Event:
    kind: str  # "L": label alone, "LV": label and values, "V": values alone
    line: Line
    match: Match | None = None
    text: str = ""  # the label as read (fragments joined)
    allowed: frozenset[str] = frozenset()  # numbers whose label names several rows: the rows it may be


@attrs.define
class RowRead:
    """The values read for one spec row, before they are parsed into cells."""

    node: Node
    values: list[Cell]
    origin: Origin
    how: str  # "label", "order", "follows-label"
    positional: bool


@attrs.define
class TableRead:
    rows: dict[str, RowRead] = attrs.field(factory=dict)  # by row id
    placed: int = 0  # lines this format explains
    missed: int = 0  # lines it cannot place
    notes: list[Diagnostic] = attrs.field(factory=list)
    last: Origin | None = None  # the last line of the table (notes under it excluded)
    unknown: list[tuple[Origin, str]] = attrs.field(factory=list)  # lines of words that name nothing
    units: dict[str, tuple[str, Origin]] = attrs.field(factory=dict)  # column id → unit its header writes


# ------------------------------------------------------------------ blocks → lines

def lines_of(items: Sequence[Paragraph | Grid], memo: dict[int, list[Line]] | None = None) -> list[Line]:
    """The lines of a table section; ``memo`` keeps each block's lines across the candidate formats."""
    out: list[Line] = []
    for item in items:
        if memo is None:
            out.extend(_block_lines(item))
            continue
        if id(item) not in memo:
            memo[id(item)] = _block_lines(item)
        out.extend(memo[id(item)])
    return out


def _block_lines(item: Paragraph | Grid) -> list[Line]:
    if isinstance(item, Paragraph):
        line = _paragraph_line(item)
        return [line] if line is not None else []
    out: list[Line] = []
    for row in item.rows:
        cells = list(row.cells)
        while cells and not cells[0].text.strip():
            cells.pop(0)
        if not cells:
            if item.positional and len(row.cells) == 1:  # " |" in the one-cell-per-line layout: a blank cell
                out.append(Line([], [row.cells[0]], row.origin, True, False))
            continue
        k = 0
        while k < len(cells) and not is_value_text(cells[k].text):
            k += 1
        labels = [c for c in cells[:k] if c.text.strip()]
        rest = cells[k:]
        if any(c.text.strip() for c in rest) and not any(c.text.strip() and is_value_text(c.text) for c in rest):
            labels, rest = [c for c in cells if c.text.strip()], []  # words after blank cells: a header row
        # A positional row keeps its empty cells: "2.其他… | | | |" is a row read as blank, not a label alone.
        values = rest if any(c.text.strip() for c in rest) or (item.positional and labels) else []
        out.append(Line(labels, values, row.origin, item.positional, False))
    return out


def _paragraph_line(p: Paragraph) -> Line | None:
    text = p.text
    if text.lstrip().startswith("#"):  # a Markdown heading mark: blanked, so columns stay where they were
        text = re.sub(r"^(\s*)#+", lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)
    if not text.strip():
        return None
    tokens = [(m.group(0), m.start()) for m in _TOKENS.finditer(text)]
    k = len(tokens)
    while k > 0 and is_value_text(tokens[k - 1][0]):
        k -= 1
    col0 = p.origin.column or 1

    def cell(token: str, start: int) -> Cell:
        return Cell(token, attrs.evolve(p.origin, column=col0 + start), x=float(start + len(token) / 2))

    labels = [Cell("".join(t for t, _ in tokens[:k]), attrs.evolve(p.origin, column=col0 + tokens[0][1]))] if k else []
    values = [cell(t, s) for t, s in tokens[k:]]
    return Line(labels, values, p.origin, False, True)


# ------------------------------------------------------------------ lines → events

def _is_sentence(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > 25 and (stripped.endswith(_SENTENCE_END) or "。" in stripped)


def events_of(table: Table, lines: list[Line], read: TableRead) -> list[Event]:
    events: list[Event] = []
    pending: Event | None = None  # a label fragment that may continue on the next line

    def flush_pending() -> None:
        nonlocal pending
        if pending is None:
            return
        if pending.match is not None:
            events.append(pending)
            read.placed += 1
        else:
            _unknown_label(read, pending.line, pending.text)
            events.append(Event("X", pending.line, None, pending.text))
        pending = None

    for original in lines:
        # A positional row with only blank cells after its labels is a caption, a header or a row read as
        # blank: it is decided as a label alone would be, and keeps its blank cells if it names a row.
        blank = bool(original.labels and original.values) and not any(v.text.strip() for v in original.values)
        line = attrs.evolve(original, values=[]) if blank else original

        def labelled(found: Match, text: str, blank: bool = blank, original: Line = original,
                     line: Line = line) -> Event:
            return Event("LV", original, found, text) if blank and found.node.is_leaf else Event("L", line, found, text)

        text = line.label_text
        if line.labels and not line.values and _NOTE.match(text):
            flush_pending()
            note(read.notes, "table.note",
                 f"a note under table {table.label} is not kept (a report has no place for it): {text!r}",
                 f"表“{table.label}”下的注释未保留（报告中没有它的位置）：“{text}”", line.origin, "info")
            continue
        read.last = line.origin
        if line.labels and not line.values:
            if pending is not None:
                joined = pending.text + text
                found = match_row(table, [joined])
                if found is not None or is_prefix_of_some_row(table, joined):
                    pending = Event("L", line, found, joined)
                    if found is not None and found.how is not How.PREFIX:
                        flush_pending()
                    continue
                flush_pending()
            found = match_row(table, [c.text for c in line.labels])
            if found is not None and found.how is How.EXACT and _has_ordinal(text):
                # "3.其他" is a row even though 其他 is also a column header word
                events.append(labelled(found, text))
                read.placed += 1
                continue
            known = [is_header_text(table, c.text) for c in line.labels]
            if all(known):
                read.placed += 1
                _units(table, line, read)
                continue
            if len(line.labels) > 1 and sum(known) * 2 >= len(known):
                unknown = [c.text for c, k in zip(line.labels, known, strict=True) if not k]
                read.missed += 1
                note(read.notes, "table.header-unknown",
                     f"header words not in table {table.label}: {', '.join(unknown)}",
                     f"表头中有表“{table.label}”没有的词：{'、'.join(unknown)}", line.origin)
                continue
            if line.from_paragraph and _is_sentence(text):
                note(read.notes, "read.text-in-table",
                     f"a sentence inside the section of table {table.label} is not a cell; not kept: {text[:40]!r}",
                     f"表“{table.label}”部分中的句子不是单元格，未保留：“{text[:40]}”", line.origin)
                continue
            if found is None and is_prefix_of_some_row(table, text):
                pending = Event("L", line, None, text)
                continue
            if found is not None and found.how is How.PREFIX:
                pending = Event("L", line, found, text)
                continue
            if found is None:
                _unknown_label(read, line, text)
                events.append(Event("X", line, None, text))
                continue
            events.append(labelled(found, text))
            read.placed += 1
        elif line.labels:
            labels = [c.text for c in line.labels]
            if pending is not None:
                joined = pending.text + text
                found_joined = match_row(table, [joined])
                if found_joined is not None:
                    pending = None
                    events.append(Event("LV", line, found_joined, joined))
                    read.placed += 1
                    continue
                flush_pending()
            found = match_row(table, labels)
            shared = rows_containing(table, labels) if found is None else frozenset()
            if len(shared) > 1:  # "…行政机关不再处理其政府信息公": two rows end so; the order decides
                events.append(Event("V", line, None, text, shared))
                continue
            if found is None:
                read.missed += 1
                shown = " | ".join(c.text for c in line.labels + line.values)
                note(read.notes, "table.row-unknown", f"not a row of table {table.label}; line not used: {shown!r}",
                     f"不是表“{table.label}”的行，未使用：“{shown}”", line.origin)
                continue
            events.append(Event("LV", line, found, text))
            read.placed += 1
        else:
            flush_pending()
            events.append(Event("V", line))
    flush_pending()
    return events


def _units(table: Table, line: Line, read: TableRead) -> None:
    """Units written in a header ("采购总金额（单位：元）"): remembered for the amount column they name."""
    for cell in line.labels:
        unit = unit_in_label(cell.text)
        if unit is None:
            continue
        words = normalize(strip_unit(cell.text))
        for block in table.blocks:
            for column in block.column_leaves:
                names = {strip_ordinal(normalize(strip_unit(x))) for x in (column.label, column.short, *column.aliases)}
                if column.unit and (words in names or strip_ordinal(words) in names):
                    read.units[column.id] = (unit, line.origin)
        if not any(u == unit and o is line.origin for u, o in read.units.values()):
            note(read.notes, "table.unit", f"the header gives a unit, {cell.text!r}, for no amount column; "
                 "the values are kept as numbers", f"表头写明单位“{cell.text}”，但不是金额列；数值按数字保存",
                 line.origin, "info")


def _unknown_label(read: TableRead, line: Line, text: str) -> None:
    if len(text) <= 2:  # fragments of a label cut by extraction ("果", "度办")
        return
    read.missed += 1
    read.unknown.append((line.origin, text))


def _has_ordinal(text: str) -> bool:
    norm = normalize(text)
    return strip_ordinal(norm) != norm


def unknown_note(table: Table, read: TableRead) -> None:
    """One diagnostic for the lines of words in a table section that name nothing (grouped)."""
    if not read.unknown:
        return
    shown = "; ".join(f"{o.line or o.show()}: {t[:20]!r}" for o, t in read.unknown[:8])
    more = f" and {len(read.unknown) - 8} more" if len(read.unknown) > 8 else ""
    shown_zh = "；".join(f"{o.line or o.show()}：“{t[:20]}”" for o, t in read.unknown[:8])
    note(read.notes, "table.row-unknown",
         f"{len(read.unknown)} lines of words in the section of table {table.label} name no row or header; "
         f"not used ({shown}{more})",
         f"表“{table.label}”部分中有 {len(read.unknown)} 行文字不是行名或表头，未使用（{shown_zh}）", read.unknown[0][0])


# ------------------------------------------------------------------ events → rows

def _columns(table: Table, node: Node) -> int:
    return len(block_of(table, node.id).column_leaves)


def block_of(table: Table, row_id: str) -> Block:
    """``table.block_of``, remembered (it walks the trees)."""
    return _memo(table, ("block", row_id), lambda: table.block_of(row_id))


def _leaf_order(table: Table) -> list[Node]:
    return [leaf for block in table.blocks for leaf in block.row_leaves]


def assign(table: Table, events: list[Event], read: TableRead) -> None:
    order = _leaf_order(table)
    if len(order) == 1 and order[0].hidden:
        _single_row(table, order[0], events, read)
        return
    events = _absorb(table, events)
    index = {n.id: i for i, n in enumerate(order)}
    labelled = {e.match.node.id for e in events if e.kind == "LV" and e.match and e.match.node.is_leaf}
    prev = -1
    run: list[Event] = []
    for event in [*events, None]:
        if event is not None and event.kind != "LV":
            run.append(event)
            continue
        nxt = len(order) if event is None else _position(index, event.match.node) if event.match else prev + 1
        if any(e.kind == "V" for e in run):
            _fill_gap(table, order, [order[i] for i in range(prev + 1, nxt) if order[i].id not in labelled],
                      run, read)
        run = []
        if event is None:
            break
        assert event.match is not None
        node = event.match.node
        if not node.is_leaf:
            if _zero_group(table, node, event, read):
                prev = max(prev, _position(index, node.leaves()[-1]))
                continue
            read.missed += 1
            note(read.notes, "table.row-group",
                 f"{node.label} is a group of rows, not a row of numbers; its numbers are not used",
                 f"“{node.label}”是分组，不是数据行；其数字未使用", event.line.origin)
            continue
        _lenient_note(event, read)
        _take(read, RowRead(node, event.line.values, event.line.origin, "label", event.line.positional))
        prev = max(prev, index[node.id])


def _zero_group(table: Table, node: Node, event: Event, read: TableRead) -> bool:
    """A group's row of zeros (the older edition's one row, e.g. "（六）其他处理 | 0 | 0 …"): each row under it is 0.

    Counts are never negative, so a group whose every column sums to 0 has 0 in each of its rows;
    any other number on a group cannot be split and is not used.
    """
    leaves = node.leaves()
    columns = block_of(table, leaves[0].id).column_leaves
    values = [c for c in event.line.values if c.text.strip()]
    if len(values) != len(columns) or any(c.text.strip() != "0" for c in values) \
            or any(c.kind is None or not c.kind.is_integer for c in columns):
        return False
    for leaf in leaves:
        _take(read, RowRead(leaf, list(values), event.line.origin, "label", event.line.positional))
    note(read.notes, "table.row-group-zero",
         f"{node.label} is a group of rows here; its zeros are read as 0 in each of its {len(leaves)} rows",
         f"“{node.label}”在本格式中是分组；其各列为 0，按其下 {len(leaves)} 行均为 0 读取", event.line.origin, "info")
    return True


def _position(index: dict[str, int], node: Node) -> int:
    """Where a row (or a group: its first row) stands in the table's order of rows."""
    return index[node.id] if node.id in index else index[node.leaves()[0].id]


def _lenient_note(event: Event, read: TableRead) -> None:
    match = event.match
    if match is None or match.how is How.EXACT:
        return
    node = match.node
    if match.how is How.NEAR:
        note(read.notes, "table.label-near", f"{event.text!r} is read as {node.label!r} (characters differ)",
             f"“{event.text}”按“{node.label}”读取（个别字不同）", event.line.origin)
    elif match.how is How.PREFIX:
        note(read.notes, "table.label-cut", f"{event.text!r} is read as {node.label!r} (the label is cut short)",
             f"“{event.text}”按“{node.label}”读取（行名不完整）", event.line.origin, "info")
    else:
        note(read.notes, "table.label-note", f"{event.text!r} is read as {node.label!r} (a note follows the label)",
             f"“{event.text}”按“{node.label}”读取（行名后附说明）", event.line.origin, "info")


def _take(read: TableRead, row: RowRead) -> None:
    if row.node.id in read.rows:
        read.missed += 1
        note(read.notes, "table.row-repeated", f"{row.node.label} appears again; this line is not used",
             f"“{row.node.label}”再次出现，本行未使用", row.origin)
        return
    read.rows[row.node.id] = row


def _absorb(table: Table, events: list[Event]) -> list[Event]:
    """A label alone on its line takes the one-number lines after it (one cell per line)."""
    out: list[Event] = []
    i = 0
    while i < len(events):
        event = events[i]
        i += 1
        if event.kind != "L" or event.match is None or not event.match.node.is_leaf:
            out.append(event)
            continue
        k = _columns(table, event.match.node)
        values: list[Cell] = []
        j = i
        while j < len(events) and events[j].kind == "V" and len(values) < k:
            nxt = events[j].line
            if len(nxt.values) != 1 and not (j == i and len(nxt.values) <= k and nxt.from_paragraph):
                break
            values.extend(nxt.values)
            j += 1
        if values and (len(values) >= max(1, k - 2) or j == len(events) or events[j].kind != "V"):
            line = attrs.evolve(event.line, values=values, from_paragraph=True)
            out.append(Event("LV", line, event.match, event.text))
            i = j
        else:
            out.append(event)
    return out


def _fill_gap(table: Table, order: list[Node], gap: list[Node], run: list[Event], read: TableRead) -> None:
    rows = [e for e in run if e.kind == "V"]
    if len(rows) > len(gap):  # lone numbers among full rows: fragments, page furniture
        widest = max(len(e.line.values) for e in rows)
        kept = [e for e in rows if len(e.line.values) * 2 > widest]
        if len(kept) == len(gap) and kept:
            rows = kept
    fits = all(not e.allowed or n.id in e.allowed for n, e in zip(gap, rows, strict=False))
    if gap and len(rows) == len(gap) and fits:
        for node, event in zip(gap, rows, strict=True):
            _take(read, RowRead(node, event.line.values, event.line.origin, "order", event.line.positional))
        read.placed += len(rows)
        shown = "、".join(n.label for n in gap)
        note(read.notes, "table.row-by-order",
             f"{len(rows)} rows of numbers without labels placed in spec order on: {', '.join(n.label for n in gap)}",
             f"{len(rows)} 行没有行名的数字按表格顺序放入：{shown}", rows[0].line.origin, "info")
        return
    # Weak evidence: a label alone on the line right before the numbers.
    unplaced: list[Event] = []
    for pos, event in enumerate(run):
        if event.kind != "V":
            continue
        before = run[pos - 1] if pos else None
        if before is not None and before.kind == "L" and before.match is not None and before.match.node in gap:
            _take(read, RowRead(before.match.node, event.line.values, event.line.origin, "follows-label",
                                event.line.positional))
            read.placed += 1
        else:
            unplaced.append(event)
    for event in unplaced:
        read.missed += 1
        shown = " | ".join(c.text for c in event.line.values)
        candidates = "、".join(n.label for n in gap) or "（无）"
        note(read.notes, "table.row-unplaced",
             f"numbers without a row label in table {table.label}, not placed (candidate rows: "
             f"{', '.join(n.label for n in gap) or 'none'}): {shown}",
             f"表“{table.label}”中没有行名的数字未放入（可能的行：{candidates}）：{shown}", event.line.origin)


def _single_row(table: Table, row: Node, events: list[Event], read: TableRead) -> None:
    """Table C: one unlabelled row, often one line of 15 numbers or one number per line."""
    k = len(table.blocks[0].column_leaves)
    values: list[Cell] = []
    first: Origin | None = None
    positional = True
    for event in events:
        if event.kind in ("L", "X"):
            continue
        # labels before the numbers ("行政复议 | 4 | 1 …") must be header words
        if event.kind == "LV" and not all(is_header_text(table, c.text) for c in event.line.labels):
            read.missed += 1
            continue
        if len(values) >= k:
            read.missed += 1
            shown = " | ".join(c.text for c in event.line.values)
            note(read.notes, "table.values-extra", f"more numbers than table {table.label} has cells: {shown}",
                 f"数字多于表“{table.label}”的单元格：{shown}", event.line.origin)
            continue
        first = first or event.line.origin
        positional = positional and event.line.positional
        values.extend(event.line.values)
        read.placed += 1
    if first is not None:
        read.rows[row.id] = RowRead(row, values, first, "label", positional)


def keys_of(table: Table, node: Node) -> list[CellKey]:
    return _memo(table, ("keys", node.id), lambda: [(table.id, node.id, c.id) for c in block_of(table, node.id).column_leaves])
