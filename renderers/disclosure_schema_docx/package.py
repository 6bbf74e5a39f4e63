"""The .docx package: parts in a fixed order with fixed timestamps, so equal reports give equal bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from disclosure_schema import Report
from disclosure_schema.plugins import report_to_json

from .document import document_xml
from .ooxml import (
    CONTENT_TYPES,
    DOCUMENT_RELS,
    ITEM_PROPS,
    ITEM_RELS,
    PACKAGE_RELS,
    REPORT_NS,
    SETTINGS,
    STYLES,
    XML_DECL,
    esc,
    footer,
    visible,
)

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def report_xml(report: Report) -> str:
    """The custom XML part: the report's JSON, ASCII only (so any text survives XML)."""
    data = report_to_json(report, compact=True, ascii=True)
    return XML_DECL + f'<report xmlns="{REPORT_NS}">{esc(data)}</report>'


def core_xml(report: Report) -> str:
    """Document properties; the date is the publication date (or 1 January after the report year), never now."""
    when = (report.published or date(report.year + 1, 1, 1)).isoformat() + "T00:00:00Z"
    return XML_DECL + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(visible(report.display_title))}</dc:title>"
        f"<dc:creator>{esc(visible(report.agency))}</dc:creator>"
        "<dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP = XML_DECL + (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>disclosure-schema</Application></Properties>"
)


def docx_bytes(report: Report) -> bytes:
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("docProps/core.xml", core_xml(report)),
        ("docProps/app.xml", APP),
        ("word/document.xml", document_xml(report)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/settings.xml", SETTINGS),
        ("word/footer1.xml", footer("right")),
        ("word/footer2.xml", footer("left")),
        ("customXml/item1.xml", report_xml(report)),
        ("customXml/itemProps1.xml", ITEM_PROPS),
        ("customXml/_rels/item1.xml.rels", ITEM_RELS),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, text.encode("utf-8"), compresslevel=6)
    return buffer.getvalue()
