"""The names of the XML vocabulary (docs/xml.md), shared by the renderer, the reader and the XSD.

Element names below ``sections`` and ``tables`` are the spec's ids; the fixed names here
contain no ``.``, so they never collide with the XSD type names built from ids.
"""

from __future__ import annotations

import re

VERSION = 1
NAMESPACE = f"urn:disclosure-schema:report:{VERSION}"
NAMESPACE_PREFIX = "urn:disclosure-schema:report:"  # any version, to name a version we cannot read
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XS = "http://www.w3.org/2001/XMLSchema"

ROOT = "report"
AGENCY = "agency"
YEAR = "year"
TITLE = "title"
PUBLISHED = "published"
SECTIONS = "sections"
TABLES = "tables"
FORMAT_ATTR = "format"
WRITTEN_ATTR = "written"  # a cell's text as written, on a cell that holds no number

XSI_NIL = f"{{{XSI}}}nil"

# libxml2 refuses a text node or attribute longer than this without XML_PARSE_HUGE, which the
# reader never sets; the renderer refuses such text so that everything it writes can be read.
MAX_TEXT_BYTES = 10_000_000

# What XML 1.0 can carry at all (production [2] Char); everything else is refused.
NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def q(name: str) -> str:
    """A name in the report namespace, in lxml's ``{namespace}name`` form."""
    return f"{{{NAMESPACE}}}{name}"
