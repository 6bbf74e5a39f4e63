"""The command-line side: ``validate`` with the batch options, and the ``export`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..batch import Progress
from ..cli import EXIT_OK, EXIT_UNREADABLE, Outcome
from ..errors import ReadError
from .engines import CorpusOptions, DaskEngine, Engine, LocalEngine, Planned, run_corpus
from .names import load_names
from .rollup import load_rollups
from .summary import FileLine, summarise, summary_html, summary_text


def _options(args: argparse.Namespace, rows: bool) -> CorpusOptions:
    if getattr(args, "previous", None) and (args.chains or args.aliases):
        raise ReadError("--previous", "", "give either --previous (one pair) or --chains (pairs found in the batch)")
    if args.scheduler and args.engine != "dask":
        raise ReadError("--scheduler", "", "needs --engine dask")
    return CorpusOptions(
        chains=bool(args.chains or args.aliases), names=load_names(args.aliases),
        families=load_rollups(args.rollup) if args.rollup else (), lang=args.lang, from_kind=args.from_kind,
        rows=rows, ignore=tuple(getattr(args, "ignore", None) or ()),
    )


def _engine(args: argparse.Namespace, files: int) -> Engine:
    progress = Progress(2 * files)
    if args.engine == "dask":
        return DaskEngine(args.scheduler, workers=args.jobs, progress=progress)
    return LocalEngine(args.jobs, progress)


def _lines(planned: Planned, outcomes: Sequence[Outcome]) -> list[FileLine]:
    """Per file, the agency under its latest name in the batch (a renamed agency is shown as it is now)."""
    latest: dict[str, tuple[int, str]] = {}
    for m, key in zip(planned.metas, planned.keys, strict=True):
        if key is not None and m.agency is not None and m.year is not None \
                and (key not in latest or m.year > latest[key][0]):
            latest[key] = (m.year, m.agency)
    return [FileLine(o, latest[k][1] if k in latest else m.agency, m.year)
            for o, m, k in zip(outcomes, planned.metas, planned.keys, strict=True)]


def validate_batch(files: list[str], args: argparse.Namespace) -> tuple[list[Outcome], Callable[[], None]]:
    """``validate`` with the batch options: the outcomes, and what to do after they are printed."""
    options = _options(args, rows=False)
    engine = _engine(args, len(files))
    try:
        planned, results = run_corpus(files, options, engine)
        outcomes = [r.outcome for r in results]
    finally:
        engine.close()

    def after() -> None:
        if not (args.summary or args.report):
            return
        s = summarise(_lines(planned, outcomes))
        if args.summary:
            print(summary_text(s, args.lang), file=sys.stderr if args.json else sys.stdout)
        if args.report:
            _write(Path(args.report), summary_html(s))

    return outcomes, after


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReadError(str(path), "", f"cannot write: {exc.strerror or exc}") from None


def cmd_export(args: argparse.Namespace) -> int:
    from ..cli import _inputs
    from .export import write_dataset

    if args.to == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ReadError("--to", "parquet", "needs pyarrow: pip install 'disclosure-schema[parquet]'") from None
    files, problems = _inputs(args)
    options = _options(args, rows=True)
    engine = _engine(args, len(files))
    try:
        planned, results = run_corpus(files, options, engine)

        unreadable: list[str] = []

        def feed() -> Iterator[tuple[Outcome, Sequence[dict[str, object]], str | None, int | None]]:
            for r, m in zip(results, planned.metas, strict=True):
                if r.outcome.error:
                    print(r.outcome.error, file=sys.stderr)
                    unreadable.append(r.outcome.path)
                yield r.outcome, r.rows, m.agency, m.year

        written = write_dataset(feed(), Path(args.output), args.to, options.names, wide=args.wide)
    finally:
        engine.close()
    for p in problems:
        print(p, file=sys.stderr)
    for name, w in written.items():
        if not args.quiet:
            print(f"{w.path}: {w.count} {'row' if w.count == 1 else 'rows'} ({name})", file=sys.stderr)
        if w.unfit:
            print(f"{w.path}: {w.unfit} number(s) do not fit decimal128(38, 6) and are null in `number`; "
                  "`value` has them exactly", file=sys.stderr)
    return EXIT_UNREADABLE if problems or unreadable else EXIT_OK
