"""The typed model of a report format: sections, tables, row and column trees.

Instances are built by :mod:`disclosure_schema.loader` from the data in ``specs/``;
everything is frozen. A cell is addressed by ``(table id, row id, column id)``
where row and column are *leaf* ids of their trees.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

import attrs

from .errors import UnknownNameError
from .labels import normalize, strip_ordinal
from .values import CellKind

if TYPE_CHECKING:
    from .rules import Rule

CellKey = tuple[str, str, str]
PATH_SEPARATOR = ">"


@attrs.frozen(slots=True)
class Node:
    """A row or a column of a table; a leaf holds data, a group only a label."""

    id: str
    label: str
    short: str
    aliases: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    kind: CellKind | None = None  # columns only
    unit: str | None = None
    hidden: bool = False  # a label the official table does not print
    rollup: str | None = None  # columns only: "sum" (a parent's cell adds up its units') or "none"

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> tuple[Node, ...]:
        if not self.children:
            return (self,)
        return tuple(leaf for child in self.children for leaf in child.leaves())

    def walk(self, depth: int = 0) -> Iterator[tuple[Node, int]]:
        """Pre-order traversal with each node's depth."""
        yield self, depth
        for child in self.children:
            yield from child.walk(depth + 1)

    def depth(self) -> int:
        """Levels below and including this node."""
        return 1 + max((c.depth() for c in self.children), default=0)


def _walk_all(roots: Sequence[Node]) -> Iterator[tuple[Node, int]]:
    for root in roots:
        yield from root.walk()


@attrs.frozen(slots=True)
class Block:
    """Part of a table with its own column header (table A has one per 第二十条 item)."""

    id: str
    caption: str | None
    corner: str | None
    rows: tuple[Node, ...]
    columns: tuple[Node, ...]

    @property
    def row_leaves(self) -> tuple[Node, ...]:
        return tuple(leaf for r in self.rows for leaf in r.leaves())

    @property
    def column_leaves(self) -> tuple[Node, ...]:
        return tuple(leaf for c in self.columns for leaf in c.leaves())

    def row_nodes(self) -> Iterator[tuple[Node, int]]:
        return _walk_all(self.rows)

    def column_nodes(self) -> Iterator[tuple[Node, int]]:
        return _walk_all(self.columns)

    @property
    def header_depth(self) -> int:
        return max(c.depth() for c in self.columns)

    @property
    def label_depth(self) -> int:
        return max(r.depth() for r in self.rows)


@attrs.frozen(slots=True)
class Table:
    id: str
    label: str
    aliases: tuple[str, ...]
    blocks: tuple[Block, ...]
    rollup: str | None = None  # "sum": every cell adds up over units; a column's own ``rollup`` wins

    def rolls_up(self, column: Node) -> bool:
        """Whether a parent's cells in ``column`` equal the sum of its units' (see docs/spec-format.md)."""
        return (column.rollup or self.rollup) == "sum"

    def cells(self) -> Iterator[tuple[Block, Node, Node]]:
        """Every data cell in reading order: block by block, row by row."""
        for block in self.blocks:
            cols = block.column_leaves
            for row in block.row_leaves:
                for col in cols:
                    yield block, row, col

    def block_of(self, row_id: str) -> Block:
        for block in self.blocks:
            if any(n.id == row_id for n, _ in block.row_nodes()):
                return block
        raise UnknownNameError(f"row of table {self.id!r}", row_id, _suggest(row_id, self._row_names()))

    def _row_names(self) -> list[str]:
        return [name for b in self.blocks for n, _ in b.row_nodes() for name in (n.id, n.label)]

    def row_node(self, row_id: str) -> Node:
        for block in self.blocks:
            for node, _ in block.row_nodes():
                if node.id == row_id:
                    return node
        raise UnknownNameError(f"row of table {self.id!r}", row_id, _suggest(row_id, self._row_names()))

    def resolve_row(self, name: str | Sequence[str], *, leaf: bool = True) -> str:
        """A row id from an id, an official label or alias (either punctuation), or a label path."""
        nodes = [(b, n, d) for b in self.blocks for n, d in b.row_nodes()]
        return _resolve(f"row of table {self.id!r}", name, [(n, _path(b.rows, n)) for b, n, _ in nodes], leaf)

    def resolve_column(self, row_id: str, name: str | Sequence[str], *, leaf: bool = True) -> str:
        block = self.block_of(row_id)
        nodes = [(n, _path(block.columns, n)) for n, _ in block.column_nodes()]
        return _resolve(f"column of table {self.id!r} block {block.id!r}", name, nodes, leaf)


def _path(roots: Sequence[Node], target: Node) -> tuple[Node, ...]:
    for root in roots:
        if root is target:
            return (root,)
        sub = _path(root.children, target)
        if sub:
            return (root, *sub)
    return ()


def _names(node: Node) -> tuple[str, ...]:
    return (node.label, node.short, *node.aliases)


def _resolve(what: str, name: str | Sequence[str], nodes: list[tuple[Node, tuple[Node, ...]]], leaf: bool) -> str:
    candidates = [(n, p) for n, p in nodes if n.is_leaf or not leaf]
    if isinstance(name, str):
        for node, _ in candidates:
            if node.id == name:
                return node.id
        parts: Sequence[str] = [p for p in name.split(PATH_SEPARATOR)] if PATH_SEPARATOR in name else [name]
    else:
        parts = list(name)
    wanted = [normalize(p) for p in parts]
    for matcher in (lambda s: normalize(s), lambda s: strip_ordinal(normalize(s))):
        hits = [n for n, p in candidates if _path_matches(p, wanted, matcher)]
        if len({h.id for h in hits}) == 1:
            return hits[0].id
        if len(hits) > 1:
            shown = tuple(PATH_SEPARATOR.join(x.label for x in p) for n, p in candidates if n in hits)
            raise UnknownNameError(f"{what} (ambiguous; give a path)", str(name), shown)
        wanted = [strip_ordinal(w) for w in wanted]
    pool = [x for n, _ in candidates for x in (n.id, *_names(n))]
    raise UnknownNameError(what, str(name) if isinstance(name, str) else PATH_SEPARATOR.join(name), _suggest(str(name), pool))


def _path_matches(path: tuple[Node, ...], wanted: list[str], matcher: object) -> bool:
    match = matcher  # a callable; typed loosely to keep the lambdas short
    assert callable(match)
    if len(wanted) > len(path):
        return False
    # the last wanted part names the node; earlier parts name ancestors, in order
    if not any(match(x) == wanted[-1] for x in _names(path[-1])):
        return False
    ancestors = list(path[:-1])
    for part in wanted[:-1]:
        while ancestors and not any(match(x) == part for x in _names(ancestors[0])):
            ancestors.pop(0)
        if not ancestors:
            return False
        ancestors.pop(0)
    return True


def _suggest(name: str, pool: Sequence[str]) -> tuple[str, ...]:
    unique = list(dict.fromkeys(pool))
    close = difflib.get_close_matches(name, unique, n=3, cutoff=0.4)
    if not close:
        norm = normalize(name)
        close = [p for p in unique if norm and norm in normalize(p)][:3]
    return tuple(close)


@attrs.frozen(slots=True)
class Section:
    id: str
    number: str
    heading: str
    aliases: tuple[str, ...] = ()
    table: str | None = None

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"

    @property
    def is_narrative(self) -> bool:
        return self.table is None


@attrs.frozen(slots=True, eq=False, repr=False)
class ReportFormat:
    """A whole report format (an edition), as declared in one spec file."""

    def __repr__(self) -> str:  # the full tree would print hundreds of kilobytes
        return f"<ReportFormat {self.id} from {self.source}>"

    id: str
    name: str
    document: str
    document_number: str
    first_year: int
    last_year: int | None
    title_pattern: str
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    rules: tuple[Rule, ...]
    source: str
    issued: date | None = None
    # Derived indexes, filled by the loader.
    cell_kinds: dict[CellKey, CellKind] = attrs.field(factory=dict, repr=False)
    _tables_by_id: dict[str, Table] = attrs.field(factory=dict, repr=False, alias="tables_by_id")

    def applies_to(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    @property
    def years_text(self) -> str:
        return f"{self.first_year}–{self.last_year}" if self.last_year else f"{self.first_year}–"

    @property
    def narrative_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.is_narrative)

    def table(self, name: str) -> Table:
        """A table by id, alias ("A", "B", "C") or label."""
        found = self._tables_by_id.get(name)
        if found is not None:
            return found
        norm = normalize(name)
        for table in self.tables:
            if norm in {normalize(x) for x in (table.label, *table.aliases)}:
                return table
        pool = [x for t in self.tables for x in (t.id, t.label, *t.aliases)]
        raise UnknownNameError(f"table of {self.id}", name, _suggest(name, pool))

    def section(self, name: str) -> Section:
        """A section by id, heading (with or without its number) or alias."""
        norm = strip_ordinal(normalize(name))
        for sec in self.sections:
            if name == sec.id or norm in {strip_ordinal(normalize(x)) for x in (sec.title, sec.heading, *sec.aliases)}:
                return sec
        pool = [x for s in self.sections for x in (s.id, s.title)]
        raise UnknownNameError(f"section of {self.id}", name, _suggest(name, pool))

    def key(self, table: str, row: str | Sequence[str], column: str | Sequence[str]) -> CellKey:
        """Resolve ids or labels to the cell key ``(table id, row id, column id)``."""
        tab = self.table(table)
        row_id = tab.resolve_row(row)
        return (tab.id, row_id, tab.resolve_column(row_id, column))

    def cell_keys(self) -> list[CellKey]:
        """Every cell of the format, in spec order."""
        return list(self.cell_kinds)

    def title_for(self, agency: str, year: int) -> str:
        return self.title_pattern.format(agency=agency, year=year)
