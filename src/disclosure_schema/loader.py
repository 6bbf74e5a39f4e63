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
from .inherit import resolve_extends
from .rules import GROUP, BuildContext, Common, KindError, Rule, get_kind, kind_names
from .rules.kinds import check_params
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
    data = read_spec_data(p)
    return build_spec(data, str(p), editions)


def read_spec_data(path: Path) -> dict[str, Any]:
    """A spec file's TOML, or a SpecError naming it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(str(path), "file", f"cannot read: {exc.strerror or exc}") from exc
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SpecError(str(path), "file", f"not UTF-8 at byte {exc.start}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(str(path), "file", f"not valid TOML: {exc}") from exc


def build_spec(data: dict[str, Any], source: str,
               editions: Callable[[], Sequence[ReportFormat]] | None = None) -> ReportFormat:
    """Build a format from already parsed spec data (``source`` names it in errors)."""
    c = _Ctx(source)
    if "extends" in data:
        data = resolve_extends(data, source)
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
    rules = _rules(c, c.get(data, "rules", list, "top level", []), by_id, kinds, sections, fmt_id, editions)
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

_COMMON_KEYS = {"id", "type", "severity", "zh", "en", "source"}


def _rules(c: _Ctx, items: list[Any], tables: dict[str, Table], kinds: dict[CellKey, CellKind],
           sections: tuple[Section, ...], fmt_id: str,
           editions: Callable[[], Sequence[ReportFormat]] | None) -> tuple[Rule, ...]:
    """Each entry built by its kind, found by ``type`` in the registry of rule kinds."""
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
        try:
            kind = get_kind(rtype)
        except KindError as exc:
            raise c.fail(f"{entry}.type", str(exc)) from None
        if kind is None:
            raise c.fail(f"{entry}.type", f"unknown rule type {rtype!r}; known: {', '.join(kind_names())} "
                         f"(kinds are installed by entry point {GROUP!r})")
        sev_name = c.get(item, "severity", str, entry, "error")
        try:
            severity = Severity(sev_name)
        except ValueError:
            raise c.fail(f"{entry}.severity", f"must be error or warning, not {sev_name!r}") from None
        common = Common(rid, severity, c.get(item, "zh", str, entry, rid), c.get(item, "en", str, entry, rid),
                        c.get(item, "source", str, entry, ""))
        c.known(item, _COMMON_KEYS | {p.name for p in kind.params}, entry)
        ctx = BuildContext(c.path, entry, fmt_id, tables, kinds, sections, editions)
        params = check_params(ctx, kind.params, {k: v for k, v in item.items() if k not in _COMMON_KEYS})
        try:
            rule = kind.build(ctx, common, params)
        except SpecError:
            raise
        except Exception as exc:  # a third party's kind failing on odd parameters: still one clear error
            raise c.fail(entry, f"rule kind {rtype!r} could not build this rule: {type(exc).__name__}: {exc}") from exc
        if not isinstance(rule, Rule) or rule.type_name != rtype:
            raise c.fail(entry, f"rule kind {rtype!r} built {type(rule).__name__}, not a Rule whose type_name is "
                         f"{rtype!r}")
        out.append(rule)
    return tuple(out)
