"""A saved web page as blocks: paragraphs in document order, data tables as grids.

Parsed with ``lxml.html`` (libxml2's HTML parser: no DTD, no entity expansion beyond
HTML's named characters, no network). Site chrome — scripts, menus, headers, footers,
share bars, "打印本页 / 关闭窗口" links — is dropped by structure (tags, class and id
names) and by whole-paragraph boilerplate phrases; an element that holds a table or a
long run of non-link text is never dropped, so report content survives a badly
named wrapper. A table whose cells hold other tables, or that is a single cell, is
page layout: its content is read as the page, and only the data tables become grids.
"""

from __future__ import annotations

import re

from lxml import etree, html

from disclosure_schema import ReadError
from disclosure_schema.plugins import Diagnostic
from disclosure_schema.reading import Block, Grid, Origin, Paragraph

from . import diagnostics as d
from .encoding import decode_page
from .html_tables import MAX_CELLS, TooLarge, row_cells, table_grid, table_rows
from .joining import collapse, join_pieces

MAX_BYTES = 20_000_000  # a report page is well under 1 MB
MAX_DEPTH = 200  # deeper nesting is flattened to its text

_DROP_TAGS = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
              "embed", "svg", "form", "button", "select", "input", "textarea", "option", "map", "canvas",
              "audio", "video"}
_CHROME_TAGS = {"nav", "header", "footer", "aside", "menu"}
_CHROME_WORDS = {"nav", "navbar", "navigation", "menu", "menus", "submenu", "footer", "foot", "header", "topbar",
                 "share", "bdshare", "jiathis", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "sidebar",
                 "toolbar", "copyright", "login", "search", "print", "fontsize", "qrcode", "ewm", "gotop", "backtop", "position", "dqwz", "wzdh", "sitemap"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
               "center", "body", "html", "td", "th", "tr", "caption", "figure", "figcaption", "address", "hr",
               "h1", "h2", "h3", "h4", "h5", "h6"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# A whole paragraph made only of these is a page control, not report text.
_BOILERPLATE = re.compile(
    r"^(?:[【\[（(]?\s*(?:打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|回到顶部|返回|保存本页|收藏本页|收藏|"
    r"我要纠错|纠错|分享到[：:]?\S{0,30}|分享|字号[：:]?\s*[大中小\s]*|字体[：:]?\s*[大中小\s]*|【?\s*大\s*中\s*小\s*】?|"
    r"扫一扫在手机打开当前页|扫一扫|上一篇[：:]?.{0,40}|下一篇[：:]?.{0,40}|视力保护色|浏览次数[：:]?\s*\d*|"
    r"访问量[：:]?\s*\d*)\s*[】\]）)]?[\s|｜]*)+$"
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_NON_LINK_TEXT_KEEP = 80  # a chrome-looking element with this much non-link text is content


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _words(el: html.HtmlElement) -> set[str]:
    words: set[str] = set()
    for attr in ("class", "id"):
        for token in (el.get(attr) or "").lower().split():
            words.add(token)
            words.update(p for p in re.split(r"[-_]", token) if p)
    return words


def _non_link_text(el: html.HtmlElement) -> int:
    total = 0
    for node in el.iter():
        if _tag(node) in ("a", "script", "style"):
            total += len((node.tail or "").strip())
            continue
        total += len((node.text or "").strip())
        total += len((node.tail or "").strip()) if node is not el else 0
    return total


def _is_chrome(el: html.HtmlElement) -> bool:
    tag = _tag(el)
    if tag not in _CHROME_TAGS and not (_words(el) & _CHROME_WORDS):
        return False
    if el.find(".//table") is not None:
        return False
    if tag not in ("nav", "footer") and any(_tag(h) in ("h1", "h2", "h3") for h in el.iter()):
        return False  # <div class="article-header"><h1>title</h1>: the report's own heading
    return _non_link_text(el) < _NON_LINK_TEXT_KEEP


def _is_icon(img: html.HtmlElement) -> bool:
    """A bullet, logo or button: declared smaller than any table picture could be."""
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < 100:
            return True
    return False


def _is_layout(table: html.HtmlElement) -> bool:
    """Page layout, not data: a table holding another table, or one column framing content.

    Every table of a report has at least two columns (a label and a value), so a
    one-column "table" is a frame around paragraphs, read as the page.
    """
    if table.find(".//table") is not None:
        return True
    return max((len(row_cells(r)) for r in table_rows(table)), default=0) <= 1


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.para_line: int | None = None
        self.para_level: int | None = None
        self.tables = 0
        self.budget = [MAX_CELLS]
        self.images: list[tuple[int | None, str]] = []  # (line, text of the paragraph before it)

    def text(self, value: str | None, line: int | None) -> None:
        if value and value.strip():
            if not self.pieces:
                self.para_line = line
            self.pieces.append(value)
        elif value and self.pieces:
            self.pieces.append(" ")

    def flush(self) -> None:
        text = join_pieces(collapse(p) for p in "".join(self.pieces).splitlines())
        if text and not _BOILERPLATE.match(text):
            self.blocks.append(Paragraph(text, Origin(line=self.para_line), heading_level=self.para_level))
        self.pieces.clear()
        self.para_level = None

    def walk(self, el: html.HtmlElement, depth: int) -> None:
        tag = _tag(el)
        if tag in _DROP_TAGS or not tag or _is_chrome(el):
            return
        if tag == "img":
            if not _is_icon(el):
                self.images.append((el.sourceline, self._last_text()))
            return
        if tag == "table" and not _is_layout(el):
            self.flush()
            self.tables += 1
            try:
                grid = table_grid(el, self.tables, self.budget)
            except TooLarge as exc:
                raise ReadError("", f"line {el.sourceline}", str(exc)) from None
            if grid.rows:
                self.blocks.append(grid)
            return
        if depth > MAX_DEPTH:  # flattened: its text still counts, its structure does not
            self.text(" ".join(el.itertext()), el.sourceline)
            return
        block = tag in _BLOCK_TAGS or tag == "table" or tag == "br"
        if block:
            self.flush()
        if tag in _HEADINGS:
            self.para_level = _HEADINGS[tag]
        self.text(el.text, el.sourceline)
        for child in el:
            self.walk(child, depth + 1)
            self.text(child.tail, child.sourceline)
        if block:
            self.flush()

    def _last_text(self) -> str:
        if self.pieces:
            return collapse("".join(self.pieces))[:40]
        for block in reversed(self.blocks):
            if isinstance(block, Paragraph):
                return block.text[:40]
        return ""


def page_blocks(data: bytes, source: str) -> tuple[list[Block], list[Diagnostic]]:
    if len(data) > MAX_BYTES:
        raise ReadError(source, "", f"the page is {len(data):,} bytes; a report page is far smaller "
                                    f"(limit {MAX_BYTES:,})")
    decoded = decode_page(data)
    notes: list[Diagnostic] = []
    if decoded.how == "damaged":
        notes.append(d.diagnostic(d.ENCODING_DAMAGED,
                                  "the page is neither UTF-8 nor GB18030; undecodable bytes were replaced by �",
                                  "网页既不是 UTF-8 也不是 GB18030 编码，无法解码的字节已替换为 �"))
    elif decoded.how == "tried" and (decoded.declared or decoded.encoding != "utf-8"):
        said = f"declares {decoded.declared!r}" if decoded.declared else "declares no charset"
        said_zh = f"声明的编码为 {decoded.declared}" if decoded.declared else "未声明编码"
        notes.append(d.diagnostic(d.ENCODING_GUESSED, f"the page {said}; it was read as {decoded.encoding}",
                                  f"网页{said_zh}，已按 {decoded.encoding} 读取", severity="info"))
    text = _XML_DECLARATION.sub("", decoded.text.replace("\x00", ""), count=1)  # XHTML; lxml refuses it in a str
    if not text.strip():
        raise ReadError(source, "", "the page is empty")
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                             huge_tree=False, default_doctype=False)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(source, "", f"not a readable HTML page: {exc}") from None
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:  # libxml2 stops there (nesting past 256 levels): the rest of the page would be lost silently
        raise ReadError(source, f"line {fatal[0].line}", f"the page cannot be parsed past this point: {fatal[0].message}")
    walker = _Walker()
    try:
        walker.walk(root, 0)
    except ReadError as exc:
        raise ReadError(source, exc.location, exc.message) from None
    walker.flush()
    if walker.images:
        line, after = walker.images[0]
        grids = sum(isinstance(b, Grid) for b in walker.blocks)
        where = f" (the first after “{after}”)" if after else ""
        where_zh = f"（第一张位于“{after}”之后）" if after else ""
        severity = "warning" if grids < 3 else "info"
        notes.append(d.diagnostic(
            d.TABLE_IS_IMAGE,
            f"the page shows {len(walker.images)} picture(s) in its content{where} and {grids} table(s) as text; "
            "tables published as pictures cannot be read without OCR",
            f"网页正文含 {len(walker.images)} 张图片{where_zh}、{grids} 个文字表格；以图片发布的表格需先经 OCR 识别才能读取",
            Origin(line=line), severity=severity))
    return walker.blocks, notes
