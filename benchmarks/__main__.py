"""Run every benchmark and print one table: ``python -m benchmarks`` (or ``make bench``).

Each ``bench_<name>.py`` module exposes ``measure() -> list[BenchResult]``. Numbers are
per one core (the benchmarks run in this one process). Tests never assert speed.
"""

from __future__ import annotations

import importlib
import pkgutil
import platform
import subprocess
import sys
from pathlib import Path

from benchmarks.common import BenchResult, print_results


def import_time() -> float:
    """Seconds for ``import disclosure_schema`` in a fresh interpreter (best of 5)."""
    code = "import time; t=time.perf_counter(); import disclosure_schema; print(time.perf_counter()-t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(5)]
    return min(runs)


def main() -> None:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    only = set(sys.argv[1:])
    results: list[BenchResult] = []
    for name in names:
        if only and name.removeprefix("bench_") not in only:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"running {name} …", file=sys.stderr, flush=True)
        results.extend(module.measure())
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"import disclosure_schema: {import_time() * 1000:.1f} ms (lxml and reportlab not imported)")
    print_results(results)


if __name__ == "__main__":
    main()
