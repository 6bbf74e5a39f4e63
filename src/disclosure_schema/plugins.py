"""The renderer/reader plugin interface, and discovery through entry points.

A renderer turns a report into bytes; a reader turns bytes back into a report.
Both are registered under the entry-point groups ``disclosure_schema.renderers``
and ``disclosure_schema.readers``; each entry point names a zero-argument
factory (usually the class). The built-in ones are registered the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from importlib.metadata import entry_points
from typing import Any, Protocol, runtime_checkable

import attrs

from .errors import RenderError, UnknownNameError
from .report import Report
from .spec import CellKey, _suggest

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
    code: str = ""  # stable id of the kind of diagnostic ("table.row-short"), see docs/text.md
    column: int | None = None  # 1-based character column on ``line``, where known

    def __str__(self) -> str:
        return self.show("en")

    def show(self, lang: str = "en") -> str:
        """The diagnostic with its place, in Chinese (``zh``, when given) or English."""
        zh = lang == "zh" and bool(self.message_zh)
        message = self.message_zh if zh else self.message
        where = self.location
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


def check_options(renderer: str, options: Mapping[str, str], known: Sequence[str] = ()) -> None:
    """Raise ``RenderError`` for an option the renderer does not take, naming the ones it does."""
    unknown = sorted(set(options) - set(known))
    if unknown:
        takes = f"it takes {', '.join(known)}" if known else "it takes no options"
        raise RenderError(f"the {renderer} renderer has no option {', '.join(unknown)}; {takes}")


@runtime_checkable
class Renderer(Protocol):
    name: str  # "xml", "pdf", "text" — what ``--to`` takes
    extension: str  # ".xml"
    media_type: str
    description: str

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        """The report as bytes. Unknown options raise ``RenderError``."""
        ...


@runtime_checkable
class Reader(Protocol):
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


def _load(group: str) -> tuple[dict[str, object], list[PluginInfo]]:
    loaded: dict[str, object] = {}
    infos: list[PluginInfo] = []
    for ep in sorted(entry_points(group=group), key=lambda e: e.name):
        dist = ep.dist.name if ep.dist else "?"
        version = ep.dist.version if ep.dist else "?"
        try:
            plugin = ep.load()()
        except Exception as exc:  # a broken plugin is reported, never fatal
            infos.append(PluginInfo(group, ep.name, ep.value, dist, version, f"{type(exc).__name__}: {exc}"))
            continue
        if ep.name not in loaded:
            loaded[ep.name] = plugin
        infos.append(PluginInfo(group, ep.name, ep.value, dist, version))
    return loaded, infos


@cache
def _group(group: str) -> tuple[dict[str, object], list[PluginInfo]]:
    return _load(group)


def renderers() -> dict[str, Renderer]:
    return {k: v for k, v in _group(RENDERERS_GROUP)[0].items() if isinstance(v, Renderer)}


def readers() -> dict[str, Reader]:
    return {k: v for k, v in _group(READERS_GROUP)[0].items() if isinstance(v, Reader)}


def plugin_infos() -> list[PluginInfo]:
    return _group(RENDERERS_GROUP)[1] + _group(READERS_GROUP)[1]


def get_renderer(name: str) -> Renderer:
    found = renderers()
    if name not in found:
        raise UnknownNameError("renderer", name, _suggest(name, list(found)) or tuple(found))
    return found[name]


def get_reader(name: str) -> Reader:
    found = readers()
    if name not in found:
        raise UnknownNameError("reader", name, _suggest(name, list(found)) or tuple(found))
    return found[name]


def detect_reader(data: bytes) -> Reader | None:
    """The reader whose ``sniff`` accepts the data; JSON and XML are tried before text."""
    found = readers()
    order = sorted(found, key=lambda n: (n == "text", n))
    for name in order:
        if found[name].sniff(data):
            return found[name]
    return None
