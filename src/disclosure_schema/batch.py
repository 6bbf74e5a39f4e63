"""Batch work for the command line: expand inputs, run files in parallel, show progress."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TextIO, TypeVar

from .errors import ReadError

READABLE_SUFFIXES = (".json", ".xml", ".txt", ".text", ".md")

T = TypeVar("T")
R = TypeVar("R")


def expand_inputs(items: Sequence[str]) -> tuple[list[str], list[ReadError]]:
    """Files as given; folders give their readable files (recursively); globs are expanded."""
    files: list[str] = []
    problems: list[ReadError] = []
    for item in items:
        if any(ch in item for ch in "*?[") and not Path(item).exists():
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                problems.append(ReadError(item, "", "the pattern matches no file"))
            files.extend(m for m in matches if Path(m).is_file())
        elif Path(item).is_dir():
            found = sorted(str(p) for p in Path(item).rglob("*") if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES)
            if not found:
                problems.append(ReadError(item, "", f"the folder holds no {'/'.join(READABLE_SUFFIXES)} file"))
            files.extend(found)
        else:
            files.append(item)
    return list(dict.fromkeys(files)), problems


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Progress:
    """A one-line progress bar on a terminal; silent when piped or under CI."""

    def __init__(self, total: int, stream: TextIO = sys.stderr, enabled: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        if enabled is None:
            enabled = stream.isatty() and not os.environ.get("CI") and total > 1
        self.enabled = enabled

    def step(self, label: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // max(1, self.total)
        bar = "#" * filled + "-" * (width - filled)
        name = label[-40:]
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {name:<40}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()


def run_parallel(func: Callable[[T], R], items: Sequence[T], jobs: int, progress: Progress,
                 label: Callable[[T], str] = str) -> Iterator[R]:
    """Apply ``func`` to each item, in order, in ``jobs`` processes (in-process for one job)."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            result = func(item)
            progress.step(label(item))
            yield result
        return
    chunk = max(1, min(16, len(items) // (jobs * 4) or 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for item, result in zip(items, pool.map(func, items, chunksize=chunk), strict=True):
            progress.step(label(item))
            yield result


def unique_output_names(inputs: Iterable[str], extension: str) -> dict[str, str]:
    """Predictable output names: the input's stem plus the extension; clashes get the parent folder."""
    paths = list(inputs)
    stems: dict[str, int] = {}
    for p in paths:
        stems[Path(p).stem] = stems.get(Path(p).stem, 0) + 1
    out: dict[str, str] = {}
    for p in paths:
        path = Path(p)
        name = path.stem if stems[path.stem] == 1 else f"{path.parent.name or 'root'}--{path.stem}"
        out[p] = name + extension
    return out
