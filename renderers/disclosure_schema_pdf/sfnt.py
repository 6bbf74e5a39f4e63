"""What a font file is, read from its sfnt headers alone: outlines, family names, embedding bits.

Reading only the table directory and the ``name``/``OS/2`` tables (a few
kilobytes with seeks) keeps scanning a fonts folder fast; fontTools is needed
only to convert outlines (``convert.py``).
"""

from __future__ import annotations

import struct
from typing import BinaryIO

import attrs

# OS/2 fsType: what the font's licence lets a document do with it.
RESTRICTED = 0x0002  # no embedding at all
BITMAP_ONLY = 0x0200  # only bitmaps may be embedded, not outlines
NO_SUBSETTING = 0x0100  # the whole font must be embedded


@attrs.frozen
class FaceInfo:
    """One font of a file (a .ttc holds several): where it is and what it says about itself."""

    index: int
    outlines: str  # "truetype", "cff", or why neither
    families: tuple[str, ...]  # every family name, in every language the file gives
    style: str
    fs_type: int


def _read(fh: BinaryIO, offset: int, size: int) -> bytes:
    fh.seek(offset)
    data = fh.read(size)
    if len(data) < size:
        raise ValueError("truncated font file")
    return data


def _offsets(fh: BinaryIO) -> list[int]:
    head = _read(fh, 0, 12)
    if head[:4] == b"ttcf":
        (count,) = struct.unpack(">I", head[8:12])
        return list(struct.unpack(f">{count}I", _read(fh, 12, 4 * min(count, 64))))
    return [0]


def _tables(fh: BinaryIO, offset: int) -> tuple[bytes, dict[bytes, tuple[int, int]]]:
    head = _read(fh, offset, 12)
    (count,) = struct.unpack(">H", head[4:6])
    raw = _read(fh, offset + 12, 16 * count)
    tables = {}
    for i in range(count):
        tag, _, where, length = struct.unpack(">4sIII", raw[16 * i : 16 * i + 16])
        tables[tag] = (where, length)
    return head[:4], tables


def _outlines(version: bytes, tags: set[bytes]) -> str:
    if version == b"OTTO" or tags & {b"CFF ", b"CFF2"}:
        return "cff"
    if version not in (b"\x00\x01\x00\x00", b"true"):
        return "not an OpenType/TrueType font"
    return "truetype" if b"glyf" in tags else "a font without glyph outlines"


def _names(data: bytes) -> tuple[tuple[str, ...], str]:
    """Family names (typographic, id 16, then legacy, id 1; every language) and the style name.

    The style is the English typographic subfamily (17), else the English subfamily (2), else
    whatever subfamily the font gives.
    """
    _, count, strings = struct.unpack(">HHH", data[:6])
    families: dict[int, list[str]] = {1: [], 16: []}
    styles: dict[tuple[int, bool], str] = {}
    for i in range(count):
        platform, encoding, language, name_id, length, where = struct.unpack(
            ">HHHHHH", data[6 + 12 * i : 18 + 12 * i])
        if name_id not in (1, 2, 16, 17):
            continue
        raw = data[strings + where : strings + where + length]
        if platform in (0, 3):
            text = raw.decode("utf-16-be", "replace")
        elif platform == 1 and encoding == 0:
            text = raw.decode("mac_roman", "replace")
        else:
            continue
        if name_id in (2, 17):
            styles.setdefault((name_id, language in (0, 0x409)), text)
        elif text not in families[name_id]:
            families[name_id].append(text)
    ordered = families[16] + [f for f in families[1] if f not in families[16]]
    style = next((styles[k] for k in ((17, True), (2, True), (17, False), (2, False)) if k in styles), "")
    return tuple(ordered), style


def faces(path: str) -> list[FaceInfo]:
    """Every font in the file at ``path``; raises ``OSError`` or ``ValueError`` when it is no font."""
    out = []
    with open(path, "rb") as fh:
        for index, offset in enumerate(_offsets(fh)):
            version, tables = _tables(fh, offset)
            families: tuple[str, ...] = ()
            style = ""
            fs_type = 0
            if b"name" in tables:
                families, style = _names(_read(fh, *tables[b"name"]))
            if b"OS/2" in tables and tables[b"OS/2"][1] >= 10:
                (fs_type,) = struct.unpack(">H", _read(fh, tables[b"OS/2"][0] + 8, 2))
            out.append(FaceInfo(index, _outlines(version, set(tables)), families, style, fs_type))
    return out


def face(path: str, index: int = 0) -> FaceInfo:
    found = faces(path)
    if not 0 <= index < len(found):
        raise ValueError(f"the file holds {len(found)} font(s), there is no font number {index}")
    return found[index]


def embedding_refusal(fs_type: int) -> str | None:
    """Why the licence bits forbid embedding this font in a PDF we subset, or ``None``."""
    if fs_type & 0x000F == RESTRICTED:
        return "its licence (OS/2 fsType 0x0002, restricted) forbids embedding it in a document"
    if fs_type & BITMAP_ONLY:
        return "its licence (OS/2 fsType 0x0200) allows embedding bitmaps only, not outlines"
    if fs_type & NO_SUBSETTING:
        return "its licence (OS/2 fsType 0x0100) forbids embedding a subset, and whole CJK fonts are megabytes"
    return None
