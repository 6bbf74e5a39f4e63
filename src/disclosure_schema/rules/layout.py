"""What a source looked like: its section headings in order, as written.

A report keeps its sections by id, so a renamed, missing or misplaced heading
is only visible in the source. :func:`layout_of_text` finds the numbered
headings of a text (``一、总体情况``); :func:`disclosure_schema.validate` takes the
result as ``layout=`` and the structure rule checks it against the spec.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

# "一、总体情况", "二．…": a section number at the start of a short line without table cells or numbers.
_HEADING = re.compile(r"^\s*#*\s*([一二三四五六七八九十]{1,3})\s*[、.．,，]\s*(\S[^|｜\d]{0,38}?)\s*$")
# A line that is only a picture: Markdown, HTML, or the "[图片]" a copy from a web page or PDF leaves.
_IMAGE = re.compile(r"^\s*(?:!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>|[\[［(（【]\s*(?:图片|图像|image|img)\s*[\]］)）】])\s*$",
                    re.IGNORECASE)


@attrs.frozen(slots=True)
class Heading:
    """A numbered heading as written: its line (from 1), its number (一) and its words."""

    line: int
    number: str
    text: str


@attrs.frozen(slots=True)
class Layout:
    """The headings of a source in order; ``image_tables``: tables a reader found only as images;
    ``images``: the lines that are only a picture (a table under a heading with one and no cells
    read is taken for an image)."""

    headings: tuple[Heading, ...] = ()
    image_tables: tuple[str, ...] = ()
    images: tuple[int, ...] = ()


def layout_of_text(text: str) -> Layout:
    """The numbered headings of a report's text, in order (table rows such as "三、本年度办理结果" included:
    the structure rule matches them against the spec, so extra lines do no harm)."""
    return layout_of_lines(list(enumerate(text.splitlines(), 1)))


def layout_of_file(path: str, kind: str | None = None) -> Layout | None:
    """The headings of a text file (``None`` for JSON, XML or anything that is not UTF-8 text)."""
    if kind is not None and kind != "text":
        return None
    try:
        with open(path, "rb") as f:
            data = f.read()
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if kind is None and text.lstrip()[:1] in ("{", "<"):
        return None  # JSON or XML: no headings as written
    return layout_of_text(text)


def layout_of_lines(lines: list[tuple[int, str]], image_tables: tuple[str, ...] = ()) -> Layout:
    """The layout of a source read as numbered lines ``(position, text)``: the paragraphs of a page,
    a Word file or a PDF, in order (the reading pipeline gives them); as :func:`layout_of_text`."""
    found, images = [], []
    for n, line in lines:
        if _IMAGE.match(line):
            images.append(n)
        if len(line) > 60:
            continue
        m = _HEADING.match(unicodedata.normalize("NFKC", line).replace(",", "，"))
        if m is not None:
            found.append(Heading(n, m.group(1), m.group(2).strip()))
    return Layout(tuple(found), image_tables, tuple(images))
