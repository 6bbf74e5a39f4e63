"""The registry of rule kinds: found by entry point, built-in ones included.

An entry point of the group ``disclosure_schema.rule_kinds`` names an object
that satisfies :class:`~disclosure_schema.rules.base.RuleKind` (or a
zero-argument factory of one). Kinds are imported only when a spec uses them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .base import BuildContext, Param, RuleKind
from .messages import register_messages

if TYPE_CHECKING:
    from ..plugins import _Entry

GROUP = "disclosure_schema.rule_kinds"


class KindError(Exception):
    """A kind that cannot be loaded or does not declare what a kind must."""


@functools.cache
def _entry_points() -> dict[str, _Entry]:
    # Read as the plugins are, without importing importlib.metadata (a good part of start-up);
    # the first installed package of a name wins, as for renderers.
    from ..plugins import _entries

    return _entries(GROUP)


_loaded: dict[str, RuleKind] = {}


def refresh() -> None:
    """Look for installed kinds again (after installing a package in a running process)."""
    from ..plugins import _all_entries

    _all_entries.cache_clear()
    _entry_points.cache_clear()
    _loaded.clear()


def register_kind(kind: RuleKind) -> None:
    """Make a kind known without an entry point (for a program that embeds the library)."""
    _check(kind, kind.name if isinstance(getattr(kind, "name", None), str) else repr(kind))
    _loaded[kind.name] = kind
    register_messages(kind.messages, f"rule kind {kind.name}")


def builtin_kind_names() -> set[str]:
    """The kinds this package registers itself."""
    return {n for n, ep in _entry_points().items() if ep.distribution()[0] == "disclosure-schema"}


def kind_names() -> list[str]:
    return sorted({*_entry_points(), *_loaded})


def get_kind(name: str) -> RuleKind | None:
    """The kind called ``name``, loading its entry point on first use; ``None`` when there is none.

    Raises :class:`KindError` when the entry point is there but broken.
    """
    kind = _loaded.get(name)
    if kind is not None:
        return kind
    ep = _entry_points().get(name)
    if ep is None:
        return None
    where = f"entry point {ep.value!r} of {ep.distribution()[0]}"
    try:
        obj: Any = ep.load()
    except Exception as exc:  # any import problem of a third party's code becomes one clear error
        raise KindError(f"rule kind {name!r} ({where}) cannot be loaded: {type(exc).__name__}: {exc}") from exc
    if isinstance(obj, type) or (callable(obj) and not hasattr(obj, "build")):
        obj = obj()
    _check(obj, f"rule kind {name!r} ({where})")
    if obj.name != name:
        raise KindError(f"rule kind {name!r} ({where}) calls itself {obj.name!r}")
    register_messages(obj.messages, f"rule kind {name}")
    _loaded[name] = obj
    return obj  # type: ignore[no-any-return]


def all_kinds() -> list[RuleKind]:
    """Every installed kind, loaded (for the catalogue and ``validate --rules``)."""
    return [k for k in (get_kind(n) for n in kind_names()) if k is not None]


def _check(obj: object, what: str) -> None:
    missing = [a for a in ("name", "description", "params", "messages", "build") if not hasattr(obj, a)]
    if missing:
        raise KindError(f"{what} is not a rule kind: it has no {', '.join(missing)}")
    params = obj.params  # type: ignore[attr-defined]
    if not all(isinstance(p, Param) for p in params):
        raise KindError(f"{what}: params must be disclosure_schema.rules.Param objects")


# ------------------------------------------------------------------ parameters, checked at spec load

def check_params(ctx: BuildContext, params: Sequence[Param], item: Mapping[str, Any]) -> dict[str, Any]:
    """The entry's parameters, checked against what the kind declares (defaults filled in)."""
    out: dict[str, Any] = {}
    for p in params:
        if p.name not in item:
            if p.required:
                raise ctx.fail("", f"missing key {p.name!r} ({p.doc or p.type})")
            out[p.name] = p.default
            continue
        out[p.name] = _value(ctx, p, item[p.name])
    return out


def _value(ctx: BuildContext, p: Param, value: Any) -> Any:
    def bad(want: str) -> Exception:
        return ctx.fail(p.name, f"must be {want}, not {type(value).__name__} {value!r}")

    t = p.type
    if t in ("string", "table", "section"):
        if not isinstance(value, str):
            raise bad("a string")
        if p.choices and value not in p.choices:
            raise ctx.fail(p.name, f"must be one of {', '.join(p.choices)}, not {value!r}")
        _exists(ctx, p, t, value, p.name)
        return value
    if t == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad("an integer")
        return value
    if t == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad("a number")
        from decimal import Decimal

        return Decimal(str(value))  # TOML floats are read once, as written
    if t == "boolean":
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if t in ("strings", "tables", "sections"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise bad("a string or a list of strings")
        for i, x in enumerate(items):
            if p.choices and x not in p.choices:
                raise ctx.fail(f"{p.name}[{i}]", f"must be one of {', '.join(p.choices)}, not {x!r}")
            _exists(ctx, p, t[:-1], x, f"{p.name}[{i}]")
        return value if t == "strings" else list(items)
    if t == "records":
        if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
            raise bad("a list of tables of keys ([[rules.…]] entries)")
        return value
    raise AssertionError(t)


def _exists(ctx: BuildContext, p: Param, t: str, value: str, key: str) -> None:
    if t == "table" and value not in ctx.tables:
        raise ctx.fail(key, f"no table {value!r}; tables: {', '.join(ctx.tables)}")
    if t == "section" and value not in {s.id for s in ctx.sections}:
        raise ctx.fail(key, f"no section {value!r}; sections: {', '.join(s.id for s in ctx.sections)}")
