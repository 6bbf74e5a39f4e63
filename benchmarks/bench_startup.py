"""Command-line start-up: ``disclosure-schema validate`` of one JSON report, against a plain script.

Both run as fresh processes; the figure is CPU seconds of the child (user + system, best of
several runs), which other load on the machine barely changes. The baseline is
``benchmarks/plain_validate.py``: ``json.load`` of the same file and the sums of every row.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import BenchResult, print_results, sample_report
from disclosure_schema.jsonio import dumps

PLAIN = Path(__file__).with_name("plain_validate.py")


def cpu_seconds(command: list[str], runs: int = 7) -> float:
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best


def measure() -> list[BenchResult]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.json"
        path.write_bytes(dumps(sample_report()))
        ours = cpu_seconds([sys.executable, "-m", "disclosure_schema", "validate", str(path)])
        plain = cpu_seconds([sys.executable, str(PLAIN), str(path)])
        bare = cpu_seconds([sys.executable, "-c", "pass"])
        imported = cpu_seconds([sys.executable, "-c", "import disclosure_schema"])
    return [
        BenchResult("start-up: validate one JSON (CPU)", 1 / ours, "runs/s",
                    "benchmarks/plain_validate.py (json + sums)", 1 / plain),
        BenchResult("start-up: import disclosure_schema (CPU)", 1 / imported, "runs/s", "python -c pass", 1 / bare),
    ]


if __name__ == "__main__":
    print_results(measure())
