"""Reading report files of any kind: pick the reader by ``--from`` or by the content."""

from __future__ import annotations

from pathlib import Path

from .errors import ReadError, UnknownNameError
from .plugins import MAX_INPUT_BYTES, ReadResult, detect_reader, get_reader

__all__ = ["MAX_INPUT_BYTES", "read_bytes", "read_data", "read_file"]  # MAX_INPUT_BYTES: see plugins


def read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ReadError(str(p), "", f"file is {size} bytes; the limit is {MAX_INPUT_BYTES}")
        return p.read_bytes()
    except IsADirectoryError:
        raise ReadError(str(p), "", "is a folder, not a file") from None
    except FileNotFoundError:
        raise ReadError(str(p), "", "no such file") from None
    except OSError as exc:
        raise ReadError(str(p), "", f"cannot read: {exc.strerror or exc}") from None


def read_data(data: bytes, source: str, kind: str | None = None) -> ReadResult:
    """Read bytes with the named reader, or the one whose ``sniff`` accepts them."""
    if kind:
        try:
            reader = get_reader(kind)
        except UnknownNameError as exc:
            raise ReadError(source, "", str(exc)) from None
    else:
        found = detect_reader(data)
        if found is None and data.startswith(b"%PDF"):
            raise ReadError(source, "", "a PDF cannot be read directly; extract its text first "
                            "(for example `pdftotext -layout FILE.pdf FILE.txt`) and read the text")
        if found is None:
            raise ReadError(source, "", "not a report this program can read (JSON, XML or text); "
                            "name the kind with --from")
        reader = found
    return reader.read(data, source)


def read_file(path: str | Path, kind: str | None = None) -> ReadResult:
    return read_data(read_bytes(path), str(path), kind)
