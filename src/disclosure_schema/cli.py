"""The ``disclosure-schema`` command line. Run ``disclosure-schema --help``."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

import attrs

from . import __version__
from .batch import Progress, default_jobs, expand_inputs, run_parallel
from .corpus.options import add_batch_options, add_export_command, wanted
from .errors import DisclosureError, ReadError
from .inputs import read_file
from .outputs import output_names, refusals, write_atomic
from .plugins import ReadResult

PROG = "disclosure-schema"
# 3: a bug (ours or a plugin's) hit a file; the other files were still done and summed up.
EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """Bad usage: one line on stderr and exit 2, never a traceback."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_UNREADABLE)


# ------------------------------------------------------------------ work on one file

@attrs.frozen
class Task:
    path: str
    from_kind: str | None = None
    previous: str | None = None
    render_to: str | None = None
    output: str | None = None  # a file path, or "-" for stdout (returned as bytes)
    options: tuple[tuple[str, str], ...] = ()
    lang: str = "zh"
    provenance: bool = False
    debug: bool = False
    ignore: tuple[str, ...] = ()


@attrs.frozen
class Outcome:
    path: str
    format_id: str | None = None
    title: str = ""
    error: str | None = None
    findings: tuple[dict[str, object], ...] = ()
    summary: str = ""
    n_errors: int = 0
    n_warnings: int = 0
    diagnostics: tuple[str, ...] = ()
    notes: tuple[dict[str, object], ...] = ()  # the reader's diagnostics, with codes, for --json
    uncertain: int = 0  # reader diagnostics that --strict counts (numbers not placed, inferred fields)
    inferred: tuple[str, ...] = ()
    provenance: dict[str, object] | None = None
    output: str | None = None
    data: bytes | None = None  # rendered bytes when writing to stdout
    internal: bool = False  # the error is a bug, not the file's fault


def process(task: Task) -> Outcome:
    """Read, validate and (optionally) render one file. Errors come back as data, whatever they are."""
    try:
        return _process(task)
    except Exception as exc:  # a bug (ours or a plugin's) fails this file only; the batch goes on
        message = f"{task.path}: internal error: {type(exc).__name__}: {str(exc)[:500]}"
        if task.debug:
            message += "\n" + "".join(traceback.format_exc(limit=-8)).rstrip()
        else:
            message += " (rerun with --debug for a trace)"
        return Outcome(task.path, error=message, internal=True)


def _crashed(task: Task, exc: BaseException) -> Outcome:
    return Outcome(task.path, error=f"{task.path}: internal error: the worker process died ({exc})", internal=True)


def _process(task: Task) -> Outcome:
    from .plugins import get_renderer
    from .validation import validate

    try:
        result = read_file(task.path, task.from_kind)
        previous = read_file(task.previous, task.from_kind).report if task.previous else None
    except DisclosureError as exc:
        return Outcome(task.path, error=_located(task.path, exc))
    report = result.report
    from .rules.layout import layout_of_file

    layout = result.layout if result.layout is not None else layout_of_file(task.path, task.from_kind)
    checked = validate(report, previous, layout=layout, ignore=task.ignore)
    outcome = Outcome(
        task.path, report.format.id, f"{report.agency} {report.year}",
        findings=tuple(f.to_json() for f in checked.findings),
        summary=checked.summary(task.lang),
        n_errors=len(checked.errors), n_warnings=len(checked.warnings),
        diagnostics=tuple(d.show(task.lang) for d in result.diagnostics),
        notes=tuple(d.to_json() for d in result.diagnostics),
        uncertain=sum(d.code in STRICT_CODES for d in result.diagnostics) + len(result.inferred),
        inferred=tuple(sorted(result.inferred)),
        provenance=_provenance(result) if task.provenance else None,
    )
    if task.render_to is None:
        return outcome
    try:
        data = get_renderer(task.render_to).render(report, dict(task.options))
        if task.output and task.output != "-":
            write_atomic(task.output, data)
            return attrs.evolve(outcome, output=task.output)
        return attrs.evolve(outcome, output="-", data=data)
    except DisclosureError as exc:
        return attrs.evolve(outcome, error=f"{task.path}: cannot render as {task.render_to}: {exc}")
    except OSError as exc:
        return attrs.evolve(outcome, error=f"{task.output}: cannot write: {exc.strerror or exc}")


# Reader diagnostics that mean a number or a field of the report is not certain: --strict exits 1 on them.
STRICT_CODES = frozenset({
    "table.row-unplaced", "table.row-short-blank", "table.row-short-sums", "table.row-short-position",
    "table.values-extra", "table.row-repeated", "table.row-group", "table.row-cut", "table.row-by-order",
    "table.label-near", "meta.year-missing", "meta.agency-missing", "meta.year-inferred",
})


def _provenance(result: ReadResult) -> dict[str, object]:
    """Where each cell came from, keyed "table/row/column", for --provenance."""
    out: dict[str, object] = {}
    for key, origin in result.provenance.items():
        to_json = getattr(origin, "to_json", None)
        out["/".join(key)] = to_json() if callable(to_json) else str(origin)
    return out


def _located(path: str, exc: DisclosureError) -> str:
    """The error's text, starting with the file it is about (a reader's errors already do)."""
    text = str(exc)
    return text if text.startswith(path) else f"{path}: {text}"


def _label(task: Task) -> str:
    return task.path


def _run(tasks: list[Task], jobs: int) -> Iterator[Outcome]:
    """Outcomes in the order of ``tasks``, as they come (none is kept here)."""
    progress = Progress(len(tasks))
    try:
        yield from run_parallel(process, tasks, jobs, progress, _label, on_crash=_crashed)
    finally:
        progress.close()


@attrs.define
class Tally:
    """What the summary line and the exit code need, counted as outcomes stream past."""

    files: int = 0
    read: int = 0
    failed: int = 0
    internal: int = 0
    done: int = 0
    errors: int = 0
    warnings: int = 0
    uncertain: int = 0  # files with numbers not placed or fields inferred by the reader (--strict)

    def add(self, o: Outcome) -> None:
        self.files += 1
        self.read += bool(o.format_id)
        self.failed += bool(o.error)
        self.internal += o.internal
        self.done += bool(o.output)
        self.errors += bool(o.n_errors)
        self.warnings += bool(o.n_warnings)
        self.uncertain += bool(o.uncertain)

    def problem(self) -> None:
        self.files += 1
        self.failed += 1

    def exit_code(self, strict: bool = False) -> int:
        if self.internal:
            return EXIT_INTERNAL
        if self.failed:
            return EXIT_UNREADABLE
        return EXIT_FINDINGS if self.errors or (strict and self.uncertain) else EXIT_OK


def _final_summary(t: Tally, rendered: bool, lang: str) -> str:
    read, failed, done, errs, warns = t.read, t.failed, t.done, t.errors, t.warnings
    if lang == "zh":
        parts = [f"文件 {t.files} 个", f"读取 {read}"]
        if rendered:
            parts.append(f"输出 {done}")
        parts += [f"失败 {failed}", f"有错误 {errs}", f"有警告 {warns}"]
        return "合计：" + "，".join(parts)
    parts = [f"{t.files} file(s)", f"{read} read"]
    if rendered:
        parts.append(f"{done} rendered")
    parts += [f"{failed} failed", f"{errs} with errors", f"{warns} with warnings"]
    return "Summary: " + ", ".join(parts)


# ------------------------------------------------------------------ commands

def cmd_formats(args: argparse.Namespace) -> int:
    from .registry import formats

    for fmt in formats():
        print(f"{fmt.id}\t{fmt.document_number or fmt.document}\t{fmt.years_text}")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from .jsonio import to_json
    from .registry import get_format
    from .report import Report

    fmt = get_format(args.format)
    year = args.year if args.year is not None else (fmt.last_year or fmt.first_year)
    text = to_json(Report.create(fmt, args.agency, year))
    _write_text(text, args.output)
    return EXIT_OK


def _write_text(text: str, output: str | None) -> None:
    if output and output != "-":
        try:
            write_atomic(output, text.encode("utf-8"))
        except OSError as exc:
            raise ReadError(output, "", f"cannot write: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)


def _inputs(args: argparse.Namespace) -> tuple[list[str], list[ReadError]]:
    skipped: list[str] = []
    files, problems = expand_inputs(args.files, skipped)
    if skipped:  # listed, never dropped silently
        shown = ", ".join(skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        print(f"{PROG}: {len(skipped)} file(s) in the folders given are of a kind no reader takes, skipped: {shown}",
              file=sys.stderr)
    if not files and not problems:
        problems.append(ReadError("-", "", "no input file"))
    return files, problems


def _unknown_rules(ids: Sequence[str]) -> list[str]:
    """The ids no known format has a rule of (a rule of another format than a report's is warned of later)."""
    if not ids:
        return []
    from .registry import formats
    from .validation import PAIR_RULE

    known = {rule.id for fmt in formats() for rule in fmt.rules} | {PAIR_RULE}
    return [rid for rid in ids if rid not in known]


def cmd_validate(args: argparse.Namespace) -> int:
    if args.rules:
        from .rules.catalogue import catalogue_text

        sys.stdout.write(catalogue_text(args.lang))
        return EXIT_OK
    if unknown := _unknown_rules(args.ignore):
        print(f"validate: --ignore {', '.join(unknown)}: no format has such a rule (see: validate --rules)",
              file=sys.stderr)
        return EXIT_UNREADABLE
    files, problems = _inputs(args)
    tasks = [Task(f, args.from_kind, args.previous, lang=args.lang, provenance=args.provenance, debug=args.debug,
                  ignore=tuple(args.ignore)) for f in files]
    tally = Tally()
    after = None
    if wanted(args):  # year chains, roll-ups, another engine, summaries: two stages (corpus/)
        from .corpus.command import validate_batch

        batch, after = validate_batch(files, args)
        outcomes: Iterator[Outcome] = iter(batch)
    else:
        outcomes = _run(tasks, args.jobs)
    out = sys.stdout
    if args.json or args.jsonl:
        # One file at a time: memory stays flat however many files there are.
        out.write("" if args.jsonl else '{\n  "files": [')  # the layout of json.dumps(indent=2)
        first = True
        for o, listed in _with_problems(outcomes, problems):
            if listed:
                tally.add(o)
            else:
                tally.problem()
            entry: dict[str, object] = {"path": o.path, "format": o.format_id, "error": o.error,
                                        "diagnostics": list(o.notes) or list(o.diagnostics),
                                        "inferred": list(o.inferred), "findings": list(o.findings)}
            if o.provenance is not None:
                entry["provenance"] = o.provenance
            if args.jsonl:
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            else:
                text = json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                out.write(("\n    " if first else ",\n    ") + text)
            first = False
        if not args.jsonl:
            out.write("\n  ]\n}\n" if not first else "]\n}\n")
    else:
        for p in problems:
            print(f"{p}", file=sys.stderr)
            tally.problem()
        years: dict[str, set[int]] = {}  # agency → years, to point at --chains (a few bytes a file)
        for o in outcomes:
            tally.add(o)
            _print_outcome(o, args.lang, len(tasks) > 1)
            agency, _, year = o.title.rpartition(" ")
            if o.format_id and year.isdigit():
                years.setdefault(" ".join(agency.split()), set()).add(int(year))
        if len(tasks) + len(problems) > 1:
            print(_final_summary(tally, False, args.lang))
        chained = sum(1 for ys in years.values() if any(y - 1 in ys for y in ys))
        if chained and after is None:
            print(f"{PROG}: {chained} agencies have reports of consecutive years in this batch; add --chains to "
                  "check each against its previous year (carry-over, stock), gaps and duplicates", file=sys.stderr)
    if after is not None:
        after()
    return tally.exit_code(args.strict)


def _with_problems(outcomes: Iterator[Outcome], problems: list[ReadError]) -> Iterator[tuple[Outcome, bool]]:
    """The outcomes (True), then one for each input that could not even be listed (False): a pattern
    matching nothing, a folder without reports."""
    for o in outcomes:
        yield o, True
    for p in problems:
        yield Outcome(p.source, error=str(p)), False


def _print_outcome(o: Outcome, lang: str, header: bool) -> None:
    if o.error:
        print(o.error, file=sys.stderr)
        return
    if header:
        print(f"== {o.path} ({o.format_id}, {o.title})")
    for d in o.diagnostics:
        print(f"{o.path}: {'读取提示' if lang == 'zh' else 'reader note'}: {d}")
    print(o.summary)


def cmd_render(args: argparse.Namespace) -> int:
    from .plugins import check_options, get_renderer, is_binary, renderer_options

    renderer = get_renderer(args.to)
    files, problems = _inputs(args)
    options = tuple(_options(args))
    declared = renderer_options(renderer)
    if declared is not None:  # a wrong option is one usage error, not one error per file
        try:
            check_options(renderer.name, dict(options), sorted(declared))
        except DisclosureError as exc:
            raise ReadError("--option" if not getattr(args, "font", None) else "--font", "", str(exc)) from None
    out = args.output
    many = len(files) > 1 or (out is not None and (Path(out).is_dir() or out.endswith(("/", "\\"))))
    if many and out is None:
        raise ReadError("-o", "", "several inputs need an output folder: -o DIR")
    if not many and out is None and is_binary(renderer) and sys.stdout.isatty():
        raise ReadError("-o", "", f"{renderer.name} output is binary; write it to a file with -o FILE{renderer.extension}")
    if many:
        assert out is not None
        names = output_names(files, renderer.extension)
        targets = {f: str(Path(out) / names[f]) for f in files}
    else:
        targets = {f: out or "-" for f in files}
    refused = refusals(list(targets.items()), args.force)
    if refused:  # refused before anything is written
        for problem in refused[:10]:
            print(f"{PROG}: error: {problem}", file=sys.stderr)
        if len(refused) > 10:
            print(f"{PROG}: … and {len(refused) - 10} more", file=sys.stderr)
        return EXIT_UNREADABLE
    tasks = [Task(f, args.from_kind, render_to=args.to, output=targets[f], options=options, lang=args.lang,
                  debug=args.debug) for f in files]
    tally = Tally()
    for p in problems:
        print(p, file=sys.stderr)
        tally.problem()
    for o in _run(tasks, args.jobs):
        tally.add(o)
        if not args.quiet:  # what the reader could not place or had to infer, before the output
            for d in o.diagnostics:
                print(f"{o.path}: {'读取提示' if args.lang == 'zh' else 'reader note'}: {d}", file=sys.stderr)
        if o.error:
            print(o.error, file=sys.stderr)
        elif o.data is not None:
            sys.stdout.buffer.write(o.data)
            sys.stdout.flush()
        elif not args.quiet:
            print(f"{o.path} -> {o.output}", file=sys.stderr)
    if many or problems:
        print(_final_summary(tally, True, args.lang), file=sys.stderr)
    return tally.exit_code(args.strict)


def _options(args: argparse.Namespace) -> list[tuple[str, str]]:
    opts: list[tuple[str, str]] = []
    if getattr(args, "font", None):
        opts.append(("font", args.font))
    if getattr(args, "fragment", False):
        opts.append(("fragment", "1"))
    if getattr(args, "fonts", None):
        opts.append(("fonts", args.fonts))
    for item in getattr(args, "option", None) or []:
        if "=" not in item:
            raise ReadError("--option", "", f"{item!r} is not KEY=VALUE")
        key, value = item.split("=", 1)
        opts.append((key.strip(), value))
    return opts


def cmd_convert(args: argparse.Namespace) -> int:
    from .plugins import reader_names

    if args.to not in reader_names():
        raise ReadError("--to", "", f"convert writes kinds that can be read back: {', '.join(sorted(reader_names()))}; "
                        "use render for others")
    args.font = None
    args.fonts = None
    args.option = []
    return cmd_render(args)


def cmd_renderers(args: argparse.Namespace) -> int:
    from .plugins import plugin_infos

    bad = 0
    for info in plugin_infos():
        kind = "renderer" if info.group.endswith("renderers") else "reader"
        status = "ok" if info.error is None else f"FAILED: {info.error}"
        bad += info.error is not None
        print(f"{kind:<8} {info.name:<6} {info.distribution} {info.version}  {info.target}  {status}")
    return EXIT_UNREADABLE if bad else EXIT_OK


# ------------------------------------------------------------------ parser

def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Build, check, read and publish 政府信息公开工作年度报告 (government information "
        "disclosure annual reports) in the national formats.",
        epilog="Exit codes: 0 no errors (warnings allowed), 1 a report has errors, 2 a file could not be "
        "read or written, or bad usage, 3 an internal error hit a file (the others were still done). "
        "Add --debug to see a traceback on an internal error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("formats", help="list the report formats (editions)",
                       description="One line per format: id, issuing document, report years.")
    p.set_defaults(func=cmd_formats)

    p = sub.add_parser("template", help="an empty report (every cell blank) as JSON",
                       description="Write an empty report of FORMAT as JSON, to fill in and validate.")
    p.add_argument("format", metavar="FORMAT", help="a format id (see `formats`) or a spec .toml file")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--agency", default="", help="the agency's name (default: empty)")
    p.add_argument("--year", type=int, help="the report year (default: the format's last or first year)")
    p.set_defaults(func=cmd_template)

    def inputs(p: argparse.ArgumentParser, nargs: str = "+") -> None:
        p.add_argument("files", nargs=nargs, metavar="FILE", help="report files (JSON, XML, text, HTML pages, Word .docx, PDF), "
                       "folders or globs")
        p.add_argument("--from", dest="from_kind", metavar="KIND",
                       help="the input kind (json, xml, text, html, docx, pdf); default: detected from "
                       "the content")
        p.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="N",
                       help="files worked on in parallel (default: the machine's cores; at most twice the cores "
                       "and never more than the files)")
        p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages (default zh)")
        p.add_argument("--strict", action="store_true",
                       help="exit 1 when a reader could not place a number or had to infer the year or agency")

    p = sub.add_parser("validate", help="check reports and print every finding",
                       description="Check each report against its format's rules and print every finding.")
    inputs(p, "*")
    p.add_argument("--previous", metavar="FILE", help="the prior year's report, for the cross-report rules")
    p.add_argument("--rules", action="store_true", help="list every rule of every format (the catalogue) and exit")
    p.add_argument("--ignore", action="append", default=[], metavar="RULE",
                   help="do not run this rule (repeatable); to keep a rule's findings visible, waive it in the report")
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print one JSON document for programs (written file by "
                       "file as the batch runs)")
    shape.add_argument("--jsonl", action="store_true", help="print JSON Lines: one object per file")
    p.add_argument("--provenance", action="store_true",
                   help="with --json/--jsonl: where each cell was read (line and column, page, table cell)")
    add_batch_options(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("render", help="render reports as text, XML, PDF, JSON…",
                       description="Render each report with a renderer (see `renderers`).")
    inputs(p)
    p.add_argument("--to", required=True, metavar="NAME", help="renderer: text, pipe, json, xml, pdf, docx, html, …")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (one input) or folder (several inputs)")
    p.add_argument("--font", metavar="FONT", help="PDF: one font for every role (a file, an installed family, "
                   "or STSong-Light); `python -m disclosure_schema_pdf` shows the fonts chosen")
    p.add_argument("--fonts", metavar="FILE", help="PDF: a fonts file (TOML) naming each role's font (docs/pdf.md)")
    p.add_argument("--option", action="append", metavar="KEY=VALUE", help="a renderer option (repeatable)")
    p.add_argument("--fragment", action="store_true", help="HTML: a fragment to paste into a CMS (fragment=1)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not list the files written")
    p.add_argument("-f", "--force", action="store_true", help="replace output files that exist already")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("convert", help="convert between the kinds that read back exactly (json, xml, text, …)",
                       description="Convert reports between kinds that can be read back without loss.")
    inputs(p)
    p.add_argument("--to", required=True, metavar="KIND",
                   help="a kind with a reader and a renderer: json, xml, text, docx, html, pdf")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (one input) or folder (several inputs)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not list the files written")
    p.add_argument("-f", "--force", action="store_true", help="replace output files that exist already")
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("renderers", help="list installed renderers and readers",
                       description="List the renderer and reader plugins with their package and version.")
    p.set_defaults(func=cmd_renderers)
    add_export_command(sub, inputs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_UNREADABLE
    if getattr(args, "jobs", 1) < 1:
        parser.error("--jobs must be at least 1")
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # a full disk shows here, not at exit
        return code
    except DisclosureError as exc:
        sys.stderr.write(f"{PROG}: error: {exc}\n")
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        if exc.filename is not None:
            sys.stderr.write(f"{PROG}: error: {exc.filename}: {exc.strerror or exc}\n")
        else:  # standard output failed (a full disk, /dev/full): say so, once
            _silence_stdout()
            sys.stderr.write(f"{PROG}: error: cannot write to standard output: {exc.strerror or exc}\n")
        return EXIT_UNREADABLE
    except Exception as exc:  # an internal error: say so plainly
        if args.debug:
            traceback.print_exc()
        else:
            sys.stderr.write(f"{PROG}: internal error: {type(exc).__name__}: {exc} (rerun with --debug)\n")
        return 3


def _silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
