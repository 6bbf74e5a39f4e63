"""Reading HTML: our own pages and fragments exactly, from the JSON they embed.

A page without that data (a report published on an agency's portal) is read from
what it shows: its paragraphs and tables become blocks
(:mod:`disclosure_schema_published`) placed by the shared reading pipeline.
Parsed with ``lxml.html`` (an HTML parser: no DTD, no entities, no network).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from disclosure_schema import ReadError
from disclosure_schema.plugins import ReadResult, report_from_json

from .names import DATA_ATTRIBUTE, SCRIPT_ID

if TYPE_CHECKING:
    pass

def read_html(data: bytes, source: str) -> ReadResult:
    from lxml import etree, html

    parser = html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, encoding=None)
    try:
        doc = html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(source, "", f"not an HTML page: {exc}") from None
    for script in doc.iter("script"):
        if script.get("id") == SCRIPT_ID:
            return ReadResult(report_from_json(script.text or "", f"{source}:<script id={SCRIPT_ID}>"))
    for element in doc.iter():
        tag = element.tag
        value = element.get(DATA_ATTRIBUTE) if isinstance(tag, str) else None
        if value is not None:
            return ReadResult(report_from_json(value, f"{source}:<{tag!s} {DATA_ATTRIBUTE}>"))
    return read_published_page(data, source)


def read_published_page(data: bytes, source: str) -> ReadResult:
    """A page an agency published: its blocks through the reading pipeline."""
    from disclosure_schema.reading import read_blocks
    from disclosure_schema_published import html_blocks

    blocks, notes = html_blocks(data, source)
    return read_blocks(blocks, source, notes=notes)
