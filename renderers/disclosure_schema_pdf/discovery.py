"""Installed fonts found by family name: fontconfig where present, else the platform's font folders.

A name is matched against every family name a font gives (English and
Chinese: "FangSong" and "仿宋" are the same Windows file), or, when it ends in
.ttf/.ttc/.otf/.otc, against the file name ("simfang.ttf"). "Family:Style"
asks for a style ("Noto Serif CJK SC:Bold"); without one the regular face wins.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import attrs

from . import sfnt

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
REGULAR_STYLES = ("regular", "book", "normal", "medium", "roman", "w3", "")


@attrs.frozen
class InstalledFont:
    path: str
    index: int
    families: tuple[str, ...]
    style: str

    @property
    def family(self) -> str:
        """The first family name, usually the English one."""
        return self.families[0] if self.families else Path(self.path).name


def _fold(name: str) -> str:
    return name.replace(" ", "").replace("-", "").replace("_", "").casefold()


@attrs.frozen
class FontIndex:
    """The fonts of a system (or of the given folders), searchable by family or file name."""

    fonts: tuple[InstalledFont, ...]

    @classmethod
    def scan(cls, folders: Iterable[str | Path]) -> FontIndex:
        """Read the name tables of every font file under ``folders`` (no fontconfig needed)."""
        found = []
        for folder in folders:
            for root, _, files in os.walk(folder):
                for name in sorted(files):
                    if not name.lower().endswith(FONT_SUFFIXES):
                        continue
                    path = os.path.join(root, name)
                    try:
                        infos = sfnt.faces(path)
                    except (OSError, ValueError, IndexError):
                        continue  # a damaged or unreadable file is simply not a candidate
                    found += [InstalledFont(path, i.index, i.families, i.style) for i in infos]
        return cls(tuple(sorted(found, key=lambda f: (f.path, f.index))))

    def find(self, name: str) -> InstalledFont | None:
        """The font a family name ("仿宋_GB2312", "Noto Serif CJK SC:Bold") or file name names."""
        family, _, style = name.partition(":")
        if family.lower().endswith(FONT_SUFFIXES):
            matches = [f for f in self.fonts if Path(f.path).name.casefold() == family.casefold()]
            return min(matches, key=lambda f: f.index, default=None)
        wanted = _fold(family)
        matches = [f for f in self.fonts if wanted in {_fold(x) for x in f.families}]
        if not matches:
            return None
        if style:
            styled = [f for f in matches if _fold(style) in {_fold(s) for s in f.style.split(",")}]
            return min(styled, key=lambda f: (f.path, f.index), default=None)

        def rank(f: InstalledFont) -> tuple[int, str, int]:
            styles = [_fold(s) for s in f.style.split(",")]
            regular = any(s in REGULAR_STYLES for s in styles)
            return (0 if regular else 1, f.path, f.index)

        return min(matches, key=rank)


def font_folders() -> list[Path]:
    """Where the platform keeps fonts, for systems without fontconfig."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local" / "share" / "fonts",
            home / ".fonts"]


def _split_names(field: str) -> tuple[str, ...]:
    """fontconfig's comma-separated list, where a comma inside a name is written "\\,"."""
    parts, current, escaped = [], "", False
    for char in field:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return tuple(p for p in parts if p)


def _from_fontconfig(fc_list: str) -> FontIndex | None:
    try:
        done = subprocess.run([fc_list, "--format", "%{file}\t%{index}\t%{family}\t%{style}\n"],
                              capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    fonts = []
    for line in done.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) != 4 or not fields[0].lower().endswith(FONT_SUFFIXES):
            continue
        try:
            index = int(fields[1]) & 0xFFFF  # the high bits name a variable font's instance
        except ValueError:
            continue
        fonts.append(InstalledFont(fields[0], index, _split_names(fields[2]), fields[3]))
    return FontIndex(tuple(sorted(set(fonts), key=lambda f: (f.path, f.index))))


@cache
def system_fonts() -> FontIndex:
    """The installed fonts: ``fc-list`` when there is one, else a scan of the platform's folders.

    ``DISCLOSURE_SCHEMA_FONT_DIRS`` (folders separated by the path separator)
    replaces both, for a fixed set of fonts.
    """
    own = os.environ.get("DISCLOSURE_SCHEMA_FONT_DIRS")
    if own is not None:
        return FontIndex.scan([p for p in own.split(os.pathsep) if p])
    fc_list = shutil.which("fc-list")
    found = _from_fontconfig(fc_list) if fc_list else None
    return found if found is not None else FontIndex.scan(f for f in font_folders() if f.is_dir())


def first_found(names: Sequence[str], index: FontIndex) -> tuple[str, InstalledFont] | None:
    for name in names:
        hit = index.find(name)
        if hit is not None:
            return name, hit
    return None
