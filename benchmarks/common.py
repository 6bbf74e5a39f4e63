"""What every benchmark returns, and a timer. Benchmarks measure; tests never assert speed."""

from __future__ import annotations

import time
from collections.abc import Callable

import attrs


@attrs.frozen
class BenchResult:
    name: str  # "validate gov-2021"
    per_second: float  # reports (or pages) per second on one core
    unit: str  # "reports/s"
    baseline: str  # what the plain baseline does
    baseline_per_second: float | None  # same work done plainly; None when there is none

    @property
    def ratio(self) -> float | None:
        """How many times slower than the baseline (1.0 = as fast)."""
        if not self.baseline_per_second:
            return None
        return self.baseline_per_second / self.per_second


def rate(func: Callable[[], object], min_seconds: float = 1.0) -> float:
    """Calls per second of ``func``, timed for at least ``min_seconds`` after one warm-up call."""
    func()
    n, start = 0, time.perf_counter()
    while True:
        func()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return n / elapsed


def print_results(results: list[BenchResult]) -> None:
    print(f"{'benchmark':<40} {'rate':>14} {'baseline':>14} {'ratio':>8}  baseline is")
    for r in results:
        base = f"{r.baseline_per_second:,.0f}" if r.baseline_per_second else "-"
        ratio = f"{r.ratio:.2f}x" if r.ratio else "-"
        print(f"{r.name:<40} {r.per_second:>10,.0f} {r.unit:<4}{base:>13} {ratio:>8}  {r.baseline}")
