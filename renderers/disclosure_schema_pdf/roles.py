"""Which installed font serves each typographic role, after GB/T 9704-2012 and the published reports.

Roles and their defaults (GB/T 9704 §7.3; what the 洪泽区 reports embed):

- ``title``: 2号方正小标宋简体; failing that a 宋体 drawn thicker.
- ``heading1`` (一、 section headings): 3号黑体.
- ``heading2`` (the （一） lead of a paragraph): 3号楷体_GB2312.
- ``body``: 3号仿宋_GB2312; there is no free simplified 仿宋, so a 宋体 follows.
- ``table``: 宋体, as in the national template.
- ``numbers``: Times New Roman for the digits and Latin letters in body and tables.

Each role tries its names in order; fonts with TrueType outlines come before
CFF ones (Noto CJK), which must be converted once before they can be embedded.
A role none of whose names is installed borrows the body's face (or any face
found); with no CJK font at all, the unembedded STSong-Light is the last resort,
with a warning. ``RoleFonts.describe()`` says which file serves which role.
"""

from __future__ import annotations

import logging
import os
import tomllib
import warnings
from collections.abc import Mapping, Sequence
from functools import cache

import attrs

from disclosure_schema import RenderError

from .discovery import FontIndex, InstalledFont, system_fonts
from .fonts import CID_FONT, Face, FontSet, cid_face, latin_face, only_ascii, ttf_face

LOG = logging.getLogger("disclosure_schema_pdf.fonts")
ROLES = ("title", "heading1", "heading2", "body", "table", "numbers")
BOLD = "+bold"  # after a name: draw that face thicker (no bold cut)

_SONG = ("宋体", "SimSun", "Songti SC", "STSong", "华文宋体", "AR PL SungtiL GB", "AR PL UMing CN", "simsun.ttc")
_SONG_CFF = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "思源宋体")
_FANGSONG = ("仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "方正仿宋_GBK", "方正仿宋简体", "STFangsong",
             "华文仿宋", "simfang.ttf")
DEFAULTS: Mapping[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "小标宋",
              "华文中宋", "STZhongsong", *(f"{n}{BOLD}" for n in _SONG),
              "Noto Serif CJK SC:Bold", "Source Han Serif SC:Bold", *(f"{n}{BOLD}" for n in _SONG_CFF)),
    "heading1": ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体", "Heiti SC", "STHeiti", "simhei.ttf",
                 "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC",
                 "Source Han Sans CN", "思源黑体"),
    "heading2": ("楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "方正楷体_GBK", "方正楷体简体", "STKaiti", "Kaiti SC",
                 "华文楷体", "simkai.ttf", "AR PL KaitiM GB", "AR PL UKai CN"),
    "body": (*_FANGSONG, *_SONG, *_SONG_CFF),
    "table": (*_SONG, *_FANGSONG, *_SONG_CFF),
    "numbers": ("Times New Roman", "TimesNewRomanPSMT", "times.ttf", "Liberation Serif", "Tinos", "Nimbus Roman"),
}
# Behind every role, for the symbols CJK fonts lack ("•" U+2022 in the arphic fonts).
SYMBOL_FALLBACKS = ("Times New Roman", "Liberation Serif", "DejaVu Serif", "DejaVu Sans", "Arial Unicode MS",
                    "Segoe UI Symbol")
# Without their own face, roles borrow in this order.
BORROW = ("body", "table", "title", "heading2", "heading1")
# Roles whose digits and Latin letters the numbers face draws.
USES_NUMBERS = frozenset({"body", "table"})


class FontWarning(UserWarning):
    """The PDF will not look the same everywhere (a font is not embedded)."""


@attrs.frozen
class Choice:
    """What serves a role: the face, the name it was found by, and what was tried before."""

    role: str
    face: Face | None
    found_by: str  # the name or file that matched; "" when borrowed or missing
    borrowed_from: str = ""
    bold: bool = False
    skipped: tuple[str, ...] = ()  # names found but refused, with the reason


@attrs.frozen
class RoleFonts:
    """A FontSet for each role, and how each was chosen."""

    sets: Mapping[str, FontSet]
    choices: tuple[Choice, ...]
    embedded: bool  # False only for the STSong-Light last resort
    fallbacks: tuple[Face, ...] = ()  # behind every role, for what the role faces lack

    def __getitem__(self, role: str) -> FontSet:
        return self.sets[role]

    @property
    def initial(self) -> str:
        """A face every page can declare as its initial font without adding one the pages do not use."""
        return self.sets["body"].faces[0].name

    def describe(self) -> list[str]:
        """One line per role: which file serves it and why (for ``--verbose`` style output)."""
        lines = []
        for c in self.choices:
            if c.face is None:
                what = "(nothing: digits and letters use the role's own face)"
            elif c.borrowed_from:
                what = f"{c.face.label} — none of its names is installed; borrowed from {c.borrowed_from}"
            else:
                what = f"{c.face.label}" + (f" — as {c.found_by!r}" if c.found_by else "")
            if c.bold:
                what += ", drawn thicker"
            lines.append(f"{c.role}: {what}")
            lines += [f"    skipped {s}" for s in c.skipped]
        if self.fallbacks:
            lines.append("fallback: " + "; ".join(f.label for f in self.fallbacks))
        return lines


def _is_path(name: str) -> bool:
    return os.sep in name or "/" in name or (os.path.splitext(name)[1].lower() in (".ttf", ".ttc", ".otf", ".otc")
                                             and os.path.exists(name))


def _face(name: str, index: FontIndex | None) -> tuple[Face, bool] | None:
    """The face ``name`` names (a file, or an installed family), and whether to embolden it."""
    bold = name.endswith(BOLD)
    name = name.removesuffix(BOLD)
    if _is_path(name):
        path, _, number = name.partition("#")
        return ttf_face(path, int(number) if number.isdigit() else 0), bold
    hit: InstalledFont | None = (index or system_fonts()).find(name)  # fonts are looked up only when needed
    if hit is None:
        return None
    return ttf_face(hit.path, hit.index), bold


def _choose(role: str, names: Sequence[str], index: FontIndex, strict: bool) -> Choice:
    skipped = []
    for name in names:
        try:
            found = _face(name, index)
        except RenderError as exc:
            if strict:
                raise
            skipped.append(f"{name}: {exc}")
            continue
        if found is not None:
            return Choice(role, found[0], name, bold=found[1], skipped=tuple(skipped))
    if strict and names:
        raise RenderError(f"font role {role!r}: none of {', '.join(names)} is installed")
    return Choice(role, None, "", skipped=tuple(skipped))


def load_config(path: str) -> dict[str, tuple[str, ...]]:
    """A fonts file (TOML): each role, and ``fallback``, as a name or a list of names tried in order."""
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except OSError as exc:
        raise RenderError(f"fonts file {path!r} cannot be read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RenderError(f"fonts file {path!r} is not valid TOML: {exc}") from exc
    out = {}
    for key, value in raw.items():
        if key not in (*ROLES, "fallback"):
            raise RenderError(f"fonts file {path!r}: {key!r} is not a font role; the roles are "
                              f"{', '.join(ROLES)} and fallback")
        names = (value,) if isinstance(value, str) else value
        if not isinstance(names, list | tuple) or not all(isinstance(n, str) and n for n in names):
            raise RenderError(f"fonts file {path!r}: {key} must be a font name or a list of names")
        # A relative file is relative to the fonts file, wherever the command runs.
        base = os.path.dirname(os.path.abspath(path))
        out[key] = tuple(os.path.join(base, n) if ("/" in n or os.sep in n) and not os.path.isabs(n) else n
                         for n in names)
    return out


def resolve(font: str | None = None, fallback: str | None = None, config: str | None = None,
            index: FontIndex | None = None) -> RoleFonts:
    """The fonts of every role.

    ``font`` (a file, an installed family, or "STSong-Light") serves every role;
    ``config`` names a fonts file whose roles replace the defaults; ``fallback``
    draws what the chosen faces lack.
    """
    key = (font, fallback, config, index)
    return _resolve(*key) if index is not None else _resolve_cached(*key[:3], _mtime(config))


@cache
def _resolve_cached(font: str | None, fallback: str | None, config: str | None, _stamp: int) -> RoleFonts:
    chosen = _resolve(font, fallback, config, None)
    for line in chosen.describe():  # `logging.basicConfig(level=logging.INFO)` shows which file serves which role
        LOG.info("%s", line)
    return chosen


def _mtime(path: str | None) -> int:
    try:
        return os.stat(path).st_mtime_ns if path else 0
    except OSError:
        return 0


def _resolve(font: str | None, fallback: str | None, config: str | None, index: FontIndex | None) -> RoleFonts:
    extra = [ttf_face(fallback)] if fallback else []
    if font == CID_FONT:
        return _cid(extra, "given as --font")
    own = load_config(config) if config else {}
    extra += [_must(n, index) for n in own.get("fallback", ())]
    if font:
        face = _must(font, index)
        choices = tuple(Choice(role, face, font) for role in ROLES if role != "numbers")
        return _assemble({c.role: c for c in choices}, [*extra, *_symbols(index)])
    found = index or system_fonts()
    picked = {role: _choose(role, own.get(role) or DEFAULTS[role], found, strict=role in own) for role in ROLES}
    extra += _symbols(found)
    if all(c.face is None for role, c in picked.items() if role != "numbers"):
        tried = ", ".join(DEFAULTS["body"][:4] + DEFAULTS["heading1"][:2])
        warnings.warn(FontWarning(
            f"no Chinese TrueType or OpenType font is installed (looked for {tried} and others); the PDF uses "
            f"{CID_FONT}, which is not embedded, so each viewer substitutes a font of its own (spacing and "
            "quotation marks then differ). Install one, e.g. fonts-arphic-gbsn00lp or fonts-noto-cjk, "
            "or give --font FILE"), stacklevel=2)
        return _cid(extra, "no Chinese font is installed")
    for role in ROLES:
        if role == "numbers" or picked[role].face is not None:
            continue
        donor = next(r for r in BORROW if picked[r].face is not None and not picked[r].borrowed_from)
        picked[role] = Choice(role, picked[donor].face, "", donor, picked[donor].bold and role == "title",
                              picked[role].skipped)
    return _assemble(picked, extra)


def _symbols(index: FontIndex | None) -> list[Face]:
    """The installed symbol font that stands behind every role, if any."""
    face = _choose("fallback", SYMBOL_FALLBACKS, index or system_fonts(), strict=False).face
    return [face] if face else []


def _must(name: str, index: FontIndex | None) -> Face:
    found = _face(name, index)
    if found is None:
        raise RenderError(f"font {name!r} is neither a font file nor an installed font family")
    return found[0]


def _cid(extra: list[Face], why: str) -> RoleFonts:
    cid = cid_face()
    faces = (cid, *extra, latin_face())
    # One face for everything: the title and both heading levels are told apart by drawing them thicker.
    bold = ("title", "heading1", "heading2")
    sets = {role: FontSet(faces, bold=role in bold) for role in ROLES}
    choices = tuple(Choice(role, cid, why, bold=role in bold) for role in ROLES if role != "numbers")
    return RoleFonts(sets, choices, embedded=False, fallbacks=tuple(extra))


def _assemble(picked: Mapping[str, Choice], extra: list[Face]) -> RoleFonts:
    # Every face found also stands behind every role: 楷体 files often lack a rare character 宋体 has.
    others = list(dict.fromkeys(c.face for r in BORROW if (c := picked[r]).face is not None))
    numbers = picked.get("numbers")
    sets = {}
    for role in ROLES:
        if role == "numbers":
            continue
        choice = picked[role]
        assert choice.face is not None
        front = [only_ascii(numbers.face)] if numbers and numbers.face and role in USES_NUMBERS else []
        faces = list(dict.fromkeys([*front, choice.face, *others, *extra]))
        sets[role] = FontSet(tuple(faces), bold=choice.bold)
    sets["numbers"] = sets["body"]
    return RoleFonts(sets, tuple(picked[r] for r in ROLES if r in picked), embedded=True, fallbacks=tuple(extra))


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m disclosure_schema_pdf [--fonts FILE] [--font NAME]``: which file serves which role."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m disclosure_schema_pdf",
                                     description="Which installed font file serves each role of the PDF renderer.")
    parser.add_argument("--fonts", metavar="FILE")
    parser.add_argument("--font", metavar="NAME")
    args = parser.parse_args(argv)
    try:
        chosen = resolve(args.font, None, args.fonts)
    except RenderError as exc:
        raise SystemExit(f"error: {exc}") from None
    print("\n".join(chosen.describe()))
