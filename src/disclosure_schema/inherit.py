"""Spec inheritance: ``extends = "gov-2021"`` and a short patch instead of a 600-line copy.

The patch is applied to the base spec's data before it is built, so a variant
is checked exactly like any spec (every error names the variant's file). What
a patch may say is documented in docs/spec-format.md ("Variants").
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from .errors import SpecError

# Keys of a variant that are not plain replacements of the base's keys.
PATCH_KEYS = {"extends", "remove_sections", "remove_tables", "remove_rules", "relabel", "add_rows"}
_MAX_DEPTH = 8


def resolve_extends(data: dict[str, Any], source: str, depth: int = 0) -> dict[str, Any]:
    """The full spec data of a variant: its base's data with the variant's patch applied."""
    base_name = data["extends"]
    if not isinstance(base_name, str):
        raise SpecError(source, "extends", f"must be a format id or a spec file name, not {base_name!r}")
    if depth > _MAX_DEPTH:
        raise SpecError(source, "extends", f"more than {_MAX_DEPTH} levels of extends (a cycle?)")
    base = _base_data(base_name, source)
    if "extends" in base:
        base = resolve_extends(base, f"{source} → {base_name}", depth + 1)
    if "id" not in data:
        raise SpecError(source, "top level", "a variant needs its own id (missing key 'id')")
    if data["id"] == base.get("id"):
        raise SpecError(source, "id", f"a variant needs an id of its own, not its base's {data['id']!r}")
    return _apply(base, data, source, base_name)


def _base_data(name: str, source: str) -> dict[str, Any]:
    from .loader import read_spec_data
    from .registry import _spec_files

    if name.endswith(".toml"):
        path = Path(source).parent / name
        if not path.is_file():
            raise SpecError(source, "extends", f"no spec file {str(path)!r}")
        return read_spec_data(path)
    for path in _spec_files():
        if path.resolve() == Path(source).resolve():
            continue
        data = read_spec_data(path)
        if data.get("id") == name:
            return data
    raise SpecError(source, "extends", f"no format {name!r} among the known specs (give a format id or a .toml file)")


def _ids(items: list[Any]) -> list[Any]:
    return [x.get("id") if isinstance(x, dict) else None for x in items]


def _strings(patch: dict[str, Any], key: str, source: str) -> list[str]:
    value = patch.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise SpecError(source, key, "must be a list of ids")
    return value


def _apply(base: dict[str, Any], patch: dict[str, Any], source: str, base_name: str) -> dict[str, Any]:
    out = copy.deepcopy(base)
    out.pop("extends", None)
    for key, value in patch.items():
        if key not in PATCH_KEYS and key not in ("sections", "tables", "rules"):
            out[key] = value  # id, name, first_year, title_pattern …: the variant's own
    # removals first, so that a removed entry can be declared anew
    removed_tables = _strings(patch, "remove_tables", source)
    for i, tid in enumerate(removed_tables):
        if tid not in out.get("tables", {}):
            raise SpecError(source, f"remove_tables[{i}]", f"{base_name} has no table {tid!r}")
        del out["tables"][tid]
    for key, what in (("remove_sections", "sections"), ("remove_rules", "rules")):
        have = out.get(what, [])
        for i, xid in enumerate(_strings(patch, key, source)):
            if xid not in _ids(have):
                raise SpecError(source, f"{key}[{i}]", f"{base_name} has no {what[:-1]} {xid!r}")
            have = [x for x in have if not (isinstance(x, dict) and x.get("id") == xid)]
        out[what] = have
    # a section whose table is removed goes too (unless the variant names the table again)
    out["sections"] = [s for s in out.get("sections", [])
                       if not (isinstance(s, dict) and s.get("table") in removed_tables)]
    tables = patch.get("tables", {})
    if not isinstance(tables, dict):
        raise SpecError(source, "tables", "must be a table of tables")
    out.setdefault("tables", {}).update(copy.deepcopy(tables))  # new tables, or whole replacements
    out["sections"] = _merge(out.get("sections", []), patch.get("sections", []), "sections", source, after=True)
    out["rules"] = _merge(out.get("rules", []), patch.get("rules", []), "rules", source, after=False)
    relabel = patch.get("relabel", [])
    if not isinstance(relabel, list):
        raise SpecError(source, "relabel", "must be a list of [[relabel]] entries")
    for i, item in enumerate(relabel):
        _relabel(out, item, f"relabel[{i}]", source, base_name)
    add_rows = patch.get("add_rows", [])
    if not isinstance(add_rows, list):
        raise SpecError(source, "add_rows", "must be a list of [[add_rows]] entries")
    for i, item in enumerate(add_rows):
        _add_row(out, item, f"add_rows[{i}]", source, base_name)
    return out


def _add_row(data: dict[str, Any], item: Any, entry: str, source: str, base_name: str) -> None:
    """``[[add_rows]]`` table = "…", block = "…", optional after = "row id", then the row's own keys."""
    if not isinstance(item, dict):
        raise SpecError(source, entry, "must be a table of keys")
    table = data.get("tables", {}).get(item.get("table"))
    if not isinstance(table, dict):
        raise SpecError(source, f"{entry}.table", f"{base_name} has no table {item.get('table')!r}")
    block = next((b for b in table.get("blocks", []) if b.get("id") == item.get("block")), None)
    if block is None:
        blocks = ", ".join(str(b.get("id")) for b in table.get("blocks", []))
        raise SpecError(source, f"{entry}.block", f"table {item['table']!r} has no block {item.get('block')!r} "
                        f"(blocks: {blocks})")
    row = {k: v for k, v in item.items() if k not in ("table", "block", "after")}
    rows = block.setdefault("rows", [])
    after = item.get("after")
    if after is None:
        rows.append(row)
        return
    ids = [r.get("id") for r in rows]
    if after not in ids:
        raise SpecError(source, f"{entry}.after", f"block {item['block']!r} has no row {after!r}")
    rows.insert(ids.index(after) + 1, row)


def _merge(have: list[Any], new: Any, what: str, source: str, *, after: bool) -> list[Any]:
    """Entries with a known id change the keys they give; new ones are added (``after`` an id, or at the end)."""
    if not isinstance(new, list):
        raise SpecError(source, what, f"must be a list of [[{what}]] entries")
    result = copy.deepcopy(have)
    for i, item in enumerate(new):
        entry = f"{what}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise SpecError(source, entry, "must be a table of keys with an id")
        item = dict(item)
        ids = _ids(result)
        if item["id"] in ids:
            if "after" in item:
                raise SpecError(source, f"{entry}.after", "only a new entry can be placed; this one exists")
            result[ids.index(item["id"])] = {**result[ids.index(item["id"])], **item}
            continue
        place = item.pop("after", None)
        if place is None:
            result.append(item)
        elif after and isinstance(place, str) and place in ids:
            result.insert(ids.index(place) + 1, item)
        else:
            raise SpecError(source, f"{entry}.after", f"no {what[:-1]} {place!r} to place this one after")
    return result


def _relabel(data: dict[str, Any], item: Any, entry: str, source: str, base_name: str) -> None:
    """``[[relabel]]`` table = "…", row = "…" (or column = "…"), then label / short / aliases."""
    if not isinstance(item, dict):
        raise SpecError(source, entry, "must be a table of keys")
    unknown = sorted(set(item) - {"table", "row", "column", "label", "short", "aliases"})
    if unknown:
        raise SpecError(source, entry, f"unknown key(s) {', '.join(unknown)}; allowed: table, row or column, "
                        "label, short, aliases")
    table = data.get("tables", {}).get(item.get("table"))
    if not isinstance(table, dict):
        raise SpecError(source, f"{entry}.table", f"{base_name} has no table {item.get('table')!r}")
    if ("row" in item) == ("column" in item):
        raise SpecError(source, entry, "name exactly one of row or column")
    axis = "rows" if "row" in item else "columns"
    nid = item["row" if axis == "rows" else "column"]
    changes = {k: item[k] for k in ("label", "short", "aliases") if k in item}
    found = False
    for block in table.get("blocks", []):
        for node in block.get(axis, []):
            if node.get("id") == nid:
                node.update(changes)
                found = True
    if not found:
        raise SpecError(source, f"{entry}.{axis[:-1]}", f"table {item['table']!r} of {base_name} has no {axis[:-1]} "
                        f"{nid!r}")
