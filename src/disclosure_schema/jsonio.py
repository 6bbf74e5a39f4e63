"""The JSON form of a report, through cattrs. Exact: ints stay ints, amounts keep every digit.

Shape (version 1, documented in docs/json.md)::

    {"disclosure_schema": "report/1", "format": "gov-2021", "agency": "…", "year": 2024,
     "title": null, "published": null,
     "sections": {"overview": "…", …},
     "tables": {"applications": {"new_requests": {"natural_person": 58, …}, …}, …}}

A cell is a JSON integer (counts), a string of a decimal (amounts), ``null``
(blank) or ``{"text": "…"}`` (a placeholder or annotated value as written).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

from .errors import CellValueError, DisclosureError, ReadError
from .findings import Waiver
from .registry import get_format
from .report import Report
from .values import CellKind, CellValue, Verbatim, parse_decimal

JSON_VERSION = "report/1"
JsonCell = int | str | dict[str, str] | None


@attrs.define
class ReportDocument:
    """The JSON document, field for field (what cattrs structures and unstructures)."""

    disclosure_schema: str
    format: str
    agency: str
    year: int
    sections: dict[str, str]
    tables: dict[str, dict[str, dict[str, Any]]]
    title: str | None = None
    published: date | None = None
    # for checking (left out when unset): the agency's declared level, and waivers with their reasons
    agency_level: str | None = None
    waivers: list[WaiverDocument] | None = None


@attrs.define
class WaiverDocument:
    rule: str
    reason: str


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(date, lambda d: d.isoformat())

    def structure_date(value: object, _: type) -> date:
        if not isinstance(value, str):
            raise ValueError(f"a date is a string YYYY-MM-DD, not {value!r}")
        return date.fromisoformat(value)

    def structure_int(value: object, _: type) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be an integer, not {value!r}")
        return value

    def structure_str(value: object, _: type) -> str:
        if not isinstance(value, str):
            raise ValueError(f"must be a string, not {value!r}")
        return value

    conv.register_structure_hook(date, structure_date)
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(Any, lambda v, _: v)
    return conv


converter = _make_converter()


def _cell_out(value: CellValue) -> JsonCell:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return {"text": value.text}


def to_document(report: Report) -> ReportDocument:
    fmt = report.format
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    cells = report.cells
    for table in fmt.tables:
        rows: dict[str, dict[str, Any]] = {}
        for _, row, col in table.cells():
            rows.setdefault(row.id, {})[col.id] = _cell_out(cells.get((table.id, row.id, col.id)))
        tables[table.id] = rows
    sections = {s.id: report.sections.get(s.id, "") for s in fmt.narrative_sections}
    return ReportDocument(JSON_VERSION, fmt.id, report.agency, report.year, sections, tables,
                          report.title, report.published, report.agency_level,
                          [WaiverDocument(w.rule, w.reason) for w in report.waivers] or None)


def to_json(report: Report, *, indent: int | None = 2) -> str:
    """The report as JSON text (UTF-8, Chinese kept as is)."""
    data = converter.unstructure(to_document(report))
    for key in ("agency_level", "waivers"):
        if data.get(key) is None:
            del data[key]
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def dumps(report: Report) -> bytes:
    return to_json(report).encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def loads(data: bytes | str, source: str = "<json>") -> Report:
    """Read a report from JSON text; errors are :class:`ReadError` with a line or a JSON path."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise ReadError(source, f"byte {exc.start}", "not UTF-8 text") from None
    try:
        raw = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise ReadError(source, f"{exc.lineno}:{exc.colno}", f"not valid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise ReadError(source, "", f"not valid JSON: {exc}") from None
    return from_data(raw, source)


def from_data(raw: object, source: str = "<json>") -> Report:
    """Build a report from already parsed JSON data."""
    if not isinstance(raw, dict):
        raise ReadError(source, "$", "a report is a JSON object")
    version = raw.get("disclosure_schema")
    if version != JSON_VERSION:
        raise ReadError(source, "$.disclosure_schema",
                        f"expected {JSON_VERSION!r} (this library's JSON version), found {version!r}")
    try:
        doc = converter.structure(raw, ReportDocument)
    except ClassValidationError as exc:
        messages = cattrs.transform_error(exc, path="$")
        first = messages[0] if messages else "does not fit the report shape"
        message, _, where = first.rpartition(" @ ")
        raise ReadError(source, where, message or first) from None
    except ForbiddenExtraKeysError as exc:
        raise ReadError(source, "$", f"unknown key(s): {', '.join(sorted(exc.extra_fields))}") from None
    return _report(doc, source)


def _report(doc: ReportDocument, source: str) -> Report:
    try:
        fmt = get_format(doc.format)
    except DisclosureError as exc:
        raise ReadError(source, "$.format", str(exc)) from None
    report = Report.create(fmt, doc.agency, doc.year, title=doc.title, published=doc.published)
    for sid in doc.sections:
        sec = next((s for s in fmt.narrative_sections if s.id == sid), None)
        if sec is None:
            ids = ", ".join(s.id for s in fmt.narrative_sections)
            raise ReadError(source, f"$.sections.{sid}", f"no narrative section {sid!r} in {fmt.id} (sections: {ids})")
    values: dict[tuple[str, str, str], CellValue] = {}
    for tid, rows in doc.tables.items():
        table_ids = {t.id for t in fmt.tables}
        if tid not in table_ids:
            raise ReadError(source, f"$.tables.{tid}", f"no table {tid!r} in {fmt.id} (tables: {', '.join(table_ids)})")
        for rid, cols in rows.items():
            if not isinstance(cols, dict):
                raise ReadError(source, f"$.tables.{tid}.{rid}", "a row is an object of column id → value")
            for cid, value in cols.items():
                where = f"$.tables.{tid}.{rid}.{cid}"
                kind = fmt.cell_kinds.get((tid, rid, cid))
                if kind is None:
                    try:
                        fmt.key(tid, rid, cid)
                    except DisclosureError as exc:
                        raise ReadError(source, where, str(exc)) from None
                    raise ReadError(source, where, f"{rid}/{cid} is a group, not a data cell")
                values[(tid, rid, cid)] = _cell_in(value, kind, source, where)
    try:
        waivers = tuple(Waiver(w.rule, w.reason) for w in doc.waivers or ())
        return Report(fmt, report.agency, report.year, {k: v for k, v in doc.sections.items()},
                      {k: v for k, v in values.items() if v is not None}, report.title, report.published,
                      doc.agency_level, waivers)
    except CellValueError as exc:
        raise ReadError(source, "$.waivers" if "waiver" in str(exc) else "$.agency_level", str(exc)) from None


def _cell_in(value: object, kind: CellKind, source: str, where: str) -> CellValue:
    if value is None:
        return None
    if isinstance(value, dict):
        if set(value) != {"text"} or not isinstance(value["text"], str):
            raise ReadError(source, where, 'text as written is {"text": "…"} and nothing else')
        return Verbatim(value["text"])
    if isinstance(value, bool):
        raise ReadError(source, where, f"a cell cannot be {json.dumps(value)}")
    if kind is CellKind.AMOUNT:
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, Decimal):
            return value
        if isinstance(value, str):
            try:
                return parse_decimal(value)
            except CellValueError:
                raise ReadError(source, where, f'{value!r} is not a decimal amount; text as written is {{"text": …}}') from None
    elif isinstance(value, int):
        return value
    raise ReadError(source, where, f"a {kind.value} cell holds {'an integer' if kind.is_integer else 'a decimal string'},"
                    f" not {value!r}")
