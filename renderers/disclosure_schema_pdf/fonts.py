"""Fonts: the built-in CID font by default or embedded TrueType files, and which one draws each character.

Nothing is replaced silently: a character no chosen font can draw is a
``RenderError`` that names it and where it is.

ReportLab 5.1 writes a character outside the BMP into an embedded font's
ToUnicode map as five hex digits (``<20000>``), which PDF readers reject, so
such a character is drawn but cannot be copied or searched. Importing this
module mends that one function to write UTF-16 (``<D840DC00>``), as the PDF
specification asks.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
from collections.abc import Callable, Sequence

import attrs
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from disclosure_schema import RenderError

from . import cid_coverage

CID_FONT = "STSong-Light"

_BFCHAR_BEYOND_BMP = re.compile(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.M)
_make_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap_utf16(fontname: str, subset: Sequence[int]) -> str:
    text: str = _make_to_unicode_cmap(fontname, subset)
    return _BFCHAR_BEYOND_BMP.sub(
        lambda m: f"{m.group(1)}<{chr(int(m.group(2), 16)).encode('utf-16-be').hex().upper()}>", text
    )


if not getattr(ttfonts.makeToUnicodeCMap, "mended_by_disclosure_schema", False):
    _to_unicode_cmap_utf16.mended_by_disclosure_schema = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap_utf16


@attrs.frozen
class Face:
    """A font registered with ReportLab, and the characters it can draw."""

    name: str  # ReportLab's registered name
    label: str  # what a message calls it: the CID font's name or the file
    covers: Callable[[int], bool]


def cid_face() -> Face:
    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return Face(CID_FONT, CID_FONT, cid_coverage.covers)


_TTF_CACHE: dict[tuple[str, int, int], Face] = {}


def ttf_face(path: str) -> Face:
    """A TrueType (.ttf, or the first font of a .ttc) file, embedded as a subset."""
    try:
        stat = os.stat(path)
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise RenderError(f"font file {path!r} cannot be read: {exc.strerror or exc}") from exc
    key = (os.path.realpath(path), stat.st_mtime_ns, stat.st_size)
    cached = _TTF_CACHE.get(key)
    if cached is not None:
        return cached
    kind = outline_kind(data)
    if kind == "cff":
        raise RenderError(
            f"font file {path!r} has PostScript (CFF) outlines; ReportLab embeds only TrueType (glyf) "
            "outlines, so use a TrueType font (.ttf/.ttc), e.g. AR PL SungtiL GB or WenQuanYi Zen Hei"
        )
    if kind != "truetype":
        raise RenderError(f"font file {path!r} is not a TrueType font ({kind})")
    # The registered name depends on the file's content only, so output does not depend on paths.
    name = "DS-" + hashlib.sha256(data).hexdigest()[:16]
    try:
        font = TTFont(name, path, subfontIndex=0)
    except (TTFError, ValueError, struct.error, IndexError, KeyError) as exc:
        raise RenderError(f"font file {path!r} cannot be used: {exc}") from exc
    pdfmetrics.registerFont(font)
    glyphs: dict[int, int] = font.face.charToGlyph
    face = Face(name, path, lambda cp: glyphs.get(cp, 0) != 0)
    _TTF_CACHE[key] = face
    return face


def outline_kind(data: bytes) -> str:
    """ "truetype", "cff", or what else the file is, from its sfnt header (first font of a collection)."""
    offset = 0
    if data[:4] == b"ttcf":
        if len(data) < 16:
            return "a truncated font collection"
        (offset,) = struct.unpack(">I", data[12:16])
    head = data[offset : offset + 12]
    if len(head) < 12:
        return "not an OpenType/TrueType file"
    if head[:4] == b"OTTO":
        return "cff"
    if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
        return "not an OpenType/TrueType file"
    (count,) = struct.unpack(">H", head[4:6])
    tags = {data[offset + 12 + 16 * i : offset + 16 + 16 * i] for i in range(count)}
    if b"glyf" in tags:
        return "truetype"
    if tags & {b"CFF ", b"CFF2"}:
        return "cff"
    return "a font without glyph outlines"


@attrs.frozen
class FontSet:
    """The main face and an optional fallback; each character goes to the first that has it."""

    faces: Sequence[Face]

    @property
    def main(self) -> str:
        return self.faces[0].name

    def can_draw(self, char: str) -> bool:
        return any(face.covers(ord(char)) for face in self.faces)

    def assign(self, text: str, where: str, offset: int = 0) -> list[str]:
        """The face name for each character of ``text``; ``where`` says what the text is."""
        names: list[str] = []
        for pos, char in enumerate(text, start=offset + 1):
            cp = ord(char)
            for face in self.faces:
                if face.covers(cp):
                    names.append(face.name)
                    break
            else:
                tried = " or ".join(f.label for f in self.faces)
                raise RenderError(
                    f"{where}, character {pos}: U+{cp:04X} {char!r} cannot be drawn with {tried}; "
                    "give a font that has it (--font FILE or --option fallback_font=FILE)"
                )
        return names


# Latin-1 symbols real reports use that STSong-Light's UCS-2 CMap lacks ("·" U+00B7,
# "•" U+2022): the PDF base font Helvetica has them and, like the CID font, needs no file.
LATIN_FONT = "Helvetica"


def winansi_covers(cp: int) -> bool:
    if cp < 0x20 or cp == 0x7F:
        return False
    try:
        chr(cp).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def latin_face() -> Face:
    return Face(LATIN_FONT, f"{LATIN_FONT} (PDF base font)", winansi_covers)


def font_set(font: str | None, fallback: str | None) -> FontSet:
    """The faces in order. With the built-in CID font, Helvetica is the declared last resort
    for Latin-1 symbols; with an embedded font nothing unembedded is added."""
    main = ttf_face(font) if font else cid_face()
    faces = [main]
    if fallback:
        faces.append(ttf_face(fallback))
    if not font:
        faces.append(latin_face())
    return FontSet(tuple(faces))
