"""JSON as a renderer and a reader plugin, registered like any third-party plugin."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from . import jsonio
from .plugins import ReadResult, check_options
from .report import Report
from .textscan import check_report


class JsonRenderer:
    name = "json"
    extension = ".json"
    media_type = "application/json"
    description = "the project's JSON form (docs/json.md), exact"
    options: ClassVar[Mapping[str, str]] = {}  # none

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        check_options(self.name, options)
        check_report(report)
        return jsonio.dumps(report)


class JsonReader:
    name = "json"
    description = "the project's JSON form (docs/json.md)"
    suffixes = (".json",)

    def sniff(self, data: bytes) -> bool:
        head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
        return head.startswith(b"{") and b'"disclosure_schema"' in data[:65536]

    def read(self, data: bytes, source: str) -> ReadResult:
        return ReadResult(jsonio.loads(data, source))
