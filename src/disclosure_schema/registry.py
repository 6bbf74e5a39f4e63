"""The known report formats: the built-in specs, plus any spec file a user names."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .errors import UnknownNameError
from .loader import load_spec
from .spec import ReportFormat, _suggest

ENV_PATH = "DISCLOSURE_SCHEMA_SPECS"  # extra folders of *.toml specs, os.pathsep-separated


def builtin_spec_dir() -> Path:
    """Where the built-in specs are: inside the installed package, or ``specs/`` of a checkout."""
    packaged = Path(__file__).parent / "specs"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "specs"


def _spec_files() -> list[Path]:
    dirs = [builtin_spec_dir()]
    dirs += [Path(p) for p in os.environ.get(ENV_PATH, "").split(os.pathsep) if p]
    return [f for d in dirs if d.is_dir() for f in sorted(d.glob("*.toml"))]


@lru_cache(maxsize=1)
def _formats() -> dict[str, ReportFormat]:
    found: dict[str, ReportFormat] = {}
    for path in _spec_files():
        fmt = load_spec(path, editions=formats)
        found.setdefault(fmt.id, fmt)
    return found


_extra: dict[str, ReportFormat] = {}


def formats() -> tuple[ReportFormat, ...]:
    """Every known format, built-in ones first, in id order."""
    return tuple({**_formats(), **_extra}.values())


def register_format(fmt: ReportFormat) -> None:
    """Make a format loaded with :func:`load_spec` known by id (for readers and the CLI)."""
    _extra[fmt.id] = fmt


def format_by_id(name: str) -> ReportFormat:
    """A known format by its id only; never opens a file.

    Readers use this for the format a report names: spec files come from the user's
    configuration (``DISCLOSURE_SCHEMA_SPECS``, :func:`register_format`, a path given to
    :func:`get_format` by a program or on the command line), never from report content.
    """
    if name in _extra:
        return _extra[name]
    known = _formats()
    if name in known:
        return known[name]
    ids = [f.id for f in formats()]
    raise UnknownNameError("format", name, _suggest(name, ids) or tuple(ids))


def get_format(name: str) -> ReportFormat:
    """A format by id, or by the path of a spec file (for programs and the command line,
    never for a name read from a report: see :func:`format_by_id`)."""
    if name in _extra:
        return _extra[name]
    known = _formats()
    if name in known:
        return known[name]
    if name.endswith(".toml") and Path(name).is_file():
        fmt = load_spec(name, editions=formats)
        register_format(fmt)
        return fmt
    ids = [f.id for f in formats()]
    raise UnknownNameError("format", name, _suggest(name, ids) or tuple(ids))


def format_for_year(year: int) -> ReportFormat | None:
    """The built-in (or DISCLOSURE_SCHEMA_SPECS) edition in force for a report year, if any.

    Formats added with :func:`register_format` are variants a program chose; they never
    displace the national edition here.
    """
    fits = [f for f in _formats().values() if f.applies_to(year)]
    return fits[-1] if fits else None
