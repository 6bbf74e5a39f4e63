"""XML for reports: a versioned vocabulary, an XML Schema per format, a safe exact reader.

See docs/xml.md. Importing ``disclosure_schema`` alone never imports this package (or lxml);
importing this package imports lxml only when one of the names below that needs it is used,
so that the plugin classes (the entry points) load without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .plugin import XmlReader, XmlRenderer
from .vocabulary import NAMESPACE

if TYPE_CHECKING:
    from .read import read_report
    from .render import render_bytes, report_tree
    from .schema import schema_bytes, schema_for

__all__ = ["NAMESPACE", "XmlReader", "XmlRenderer", "read_report", "render_bytes", "report_tree", "schema_bytes",
           "schema_for"]

_LAZY = {"read_report": "read", "render_bytes": "render", "report_tree": "render", "schema_bytes": "schema",
         "schema_for": "schema"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
