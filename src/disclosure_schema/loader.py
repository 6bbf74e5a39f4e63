"""Load a report format declared as data (TOML) into the typed model, or say what is wrong.

The spec format is documented in docs/spec-format.md. Every error names the file
and the entry (``tables.applications.rows[3]``, ``rules[2]`` …).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .errors import SpecError
from .findings import Severity
from .rules import (
    RULE_TYPES,
    Complete,
    Continuity,
    EditionYear,
    Equation,
    Kinds,
    Rule,
    Term,
    make_instance,
)
from .spec import Block, CellKey, Node, ReportFormat, Section, Table
from .values import CellKind

SPEC_VERSION = 1
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_FORMAT_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class _Ctx:
    """Where we are in the file, for error messages."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, entry: str, message: str) -> SpecError:
        return SpecError(self.path, entry, message)

    def get(self, data: dict[str, Any], key: str, typ: type | tuple[type, ...], entry: str,
            default: Any = ..., ) -> Any:
        if key not in data:
            if default is ...:
                raise self.fail(entry, f"missing key {key!r}")
            return default
        value = data[key]
        if not isinstance(value, typ) or (isinstance(value, bool) and typ is not bool):
            want = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
            raise self.fail(f"{entry}.{key}", f"must be {want}, not {type(value).__name__} {value!r}")
        return value

    def known(self, data: dict[str, Any], keys: set[str], entry: str) -> None:
        unknown = sorted(set(data) - keys)
        if unknown:
            raise self.fail(entry, f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(keys))}")

    def ident(self, data: dict[str, Any], entry: str) -> str:
        value: str = self.get(data, "id", str, entry)
        if not _ID.match(value):
            raise self.fail(f"{entry}.id", f"{value!r} is not a lower-case ASCII id ([a-z][a-z0-9_]*)")
        return value

    def strings(self, data: dict[str, Any], key: str, entry: str) -> tuple[str, ...]:
        values = self.get(data, key, list, entry, [])
        for i, v in enumerate(values):
            if not isinstance(v, str):
                raise self.fail(f"{entry}.{key}[{i}]", f"must be a string, not {v!r}")
        return tuple(values)


def load_spec(path: str | Path, editions: Callable[[], Sequence[ReportFormat]] | None = None) -> ReportFormat:
    """Read one spec file. ``editions`` lists the other known formats (for document checks)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise SpecError(str(p), "file", f"cannot read: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SpecError(str(p), "file", f"not UTF-8 at byte {exc.start}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(str(p), "file", f"not valid TOML: {exc}") from exc
    return build_spec(data, str(p), editions)


def build_spec(data: dict[str, Any], source: str,
               editions: Callable[[], Sequence[ReportFormat]] | None = None) -> ReportFormat:
    """Build a format from already parsed spec data (``source`` names it in errors)."""
    c = _Ctx(source)
    c.known(data, {"spec_version", "id", "name", "document", "document_number", "issued", "first_year",
                   "last_year", "title_pattern", "sections", "tables", "rules"}, "top level")
    version = c.get(data, "spec_version", int, "top level")
    if version != SPEC_VERSION:
        raise c.fail("spec_version", f"this library reads spec_version {SPEC_VERSION}, not {version}")
    fmt_id: str = c.get(data, "id", str, "top level")
    if not _FORMAT_ID.match(fmt_id):
        raise c.fail("id", f"{fmt_id!r} is not a format id (lower-case ASCII, digits, . _ -)")
    issued = c.get(data, "issued", date, "top level", None)
    first = c.get(data, "first_year", int, "top level")
    last = c.get(data, "last_year", int, "top level", None)
    if last is not None and last < first:
        raise c.fail("last_year", f"{last} is before first_year {first}")
    title_pattern: str = c.get(data, "title_pattern", str, "top level", "{agency}{year}年度报告")
    try:
        title_pattern.format(agency="", year=0)
    except (KeyError, IndexError, ValueError) as exc:
        raise c.fail("title_pattern", f"may use only {{agency}} and {{year}}: {exc}") from exc

    tables = _tables(c, c.get(data, "tables", dict, "top level", {}))
    sections = _sections(c, c.get(data, "sections", list, "top level"), {t.id for t in tables})
    kinds: dict[CellKey, CellKind] = {}
    for t in tables:
        for _, row, col in t.cells():
            assert col.kind is not None
            kinds[(t.id, row.id, col.id)] = col.kind
    by_id = {t.id: t for t in tables}
    rules = _rules(c, c.get(data, "rules", list, "top level", []), by_id, kinds, editions)
    return ReportFormat(
        id=fmt_id,
        name=c.get(data, "name", str, "top level"),
        document=c.get(data, "document", str, "top level", ""),
        document_number=c.get(data, "document_number", str, "top level", ""),
        first_year=first,
        last_year=last,
        title_pattern=title_pattern,
        sections=sections,
        tables=tables,
        rules=rules,
        source=source,
        issued=issued,
        cell_kinds=kinds,
        tables_by_id=by_id,
    )


def _sections(c: _Ctx, items: list[Any], table_ids: set[str]) -> tuple[Section, ...]:
    seen: set[str] = set()
    out = []
    used_tables: set[str] = set()
    for i, item in enumerate(items):
        entry = f"sections[{i}]"
        if not isinstance(item, dict):
            raise c.fail(entry, "must be a table of keys")
        c.known(item, {"id", "number", "heading", "aliases", "table"}, entry)
        sid = c.ident(item, entry)
        if sid in seen:
            raise c.fail(f"{entry}.id", f"duplicate section id {sid!r}")
        seen.add(sid)
        table = c.get(item, "table", str, entry, None)
        if table is not None:
            if table not in table_ids:
                raise c.fail(f"{entry}.table", f"no table {table!r} is declared (tables: {', '.join(sorted(table_ids))})")
            used_tables.add(table)
        out.append(Section(sid, c.get(item, "number", str, entry), c.get(item, "heading", str, entry),
                           c.strings(item, "aliases", entry), table))
    if not out:
        raise c.fail("sections", "a format needs at least one section")
    missing = table_ids - used_tables
    if missing:
        raise c.fail("tables", f"table(s) {', '.join(sorted(missing))} belong to no section")
    return tuple(out)


def _tables(c: _Ctx, items: dict[str, Any]) -> tuple[Table, ...]:
    out = []
    for tid, item in items.items():
        entry = f"tables.{tid}"
        if not _ID.match(tid):
            raise c.fail(entry, f"{tid!r} is not a lower-case ASCII id")
        if not isinstance(item, dict):
            raise c.fail(entry, "must be a table of keys")
        c.known(item, {"label", "aliases", "blocks", "rollup"}, entry)
        blocks_raw = c.get(item, "blocks", list, entry)
        if not blocks_raw:
            raise c.fail(f"{entry}.blocks", "a table needs at least one block")
        blocks = []
        row_ids: set[str] = set()
        block_ids: set[str] = set()
        for bi, braw in enumerate(blocks_raw):
            bentry = f"{entry}.blocks[{bi}]"
            if not isinstance(braw, dict):
                raise c.fail(bentry, "must be a table of keys")
            c.known(braw, {"id", "caption", "corner", "rows", "columns"}, bentry)
            bid = c.ident(braw, bentry)
            if bid in block_ids:
                raise c.fail(f"{bentry}.id", f"duplicate block id {bid!r}")
            block_ids.add(bid)
            rows = _tree(c, c.get(braw, "rows", list, bentry), f"{bentry}.rows", row_ids, column=False)
            cols = _tree(c, c.get(braw, "columns", list, bentry), f"{bentry}.columns", set(), column=True)
            blocks.append(Block(bid, c.get(braw, "caption", str, bentry, None),
                                c.get(braw, "corner", str, bentry, None), rows, cols))
        out.append(Table(tid, c.get(item, "label", str, entry), c.strings(item, "aliases", entry), tuple(blocks),
                         _rollup(c, item, entry)))
    return tuple(out)


def _tree(c: _Ctx, items: list[Any], entry: str, seen: set[str], *, column: bool) -> tuple[Node, ...]:
    """Build a tree from a flat list whose entries name their ``parent``."""
    if not items:
        raise c.fail(entry, "needs at least one entry")
    keys = {"id", "label", "short", "aliases", "parent", "hidden"} | ({"kind", "unit", "rollup"} if column else set())
    raw: dict[str, dict[str, Any]] = {}
    children: dict[str | None, list[str]] = {None: []}
    where: dict[str, str] = {}
    for i, item in enumerate(items):
        ientry = f"{entry}[{i}]"
        if not isinstance(item, dict):
            raise c.fail(ientry, "must be a table of keys")
        c.known(item, keys, ientry)
        nid = c.ident(item, ientry)
        if nid in seen:
            raise c.fail(f"{ientry}.id", f"duplicate id {nid!r}")
        seen.add(nid)
        parent = c.get(item, "parent", str, ientry, None)
        if parent is not None and parent not in raw:
            raise c.fail(f"{ientry}.parent", f"{parent!r} is not declared before this entry")
        raw[nid] = item
        where[nid] = ientry
        children.setdefault(parent, []).append(nid)
        children.setdefault(nid, [])

    def build(nid: str) -> Node:
        item, ientry = raw[nid], where[nid]
        kids = tuple(build(k) for k in children[nid])
        kind = None
        if column:
            kind_name = c.get(item, "kind", str, ientry, None)
            if kids and kind_name is not None:
                raise c.fail(f"{ientry}.kind", "a group column holds no data; put kind on its leaves")
            if not kids:
                if kind_name is None:
                    raise c.fail(ientry, "a data column needs a kind (count, signed_count or amount)")
                try:
                    kind = CellKind(kind_name)
                except ValueError:
                    raise c.fail(f"{ientry}.kind", f"unknown cell kind {kind_name!r}; "
                                 f"known: {', '.join(k.value for k in CellKind)}") from None
        label: str = c.get(item, "label", str, ientry)
        return Node(nid, label, c.get(item, "short", str, ientry, label), c.strings(item, "aliases", ientry),
                    kids, kind, c.get(item, "unit", str, ientry, None) if column else None,
                    c.get(item, "hidden", bool, ientry, False), _rollup(c, item, ientry) if column else None)

    return tuple(build(n) for n in children[None])


ROLLUPS = ("sum", "none")


def _rollup(c: _Ctx, item: dict[str, Any], entry: str) -> str | None:
    """How a parent's cells relate to its units' (roll-up checks): "sum", "none" or not said."""
    value: str | None = c.get(item, "rollup", str, entry, None)
    if value is not None and value not in ROLLUPS:
        raise c.fail(f"{entry}.rollup", f"must be one of {', '.join(ROLLUPS)}, not {value!r}")
    return value


# ------------------------------------------------------------------ rules

def _rules(c: _Ctx, items: list[Any], tables: dict[str, Table], kinds: dict[CellKey, CellKind],
           editions: Callable[[], Sequence[ReportFormat]] | None) -> tuple[Rule, ...]:
    out: list[Rule] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        entry = f"rules[{i}]"
        if not isinstance(item, dict):
            raise c.fail(entry, "must be a table of keys")
        rid = c.get(item, "id", str, entry)
        entry = f"rules[{i}] ({rid})"
        if rid in seen:
            raise c.fail(entry, f"duplicate rule id {rid!r}")
        seen.add(rid)
        rtype = c.get(item, "type", str, entry)
        cls = RULE_TYPES.get(rtype)
        if cls is None:
            raise c.fail(f"{entry}.type", f"unknown rule type {rtype!r}; known: {', '.join(sorted(RULE_TYPES))}")
        sev_name = c.get(item, "severity", str, entry, "error")
        try:
            severity = Severity(sev_name)
        except ValueError:
            raise c.fail(f"{entry}.severity", f"must be error or warning, not {sev_name!r}") from None
        common = (rid, severity, c.get(item, "zh", str, entry, rid), c.get(item, "en", str, entry, rid))
        base_keys = {"id", "type", "severity", "zh", "en"}
        if issubclass(cls, Equation):
            out.append(_equation(c, cls, item, entry, common, base_keys, tables))
        elif cls is Kinds:
            c.known(item, base_keys | {"table"}, entry)
            chosen = _chosen_tables(c, item, entry, tables)
            out.append(Kinds(*common, kinds=tuple(
                (k, kind, _cell_label(tables[k[0]], k)) for k, kind in kinds.items() if k[0] in chosen)))
        elif cls is Complete:
            c.known(item, base_keys | {"table"}, entry)
            chosen = _chosen_tables(c, item, entry, tables)
            out.append(Complete(*common, required=tuple(
                (t, _table_name(tables[t]), tuple((k, _cell_label(tables[t], k)) for k in kinds if k[0] == t))
                for t in chosen)))
        elif cls is EditionYear:
            c.known(item, base_keys, entry)
            out.append(EditionYear(*common, editions=editions))
        else:
            c.known(item, base_keys, entry)
            out.append(cls(*common))
    return tuple(out)


def _chosen_tables(c: _Ctx, item: dict[str, Any], entry: str, tables: dict[str, Table]) -> list[str]:
    table = c.get(item, "table", str, entry, None)
    if table is None:
        return list(tables)
    if table not in tables:
        raise c.fail(f"{entry}.table", f"no table {table!r}; tables: {', '.join(tables)}")
    return [table]


def _table_name(table: Table) -> str:
    return f"{table.aliases[0]}表" if table.aliases else f"表“{table.label}”"


_labels: dict[int, tuple[Table, dict[CellKey, str]]] = {}  # by id(table): rules name hundreds of cells


def _cell_label(table: Table, key: CellKey) -> str:
    found = _labels.get(id(table))
    if found is None or found[0] is not table:
        found = _labels[id(table)] = (table, _cell_labels(table))
    return found[1][key]


def _cell_labels(table: Table) -> dict[CellKey, str]:
    """The label of every (row node, column node) pair of ``table``; a row belongs to its first block."""
    name = f"{table.aliases[0] if table.aliases else table.id}表 "
    out: dict[CellKey, str] = {}
    for block in table.blocks:
        cols = [n for n, _ in block.column_nodes()]
        for row, _ in block.row_nodes():
            row_label = row.short if row.hidden is False else ""
            for col in cols:
                parts = [p for p in (row_label, col.short) if p]
                out.setdefault((table.id, row.id, col.id), name + "/".join(parts))
    return out


def _equation(c: _Ctx, cls: type[Rule], item: dict[str, Any], entry: str, common: tuple[Any, ...],
              base_keys: set[str], tables: dict[str, Table]) -> Rule:
    if cls is Continuity:
        sides = ("previous", "current")
    elif cls.type_name == "sum":
        sides = ("parts", "total")
    else:
        sides = ("lhs", "rhs")
    c.known(item, base_keys | {"table", "axis", "over", *sides}, entry)
    tid = c.get(item, "table", str, entry)
    if tid not in tables:
        raise c.fail(f"{entry}.table", f"no table {tid!r}; tables: {', '.join(tables)}")
    table = tables[tid]
    axis = c.get(item, "axis", str, entry)
    if axis not in ("rows", "columns"):
        raise c.fail(f"{entry}.axis", f"must be 'rows' (ids are rows, checked in every column) or 'columns', not {axis!r}")
    side_ids: list[list[tuple[str, int]]] = []
    for side in sides:
        raw = item.get(side)
        ids = [raw] if isinstance(raw, str) else raw
        if not isinstance(ids, list) or not ids or not all(isinstance(x, str) for x in ids):
            raise c.fail(f"{entry}.{side}", "must be an id or a non-empty list of ids (prefix '-' to subtract)")
        side_ids.append([(x[1:], -1) if x.startswith("-") else (x, 1) for x in ids])
    all_ids = [x for s in side_ids for x, _ in s]
    # the equation runs in every block that has all its ids (table A's items share column ids)
    blocks = [b for b in table.blocks if all(_has(b, x, axis) for x in all_ids)]
    if not blocks:
        missing = next((x for x in all_ids if not any(_has(b, x, axis) for b in table.blocks)), None)
        if missing is None:
            raise c.fail(entry, f"the {axis} {', '.join(all_ids)} are not all in one block of table {tid!r}")
        raise c.fail(entry, f"no {axis[:-1]} {missing!r} in table {tid!r}")
    over = c.strings(item, "over", entry)
    cross_all = [(b, n) for b in blocks for n in (b.column_leaves if axis == "rows" else b.row_leaves)]
    other_kind = "column" if axis == "rows" else "row"
    for x in over:
        if not any(n.id == x for _, n in cross_all):
            raise c.fail(f"{entry}.over", f"no {other_kind} {x!r} in the block(s) of table {tid!r} that hold the rule's ids")
    instances = []
    for block, other in cross_all:
        if over and other.id not in over:
            continue
        nodes = {n.id: n for n, _ in (block.row_nodes() if axis == "rows" else block.column_nodes())}
        sides_terms: list[list[Term]] = []
        for side_terms in side_ids:
            terms = []
            for nid, sign in side_terms:
                for leaf in nodes[nid].leaves():
                    key = (tid, leaf.id, other.id) if axis == "rows" else (tid, other.id, leaf.id)
                    terms.append(Term(key, sign, leaf.short, _cell_label(table, key)))
            sides_terms.append(terms)
        if other.hidden:  # table C's one unlabelled row: name the group the terms belong to
            group = _common_group(block, axis, {t.key[1 if axis == "rows" else 2] for s in sides_terms for t in s})
            along_zh = along_en = group or table.label
        else:
            along_zh = f"{other.short}{'列' if axis == 'rows' else '行'}"
            along_en = f"column {other.short}" if axis == "rows" else f"row {other.short}"
        instances.append(make_instance(along_zh, along_en, sides_terms[0], sides_terms[1]))
    return cls(*common, instances=tuple(instances))  # type: ignore[call-arg]


def _common_group(block: Block, axis: str, leaf_ids: set[str]) -> str | None:
    """The label of the smallest group node that holds every one of ``leaf_ids``."""
    best: tuple[int, str] | None = None
    for node, depth in (block.row_nodes() if axis == "rows" else block.column_nodes()):
        if node.children and leaf_ids <= {leaf.id for leaf in node.leaves()} and (best is None or depth > best[0]):
            best = (depth, node.label)
    return best[1] if best else None


def _has(block: Block, nid: str, axis: str) -> bool:
    return any(n.id == nid for n, _ in (block.row_nodes() if axis == "rows" else block.column_nodes()))
