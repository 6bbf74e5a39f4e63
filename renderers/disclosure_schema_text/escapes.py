"""Escapes that make the project's own text output unambiguous (see docs/text.md).

The backslash is the only escape character:

* ``\\\\`` is a backslash, ``\\|`` a vertical bar (table cells only), and
  ``\\u{HEX}`` any code point: control characters and line/paragraph separators,
  which a text file cannot carry inside one line, and in table cells also format
  characters (bidi controls, zero-width joiners) that would break the alignment.
* A narrative line that a reader could take for structure (a section heading,
  a table or border line, a page number, a ``#`` comment) is written with one
  leading backslash; a reader drops it.
"""

from __future__ import annotations

import re
import unicodedata

from .patterns import looks_structural

MARK = "\\"
_CELL_FAST = re.compile(r"[\\|\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_FAST = re.compile(r"[\\\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPE = re.compile(r"\\(?:u\{([0-9A-Fa-f]{1,6})\}|(.))", re.DOTALL)


def _code(ch: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == "|":
        return "\\|"
    return f"\\u{{{ord(ch):X}}}"


def escape_cell(text: str) -> str:
    """A cell's text on one line, with no bare ``|``; surrounding white space kept visible."""
    out = []
    for ch in text:
        if _CELL_FAST.match(ch) or unicodedata.category(ch) == "Cf":
            out.append(_code(ch))
        else:
            out.append(ch)
    # Readers strip cells, so white space at either end must be spelled out to survive.
    if out and out[0].isspace():
        out[0] = _code(out[0])
    if out and out[-1].isspace():
        out[-1] = _code(out[-1])
    return "".join(out)


def escape_text(line: str) -> str:
    """Text kept on one line: backslashes, control characters and line separators escaped."""
    return _LINE_FAST.sub(lambda m: _code(m.group(0)), line) if _LINE_FAST.search(line) else line


def escape_line(line: str) -> str:
    """One narrative line (no newline in it), escaped and marked if it looks like structure."""
    escaped = escape_text(line)
    if looks_structural(escaped):
        return MARK + escaped
    return escaped


def unescape(text: str) -> str:
    """Undo :func:`escape_cell` / the escapes of :func:`escape_line`; ``ValueError`` if malformed."""
    if "\\" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            code = int(m.group(1), 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise ValueError(f"\\u{{{m.group(1)}}} is not a character")
            return chr(code)
        if m.group(2) in ("\\", "|"):
            return m.group(2)
        raise ValueError(f"unknown escape \\{m.group(2)}")

    return _ESCAPE.sub(one, text)


def unescape_line(line: str) -> str:
    """A narrative line as written by :func:`escape_line`, back to its text."""
    if line.startswith(MARK) and not line.startswith(("\\\\", "\\u{")):
        line = line[1:]
        if line.startswith("|"):  # "\|" is both a mark and an escaped bar: same text either way
            return "|" + unescape(line[1:])
    return unescape(line)


def split_cells(line: str) -> list[str]:
    """Split a table line on the bars that are not escaped; cells keep their escapes."""
    cells, start, i = [], 0, 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "|":
            cells.append(line[start:i])
            start = i + 1
        i += 1
    cells.append(line[start:])
    return cells
