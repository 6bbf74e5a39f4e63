"""Batch work for the command line: expand inputs, run files in parallel, show progress."""

from __future__ import annotations

import glob
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from .errors import ReadError

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
R = TypeVar("R")


def expand_inputs(items: Sequence[str], skipped: list[str] | None = None) -> tuple[list[str], list[ReadError]]:
    """Files as given; folders give their readable files (recursively); globs are expanded.

    The files of a folder that no reader takes (by suffix) are added to ``skipped``, for the
    caller to list: never skipped silently, never an error (a corpus folder holds mapping files).
    """
    files: list[str] = []
    problems: list[ReadError] = []
    for item in items:
        if any(ch in item for ch in "*?[") and not Path(item).exists():
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                problems.append(ReadError(item, "", "the pattern matches no file"))
            files.extend(m for m in matches if Path(m).is_file())
        elif Path(item).is_dir():
            from .plugins import input_suffixes  # the readers' declared suffixes

            suffixes = input_suffixes()
            every = sorted(p for p in Path(item).rglob("*") if p.is_file() and not p.name.startswith("."))
            found = [str(p) for p in every if p.suffix.lower() in suffixes]
            if not found:
                problems.append(ReadError(item, "", f"the folder holds no {'/'.join(suffixes)} file"))
            if skipped is not None:
                skipped.extend(str(p) for p in every if p.suffix.lower() not in suffixes)
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


def worker_count(jobs: int, items: int) -> int:
    """Processes worth starting: never more than the files, nor than twice the cores."""
    return max(1, min(jobs, items, 2 * default_jobs()))


def _apply(func: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [func(item) for item in chunk]


def run_parallel(func: Callable[[T], R], items: Sequence[T], jobs: int, progress: Progress,
                 label: Callable[[T], str] = str,
                 on_crash: Callable[[T, BaseException], R] | None = None) -> Iterator[R]:
    """Apply ``func`` to each item, in order, in ``jobs`` processes (in-process for one job).

    Results are yielded as they come, with a bounded number of chunks in flight, so that memory
    stays flat however many items there are. If a worker process dies (killed, out of memory),
    ``on_crash`` turns each item it did not finish into a result; without it the error is raised.
    """
    jobs = worker_count(jobs, len(items))
    if jobs <= 1:
        for item in items:
            result = func(item)
            progress.step(label(item))
            yield result
        return
    from concurrent.futures import ProcessPoolExecutor  # only batches pay for it
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(16, len(items) // (jobs * 4) or 1))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    window = 4 * jobs
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[tuple[Sequence[T], Future[list[R]]]] = deque()
        next_chunk = 0
        broken: BaseException | None = None
        while pending or next_chunk < len(chunks):
            while broken is None and next_chunk < len(chunks) and len(pending) < window:
                try:
                    pending.append((chunks[next_chunk], pool.submit(_apply, func, chunks[next_chunk])))
                except BrokenProcessPool as exc:
                    broken = exc
                    break
                next_chunk += 1
            if not pending:  # the pool broke before the rest could be submitted
                assert broken is not None
                pending.extend((chunk, _failed_future(broken)) for chunk in chunks[next_chunk:])
                next_chunk = len(chunks)
                continue
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool as exc:
                if on_crash is None:
                    raise
                broken = exc
                results = [on_crash(item, exc) for item in chunk]
            for item, result in zip(chunk, results, strict=True):
                progress.step(label(item))
                yield result


def _failed_future(exc: BaseException) -> Future[Any]:
    from concurrent.futures import Future

    future: Future[Any] = Future()
    future.set_exception(exc)
    return future
