"""OpenType fonts with PostScript (CFF) outlines turned into TrueType, once, and kept in a cache.

ReportLab embeds only TrueType (glyf) outlines, while most free CJK fonts
(Noto CJK, Source Han) are CFF. fontTools redraws every glyph with quadratic
curves (cu2qu, within 1 font unit) and writes a TrueType font with the same
metrics, names and cmap; the file goes to the user's cache folder, keyed by
the source file, so the minute it takes is spent once per font.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

from disclosure_schema import RenderError

CONVERTER_VERSION = "1"  # bump when the conversion changes, so old cached files are not used
MAX_ERROR = 1.0  # font units: how far a quadratic curve may stray from the cubic one


def cache_dir() -> Path:
    """Where converted fonts are kept: ``$DISCLOSURE_SCHEMA_CACHE`` or the platform's cache folder."""
    own = os.environ.get("DISCLOSURE_SCHEMA_CACHE")
    if own:
        return Path(own) / "fonts"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "disclosure-schema" / "Cache" / "fonts"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "disclosure-schema" / "fonts"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "disclosure-schema" / "fonts"


def cached_path(path: str, index: int) -> Path:
    stat = os.stat(path)
    key = f"{CONVERTER_VERSION}|{os.path.realpath(path)}|{stat.st_size}|{stat.st_mtime_ns}|{index}"
    stem = Path(path).stem
    return cache_dir() / f"{stem}-{index}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.ttf"


def truetype_copy(path: str, index: int) -> str:
    """A TrueType version of font ``index`` in the CFF font file ``path``, converted on first use."""
    target = cached_path(path, index)
    if target.exists():
        return str(target)
    try:
        data = _convert(path, index)
    except ImportError as exc:
        raise RenderError(f"font file {path!r} has PostScript (CFF) outlines; converting them to TrueType "
                          f"needs fontTools (pip install fonttools): {exc}") from exc
    except Exception as exc:  # fontTools raises many kinds on a damaged font
        raise RenderError(f"font file {path!r} (font {index}) could not be converted to TrueType: {exc}") from exc
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed: a parallel process never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise RenderError(f"cannot write the converted font to {target}: {exc.strerror or exc}") from exc
    return str(target)


def _convert(path: str, index: int) -> bytes:
    import io

    from fontTools.pens.cu2quPen import Cu2QuPen  # type: ignore[import-untyped]
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont, newTable  # type: ignore[import-untyped]

    font = TTFont(path, fontNumber=index, lazy=True)
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: 65,000 of them would only make the file larger
    font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
