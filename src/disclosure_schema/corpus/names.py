"""Agency names: one key per agency, with declared aliases and renamed agencies.

Reports name their agency as written ("某县 市场监管局", full-width or not). A name
is normalised (NFKC, no whitespace), then looked up in an optional mapping file
that declares the other names an agency has gone by:

    [agencies]
    "某县市场监督管理局" = ["某县工商行政管理局", "某县市场监管局"]

Every name on a line gets the first one's key, so a renamed agency's years form
one chain.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import attrs

from ..errors import ReadError


def normalise(name: str) -> str:
    """The name without layout differences: NFKC (full-width → ASCII) and no whitespace."""
    return "".join(unicodedata.normalize("NFKC", name).split())


@attrs.frozen
class AgencyNames:
    """Maps a normalised name to its agency's key (the normalised canonical name)."""

    aliases: Mapping[str, str] = attrs.field(factory=dict)

    def key(self, name: str) -> str:
        norm = normalise(name)
        return self.aliases.get(norm, norm)


def load_names(path: str | Path | None) -> AgencyNames:
    """Read an alias file (TOML, see the module doc); ``None`` gives plain normalisation."""
    if path is None:
        return AgencyNames()
    source = str(path)
    data = read_toml(path)
    unknown = sorted(set(data) - {"agencies"})
    if unknown:
        raise ReadError(source, unknown[0], "unknown key; an alias file has one table [agencies]")
    table = data.get("agencies", {})
    if not isinstance(table, dict):
        raise ReadError(source, "agencies", "must be a table: canonical name = [other names]")
    out: dict[str, str] = {}
    for canonical, others in table.items():
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            raise ReadError(source, f"agencies.{canonical}", "must be a list of names")
        key = normalise(canonical)
        for name in (canonical, *others):
            norm = normalise(name)
            if out.get(norm, key) != key:
                raise ReadError(source, f"agencies.{canonical}", f"{name!r} is already a name of another agency")
            out[norm] = key
    return AgencyNames(out)


def read_toml(path: str | Path) -> dict[str, object]:
    source = str(path)
    try:
        return tomllib.loads(Path(path).read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ReadError(source, "", "no such file") from None
    except OSError as exc:
        raise ReadError(source, "", f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ReadError(source, f"byte {exc.start}", "not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReadError(source, "", f"not valid TOML: {exc}") from None
