"""Font faces: embedded TrueType files (or the built-in CID font as the last resort), and which draws each character.

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
import io
import os
import re
import struct
from collections.abc import Callable, Sequence

import attrs
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from disclosure_schema import RenderError

from . import cid_coverage, convert, sfnt

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


@attrs.frozen(cache_hash=True)
class Face:
    """A font registered with ReportLab, and the characters it can draw."""

    name: str  # ReportLab's registered name
    label: str  # what a message calls it: the CID font's name or the file
    covers: Callable[[int], bool]


def cid_face() -> Face:
    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return Face(CID_FONT, CID_FONT, cid_coverage.covers)


_TTF_CACHE: dict[tuple[str, int, int, int], Face] = {}


def ttf_face(path: str, index: int = 0) -> Face:
    """Font ``index`` of a TrueType/OpenType file (.ttf/.ttc/.otf/.otc), embedded as a subset.

    CFF outlines are converted to TrueType once (``convert.py``); a font whose
    licence bits forbid embedding is refused with the reason.
    """
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise RenderError(f"font file {path!r} cannot be read: {exc.strerror or exc}") from exc
    key = (os.path.realpath(path), index, stat.st_mtime_ns, stat.st_size)
    cached = _TTF_CACHE.get(key)
    if cached is not None:
        return cached
    try:
        info = sfnt.face(path, index)
    except (OSError, ValueError, IndexError, struct.error) as exc:
        raise RenderError(f"font file {path!r} is not a TrueType font ({exc})") from exc
    refusal = sfnt.embedding_refusal(info.fs_type)
    if refusal:
        raise RenderError(f"font file {path!r} cannot be embedded: {refusal}")
    source, source_index = path, index
    if info.outlines == "cff":
        source, source_index = convert.truetype_copy(path, index), 0
    elif info.outlines != "truetype":
        raise RenderError(f"font file {path!r} is not a TrueType font ({info.outlines})")
    try:
        with open(source, "rb") as fh:
            data = fh.read()
        # The registered name depends on the font's content only, so output does not depend on paths.
        name = "DS-" + hashlib.sha256(data + str(source_index).encode()).hexdigest()[:16]
        font = TTFont(name, io.BytesIO(data), subfontIndex=source_index)
    except OSError as exc:
        raise RenderError(f"font file {source!r} cannot be read: {exc.strerror or exc}") from exc
    except (TTFError, ValueError, struct.error, IndexError, KeyError) as exc:
        raise RenderError(f"font file {path!r} cannot be used: {exc}") from exc
    pdfmetrics.registerFont(font)
    glyphs: dict[int, int] = font.face.charToGlyph
    family = info.families[0] if info.families else os.path.basename(path)
    face = Face(name, f"{family} ({path}{f' #{index}' if index else ''})", lambda cp: glyphs.get(cp, 0) != 0)
    _TTF_CACHE[key] = face
    return face


def only_ascii(face: Face) -> Face:
    """``face`` for Latin letters, digits and signs only: the numbers role (Times New Roman beside 仿宋)."""
    return Face(face.name, face.label, lambda cp: 0x20 < cp < 0x7F and face.covers(cp))


@attrs.frozen(cache_hash=True)  # a key of the measurement caches: hashed thousands of times a report
class FontSet:
    """The faces of one role in order; each character goes to the first that has it.

    ``bold`` draws the role thicker (fill and stroke) for a face without a
    bold cut: a 宋体 standing in for 小标宋 in the title.
    """

    faces: Sequence[Face]
    bold: bool = False
    # Which face draws each character seen so far: the same few thousand characters in every report.
    _chosen: dict[str, str] = attrs.field(factory=dict, eq=False, hash=False, repr=False)

    @property
    def main(self) -> str:
        return self.faces[0].name

    def can_draw(self, char: str) -> bool:
        return any(face.covers(ord(char)) for face in self.faces)

    def assign(self, text: str, where: str, offset: int = 0) -> list[str]:
        """The face name for each character of ``text``; ``where`` says what the text is."""
        names: list[str] = []
        faces, chosen = self.faces, self._chosen
        for pos, char in enumerate(text, start=offset + 1):
            known = chosen.get(char)
            if known is not None:
                names.append(known)
                continue
            cp = ord(char)
            for face in faces:
                if face.covers(cp):
                    names.append(face.name)
                    chosen[char] = face.name
                    break
            else:
                tried = " or ".join(dict.fromkeys(f.label for f in faces))
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
