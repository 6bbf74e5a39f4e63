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
import re
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn

import attrs

from .errors import CellValueError, DisclosureError, ReadError
from .findings import Waiver
from .registry import format_by_id
from .report import Report
from .spec import CellKey, ReportFormat
from .values import MAX_DIGITS, CellKind, CellValue, Verbatim, check_count, format_value, parse_decimal, plain_amount

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
    tables: dict[str, Any]  # table → row → column → cell: checked against the format in _report
    title: str | None = None
    published: date | None = None
    # for checking (left out when unset): the agency's declared level, and waivers with their reasons
    agency_level: str | None = None
    waivers: list[WaiverDocument] | None = None
    inferred: list[str] | None = None  # the fields a reader had to infer ("year", "agency")


@attrs.define
class WaiverDocument:
    rule: str
    reason: str


class Exponent(str):
    """A JSON number written with an exponent: kept as its text, so that no key (known or not)
    can make the reader build 1e9999999999 (amounts are plain decimals, docs/json.md)."""


if TYPE_CHECKING:
    import cattrs


@cache
def _converter() -> cattrs.Converter:
    """The cattrs converter, built on first use: reading a well-formed document does not need it
    (see _plain_document), and importing cattrs is a good part of the command line's start-up."""
    import cattrs

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
        if not isinstance(value, str) or isinstance(value, Exponent):
            raise ValueError(f"must be a string, not {value!r}")
        return value

    conv.register_structure_hook(date, structure_date)
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(Any, lambda v, _: v)
    return conv


def __getattr__(name: str) -> object:
    if name == "converter":  # the module attribute of earlier versions, now built on first use
        return _converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _cell_out(value: CellValue) -> JsonCell:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return format_value(value)  # plain notation, as written
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
                          [WaiverDocument(w.rule, w.reason) for w in report.waivers] or None,
                          sorted(report.inferred) or None)


def to_json(report: Report, *, indent: int | None = 2, compact: bool = False, ascii: bool = False) -> str:
    """The report as JSON text (UTF-8, Chinese kept as is).

    ``compact``: one line without spaces or a final newline; ``ascii``: every non-ASCII character
    escaped (for carrying the document inside HTML or XML parts). The checking fields
    (``agency_level``, ``waivers``) are left out when unset.
    """
    doc = _converter().unstructure(to_document(report))
    for key in ("agency_level", "waivers", "inferred"):
        if doc.get(key) is None:
            del doc[key]
    if compact:
        return json.dumps(doc, ensure_ascii=ascii, separators=(",", ":"))
    return json.dumps(doc, ensure_ascii=ascii, indent=indent) + "\n"


def dumps(report: Report) -> bytes:
    return to_json(report).encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _json_float(literal: str) -> Decimal | Exponent:
    if "e" in literal or "E" in literal:
        return Exponent(literal)
    if len(literal) > 2 * MAX_DIGITS:
        raise ValueError(f"a number of {len(literal)} characters; a cell holds at most {MAX_DIGITS} digits")
    return Decimal(literal)




def loads(data: bytes | str, source: str = "<json>") -> Report:
    """Read a report from JSON text; errors are :class:`ReadError` with a line or a JSON path."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise ReadError(source, f"byte {exc.start}", "not UTF-8 text") from None
    text = text.removeprefix("\ufeff")  # a byte-order mark, as the XML and text readers allow
    try:
        # Integers are left to json: a cell's are bounded below, and Python refuses > 4300 digits.
        raw = json.loads(text, parse_float=_json_float, parse_constant=_reject_constant,
                         object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise ReadError(source, f"{exc.lineno}:{exc.colno}", f"not valid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        message = str(exc)
        if "integer string conversion" in message:
            message = "a number of more than 4300 digits"
        raise ReadError(source, "", f"not valid JSON: {message}") from None
    return from_data(raw, source)


def from_data(raw: object, source: str = "<json>") -> Report:
    """Build a report from already parsed JSON data."""
    if not isinstance(raw, dict):
        raise ReadError(source, "$", "a report is a JSON object")
    version = raw.get("disclosure_schema")
    if version != JSON_VERSION:
        raise ReadError(source, "$.disclosure_schema",
                        f"expected {JSON_VERSION!r} (this library's JSON version), found {version!r}")
    doc = _plain_document(raw)
    if doc is not None:
        return _report(doc, source)
    import cattrs  # something is off: cattrs says exactly what and where
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

    try:
        doc = _converter().structure(raw, ReportDocument)
    except ClassValidationError as exc:
        messages = cattrs.transform_error(exc, path="$")
        first = messages[0] if messages else "does not fit the report shape"
        message, _, where = first.rpartition(" @ ")
        raise ReadError(source, where, message or first) from None
    except ForbiddenExtraKeysError as exc:
        raise ReadError(source, "$", f"unknown key(s): {', '.join(sorted(exc.extra_fields))}") from None
    return _report(doc, source)


_REQUIRED = frozenset({"disclosure_schema", "format", "agency", "year", "sections", "tables"})
_FIELDS = _REQUIRED | {"title", "published"}


def _plain_document(raw: dict[str, Any]) -> ReportDocument | None:
    """The document when every field has exactly its type (the common case), without cattrs;
    ``None`` sends anything else to cattrs for its precise error."""
    keys = raw.keys()
    if not (_REQUIRED <= keys <= _FIELDS):
        return None
    fmt, agency, year, sections, tables = (raw[k] for k in ("format", "agency", "year", "sections", "tables"))
    title, published = raw.get("title"), raw.get("published")
    if (type(fmt) is not str or type(agency) is not str or type(year) is not int or type(sections) is not dict
            or type(tables) is not dict or (title is not None and type(title) is not str)
            or (published is not None and type(published) is not str)
            or not all(type(v) is str for v in sections.values())):
        return None
    try:
        day = date.fromisoformat(published) if published is not None else None
    except ValueError:
        return None
    return ReportDocument(raw["disclosure_schema"], fmt, agency, year, sections, tables, title, day)


def _report(doc: ReportDocument, source: str) -> Report:
    try:
        fmt = format_by_id(doc.format)  # by id only: a report never makes us open a file
    except DisclosureError as exc:
        raise ReadError(source, "$.format", str(exc)) from None
    try:
        report = Report.create(fmt, doc.agency, doc.year, title=doc.title, published=doc.published)
    except CellValueError as exc:
        raise ReadError(source, "$.year", str(exc)) from None
    for where, text in (("$.agency", doc.agency), ("$.title", doc.title or ""),
                        *((f"$.sections.{k}", v) for k, v in doc.sections.items())):
        _check_text(text, source, where)
    narrative = {s.id for s in fmt.narrative_sections}
    for sid in doc.sections:
        if sid not in narrative:
            ids = ", ".join(s.id for s in fmt.narrative_sections)
            raise ReadError(source, f"$.sections.{sid}", f"no narrative section {sid!r} in {fmt.id} (sections: {ids})")
    cells = _cells(fmt, doc.tables, source)
    try:
        waivers = tuple(Waiver(w.rule, w.reason) for w in doc.waivers or ())
        return Report(fmt, report.agency, report.year, doc.sections, cells, report.title, report.published,
                      doc.agency_level, waivers, frozenset(doc.inferred or ()))
    except CellValueError as exc:
        where = next((f"$.{k}" for k in ("waivers", "inferred") if k.rstrip("s") in str(exc)), "$.agency_level")
        raise ReadError(source, where, str(exc)) from None


def _cells(fmt: ReportFormat, tables: dict[str, Any], source: str) -> dict[CellKey, CellValue]:
    """The cells of ``tables``; the common case (a count, a blank) takes no check beyond its kind,
    and a cell's JSON path is spelled out only for an error."""
    layout = _layout(fmt)
    values: dict[CellKey, CellValue] = {}
    amount = CellKind.AMOUNT
    for tid, rows in tables.items():
        known_rows = layout.get(tid)
        if known_rows is None:
            ids = ", ".join(layout)
            raise ReadError(source, f"$.tables.{tid}", f"no table {tid!r} in {fmt.id} (tables: {ids})")
        if not isinstance(rows, dict):
            raise ReadError(source, f"$.tables.{tid}", "a table is an object of row id → row")
        for rid, cols in rows.items():
            if not isinstance(cols, dict):
                raise ReadError(source, f"$.tables.{tid}.{rid}", "a row is an object of column id → value")
            known = known_rows.get(rid, {})
            for cid, value in cols.items():
                entry = known.get(cid)
                if entry is None:
                    _not_a_cell(fmt, (tid, rid, cid), source)
                elif value is None:
                    continue
                key, kind = entry
                if type(value) is int and kind is not amount and -_COUNT_LIMIT < value < _COUNT_LIMIT:
                    values[key] = value
                else:
                    values[key] = _cell_in(value, kind, source, f"$.tables.{tid}.{rid}.{cid}")
    return values


_layouts: dict[int, tuple[ReportFormat, dict[str, dict[str, dict[str, tuple[CellKey, CellKind]]]]]] = {}


def _layout(fmt: ReportFormat) -> dict[str, dict[str, dict[str, tuple[CellKey, CellKind]]]]:
    """table → row → column → (cell key, kind) of ``fmt``, built once per format."""
    found = _layouts.get(id(fmt))
    if found is None or found[0] is not fmt:
        layout: dict[str, dict[str, dict[str, tuple[CellKey, CellKind]]]] = {t.id: {} for t in fmt.tables}
        for key, kind in fmt.cell_kinds.items():
            layout[key[0]].setdefault(key[1], {})[key[2]] = (key, kind)
        found = _layouts[id(fmt)] = (fmt, layout)
    return found[1]


_COUNT_LIMIT = 10**MAX_DIGITS


def _not_a_cell(fmt: ReportFormat, key: CellKey, source: str) -> NoReturn:
    where = "$.tables." + ".".join(key)
    try:
        fmt.key(*key)
    except DisclosureError as exc:
        raise ReadError(source, where, str(exc)) from None
    raise ReadError(source, where, f"{key[1]}/{key[2]} is a group, not a data cell")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(text: str, source: str, where: str) -> None:
    """JSON can escape half of a surrogate pair ("\\ud800"), which no UTF-8 file can hold."""
    if not text.isascii():
        bad = _SURROGATE.search(text)
        if bad is not None:
            raise ReadError(source, where, f"character U+{ord(bad.group()):04X} at offset {bad.start()} is half "
                            "of a surrogate pair, not a character")


def _cell_in(value: object, kind: CellKind, source: str, where: str) -> CellValue:
    if value is None:
        return None
    if isinstance(value, dict):
        if set(value) != {"text"} or not isinstance(value["text"], str):
            raise ReadError(source, where, 'text as written is {"text": "…"} and nothing else')
        if not value["text"].strip():
            raise ReadError(source, where, f"a blank cell is null, not {json.dumps(value, ensure_ascii=False)}")
        _check_text(value["text"], source, where)
        return Verbatim(value["text"])
    if isinstance(value, bool):
        raise ReadError(source, where, f"a cell cannot be {json.dumps(value)}")
    if isinstance(value, Exponent):
        raise ReadError(source, where, f"{value} has an exponent; write numbers in plain notation")
    try:
        if kind is CellKind.AMOUNT:
            if isinstance(value, int):
                return Decimal(value)
            if isinstance(value, Decimal):
                return plain_amount(value)
            if isinstance(value, str):
                return parse_decimal(value)
        elif isinstance(value, int):
            return check_count(value)
    except CellValueError as exc:
        raise ReadError(source, where, f'{exc}; text as written is {{"text": …}}') from None
    raise ReadError(source, where, f"a {kind.value} cell holds {'an integer' if kind.is_integer else 'a decimal string'},"
                    f" not {value!r}")
