"""disclosure-schema: 政府信息公开工作年度报告 as typed, declarative, checkable documents.

Importing this package loads no renderer (no lxml, no reportlab).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import CellValueError, DisclosureError, ReadError, RenderError, SpecError, UnknownNameError
from .findings import CellRef, Finding, Severity, Status, ValidationResult
from .loader import load_spec
from .registry import format_by_id, format_for_year, formats, get_format, register_format
from .report import Report
from .spec import Block, CellKey, Node, ReportFormat, Section, Table
from .validation import validate
from .values import CellKind, CellValue, Verbatim, parse_cell

if TYPE_CHECKING:  # the table layout is for renderers: imported when first asked for
    from .layout import stacked_layout, table_layout

__version__ = "0.1.0"

__all__ = [
    "Block", "CellKey", "CellKind", "CellRef", "CellValue", "CellValueError", "DisclosureError", "Finding",
    "Node", "ReadError", "RenderError", "Report", "ReportFormat", "Section", "Severity", "SpecError", "Status",
    "Table", "UnknownNameError", "ValidationResult", "Verbatim", "__version__", "format_by_id", "format_for_year",
    "formats", "get_format", "load_spec", "parse_cell", "register_format", "stacked_layout", "table_layout",
    "validate",
]


def __getattr__(name: str) -> object:
    if name in ("stacked_layout", "table_layout"):
        from . import layout

        return getattr(layout, name)
    raise AttributeError(f"module 'disclosure_schema' has no attribute {name!r}")
