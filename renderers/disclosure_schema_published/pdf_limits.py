"""Bounds on what a PDF may make pdfminer do: decompressed bytes per stream and per document.

pdfminer inflates every Flate stream whole (``zlib.decompress``), so a 1 MB stream of
zeros becomes a gigabyte in memory. pdfminer offers no limit, so while our reader runs
its module's ``zlib`` is replaced by a bounded equivalent that stops a stream (and a
document) past its budget with :class:`StreamBomb`, which the reader reports as a
``ReadError``. Other users of pdfminer in the process are not affected outside the
``bounded()`` block.
"""

from __future__ import annotations

import contextlib
import threading
import zlib
from collections.abc import Iterator
from typing import Any

MAX_STREAM = 64 * 1024 * 1024  # decompressed bytes of one stream (a report page's content is ~100 KB)
MAX_TOTAL = 256 * 1024 * 1024  # decompressed bytes of one document


class StreamBomb(Exception):
    """A stream inflates past the budget."""


class _Budget(threading.local):
    left = MAX_TOTAL


_budget = _Budget()


def _spend(n: int) -> None:
    _budget.left -= n
    if n > MAX_STREAM or _budget.left < 0:
        raise StreamBomb(f"a compressed stream inflates past {MAX_STREAM // 2**20} MB "
                         f"(or the document past {MAX_TOTAL // 2**20} MB)")


class _BoundedInflater:
    def __init__(self, *args: Any) -> None:
        self._inner = zlib.decompressobj(*args)
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inner.decompress(data, MAX_STREAM + 1 - self._out)
        self._out += len(out)
        _spend(len(out))
        return out

    def flush(self, *args: Any) -> bytes:
        out = self._inner.flush(*args)
        _spend(len(out))
        return out


class _BoundedZlib:
    """What pdfminer's ``pdftypes`` uses of ``zlib``, with a budget."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, MAX_STREAM + 1)
        _spend(len(out))
        if inflater.unconsumed_tail:
            raise StreamBomb(f"a compressed stream inflates past {MAX_STREAM // 2**20} MB")
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says it
        return out

    @staticmethod
    def decompressobj(*args: Any) -> _BoundedInflater:
        return _BoundedInflater(*args)


_lock = threading.Lock()


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """Within the block, pdfminer inflates streams under the budget (reset on entry)."""
    from pdfminer import pdftypes

    with _lock:
        _budget.left = MAX_TOTAL
        module = vars(pdftypes)  # pdfminer does not export its ``zlib`` name; we swap it in place
        original = module["zlib"]
        module["zlib"] = _BoundedZlib
        try:
            yield
        finally:
            module["zlib"] = original
