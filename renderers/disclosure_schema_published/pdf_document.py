"""A PDF's text layer as blocks: ruled tables as grids, narrative re-joined into paragraphs.

Library: pdfplumber (on pdfminer.six). It is pure Python, maintained, exposes every
glyph and ruling with its box — what a ruled table needs — and its table finder works
from the rulings, which is how these reports are printed. Page furniture goes: page
numbers ("- 3 -", "— 3 —", "第 3 页") and lines repeated at the same place on several
pages, in the top and bottom margins. A paragraph ends where a line stops short of the
right margin or the next line is indented; it continues across a page break when the
page's last line runs to the margin.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from typing import Any

from disclosure_schema import ReadError
from disclosure_schema.plugins import Diagnostic
from disclosure_schema.reading import Block, Origin, Paragraph

from . import diagnostics as d
from .joining import join_pieces
from .pdf_limits import StreamBomb, bounded
from .pdf_tables import PdfTable, TooManyCells, continues, join, page_tables, table_grid
from .pdf_text import TextLine, text_lines

MAX_BYTES = 50_000_000
MAX_PAGES = 300  # a report has 3–20 pages
MAX_CHARS_PER_PAGE = 40_000  # a dense page has ~2,000
MAX_DRAWINGS_PER_PAGE = 10_000  # a ruled report page draws ~150
MARGIN = 0.12  # the top and bottom share of a page where running heads and page numbers sit
_PAGE_NUMBER = re.compile(r"^[-—–－―一~〜\s]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／共]\s*\d{1,4}\s*页?)?[-—–－―一~〜\s]*$")


def _failure(exc: BaseException, source: str, what: str) -> ReadError:
    """One ReadError for whatever pdfminer raised (pdfplumber wraps it in ``PdfminerException``)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ReadError(source, "", "the PDF is encrypted with a password; save an unprotected copy and read that")
    if isinstance(inner, StreamBomb):
        return ReadError(source, "", str(inner))
    if isinstance(inner, RecursionError):
        return ReadError(source, "", "the PDF's objects nest too deeply to read")
    detail = str(inner)[:120] or type(inner).__name__
    return ReadError(source, "", f"{what} ({detail})")


def _open(data: bytes, source: str) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise _failure(exc, source, "not a readable PDF") from None


class _Page:
    def __init__(self, number: int, width: float, height: float, lines: list[TextLine], tables: list[PdfTable],
                 images: int, chars: int, undecoded: int) -> None:
        self.number, self.width, self.height, self.lines, self.tables = number, width, height, lines, tables
        self.images, self.chars, self.undecoded = images, chars, undecoded


def _read_pages(pdf: Any, source: str) -> list[_Page]:
    pages: list[_Page] = []
    if len(pdf.pages) > MAX_PAGES:
        raise ReadError(source, "", f"the PDF has {len(pdf.pages)} pages; a report has far fewer "
                                    f"(limit {MAX_PAGES})")
    for number, page in enumerate(pdf.pages, 1):
        page = page.dedupe_chars()  # text drawn twice, a point apart, to look bold
        chars = list(page.chars)
        if len(chars) > MAX_CHARS_PER_PAGE:
            raise ReadError(source, f"page {number}", f"the page has {len(chars):,} characters; "
                                                      f"a report page has far fewer (limit {MAX_CHARS_PER_PAGE:,})")
        drawn = len(page.lines) + len(page.rects) + len(page.curves)
        if drawn > MAX_DRAWINGS_PER_PAGE:
            raise ReadError(source, f"page {number}", f"the page draws {drawn:,} lines and boxes; a report page "
                                                      f"draws a few hundred (limit {MAX_DRAWINGS_PER_PAGE:,})")
        try:
            tables, free = page_tables(page, number, chars)  # text in no cell stays narrative, never lost
        except TooManyCells as exc:
            raise ReadError(source, f"page {number}", str(exc)) from None
        undecoded = sum(str(c["text"]).startswith("(cid:") for c in chars)
        pages.append(_Page(number, float(page.width), float(page.height), text_lines(free), tables,
                           len(page.images), len(chars), undecoded))
    return pages


def _drop_furniture(pages: list[_Page]) -> None:
    """Remove page numbers and running heads/feet (the same text at the same place on 2+ pages)."""
    def key(line: TextLine) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text), round(line.top / 4)

    def in_margin(line: TextLine, page: _Page) -> bool:
        return line.bottom < page.height * MARGIN or line.top > page.height * (1 - MARGIN)

    repeated = Counter(key(line) for page in pages for line in page.lines if in_margin(line, page))
    for page in pages:
        page.lines = [line for line in page.lines if not (in_margin(line, page) and (
            _PAGE_NUMBER.match(line.text) or (len(pages) > 1 and repeated[key(line)] > 1)))]


def _paragraphs_and_tables(pages: list[_Page]) -> list[Block]:
    body = [line for page in pages for line in page.lines]
    if not body:
        return [table_grid(t, n) for n, t in enumerate(_joined_tables(pages), 1)]
    size = statistics.median(line.size for line in body)
    left = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    long_lines = sorted(line.x1 for line in body if len(line.text) > 8) or [line.x1 for line in body]
    right = long_lines[int(len(long_lines) * 0.9)] if len(long_lines) > 2 else max(long_lines)
    if right - left < 0.5 * statistics.median(page.width for page in pages):
        right = float("inf")  # no line runs across the page: each line is its own paragraph

    blocks: list[Block] = []
    current: list[TextLine] = []
    start: tuple[int, TextLine] | None = None
    open_ = False  # the last line ran to the right margin: the paragraph may go on
    prev: TextLine | None = None

    def flush() -> None:
        nonlocal current, start
        if current and start is not None:
            page_no, first = start
            level = 1 if first.size >= size * 1.25 else (
                2 if all(line.bold for line in current) and len(current) <= 2 else None)
            blocks.append(Paragraph(join_pieces(line.text for line in current),
                                    Origin(page=page_no, box=(first.x0, first.top, first.x1, first.bottom)),
                                    heading_level=level))
        current, start = [], None

    joined = _joined_tables(pages)
    numbers = {id(t): n for n, t in enumerate(joined, 1)}
    for page in pages:
        items: list[tuple[float, TextLine | PdfTable]] = [(line.top, line) for line in page.lines]
        items += [(t.box[1], t) for t in joined if t.page == page.number]
        items.sort(key=lambda item: item[0])
        page_first = True
        for _, item in items:
            if isinstance(item, PdfTable):
                flush()
                open_ = False
                blocks.append(table_grid(item, numbers[id(item)]))
                prev = None
                continue
            line = item
            indented = line.x0 > left + 1.2 * line.size
            resized = prev is not None and abs(line.size - prev.size) > 0.15 * max(line.size, prev.size)
            gap = prev is not None and not page_first and line.top - prev.bottom > 1.2 * max(line.size, size)
            if not open_ or indented or resized or gap:
                flush()
            if start is None:
                start = (page.number, line)
            current.append(line)
            open_ = line.x1 >= right - 0.9 * line.size
            prev = line
            page_first = False
        # a table ending a page also ends the paragraph before it; a full last line carries on
    flush()
    return blocks


def _joined_tables(pages: list[_Page]) -> list[PdfTable]:
    """Tables in order, a fragment joined to the one before when it continues it across a page."""
    out: list[PdfTable] = []
    for page in pages:
        for index, table in enumerate(page.tables):
            prev_page = pages[out[-1].last_page - 1] if out else None
            first_here = index == 0 and not any(line.bottom <= table.box[1] for line in page.lines)
            last_there = prev_page is not None and not any(
                line.top >= out[-1].box[3] - 1 for line in prev_page.lines) and out[-1].last_page == page.number - 1
            if out and first_here and last_there and continues(out[-1], table):
                out[-1] = join(out[-1], table)
            else:
                out.append(table)
    return out


def document_blocks(data: bytes, source: str) -> tuple[list[Block], list[Diagnostic]]:
    if len(data) > MAX_BYTES:
        raise ReadError(source, "", f"the PDF is {len(data):,} bytes (limit {MAX_BYTES:,})")
    if b"%PDF-" not in data[:1024]:
        raise ReadError(source, "", "not a PDF (no %PDF- header)")
    with bounded():
        pdf = _open(data, source)
        try:
            pages = _read_pages(pdf, source)
        except ReadError:
            raise
        except Exception as exc:
            raise _failure(exc, source, "a damaged PDF") from None
        finally:
            pdf.close()
    notes: list[Diagnostic] = []
    if not any(page.chars for page in pages):
        raise ReadError(source, "", "the PDF has no text layer (scanned pages are pictures); it needs OCR "
                                    "before it can be read")
    for page in pages:
        if not page.chars and page.images:
            notes.append(d.diagnostic(d.PAGE_NEEDS_OCR, "the page is a picture without text; it needs OCR",
                                      "本页是图片，没有文字层，需要先经 OCR 识别", Origin(page=page.number)))
        if page.undecoded:
            notes.append(d.diagnostic(
                d.UNDECODED_GLYPHS, f"{page.undecoded} character(s) cannot be decoded (the font has no Unicode map); "
                "they read as (cid:N)", f"{page.undecoded} 个字符无法解码（字体没有 Unicode 映射），读作 (cid:N)",
                Origin(page=page.number)))
    _drop_furniture(pages)
    return _paragraphs_and_tables(pages), notes
