"""The plugin API: the renderer/reader interface, discovery through entry points, and the
helpers of the core a plugin may use (docs/plugins.md). Plugins import only this module and
``disclosure_schema`` itself; every other module of the core is private.

A renderer turns a report into bytes; a reader turns bytes back into a report.
Both are registered under the entry-point groups ``disclosure_schema.renderers``
and ``disclosure_schema.readers``; each entry point names a zero-argument
factory (usually the class). The built-in ones are registered the same way.

Plugins are loaded one at a time, when first needed: ``validate x.json`` imports the JSON
reader only. A plugin class in a light module that imports its heavy libraries inside its
methods therefore costs nothing until it is used.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import attrs

from .errors import RenderError, UnknownNameError
from .labels import normalize, strip_ordinal
from .registry import builtin_spec_dir
from .report import Report
from .spec import CellKey, _suggest
from .textscan import check_report, right_to_left
from .values import MAX_DIGITS, PLACEHOLDERS, format_value, parse_cell, split_footnote

__all__ = [
    "MAX_DIGITS",
    "MAX_INPUT_BYTES",
    "PLACEHOLDERS",
    "READERS_GROUP",
    "RENDERERS_GROUP",
    "Diagnostic",
    "PluginInfo",
    "ReadResult",
    "Reader",
    "Renderer",
    "builtin_spec_dir",
    "check_options",
    "check_report",
    "detect_reader",
    "format_value",
    "get_reader",
    "get_renderer",
    "input_suffixes",
    "is_binary",
    "normalize",
    "parse_cell",
    "plugin_infos",
    "reader_names",
    "readers",
    "renderer_options",
    "renderers",
    "report_from_json",
    "report_to_json",
    "right_to_left",
    "split_footnote",
    "strip_ordinal",
]

MAX_INPUT_BYTES = 64 * 1024 * 1024  # a report is kilobytes; readers refuse anything absurd up front


def report_to_json(report: Report, *, compact: bool = False, ascii: bool = False) -> str:
    """The report in the JSON form (docs/json.md): how a plugin embeds a report's data in its output."""
    from .jsonio import to_json

    return to_json(report, compact=compact, ascii=ascii)


def report_from_json(text: str | bytes, source: str) -> Report:
    """A report from its JSON form; a ``ReadError`` naming ``source`` and the place when it is not one."""
    from .jsonio import loads

    return loads(text, source)

RENDERERS_GROUP = "disclosure_schema.renderers"
READERS_GROUP = "disclosure_schema.readers"


@attrs.frozen(slots=True)
class Diagnostic:
    """Something a reader could not place, with where it was in the input."""

    message: str
    line: int | None = None
    location: str = ""  # an element path or other position when there is no line
    severity: str = "warning"
    message_zh: str = ""  # the same in Chinese, where the reader gives it
    code: str = ""  # stable id of the kind of diagnostic ("table.row-short"), see docs/reading.md
    column: int | None = None  # 1-based character column on ``line``, where known
    location_zh: str = ""  # ``location`` in Chinese ("第 3 页，表 2，第 9 行"), where the reader gives it

    def __str__(self) -> str:
        return self.show("en")

    def show(self, lang: str = "en") -> str:
        """The diagnostic with its place, in Chinese (``zh``, when given) or English."""
        zh = lang == "zh" and bool(self.message_zh)
        message = self.message_zh if zh else self.message
        where = self.location_zh if zh and self.location_zh else self.location
        if self.line is not None:
            where = f"第 {self.line} 行" if zh else f"line {self.line}"
            if self.column is not None:
                where += f"第 {self.column} 列" if zh else f", column {self.column}"
        return f"{where}: {message}" if where else message

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "severity": self.severity, "message_en": self.message,
                                  "message_zh": self.message_zh or self.message}
        for key in ("line", "column"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.location:
            out["location"] = self.location
        return out


@attrs.frozen(slots=True)
class ReadResult:
    """A report read from an input, what the reader noticed, and where each cell came from.

    ``provenance`` maps a cell key to its origin (a ``disclosure_schema.reading.Origin``)
    for readers that track it; ``inferred`` names the report fields ("year", "agency")
    the reader could not find stated and had to infer or leave empty.
    """

    report: Report
    diagnostics: tuple[Diagnostic, ...] = ()
    provenance: Mapping[CellKey, Any] = attrs.field(factory=dict)
    inferred: frozenset[str] = frozenset()
    layout: Any = None  # the source's headings as written (``rules.layout.Layout``), for the structure checks


def check_options(renderer: str, options: Mapping[str, str], known: Sequence[str] = ()) -> None:
    """Raise ``RenderError`` for an option the renderer does not take, naming the ones it does."""
    unknown = sorted(set(options) - set(known))
    if unknown:
        takes = f"it takes {', '.join(known)}" if known else "it takes no options"
        raise RenderError(f"the {renderer} renderer has no option {', '.join(unknown)}; {takes}")


@runtime_checkable
class Renderer(Protocol):
    """Required attributes and method. Optional class attributes, read without calling anything:
    ``binary: bool`` (output is not text: the command line will not write it to a terminal;
    default: ``media_type`` is not ``text/*``, JSON or XML) and ``options: Mapping[str, str]``
    (option name → description: ``--font`` and ``--option`` are checked against it before any
    file is read; default: the renderer checks its options itself)."""

    name: str  # "xml", "pdf", "text" — what ``--to`` takes
    extension: str  # ".xml"
    media_type: str
    description: str

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        """The report as bytes. Unknown options raise ``RenderError``."""
        ...


@runtime_checkable
class Reader(Protocol):
    """Required attributes and methods. Optional class attributes: ``suffixes: tuple[str, ...]``,
    the file suffixes (".json") a folder given on the command line is searched for, and
    ``fallback: bool``, sniffed only after every other reader (it accepts loosely, like text)."""

    name: str  # "xml", "text", "json" — what ``--from`` takes
    description: str

    def sniff(self, data: bytes) -> bool:
        """Whether ``data`` looks like this reader's input (cheap; looks at the start)."""
        ...

    def read(self, data: bytes, source: str) -> ReadResult:
        """The report in ``data``; bad input raises ``ReadError`` naming ``source`` and where."""
        ...


@attrs.frozen(slots=True)
class PluginInfo:
    group: str
    name: str
    target: str  # "package.module:Class"
    distribution: str
    version: str
    error: str | None = None  # why it failed to load


def _protocol(group: str) -> type:
    return Renderer if group == RENDERERS_GROUP else Reader


@attrs.frozen(slots=True)
class _Entry:
    """One entry point, as a package's ``entry_points.txt`` declares it."""

    name: str
    value: str  # "package.module:Class"
    dist: Path  # the package's .dist-info (or .egg-info) folder

    def load(self) -> object:
        module, _, attr = self.value.partition(":")
        obj: object = importlib.import_module(module.strip())
        for part in attr.split("[")[0].strip().split(".") if attr else ():
            obj = getattr(obj, part)
        return obj

    def distribution(self) -> tuple[str, str]:
        """The package's name and version, from its metadata file's header."""
        found = {"name": "?", "version": "?"}
        for file in ("METADATA", "PKG-INFO"):
            try:
                with open(self.dist / file, encoding="utf-8") as f:
                    for line in f:
                        key, sep, value = line.partition(":")
                        if not line.strip() or not sep:
                            break
                        if key.lower() in found and found[key.lower()] == "?":
                            found[key.lower()] = value.strip()
                break
            except OSError:
                continue
        return found["name"], found["version"]


@cache
def _all_entries() -> dict[str, dict[str, _Entry]]:
    """Every package's entry points by group and name, read from the metadata folders on
    ``sys.path`` as :mod:`importlib.metadata` does (the first package of a name on the path
    wins), without importing it: that import alone costs more than reading a report."""
    groups: dict[str, dict[str, _Entry]] = {}
    seen: set[str] = set()
    for folder in sys.path:
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            package = name.rsplit(".", 1)[0].split("-")[0].lower().replace("_", "-").replace(".", "-")
            if package in seen:
                continue
            seen.add(package)
            dist = Path(folder or ".") / name
            try:
                text = (dist / "entry_points.txt").read_text(encoding="utf-8")
            except OSError:
                continue
            _parse_entry_points(text, dist, groups)
    return groups


def _parse_entry_points(text: str, dist: Path, groups: dict[str, dict[str, _Entry]]) -> None:
    group: dict[str, _Entry] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = groups.setdefault(line[1:-1].strip(), {})
        elif group is not None and "=" in line:
            name, _, value = line.partition("=")
            group.setdefault(name.strip(), _Entry(name.strip(), value.strip(), dist))


def _entries(group: str) -> dict[str, _Entry]:
    """Entry points of ``group`` by name, in name order (nothing is imported)."""
    found = _all_entries().get(group, {})
    return {name: found[name] for name in sorted(found)}


_loaded: dict[tuple[str, str], object] = {}
_failed: dict[tuple[str, str], str] = {}


def _plugin(group: str, name: str) -> object | None:
    """The plugin ``name`` of ``group``, imported on first use; ``None`` if it fails to load."""
    key = (group, name)
    if key in _loaded:
        return _loaded[key]
    if key in _failed:
        return None
    ep = _entries(group)[name]
    try:
        factory = ep.load()
        if not callable(factory):
            raise TypeError(f"{ep.value} is not a class or a function")
        plugin = factory()
        if not isinstance(plugin, _protocol(group)):
            raise TypeError(f"{ep.value} is not a {_protocol(group).__name__} (see docs/plugins.md)")
    except Exception as exc:  # a broken plugin is reported, never fatal
        _failed[key] = f"{type(exc).__name__}: {exc}"
        return None
    _loaded[key] = plugin
    return plugin


def _all(group: str) -> Iterator[tuple[str, object]]:
    for name in _entries(group):
        plugin = _plugin(group, name)
        if plugin is not None:
            yield name, plugin


def renderers() -> dict[str, Renderer]:
    """Every renderer that loads, by name (imports them all; prefer :func:`get_renderer`)."""
    return {k: v for k, v in _all(RENDERERS_GROUP) if isinstance(v, Renderer)}


def readers() -> dict[str, Reader]:
    """Every reader that loads, by name (imports them all; prefer :func:`get_reader`)."""
    return {k: v for k, v in _all(READERS_GROUP) if isinstance(v, Reader)}


def reader_names() -> list[str]:
    """The readers' names from the metadata, without importing any."""
    return list(_entries(READERS_GROUP))


def plugin_infos() -> list[PluginInfo]:
    """Every plugin with its package and version, and why it failed to load if it did."""
    infos: list[PluginInfo] = []
    for group in (RENDERERS_GROUP, READERS_GROUP):
        for name, ep in _entries(group).items():
            _plugin(group, name)
            dist, version = ep.distribution()
            infos.append(PluginInfo(group, name, ep.value, dist, version, _failed.get((group, name))))
    return infos


def _get(group: str, what: str, name: str) -> object:
    entries = _entries(group)
    if name not in entries:
        raise UnknownNameError(what, name, _suggest(name, list(entries)) or tuple(entries))
    plugin = _plugin(group, name)
    if plugin is None:
        raise UnknownNameError(f"{what} (it failed to load: {_failed[(group, name)]})", name)
    return plugin


def get_renderer(name: str) -> Renderer:
    plugin = _get(RENDERERS_GROUP, "renderer", name)
    assert isinstance(plugin, Renderer)
    return plugin


def get_reader(name: str) -> Reader:
    plugin = _get(READERS_GROUP, "reader", name)
    assert isinstance(plugin, Reader)
    return plugin


def detect_reader(data: bytes) -> Reader | None:
    """The reader whose ``sniff`` accepts the data, in name order; readers that declare
    ``fallback = True`` (they accept loosely, as plain text does) are tried after all others.

    Readers are imported one by one, in that order, until one accepts.
    """
    fallbacks: list[Reader] = []
    for name in _entries(READERS_GROUP):
        reader = _plugin(READERS_GROUP, name)
        if not isinstance(reader, Reader):
            continue
        if getattr(reader, "fallback", False) is True:
            fallbacks.append(reader)
        elif reader.sniff(data):
            return reader
    return next((reader for reader in fallbacks if reader.sniff(data)), None)


def is_binary(renderer: Renderer) -> bool:
    """Whether the renderer's output is not text (a terminal must not get it)."""
    declared = getattr(renderer, "binary", None)
    if isinstance(declared, bool):
        return declared
    media = renderer.media_type.split(";")[0].strip()
    return not (media.startswith("text/") or media.endswith(("json", "xml")))


def renderer_options(renderer: Renderer) -> Mapping[str, str] | None:
    """The options a renderer declares (name → description), or ``None`` if it declares none."""
    declared = getattr(renderer, "options", None)
    return declared if isinstance(declared, Mapping) else None


def input_suffixes() -> tuple[str, ...]:
    """The file suffixes the readers declare, for the files of a folder given as input."""
    found: dict[str, None] = {}
    for _, reader in _all(READERS_GROUP):
        for suffix in getattr(reader, "suffixes", ()) or ():
            if isinstance(suffix, str):
                found[suffix.lower()] = None
    return tuple(found)
