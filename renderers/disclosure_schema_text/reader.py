"""The text reader: the project's own output exactly, published report text leniently."""

from __future__ import annotations

import re

from disclosure_schema import CellValueError, ReadError
from disclosure_schema.plugins import MAX_DIGITS, Diagnostic, ReadResult

from .document import MAGIC
from .own import read_own
from .published import read_published

_SIGNS = ("政府信息公开", "政务公开", "主动公开")
_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1}}}")
_HINT = "save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"


def decode(data: bytes, source: str) -> tuple[list[str], list[Diagnostic]]:
    """The input's lines and a note on its encoding, or a ``ReadError`` saying why it is not text.

    UTF-8 (with or without a BOM) is read as it is; UTF-16 (by its BOM) and GB18030/GBK
    (common on Chinese sites) are decoded with a diagnostic saying so.
    """
    notes: list[Diagnostic] = []
    text: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(source, f"byte {exc.start + 1}", "broken UTF-16 text") from None
        notes.append(_encoding_note("UTF-16"))
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ReadError(source, _where(data, nul), "binary data (a NUL byte), not report text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ReadError(source, _where(data, exc.start), f"not UTF-8 text; {_HINT}") from None
            notes.append(_encoding_note("GB18030"))
    if not text.strip():
        raise ReadError(source, "line 1", "the input is empty")
    if "\r" in text:  # CRLF (Windows) and CR alone (old Mac editors) end lines as LF does
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines, notes


def _encoding_note(name: str) -> Diagnostic:
    return Diagnostic(f"the text is not UTF-8; it was decoded as {name}", severity="info",
                      message_zh=f"文本不是 UTF-8 编码，已按 {name} 解码", code="read.encoding")


def _where(data: bytes, offset: int) -> str:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return f"line {line}, byte {offset - line_start + 1}"


class TextReader:
    name = "text"
    description = "plain text: this package's text/pipe output exactly, published reports leniently (docs/text.md)"
    suffixes = (".txt", ".text", ".md")
    fallback = True  # any text with the signs of a report: asked after the strict readers

    def sniff(self, data: bytes) -> bool:
        head = data[:65536]
        if head.lstrip(b"\xef\xbb\xbf").startswith(MAGIC.encode()):
            return True
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = head[:len(head) // 2 * 2].decode("utf-16", errors="ignore")
        elif b"\x00" in head:
            return False
        else:
            text = head.decode("utf-8-sig", errors="ignore")
            if not any(sign in text for sign in _SIGNS):
                text = head.decode("gb18030", errors="ignore")
        return any(sign in text for sign in _SIGNS)

    def read(self, data: bytes, source: str) -> ReadResult:
        lines, notes = decode(data, source)
        if lines[0].startswith(MAGIC):
            return read_own(lines, source)
        try:
            return read_published(lines, source, notes=notes)
        except CellValueError as exc:  # a number too long for a cell: say on which line
            line = next((i for i, text in enumerate(lines, 1) if _LONG_NUMBER.search(text)), None)
            raise ReadError(source, f"line {line}" if line else "", str(exc)) from None
