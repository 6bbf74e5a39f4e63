"""XML document → report: refuse anything unsafe, validate against the format's schema, then read.

Untrusted input gets exactly one :class:`ReadError` naming the line and the element path. The
parser never resolves entities, loads a DTD or touches the network, and keeps libxml2's limits
on depth and text size (no ``huge_tree``); a DOCTYPE is refused before parsing.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import TypedDict

from lxml import etree

from disclosure_schema import (
    CellKey,
    CellKind,
    CellValue,
    CellValueError,
    ReadError,
    Report,
    ReportFormat,
    UnknownNameError,
    Verbatim,
    format_by_id,
    formats,
    parse_cell,
)
from disclosure_schema.plugins import MAX_INPUT_BYTES

from .schema import schema_for
from .vocabulary import (
    AGENCY,
    FORMAT_ATTR,
    NAMESPACE,
    NAMESPACE_PREFIX,
    PUBLISHED,
    ROOT,
    SECTIONS,
    TABLES,
    TITLE,
    VERSION,
    WRITTEN_ATTR,
    XSI_NIL,
    YEAR,
    q,
)

_BOM = b"\xef\xbb\xbf"
# The prolog before a DOCTYPE can hold only the XML declaration, white space, comments and PIs
# (possessive \s++: a run of spaces is never split between iterations, so matching stays linear).
_PROLOG = re.compile(r"(?:<\?xml\s[^>]*?\?>)?(?:\s++|<!--.*?-->|<\?.*?\?>)*", re.DOTALL)
_ENCODING = re.compile(r"<\?xml\s[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")


_CHUNK = 1 << 16
# Cells carry xsi:nil and written; xsi:type and xsi:schemaLocation are allowed anywhere by XSD.
_MAX_ATTRIBUTES = 8


class _Options(TypedDict):
    resolve_entities: bool
    no_network: bool
    load_dtd: bool
    huge_tree: bool
    dtd_validation: bool
    attribute_defaults: bool
    remove_comments: bool
    remove_pis: bool
    collect_ids: bool


# libxml2 never resolves entities, loads a DTD or reaches the network; its limits stay on.
_SAFE = _Options(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, dtd_validation=False,
                 attribute_defaults=False, remove_comments=True, remove_pis=True, collect_ids=False)


def _parser() -> etree.XMLParser:
    # A new parser per document: lxml parsers must not be shared between threads.
    return etree.XMLParser(**_SAFE)


def _element_limit(fmt: ReportFormat) -> int:
    """How many elements the reader parses for ``fmt``: a valid document has a fixed number; the
    slack lets a document with a few stray elements reach the schema's more precise message."""
    rows = sum(len(b.row_leaves) for t in fmt.tables for b in t.blocks)
    fixed = 1 + 4 + 1 + 1  # report; agency, year, title, published; sections; tables
    exact = fixed + len(fmt.narrative_sections) + len(fmt.tables) + rows + len(fmt.cell_kinds)
    return 2 * exact + 64


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def element_path(el: etree._Element) -> str:
    """``/report/tables/applications/new_requests/natural_person``: local names from the root."""
    parts: list[str] = []
    node: etree._Element | None = el
    while node is not None:
        parts.append(etree.QName(node).localname)
        node = node.getparent()
    return "/" + "/".join(reversed(parts))


class _Located(Exception):
    """A problem found at an element; turned into a ReadError by ``read_report``."""

    def __init__(self, el: etree._Element, message: str, attribute: str | None = None) -> None:
        super().__init__(message)
        self.el = el
        self.message = message
        self.attribute = attribute


def _where(el: etree._Element, attribute: str | None = None) -> str:
    path = element_path(el) + (f"/@{attribute}" if attribute else "")
    return f"line {el.sourceline}, {path}" if el.sourceline else path


def read_report(data: bytes, source: str) -> Report:
    """The report in an XML document of this vocabulary (docs/xml.md)."""
    root, fmt = _parse(data, source)
    schema = schema_for(fmt)
    if not schema.validate(root):
        raise _schema_error(root, schema, source)
    try:
        return _build(root, fmt)
    except _Located as exc:
        raise ReadError(source, _where(exc.el, exc.attribute), exc.message) from None


def _parse(data: bytes, source: str) -> tuple[etree._Element, ReportFormat]:
    if len(data) > MAX_INPUT_BYTES:
        raise ReadError(source, "", f"document is {len(data)} bytes; the limit is {MAX_INPUT_BYTES}")
    body = data[len(_BOM):] if data.startswith(_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise ReadError(source, f"line {line}", f"not UTF-8 (byte {exc.start + len(data) - len(body)}); "
                        "XML reports are UTF-8") from None
    declared = _ENCODING.match(text)
    if declared and declared.group(1).lower() not in {"utf-8", "utf8"}:
        raise ReadError(source, "line 1", f"the XML declaration says encoding {declared.group(1)!r}; "
                        "XML reports are UTF-8")
    prolog_end = _PROLOG.match(text)
    end = prolog_end.end() if prolog_end else 0
    if text.startswith("<!DOCTYPE", end):
        raise ReadError(source, f"line {_line_of(text, end)}", "a DOCTYPE is not allowed in a report "
                        "(DTDs and entities can read files, reach the network or expand without bound)")
    root, fmt = _parse_bounded(data, source)
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.system_url or docinfo.public_id:
        raise ReadError(source, "line 1", "a DOCTYPE is not allowed in a report")
    return root, fmt


def _parse_bounded(data: bytes, source: str) -> tuple[etree._Element, ReportFormat]:
    """Parse in chunks, checking the root as soon as it is read and counting elements, so that a
    flood of elements or attributes is refused before it is built (memory stays near the input size)."""
    parser = etree.XMLPullParser(events=("start",), **_SAFE)
    fmt: ReportFormat | None = None
    limit = count = 0
    try:
        for offset in range(0, max(len(data), 1), _CHUNK):
            parser.feed(data[offset:offset + _CHUNK])
            for _, el in parser.read_events():
                _check_prefixes(el, source)
                if fmt is None:
                    fmt = _format(el, source)
                    limit = _element_limit(fmt)
                count += 1
                if count > limit:
                    raise ReadError(source, _where(el), f"more elements than a report of {fmt.id} has ({limit})")
                if len(el.attrib) > _MAX_ATTRIBUTES:
                    raise ReadError(source, _where(el), f"{len(el.attrib)} attributes on one element")
        root: etree._Element = parser.close()
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(data, source, exc) from None
    assert fmt is not None, "a well-formed document has a root element"
    return root, fmt


def _check_prefixes(el: etree._Element, source: str) -> None:
    """libxml2 only warns about an undeclared prefix and keeps ``a:b`` as the name, which no
    later step can handle; refuse it here, where the element is read."""
    names = [el.tag, *el.attrib.keys()]
    bad = next((n for n in names if not isinstance(n, str) or (":" in n and not n.startswith("{"))), None)
    if bad is not None:
        where = f"line {el.sourceline}" if el.sourceline else ""
        raise ReadError(source, where, f"the name {str(bad)!r} has a namespace prefix that is not declared")


def _syntax_error(data: bytes, source: str, exc: etree.XMLSyntaxError) -> ReadError:
    # The chunked parser loses some of libxml2's messages ("no element found" for an undefined
    # entity); parsing once more in one piece stops at the same place, with the precise message.
    try:
        etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as precise:
        exc = precise
    line, column = exc.position if exc.position else (0, 0)
    message = re.sub(r" \(<string>, line \d+\)$", "", exc.msg or str(exc))
    message = re.sub(r", line \d+, column \d+$", "", message)
    # libxml2's advice to lift its limits is for programmers; the limits are deliberate here.
    message = re.sub(r",? (?:try|use) XML_PARSE_HUGE(?: option)?", " (a limit of this reader)", message)
    return ReadError(source, f"line {line}, column {column}", f"not well-formed XML: {message}")


def _format(root: etree._Element, source: str) -> ReportFormat:
    name = etree.QName(root)
    if name.namespace != NAMESPACE or name.localname != ROOT:
        if name.localname == ROOT and name.namespace and name.namespace.startswith(NAMESPACE_PREFIX):
            found = name.namespace[len(NAMESPACE_PREFIX):]
            raise ReadError(source, _where(root), f"version {found} of the report vocabulary; "
                            f"this library reads version {VERSION} ({NAMESPACE})")
        shown = f"{{{name.namespace}}}{name.localname}" if name.namespace else name.localname
        raise ReadError(source, _where(root), f"the root element is {shown}; a report is "
                        f"{{{NAMESPACE}}}{ROOT}")
    fmt_id = root.get(FORMAT_ATTR)
    if fmt_id is None:
        raise ReadError(source, _where(root), f"the {FORMAT_ATTR!r} attribute (the format id) is missing")
    # Only known ids: a document must never make the reader open a file.
    try:
        return format_by_id(fmt_id)
    except UnknownNameError:
        known = [f.id for f in formats()]
        raise ReadError(source, _where(root, FORMAT_ATTR),
                        f"unknown format {fmt_id!r}; known formats: {', '.join(known)}") from None


def _schema_error(root: etree._Element, schema: etree.XMLSchema, source: str) -> ReadError:
    errors = list(schema.error_log)
    if not errors:  # libxml2 always logs why; never index an empty log into a traceback
        return ReadError(source, "", f"does not match the schema of {root.get(FORMAT_ATTR)}")
    first = errors[0]
    message = first.message.replace(f"{{{NAMESPACE}}}", "")
    found = root.getroottree().xpath(first.path) if first.path else []
    location = f"line {first.line}"
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        location = f"line {first.line}, {element_path(found[0])}"
    if first.type_name.startswith("SCHEMAV_CVC_DATATYPE") and TABLES in location:
        message += f' (a cell that holds no number is written xsi:nil="true" {WRITTEN_ATTR}="…")'
    more = f" ({len(errors) - 1} more problem{'s' if len(errors) > 2 else ''} after this one)" if len(errors) > 1 else ""
    return ReadError(source, location, f"does not match the schema of {root.get(FORMAT_ATTR)}: {message}{more}")


def _text(el: etree._Element) -> str:
    return el.text or ""


def _build(root: etree._Element, fmt: ReportFormat) -> Report:
    agency = ""
    year = 0
    title: str | None = None
    published: date | None = None
    sections: dict[str, str] = {}
    cells: dict[CellKey, CellValue] = {}
    # The schema fixed the structure; what is left is turning lexical forms into values.
    for child in root:
        name = etree.QName(child).localname
        if name == AGENCY:
            agency = _text(child)
        elif name == YEAR:
            year = _integer(child)
        elif name == TITLE:
            title = _text(child)
        elif name == PUBLISHED:
            try:
                published = date.fromisoformat(_text(child).strip())
            except ValueError:
                raise _Located(child, f"{_text(child)!r} is not a date YYYY-MM-DD") from None
        elif name == SECTIONS:
            for sec in child:
                sections[etree.QName(sec).localname] = _text(sec)
        elif name == TABLES:
            _read_tables(child, fmt, cells)
    return Report(fmt, agency, year, sections, cells, title, published)


_layouts: dict[str, tuple[ReportFormat, list[tuple[CellKey, CellKind, str]]]] = {}


def _layout(fmt: ReportFormat) -> list[tuple[CellKey, CellKind, str]]:
    """Every cell's key, kind and element tag in document order, computed once per format."""
    cached = _layouts.get(fmt.id)
    if cached is None or cached[0] is not fmt:
        cells = [((t.id, r.id, c.id), fmt.cell_kinds[(t.id, r.id, c.id)], q(c.id))
                 for t in fmt.tables for _, r, c in t.cells()]
        cached = _layouts[fmt.id] = (fmt, cells)
    return cached[1]


def _read_tables(tables: etree._Element, fmt: ReportFormat, cells: dict[CellKey, CellValue]) -> None:
    # The schema fixed which cell is where, so document order is the format's cell order.
    found = [cell for table in tables for row in table for cell in row]
    layout = _layout(fmt)
    if len(found) != len(layout):  # the schema has said so already; never read cells misaligned
        raise _Located(tables, f"{len(found)} cells where {fmt.id} has {len(layout)}")
    for el, (key, kind, tag) in zip(found, layout, strict=True):
        if el.tag != tag:
            raise _Located(el, f"expected the cell {'/'.join(key)} here")
        value = _cell(el, kind)
        if value is not None:
            cells[key] = value


def _cell(el: etree._Element, kind: CellKind) -> CellValue:
    written = el.get(WRITTEN_ATTR)
    if (el.get(XSI_NIL) or "").strip() in {"true", "1"}:  # xs:boolean, white space collapsed
        return None if written is None else Verbatim(written)
    if written is not None:
        raise _Located(el, "a cell holds a number or (with xsi:nil=\"true\") text as written, not both",
                       WRITTEN_ATTR)
    return _number(el, kind)


def _number(el: etree._Element, kind: CellKind) -> int | Decimal:
    # The schema checked the form (plain notation); parse_cell bounds the digits.
    try:
        value = parse_cell(_text(el), kind)
    except CellValueError as exc:
        raise _Located(el, str(exc)) from None
    if not isinstance(value, int | Decimal):
        raise _Located(el, f"{_text(el)[:40]!r} is not a {'decimal amount' if kind is CellKind.AMOUNT else 'number'}")
    return value


def _integer(el: etree._Element) -> int:
    value = _number(el, CellKind.SIGNED_COUNT)
    assert isinstance(value, int)
    return value
