"""The library's error types: one base class, each carrying where the problem is."""

from __future__ import annotations


class DisclosureError(Exception):
    """Base of every error this library raises on purpose."""


class SpecError(DisclosureError):
    """A report format (spec) file is malformed; names the file and the entry."""

    def __init__(self, path: str, entry: str, message: str) -> None:
        self.path = path
        self.entry = entry
        self.message = message
        super().__init__(f"{path}: {entry}: {message}")


class UnknownNameError(DisclosureError, KeyError):
    """A format, table, row, column or section id/label does not exist."""

    def __init__(self, what: str, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.what = what
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {what} {name!r}{hint}")

    def __str__(self) -> str:  # KeyError would otherwise print the repr
        return str(self.args[0])


class CellValueError(DisclosureError, ValueError):
    """A value does not fit the kind of the cell it is put in."""


class ReadError(DisclosureError):
    """Input could not be read into a report; says where (file, line, element path)."""

    def __init__(self, source: str, location: str, message: str) -> None:
        self.source = source
        self.location = location
        self.message = message
        where = f"{source}:{location}" if location else source
        super().__init__(f"{where}: {message}")


class RenderError(DisclosureError):
    """A report cannot be rendered (a character the font cannot draw, text XML cannot carry)."""
