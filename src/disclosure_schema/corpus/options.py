"""Command-line options for many reports; importing this loads nothing but argparse."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_batch_options(p: argparse.ArgumentParser, *, summaries: bool = True) -> None:
    g = p.add_argument_group("many reports (docs/corpus.md)")
    g.add_argument("--chains", action="store_true",
                   help="group the reports by agency and year: each gets its previous year's report for the "
                   "cross-year rules; missing years and duplicates are reported")
    g.add_argument("--aliases", metavar="FILE", help="agency aliases and renamed agencies (TOML); implies --chains")
    g.add_argument("--rollup", metavar="FILE", help="parents and their units (TOML): compare a parent's cells "
                   "with the sum of its units' where the format says they add up")
    g.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="where files are worked on: local processes (default) or Dask distributed")
    g.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler (tcp://host:8786); "
                   "without it --engine dask starts a local cluster of --jobs workers")
    if summaries:
        g.add_argument("--summary", action="store_true",
                       help="end with reports per agency and year and the most frequent findings")
        g.add_argument("--report", metavar="FILE.html", help="write that summary as a page with charts")


def wanted(args: argparse.Namespace) -> bool:
    """Whether a ``validate`` run needs the two-stage batch (otherwise the plain one runs)."""
    return bool(args.chains or args.aliases or args.rollup or args.engine != "local" or args.scheduler
                or getattr(args, "summary", False) or getattr(args, "report", None))


def add_export_command(sub: argparse._SubParsersAction,  # type: ignore[type-arg]
                       inputs: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("export", help="reports as a dataset: CSV, Parquet or JSON Lines",
                       description="Write one row per cell (or, with --wide, one row per report) and the "
                       "findings as their own table into the folder OUT: cells.EXT or reports.EXT, findings.EXT.")
    inputs(p)
    p.add_argument("--to", required=True, choices=("csv", "parquet", "jsonl"), help="the file kind")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the folder to write into")
    p.add_argument("--wide", action="store_true", help="one row per report, a column per cell")
    p.add_argument("-q", "--quiet", action="store_true", help="do not list the files written")
    add_batch_options(p, summaries=False)
    p.set_defaults(func=_cmd_export)


def _cmd_export(args: argparse.Namespace) -> int:
    from .command import cmd_export

    return cmd_export(args)
