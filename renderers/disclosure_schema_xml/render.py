"""Report → XML document (docs/xml.md). Deterministic: the same report gives the same bytes."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from disclosure_schema import CellKind, CellValue, RenderError, Report, Verbatim

from .vocabulary import (
    AGENCY,
    FORMAT_ATTR,
    MAX_TEXT_BYTES,
    NAMESPACE,
    NOT_XML_CHAR,
    PUBLISHED,
    ROOT,
    SECTIONS,
    TABLES,
    TITLE,
    WRITTEN_ATTR,
    XSI,
    XSI_NIL,
    YEAR,
    q,
)


def checked_text(text: str, where: str) -> str:
    """``text`` if XML 1.0 can carry it and the reader will accept its length; else RenderError."""
    bad = NOT_XML_CHAR.search(text)
    if bad is not None:
        char = bad.group(0)
        raise RenderError(f"{where}: character U+{ord(char):04X} at offset {bad.start()} cannot be "
                          "written in XML 1.0 (not even escaped); remove or replace it")
    # Four bytes per character at most: the exact count is only needed for long text.
    if len(text) * 4 > MAX_TEXT_BYTES and len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise RenderError(f"{where}: text of {len(text.encode('utf-8'))} bytes is longer than the "
                          f"{MAX_TEXT_BYTES} bytes an XML reader accepts in one piece")
    return text


def number_text(value: CellValue, kind: CellKind, where: str) -> str:
    """The lexical form of a number cell: xs:integer for counts, plain xs:decimal for amounts."""
    if isinstance(value, bool):
        raise RenderError(f"{where}: a cell cannot hold a bool ({value!r})")
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # Python refuses to print ints of more than 4300 digits by default
            raise RenderError(f"{where}: a number of more than 4300 digits is not a count") from None
    if isinstance(value, Decimal) and kind is CellKind.AMOUNT:
        if not value.is_finite():
            raise RenderError(f"{where}: {value} is not a finite amount")
        # Plain notation (xs:decimal has no exponent); equal to str() whenever str() is plain.
        return format(value, "f")
    raise RenderError(f"{where}: a {kind.value} cell cannot hold {type(value).__name__} {value!r}")


def report_tree(report: Report) -> etree._Element:
    """The ``report`` element of ``report``; RenderError if XML cannot carry something exactly."""
    fmt = report.format
    root = etree.Element(q(ROOT), nsmap={None: NAMESPACE, "xsi": XSI})
    root.set(FORMAT_ATTR, fmt.id)
    etree.SubElement(root, q(AGENCY)).text = checked_text(report.agency, "agency")
    if isinstance(report.year, bool) or not isinstance(report.year, int):
        raise RenderError(f"year: must be an int, not {report.year!r}")
    etree.SubElement(root, q(YEAR)).text = str(report.year)
    if report.title is not None:
        etree.SubElement(root, q(TITLE)).text = checked_text(report.title, "title")
    if report.published is not None:
        etree.SubElement(root, q(PUBLISHED)).text = report.published.isoformat()

    narrative_ids = {s.id for s in fmt.narrative_sections}
    extra = sorted(set(report.sections) - narrative_ids)
    if extra:
        raise RenderError(f"sections {extra} are not narrative sections of {fmt.id} "
                          f"({', '.join(sorted(narrative_ids))}); they would be lost")
    sections = etree.SubElement(root, q(SECTIONS))
    for sec in fmt.narrative_sections:
        text = report.sections.get(sec.id, "")
        etree.SubElement(sections, q(sec.id)).text = checked_text(text, f"section {sec.id} ({sec.title})")

    stray = [k for k in report.cells if k not in fmt.cell_kinds]
    if stray:
        raise RenderError(f"cell {'/'.join(stray[0])} is not a cell of {fmt.id}; it would be lost")
    tables = etree.SubElement(root, q(TABLES))
    cells = report.cells
    for table in fmt.tables:
        table_el = etree.SubElement(tables, q(table.id))
        row_el = None
        row_id = None
        for _, row, col in table.cells():
            if row.id != row_id:
                row_el = etree.SubElement(table_el, q(row.id))
                row_id = row.id
            assert row_el is not None and col.kind is not None
            cell = etree.SubElement(row_el, q(col.id))
            value = cells.get((table.id, row.id, col.id))
            if value is None:
                cell.set(XSI_NIL, "true")
            elif isinstance(value, Verbatim):
                cell.set(XSI_NIL, "true")
                cell.set(WRITTEN_ATTR, checked_text(value.text, f"cell {table.id}/{row.id}/{col.id}"))
            else:
                cell.text = number_text(value, col.kind, f"cell {table.id}/{row.id}/{col.id}")
    return root


def render_bytes(report: Report) -> bytes:
    """The UTF-8 document with its XML declaration, indented (narrative text is never touched)."""
    return etree.tostring(report_tree(report), xml_declaration=True, encoding="UTF-8", pretty_print=True)
