"""XML for reports: a versioned vocabulary, an XML Schema per format, a safe exact reader.

See docs/xml.md. Importing ``disclosure_schema`` alone never imports this package (or lxml).
"""

from __future__ import annotations

from .plugin import XmlReader, XmlRenderer
from .read import read_report
from .render import render_bytes, report_tree
from .schema import schema_bytes, schema_for
from .vocabulary import NAMESPACE

__all__ = ["NAMESPACE", "XmlReader", "XmlRenderer", "read_report", "render_bytes", "report_tree", "schema_bytes",
           "schema_for"]
