"""The XML Schema of one report format, generated from its spec; never edited by hand.

The checked-in ``specs/<format id>.xsd`` files are written by ``python -m disclosure_schema_xml.xsd``;
the reader validates against the schema generated in memory, so a user's own spec gets one too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from lxml import etree

from disclosure_schema import CellKind, Node, ReportFormat

from .vocabulary import (
    AGENCY,
    FORMAT_ATTR,
    NAMESPACE,
    PUBLISHED,
    ROOT,
    SECTIONS,
    TABLES,
    TITLE,
    WRITTEN_ATTR,
    XS,
    YEAR,
)

PROGRAM = "python -m disclosure_schema_xml.xsd"  # what writes the checked-in files

# A cell's number type by kind. Counts are any xs:integer, not xs:nonNegativeInteger: a report
# read from a real publication may hold a negative count; validation flags it, the XML keeps it.
_BASE = {CellKind.COUNT: "xs:integer", CellKind.SIGNED_COUNT: "xs:integer", CellKind.AMOUNT: "xs:decimal"}


def _xs(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{XS}}}{tag}")
    for key, value in attrs.items():
        el.set(key.rstrip("_"), value)
    return el


def _doc(parent: etree._Element, text: str) -> None:
    _xs(_xs(parent, "annotation"), "documentation").text = text


def cell_type(kind: CellKind) -> str:
    """The XSD type name of a cell of ``kind`` ("count-cell", …)."""
    return f"{kind.value}-cell"


def table_type(table_id: str) -> str:
    return f"table.{table_id}"


def row_type(table_id: str, block_id: str) -> str:
    return f"row.{table_id}.{block_id}"


def leaf_paths(nodes: Iterator[tuple[Node, int]]) -> dict[str, tuple[str, ...]]:
    """Each leaf id's labels from the root of its tree down (from a pre-order walk with depths)."""
    stack: list[str] = []
    paths: dict[str, tuple[str, ...]] = {}
    for node, depth in nodes:
        del stack[depth:]
        stack.append(node.label)
        if node.is_leaf:
            paths[node.id] = tuple(stack)
    return paths


def schema_tree(fmt: ReportFormat) -> etree._Element:
    """The ``xs:schema`` element for ``fmt``."""
    root = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS, None: NAMESPACE})
    root.set("targetNamespace", NAMESPACE)
    root.set("elementFormDefault", "qualified")
    _doc(root, f"Reports of the format {fmt.id}: {fmt.name} ({fmt.document_number}). "
               f"Generated from the spec by `{PROGRAM}`; do not edit. See docs/xml.md.")
    _xs(root, "element", name=ROOT, type="report")

    report = _xs(root, "complexType", name="report")
    seq = _xs(report, "sequence")
    _xs(seq, "element", name=AGENCY, type="xs:string")
    _xs(seq, "element", name=YEAR, type="xs:integer")
    _doc(_xs(seq, "element", name=TITLE, type="xs:string", minOccurs="0"),
         "The title as written; absent means the standard title of the format.")
    _xs(seq, "element", name=PUBLISHED, type="plain-date", minOccurs="0")
    _xs(seq, "element", name=SECTIONS, type="sections")
    _xs(seq, "element", name=TABLES, type="tables")
    _xs(report, "attribute", name=FORMAT_ATTR, type="format-id", use="required")

    fmt_id = _xs(_xs(root, "simpleType", name="format-id"), "restriction", base="xs:string")
    _xs(fmt_id, "enumeration", value=fmt.id)
    # A date without a time zone: what Python's date holds.
    date = _xs(_xs(root, "simpleType", name="plain-date"), "restriction", base="xs:date")
    _xs(date, "pattern", value=r"\d{4}-\d{2}-\d{2}")

    sections = _xs(_xs(root, "complexType", name="sections"), "sequence")
    for sec in fmt.narrative_sections:
        _doc(_xs(sections, "element", name=sec.id, type="xs:string"), sec.title)

    tables = _xs(_xs(root, "complexType", name="tables"), "sequence")
    for table in fmt.tables:
        _doc(_xs(tables, "element", name=table.id, type=table_type(table.id)), table.label)
    for table in fmt.tables:
        rows = _xs(_xs(root, "complexType", name=table_type(table.id)), "sequence")
        for block in table.blocks:
            row_labels = leaf_paths(block.row_nodes())
            for row in block.row_leaves:
                label = " > ".join(row_labels[row.id])
                if block.caption:
                    label = f"{block.caption}: {label}"
                _doc(_xs(rows, "element", name=row.id, type=row_type(table.id, block.id)), label)
        for block in table.blocks:
            cells = _xs(_xs(root, "complexType", name=row_type(table.id, block.id)), "sequence")
            col_labels = leaf_paths(block.column_nodes())
            for col in block.column_leaves:
                assert col.kind is not None, "the loader gives every leaf column a kind"
                el = _xs(cells, "element", name=col.id, type=cell_type(col.kind), nillable="true")
                label = " > ".join(col_labels[col.id])
                _doc(el, f"{label} ({col.unit})" if col.unit and col.unit not in label else label)

    for kind in CellKind:
        # A named type per kind, so that the kind shows in the schema.
        _xs(_xs(root, "simpleType", name=kind.value), "restriction", base=_BASE[kind])
        cell = _xs(root, "complexType", name=cell_type(kind))
        _doc(cell, f"A {kind.value.replace('_', ' ')} cell: the number, or xsi:nil=\"true\" when it "
                   f"holds none; then the optional {WRITTEN_ATTR!r} attribute keeps the text as written.")
        ext = _xs(_xs(cell, "simpleContent"), "extension", base=kind.value)
        _xs(ext, "attribute", name=WRITTEN_ATTR, type="xs:string")
    return root


def schema_bytes(fmt: ReportFormat) -> bytes:
    """The schema document as written to ``specs/<format id>.xsd``."""
    return etree.tostring(schema_tree(fmt), xml_declaration=True, encoding="UTF-8", pretty_print=True)


# Per thread: a validator keeps its error log on itself, so threads must not share one.
_local = threading.local()


def schema_for(fmt: ReportFormat) -> etree.XMLSchema:
    """The compiled schema of ``fmt``, built once per format object (and thread)."""
    cache: dict[str, tuple[ReportFormat, etree.XMLSchema]] = _local.__dict__.setdefault("cache", {})
    cached = cache.get(fmt.id)
    if cached is not None and cached[0] is fmt:
        return cached[1]
    schema = etree.XMLSchema(schema_tree(fmt))
    cache[fmt.id] = (fmt, schema)
    return schema
