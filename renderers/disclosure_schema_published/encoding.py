"""The character encoding of a saved web page: BOM, then the declared charset, then trying.

Chinese government pages are UTF-8 or one of the GB family (GB2312, GBK, GB18030; each a
subset of the next, so GB18030 decodes all three). Trying strict UTF-8 first and then
strict GB18030 is deterministic and right for this field: a GB page is almost never
valid UTF-8, and a statistical detector (charset-normalizer) adds nothing here but
the chance of guessing Big5 or Shift-JIS for a short page. A declared charset that does
not decode the bytes (a page saved as UTF-8 that still says gb2312) is overruled, with a
diagnostic.
"""

from __future__ import annotations

import codecs
import re

import attrs

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# <meta charset="gbk">, <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
_DECLARED = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})"
                       rb"|^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "cp936", "ms936", "windows-936", "euc-cn", "gb18030",
       "csgb2312", "chinese", "iso-ir-58"}


@attrs.frozen
class Decoded:
    text: str
    encoding: str  # the codec used
    declared: str | None  # what the page said, if anything
    how: str  # "bom", "declared", "tried", "damaged"


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    if name in _GB:
        return "gb18030"  # the superset: pages labelled gb2312 routinely use GBK characters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec, None, "bom")
            except UnicodeDecodeError:
                break
    match = _DECLARED.search(data[:8192])
    declared = (match.group(1) or match.group(2)).decode("ascii").lower() if match else None
    named = _codec(declared) if declared else None
    if named is not None:
        try:
            return Decoded(data.decode(named), named, declared, "declared")
        except UnicodeDecodeError:
            pass
    for tried in ("utf-8", "gb18030"):
        try:
            return Decoded(data.decode(tried), tried, declared, "tried")
        except UnicodeDecodeError:
            continue
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", declared, "damaged")
