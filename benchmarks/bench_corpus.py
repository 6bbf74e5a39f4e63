"""Many reports at once (issue 16): year chains, export, and the Dask engine, on 2,000 generated reports.

- ``validate --chains``: the two-stage batch (read, plan the chains, validate each
  report with its previous year) against the plain batch (read and validate each
  file alone, as ``validate DIR`` does), both in this one process (``--jobs 1``).
- ``export``: reports/s written as one row per cell, CSV and Parquet, against a
  plain baseline that reads the same JSON files with ``json.loads`` and writes
  their cells with ``csv.writer``.
- Dask: the same ``--chains`` run on a ``LocalCluster`` of 2 single-thread worker
  processes against the local engine with 2 processes; the difference per report
  is the engine's overhead (the cluster's start-up is not counted; it is printed).

Each figure is the best of three runs (two for the engines).
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import BenchResult, print_results
from disclosure_schema.batch import Progress, run_parallel
from disclosure_schema.cli import Task, process
from disclosure_schema.corpus.engines import CorpusOptions, DaskEngine, LocalEngine, run_corpus
from disclosure_schema.corpus.export import write_dataset
from disclosure_schema.corpus.names import AgencyNames
from disclosure_schema.corpus.sample import agency_chain
from disclosure_schema.jsonio import to_json

AGENCIES, YEARS = 400, 5  # 2,000 reports


def make_folder(root: Path) -> list[str]:
    files = []
    for a in range(AGENCIES):
        for report in agency_chain(f"示例市第{a}局", 2021, YEARS, seed="bench"):
            path = root / f"a{a:03d}" / f"{report.year}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(to_json(report), encoding="utf-8")
            files.append(str(path))
    return sorted(files)


def timed(func: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` runs: the machine is shared, and the best run is the least disturbed."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def plain_batch(files: list[str], jobs: int = 1) -> None:
    list(run_parallel(process, [Task(f) for f in files], jobs, Progress(0, enabled=False)))


def chained(files: list[str], engine: LocalEngine | DaskEngine, rows: bool = False) -> list[object]:
    _, results = run_corpus(files, CorpusOptions(chains=True, rows=rows), engine)
    return list(results)


def export(files: list[str], out: Path, kind: str) -> None:
    _, results = run_corpus(files, CorpusOptions(rows=True), LocalEngine(1))
    write_dataset(((r.outcome, r.rows, None, None) for r in results), out, kind, AgencyNames(), wide=False)


def plain_export(files: list[str], out: Path) -> None:
    with (out / "plain.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for path in files:
            doc = json.loads(Path(path).read_bytes())
            for table, rows in doc["tables"].items():
                for row, columns in rows.items():
                    for column, value in columns.items():
                        writer.writerow([path, doc["agency"], doc["year"], table, row, column, value])


def measure() -> list[BenchResult]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = make_folder(root / "in")
        n = len(files)
        plain_batch(files[:50])  # warm-up: formats loaded, plugins found
        t_plain = timed(lambda: plain_batch(files))
        t_chain = timed(lambda: chained(files, LocalEngine(1)))
        results.append(BenchResult(f"validate --chains, {n} reports", n / t_chain, "reports/s",
                                   "plain batch: each file read and validated alone", n / t_plain))
        for kind in ("csv", "parquet"):
            out = root / kind
            t = timed(lambda kind=kind, out=out: export(files, out, kind))  # type: ignore[misc]
            cells = sum(1 for _ in (out / "cells.csv").open(encoding="utf-8")) - 1 if kind == "csv" else None
            t_base = timed(lambda: plain_export(files, root / "csv")) if kind == "csv" else None
            results.append(BenchResult(f"export --to {kind}" + (f" ({cells / t:,.0f} cells/s)" if cells else ""),
                                       n / t, "reports/s", "json.loads + csv.writer of the cells",
                                       n / t_base if t_base else None))
        t_local2 = timed(lambda: chained(files, LocalEngine(2)), repeat=2)
        start = time.perf_counter()
        engine = DaskEngine(None, workers=2)
        startup = time.perf_counter() - start
        try:
            chained(files[:50], engine)  # warm-up: the workers import the library
            t_dask = timed(lambda: chained(files, engine), repeat=2)
        finally:
            engine.close()
        overhead_ms = (t_dask - t_local2) / n * 1000
        print(f"dask LocalCluster(2 workers): start-up {startup:.1f} s; overhead {overhead_ms:.2f} ms/report "
              f"({t_dask:.1f} s vs {t_local2:.1f} s for {n} reports)", file=sys.stderr)
        results.append(BenchResult(f"--engine dask LocalCluster(2), {overhead_ms:+.2f} ms/report", n / t_dask,
                                   "reports/s", "--chains on the local engine, 2 processes", n / t_local2))
    return results


if __name__ == "__main__":
    print_results(measure())
