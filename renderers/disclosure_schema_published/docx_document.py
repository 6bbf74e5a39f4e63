"""A Word (or WPS-saved) .docx as blocks: paragraphs with heading levels, tables with merges.

Read from the OOXML directly with lxml (already a dependency; python-docx hides the
``vMerge``/``gridSpan`` detail a grid needs and adds nothing else here). The zip is
checked before anything is inflated: the parts read have bounded sizes, and a part
that inflates past its declared size is cut off at the bound. WPS writes the same
OOXML as Word, with ``<w:vMerge w:val="continue"/>`` where Word writes ``<w:vMerge/>``;
both continue the cell above. Legacy binary files (.doc, .wps: OLE2) and OFD get a
ReadError that says what to save them as.
"""

from __future__ import annotations

import io
import re
import zipfile

import attrs
from lxml import etree

from disclosure_schema import ReadError
from disclosure_schema.plugins import Diagnostic
from disclosure_schema.reading import Block, Cell, Grid, Origin, Paragraph, Row

from .docx_numbering import Numbering
from .joining import collapse, join_pieces
from .sniff import OLE2_MAGIC

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_BYTES = 100_000_000
MAX_PART = 32 * 1024 * 1024  # inflated document.xml / styles.xml (a long report's is ~1 MB)
MAX_MEMBERS = 10_000
MAX_CELLS = 100_000
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_SKIP = {f"{W}del", f"{W}delText", f"{W}instrText", f"{W}txbxContent", f"{W}fldChar", f"{W}rPr", f"{W}pPr"}


def _refuse_legacy(data: bytes, source: str, names: list[str]) -> None:
    if data.startswith(OLE2_MAGIC):
        raise ReadError(source, "", "a legacy binary Word/WPS file (.doc/.wps) cannot be read; "
                                    "save it as .docx or .pdf and read that")
    if any(n.lower() == "ofd.xml" for n in names):
        raise ReadError(source, "", "an OFD document cannot be read; save (export) it as .pdf or .docx and read that")


def _part(archive: zipfile.ZipFile, name: str, source: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise ReadError(source, name, f"the part inflates to {info.file_size:,} bytes (limit {MAX_PART:,}); "
                                      "not a report")
    with archive.open(info) as stream:
        data = stream.read(MAX_PART + 1)
    if len(data) > MAX_PART:
        raise ReadError(source, name, f"the part inflates past {MAX_PART:,} bytes; not a report")
    return data


def _xml(data: bytes, source: str, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(source, f"{name}:{exc.lineno}", f"broken XML: {exc.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise ReadError(source, name, "a DOCTYPE is not allowed in a Word document")
    return root


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(f"{W}val")


@attrs.frozen
class _Styles:
    levels: dict[str, int]  # paragraph style id -> heading level
    numbered: dict[str, tuple[str, int]] = attrs.Factory(dict)  # style id -> (numId, ilvl) of its list

    @classmethod
    def parse(cls, root: etree._Element | None) -> _Styles:
        if root is None:
            return cls({})
        own: dict[str, int | None] = {}
        based: dict[str, str] = {}
        numbered: dict[str, tuple[str, int]] = {}
        for style in root.iter(f"{W}style"):
            sid = style.get(f"{W}styleId") or ""
            num = style.find(f"{W}pPr/{W}numPr")
            if num is not None and _val(num.find(f"{W}numId")):
                ilvl = _val(num.find(f"{W}ilvl")) or "0"
                numbered[sid] = (_val(num.find(f"{W}numId")) or "", int(ilvl) if ilvl.isdigit() else 0)
            name = (_val(style.find(f"{W}name")) or "").strip()
            outline = _val(style.find(f"{W}pPr/{W}outlineLvl"))
            match = _HEADING_NAME.match(name)
            if outline is not None and outline.isdigit() and int(outline) < 9:
                own[sid] = int(outline) + 1
            elif match:
                own[sid] = int(match.group(1))
            elif name.lower() in ("title", "标题"):
                own[sid] = 1
            else:
                own[sid] = None
            parent = _val(style.find(f"{W}basedOn"))
            if parent:
                based[sid] = parent
        levels: dict[str, int] = {}
        for sid in own:
            seen, cur = 0, sid
            while cur in own and own[cur] is None and cur in based and seen < 20:
                cur, seen = based[cur], seen + 1
            level = own.get(cur)
            if level is not None:
                levels[sid] = level
        return cls(levels, numbered)


def _text(p: etree._Element) -> str:
    """A paragraph's text as shown: runs in order, deletions and field codes left out, breaks as lines."""
    lines: list[list[str]] = [[]]

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == f"{W}t":
                lines[-1].append(child.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                lines[-1].append(" ")
            elif tag in (f"{W}br", f"{W}cr"):
                lines.append([])
            elif tag == f"{W}noBreakHyphen":
                lines[-1].append("-")
            elif tag == f"{W}p":
                lines.append([])
                walk(child)
                lines.append([])
            else:
                walk(child)

    walk(p)
    return join_pieces(collapse("".join(line)) for line in lines)


def _level(p: etree._Element, styles: _Styles) -> int | None:
    outline = _val(p.find(f"{W}pPr/{W}outlineLvl"))
    if outline is not None and outline.isdigit():
        return int(outline) + 1 if int(outline) < 9 else None
    style = _val(p.find(f"{W}pPr/{W}pStyle"))
    return styles.levels.get(style or "")


def _content(el: etree._Element, tags: tuple[str, ...]) -> list[etree._Element]:
    """Children with these tags, looking through content controls (w:sdt) and custom XML."""
    out: list[etree._Element] = []
    for child in el:
        if child.tag in tags:
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}smartTag"):
            inner = child.find(f"{W}sdtContent")
            out.extend(_content(inner if inner is not None else child, tags))
    return out


@attrs.define
class _Open:
    """A cell being built (rowspan grows as vMerge continuations are met)."""

    text: str
    col: int
    colspan: int
    row: int
    rowspan: int = 1


class _Reader:
    def __init__(self, styles: _Styles, numbering: Numbering, source: str) -> None:
        self.styles, self.numbering, self.source = styles, numbering, source
        self.blocks: list[Block] = []
        self.tables = 0
        self.cells = 0

    def body(self, el: etree._Element) -> None:
        for child in _content(el, (f"{W}p", f"{W}tbl")):
            if child.tag == f"{W}p":
                text = self.paragraph(child)
                if text:
                    self.blocks.append(Paragraph(text, Origin(), heading_level=_level(child, self.styles)))
            else:
                self.table(child)

    def paragraph(self, p: etree._Element) -> str:
        """The paragraph's text with the list label Word draws before it ("一、", "（二）")."""
        text = _text(p)
        num = p.find(f"{W}pPr/{W}numPr")
        style = _val(p.find(f"{W}pPr/{W}pStyle")) or ""
        if num is not None:
            num_id, ilvl = _val(num.find(f"{W}numId")) or "", _val(num.find(f"{W}ilvl")) or ""
            if not ilvl and style in self.styles.numbered:
                ilvl = str(self.styles.numbered[style][1])
        elif style in self.styles.numbered:
            num_id, level = self.styles.numbered[style]
            ilvl = str(level)
        else:
            return text
        if not text or num_id in ("", "0"):
            return text
        return self.numbering.label(num_id, int(ilvl) if ilvl.isdigit() else 0) + text

    def table(self, tbl: etree._Element) -> None:
        rows = _content(tbl, (f"{W}tr",))
        cells = [_content(tr, (f"{W}tc",)) for tr in rows]
        if sum(map(len, cells)) == 1 or any(tc.find(f".//{W}tbl") is not None for row in cells for tc in row):
            for row in cells:  # page layout: its content is read as the document
                for tc in row:
                    self.body(tc)
            return
        self.tables += 1
        number = self.tables
        built: list[list[_Open]] = []
        above: dict[int, _Open] = {}  # grid column -> the cell that a vMerge continuation extends
        for r, (tr, tcs) in enumerate(zip(rows, cells, strict=True)):
            col = int(_val(tr.find(f"{W}trPr/{W}gridBefore")) or 0) if (
                (_val(tr.find(f"{W}trPr/{W}gridBefore")) or "0").isdigit()) else 0
            out: list[_Open] = []
            for tc in tcs:
                self.cells += 1
                if self.cells > MAX_CELLS:
                    raise ReadError(self.source, f"table {number}", f"more than {MAX_CELLS:,} table cells; not a report")
                span_text = _val(tc.find(f"{W}tcPr/{W}gridSpan")) or "1"
                colspan = max(1, min(int(span_text) if span_text.isdigit() else 1, 1000))
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                hmerge = _val(tc.find(f"{W}tcPr/{W}hMerge"))
                text = join_pieces(self.paragraph(p) for p in _content(tc, (f"{W}p",)))
                if merge is not None and _val(merge) != "restart" and col in above:
                    above[col].rowspan = r - above[col].row + 1
                elif hmerge is not None and hmerge != "restart" and out:
                    out[-1].colspan += colspan
                else:
                    cell = _Open(text, col, colspan, r)
                    out.append(cell)
                    for c in range(col, col + colspan):
                        above.pop(c, None)
                    above[col] = cell
                col += colspan
            built.append(out)
        grid_rows = tuple(
            Row(tuple(Cell(c.text, Origin(table=number, row=r + 1, cell=c.col + 1), col=c.col, colspan=c.colspan,
                           rowspan=c.rowspan) for c in row), Origin(table=number, row=r + 1))
            for r, row in enumerate(built))
        self.blocks.append(Grid(grid_rows, Origin(table=number), positional=True))


def document_blocks(data: bytes, source: str) -> tuple[list[Block], list[Diagnostic]]:
    if len(data) > MAX_BYTES:
        raise ReadError(source, "", f"the file is {len(data):,} bytes (limit {MAX_BYTES:,})")
    _refuse_legacy(data, source, [])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ReadError(source, "", "not a Word document (.docx is a zip; this is not one)") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ReadError(source, "", f"the zip has {len(infos):,} members; not a Word document")
        names = [i.filename for i in infos]
        _refuse_legacy(data, source, names)
        try:
            document = _part(archive, "word/document.xml", source)
            styles = _part(archive, "word/styles.xml", source)
            numbering = _part(archive, "word/numbering.xml", source)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise ReadError(source, "", f"a damaged .docx ({exc})") from None
    if document is None:
        raise ReadError(source, "", "not a Word document (no word/document.xml)")
    root = _xml(document, source, "word/document.xml")
    body = root.find(f"{W}body")
    if body is None:
        raise ReadError(source, "word/document.xml", "no w:body")
    reader = _Reader(_Styles.parse(_xml(styles, source, "word/styles.xml") if styles else None),
                     Numbering(_xml(numbering, source, "word/numbering.xml") if numbering else None), source)
    reader.body(body)
    return reader.blocks, []
