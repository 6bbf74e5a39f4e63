"""Reading .docx: our own files exactly from the embedded data, and what a clerk changed.

Every data cell carries a hidden bookmark naming it. A cell whose text differs
from the embedded value (as the renderer writes it) was edited: its text is read
as the cell's kind and wins, and a diagnostic names the cell and both texts. A
narrative whose paragraphs differ from the embedded text is read from the
document (one line a paragraph), with a diagnostic. A Word file we did not
write is read from its paragraphs and tables by the shared reading pipeline;
legacy .doc/.wps and OFD files get a clear "save as" error.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from disclosure_schema import ReadError, Report, parse_cell, stacked_layout
from disclosure_schema.layout import Role
from disclosure_schema.plugins import Diagnostic, ReadResult, report_from_json

from .document import bookmark_name, narrative_lines
from .ooxml import REPORT_NS, W, visible

if TYPE_CHECKING:
    from lxml.etree import _Element

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .et: the old binary formats
MAX_PART = 64 * 1024 * 1024  # an unpacked part larger than this is refused (a zip bomb)

_SAVE_AS = "save it as .docx (Word or WPS: 文件 → 另存为 → Word 文档 .docx) or as PDF text, and read that"


def read_docx(data: bytes, source: str) -> ReadResult:
    if data.startswith(OLE2):
        raise ReadError(source, "", f"a legacy Word/WPS file (.doc/.wps) cannot be read; {_SAVE_AS}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReadError(source, "", f"not a .docx file (a damaged zip archive: {exc})") from None
    if "OFD.xml" in names:
        raise ReadError(source, "", f"an OFD file cannot be read; {_SAVE_AS}")
    if "word/document.xml" not in names:
        raise ReadError(source, "", "not a Word document (a zip archive without word/document.xml)")
    embedded = _embedded(archive, names, source)
    if embedded is None:
        return read_published_document(data, source)
    document = _parse(archive, "word/document.xml", source)
    return _apply_edits(embedded, document, source)


def _part(archive: zipfile.ZipFile, name: str, source: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART:
        raise ReadError(source, name, f"part is {info.file_size} bytes unpacked; the limit is {MAX_PART}")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise ReadError(source, name, f"cannot unpack: {exc}") from None


def _parse(archive: zipfile.ZipFile, name: str, source: str) -> _Element:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(_part(archive, name, source), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(source, f"{name}:{exc.lineno}", f"not well-formed XML: {exc.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise ReadError(source, name, "a document type declaration is not allowed")
    return root


def _embedded(archive: zipfile.ZipFile, names: set[str], source: str) -> Report | None:
    """The report in the custom XML part, if there is one (Word and LibreOffice may renumber the items)."""
    for name in sorted(n for n in names if n.startswith("customXml/item") and not n.startswith("customXml/itemProps")):
        root = _parse(archive, name, source)
        if root.tag == f"{{{REPORT_NS}}}report":
            return report_from_json(root.text or "", f"{source}:{name}")
    return None


def _cell_texts(document: _Element) -> dict[str, str]:
    """The text of every cell that holds one of our bookmarks, by bookmark name."""
    w = f"{{{W}}}"
    out: dict[str, str] = {}
    for mark in document.iter(f"{w}bookmarkStart"):
        name = mark.get(f"{w}name") or ""
        if not name.startswith("_ds"):
            continue
        cell = mark.getparent()
        while cell is not None and cell.tag != f"{w}tc":
            cell = cell.getparent()
        if cell is None:
            continue
        out[name] = "\n".join(_paragraph_text(p) for p in cell.iter(f"{w}p"))
    return out


def _paragraph_text(p: _Element) -> str:
    w = f"{{{W}}}"
    parts = [node.text or "" if node.tag == f"{w}t" else "\t" if node.tag == f"{w}tab" else "\n"
             for node in p.iter(f"{w}t", f"{w}tab", f"{w}br", f"{w}cr")]
    return "".join(parts)


def _narratives(document: _Element) -> list[list[str]] | None:
    """Per section heading (``Heading1`` paragraphs after the title), the texts of the paragraphs
    up to the next one; tables are skipped. None when there is no body."""
    w = f"{{{W}}}"
    body = document.find(f"{w}body")
    if body is None:
        return None
    out: list[list[str]] = []
    for p in body.iterfind(f"{w}p"):
        style = p.find(f"{w}pPr/{w}pStyle")
        if style is not None and style.get(f"{w}val") == "Heading1":
            out.append([])
        elif out:
            text = _paragraph_text(p).strip(" \u3000\t")
            if text:
                out[-1].append(text)
    return out


def _narrative_edits(report: Report, document: _Element) -> tuple[Report, list[Diagnostic]]:
    found = _narratives(document)
    sections = report.format.sections
    if found is None or len(found) != len(sections):
        return report, [Diagnostic("the section headings of the document changed; the narratives are the embedded "
                                   "ones", location="document", message_zh="文档的章节标题有变动，正文采用内嵌数据")]
    notes = []
    for section, paragraphs in zip(sections, found, strict=True):
        if not section.is_narrative:
            continue
        written = narrative_lines(report.sections.get(section.id, ""))
        if paragraphs != [visible(x) for x in written]:
            report = report.with_text(section.id, "\n".join(paragraphs))
            notes.append(Diagnostic("edited in the document (the document's text is used)",
                                    location=f"section {section.id}", message_zh="文档中已修改（采用文档中的文字）"))
    return report, notes


def _apply_edits(report: Report, document: _Element, source: str) -> ReadResult:
    texts = _cell_texts(document)
    fmt = report.format
    changes = {}
    report, notes = _narrative_edits(report, document)
    for t, table in enumerate(fmt.tables):
        lay = stacked_layout(table)
        values = [c for c in lay.cells if c.role is Role.VALUE]
        for k, cell in enumerate(values):
            assert cell.key is not None
            found = texts.get(bookmark_name(t, k))
            where = f"table {table.id} cell {cell.key[1]}/{cell.key[2]}"
            if found is None:
                notes.append(Diagnostic("the cell is not in the document's tables any more; the embedded value is kept",
                                        location=where, message_zh="文档表格中找不到该单元格，保留内嵌数据"))
                continue
            written = visible(cell.text_in(report))
            if found.strip() == written.strip():
                continue
            kind = fmt.cell_kinds[cell.key]
            changes[cell.key] = parse_cell(found, kind)
            labels = " / ".join(lay.cells[h].text for h in cell.headers)
            notes.append(Diagnostic(f"{labels}: edited in the document: {written!r} → {found.strip()!r} (the "
                                    "document's value is used)", location=where,
                                    message_zh=f"{labels}：文档中已修改：{written!r} → {found.strip()!r}（采用文档中的值）"))
    if changes:
        report = report.with_cells(changes)
    return ReadResult(report, tuple(notes))


def read_published_document(data: bytes, source: str) -> ReadResult:
    """A Word file an agency wrote: its paragraphs and tables through the reading pipeline."""
    from disclosure_schema.reading import read_blocks
    from disclosure_schema_published import docx_blocks

    blocks, notes = docx_blocks(data, source)
    return read_blocks(blocks, source, notes=notes)
