"""Reading HTML: our own pages and fragments exactly, from the JSON they embed.

A page without that data (a report published on an agency's portal) goes to
:data:`published_page_reader` once one is plugged in; until then it is a clear
``ReadError``. Parsed with ``lxml.html`` (an HTML parser: no DTD, no entities,
no network).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from disclosure_schema import ReadError
from disclosure_schema.jsonio import loads
from disclosure_schema.plugins import ReadResult

from .names import DATA_ATTRIBUTE, SCRIPT_ID

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# The hook for pages we did not make: (parsed document, source) -> the report read from its blocks.
published_page_reader: Callable[[HtmlElement, str], ReadResult] | None = None


def read_html(data: bytes, source: str) -> ReadResult:
    from lxml import etree, html

    parser = html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, encoding=None)
    try:
        doc = html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(source, "", f"not an HTML page: {exc}") from None
    for script in doc.iter("script"):
        if script.get("id") == SCRIPT_ID:
            return ReadResult(loads(script.text or "", f"{source}:<script id={SCRIPT_ID}>"))
    for element in doc.iter():
        tag = element.tag
        value = element.get(DATA_ATTRIBUTE) if isinstance(tag, str) else None
        if value is not None:
            return ReadResult(loads(value, f"{source}:<{tag!s} {DATA_ATTRIBUTE}>"))
    if published_page_reader is not None:
        return published_page_reader(doc, source)
    raise ReadError(source, "", "this HTML page carries no disclosure-schema data; reading published web pages "
                    "is not available yet (save the page's text and read the text file instead)")
