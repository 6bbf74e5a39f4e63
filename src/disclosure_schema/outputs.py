"""Where a batch writes: one distinct output per input, never over an input, and atomically.

Every output is written to a temporary file in its folder and renamed over the target, so a
reader (or another run writing the same file) sees the old file or the new one, never a mix.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import ReadError


def output_names(inputs: Sequence[str], extension: str) -> dict[str, str]:
    """Each input's output path relative to the output folder, all distinct.

    The input's stem plus ``extension`` when that is unique; inputs whose stems clash keep
    their path relative to the inputs' common folder (``d1/a/x.xml``, ``d2/a/x.xml``), and
    then, if two still clash (``x.json`` and ``x.txt``), their own suffix too (``x.json.xml``).
    """
    resolved = [Path(os.path.abspath(p)) for p in inputs]
    common = Path(os.path.commonpath([str(p.parent) for p in resolved])) if resolved else Path()
    names = {p: Path(p).stem + extension for p in inputs}
    for level in (1, 2):
        clashing = _clashes(names)
        if not clashing:
            break
        for path, full in zip(inputs, resolved, strict=True):
            if path in clashing:
                relative = full.relative_to(common)
                name = relative.with_suffix("") if level == 1 else relative
                names[path] = name.as_posix() + extension
    if _clashes(names):  # distinct inputs have distinct relative paths, so this cannot happen
        raise ReadError("-o", "", "two inputs would be written to the same output")
    return names


def _clashes(names: dict[str, str]) -> set[str]:
    seen: dict[str, list[str]] = {}
    for path, name in names.items():
        seen.setdefault(name.casefold(), []).append(path)  # case-insensitive file systems too
    return {p for group in seen.values() if len(group) > 1 for p in group}


def refusals(pairs: Sequence[tuple[str, str]], force: bool) -> list[ReadError]:
    """Why some ``(input, output)`` pairs must not be written: an output that is an input of the
    batch (never replaced, even with ``force``), or an existing file (replaced only with ``force``)."""
    inputs = {_identity(i) for i, _ in pairs}
    problems: list[ReadError] = []
    for _, output in pairs:
        if output == "-":
            continue
        target = Path(output)
        if _identity(output) in inputs:
            problems.append(ReadError(output, "", "is an input of this run; an output never replaces an input"))
        elif target.is_dir():
            problems.append(ReadError(output, "", "is a folder; name a file, or end the name with / for a folder"))
        elif target.exists() and not force:
            problems.append(ReadError(output, "", "exists; add --force to replace it"))
    return problems


def _identity(path: str) -> tuple[int, int] | str:
    """The same file however it is named: device and inode when it exists, else the absolute path."""
    try:
        st = os.stat(path)
    except OSError:
        return os.path.abspath(path)
    return st.st_dev, st.st_ino


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
