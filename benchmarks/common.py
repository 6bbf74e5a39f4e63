"""What every benchmark returns, and a timer. Benchmarks measure; tests never assert speed."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs

from disclosure_schema import Report, Verbatim, get_format

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CHENGGONG = EXAMPLES / "chenggong-justice-bureau-2019.txt"


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


def sample_report() -> Report:
    """A full gov-2021 report: every cell filled (two as text), narratives from a real report."""
    fmt = get_format("gov-2021")
    lines = CHENGGONG.read_text(encoding="utf-8").splitlines()
    cells: dict[tuple[str, str, str], object] = {key: i % 97 for i, key in enumerate(fmt.cell_keys())}
    cells[("proactive", "fees", "fees_amount")] = Decimal("4068.208")
    cells[("applications", "disclosed", "natural_person")] = Verbatim("22（其中修订16件）")
    cells[("applications", "withheld_query", "total")] = Verbatim("—")
    report = Report.create(fmt, "昆明市呈贡区司法局", 2024).with_cells(cells)
    return (report.with_text("overview", "\n".join(lines[3:28])).with_text("problems", lines[80])
            .with_text("other", "\n".join(lines[82:])))
