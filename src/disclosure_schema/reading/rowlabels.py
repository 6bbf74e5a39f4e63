"""Which row of a spec table a label found in the wild names, and how sure that is.

Exact matches use the spec's own resolution (labels, short names, aliases, ASCII
punctuation, ordinals, label paths). Beyond that, three lenient matches, each
reported so a reviewer sees it: a label cut short (a wrapped or truncated label,
the unique row it begins), a label with a note after it ("（单位：万元）"), and a
label one character off the spec's (行政事业型收费), never when two rows are
equally near.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

import attrs

from ..errors import DisclosureError
from ..labels import normalize, strip_ordinal
from ..spec import Node, Table

T = TypeVar("T")


class How(enum.Enum):
    EXACT = "exact"
    PREFIX = "prefix"  # the label is the start of exactly one row's label (cut or wrapped)
    NOTE = "note"  # the label is a row's label followed by a bracketed note
    NEAR = "near"  # one character off exactly one row's label


@attrs.frozen(slots=True)
class Match:
    node: Node
    how: How
    spelling: str = ""  # the spec's label, for near matches


_BRACKET_NOTE = re.compile(r"^[（(【\[]")
_MIN_PREFIX = 3  # "规章" is exact; fragments shorter than this are too ambiguous to extend
_MIN_INSIDE = 6  # a piece from inside a label: long enough to name one row only


@attrs.frozen(slots=True)
class _Name:
    node: Node
    text: str  # normalised, ordinal stripped


class _Cache:
    """Per-table memo keyed by the table's identity: hashing a frozen table hashes its whole tree."""

    def __init__(self) -> None:
        self.tables: dict[int, tuple[Table, dict[object, object]]] = {}

    def of(self, table: Table) -> dict[object, object]:
        entry = self.tables.get(id(table))
        if entry is None or entry[0] is not table:
            if len(self.tables) > 256:
                self.tables.clear()
            entry = self.tables[id(table)] = (table, {})
        return entry[1]


_CACHE = _Cache()


def _memo(table: Table, key: object, make: Callable[[], T]) -> T:
    memo = _CACHE.of(table)
    if key not in memo:
        if len(memo) > 20000:  # label spellings seen in the wild; bounded
            memo.clear()
        memo[key] = make()
    return memo[key]  # type: ignore[return-value]


def _names(table: Table) -> tuple[_Name, ...]:
    return _memo(table, "names", lambda: _names_of(table))


def _names_of(table: Table) -> tuple[_Name, ...]:
    out: list[_Name] = []
    for block in table.blocks:
        for node, _ in block.row_nodes():
            for name in (node.label, node.short, *node.aliases):
                text = strip_ordinal(normalize(name))
                if text:
                    out.append(_Name(node, text))
    return tuple(out)


def _exact(table: Table, labels: tuple[str, ...]) -> Node | None:
    return _memo(table, ("exact", labels), lambda: _exact_of(table, labels))


def _exact_of(table: Table, labels: tuple[str, ...]) -> Node | None:
    try:
        return table.row_node(table.resolve_row(list(labels), leaf=False))
    except DisclosureError:
        return None


def match_row(table: Table, labels: Sequence[str]) -> Match | None:
    """The row named by a line's label cells (a flattened group path, or fragments of one)."""
    labels = tuple(x for x in labels if x.strip())
    if not labels:
        return None
    node = _exact(table, labels)
    if node is None and len(labels) > 1:
        # Group labels flattened into the row ("三、本年度办理结果 | （一）予以公开") or cut into
        # fragments ("（三）不 | 4.保护…"): the last label names the row.
        node = _exact(table, labels[-1:])
        if node is None:
            return _lenient(table, labels[-1]) or _lenient(table, "".join(labels))
    if node is not None:
        return Match(node, How.EXACT)
    return _lenient(table, labels[0])


def _lenient(table: Table, label: str) -> Match | None:
    return _memo(table, ("lenient", label), lambda: _lenient_of(table, label))


def _lenient_of(table: Table, label: str) -> Match | None:
    text = strip_ordinal(normalize(label))
    if not text:
        return None
    names = _names(table)
    if len(text) >= _MIN_PREFIX:  # first: a wrapped label may continue on the next line
        started = {n.node.id: n.node for n in names if n.text.startswith(text) and n.text != text}
        if len(started) == 1:
            return Match(next(iter(started.values())), How.PREFIX)
    noted = {n.node.id: n.node for n in names
             if text.startswith(n.text) and len(n.text) >= 2 and _BRACKET_NOTE.match(text[len(n.text):])}
    if len(noted) == 1:
        return Match(next(iter(noted.values())), How.NOTE)
    if len(text) >= _MIN_INSIDE:  # the middle of a long label whose start went elsewhere in extraction
        inside = {n.node.id: n.node for n in names if text in n.text and n.text != text}
        if len(inside) == 1:
            return Match(next(iter(inside.values())), How.PREFIX)
    if len(text) >= 4:
        near = {n.node.id: n for n in names if abs(len(n.text) - len(text)) <= 1 and _one_off(text, n.text)}
        if len(near) == 1:
            found = next(iter(near.values()))
            return Match(found.node, How.NEAR, found.node.label)
    if len(text) >= 6:  # characters dropped in typing or extraction ("2.其他法律行政止公开")
        within = {n.node.id: n for n in names if len(text) * 10 >= len(n.text) * 7 and _subsequence(text, n.text)}
        if len(within) == 1:
            found = next(iter(within.values()))
            return Match(found.node, How.NEAR, found.node.label)
    return None


def _subsequence(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with some characters left out (in order)."""
    rest = iter(long)
    return len(short) < len(long) and all(ch in rest for ch in short)


def is_prefix_of_some_row(table: Table, label: str) -> bool:
    """Whether a label could be the first part of a row label wrapped over lines."""
    text = strip_ordinal(normalize(label))
    return len(text) >= 2 and any(n.text.startswith(text) and n.text != text for n in _names(table))


def _one_off(a: str, b: str) -> bool:
    """Edit distance exactly one (a substitution, insertion or deletion)."""
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def header_vocabulary(table: Table) -> frozenset[str]:
    return _memo(table, "vocabulary", lambda: _vocabulary_of(table))


def _vocabulary_of(table: Table) -> frozenset[str]:
    """Every header word of a table (captions, corners, column labels, short names, aliases), normalised."""
    names: set[str] = set()
    for block in table.blocks:
        texts = [block.caption or "", block.corner or ""]
        for node, _ in block.column_nodes():
            texts += [node.label, node.short, *node.aliases]
        for text in texts:
            if text:
                names.add(normalize(text))
                names.add(strip_ordinal(normalize(text)))
    return frozenset(names)


def is_header_text(table: Table, text: str) -> bool:
    """Header words, also when a cell joins several ("信息内容本年处理决定数量") or one is cut."""
    return _memo(table, ("header", text), lambda: _is_header_text(table, text))


def _is_header_text(table: Table, text: str) -> bool:
    norm = normalize(text)
    if not norm:
        return True
    vocab = header_vocabulary(table)
    if norm in vocab or strip_ordinal(norm) in vocab:
        return True
    # Words run together: consume known words greedily from the left.
    rest = norm
    words = sorted((w for w in vocab if len(w) >= 2), key=len, reverse=True)
    while rest:
        word = next((w for w in words if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word):]
    return True


def rows_containing(table: Table, labels: Sequence[str]) -> frozenset[str]:
    """Leaf rows whose label holds the given text (a piece of a label shared by several rows)."""
    text = strip_ordinal(normalize("".join(labels)))
    if len(text) < _MIN_INSIDE:
        return frozenset()
    return frozenset(n.node.id for n in _names(table) if n.node.is_leaf and text in n.text)
