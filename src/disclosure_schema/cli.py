"""The ``disclosure-schema`` command line. Run ``disclosure-schema --help``."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import attrs

from . import __version__
from .batch import Progress, default_jobs, expand_inputs, run_parallel, unique_output_names
from .errors import DisclosureError, ReadError
from .inputs import read_file

PROG = "disclosure-schema"
EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


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
    output: str | None = None
    data: bytes | None = None  # rendered bytes when writing to stdout


def process(task: Task) -> Outcome:
    """Read, validate and (optionally) render one file. Errors come back as data."""
    from .plugins import get_renderer
    from .validation import validate

    try:
        result = read_file(task.path, task.from_kind)
        previous = read_file(task.previous, task.from_kind).report if task.previous else None
    except DisclosureError as exc:
        return Outcome(task.path, error=str(exc))
    report = result.report
    from .rules.layout import layout_of_file

    checked = validate(report, previous, layout=layout_of_file(task.path, task.from_kind), ignore=task.ignore)
    outcome = Outcome(
        task.path, report.format.id, f"{report.agency} {report.year}",
        findings=tuple(f.to_json() for f in checked.findings),
        summary=checked.summary(task.lang),
        n_errors=len(checked.errors), n_warnings=len(checked.warnings),
        diagnostics=tuple(d.show(task.lang) for d in result.diagnostics),
    )
    if task.render_to is None:
        return outcome
    try:
        data = get_renderer(task.render_to).render(report, dict(task.options))
        if task.output and task.output != "-":
            Path(task.output).parent.mkdir(parents=True, exist_ok=True)
            Path(task.output).write_bytes(data)
            return attrs.evolve(outcome, output=task.output)
        return attrs.evolve(outcome, output="-", data=data)
    except DisclosureError as exc:
        return attrs.evolve(outcome, error=f"{task.path}: cannot render as {task.render_to}: {exc}")
    except OSError as exc:
        return attrs.evolve(outcome, error=f"{task.output}: cannot write: {exc.strerror or exc}")


def _label(task: Task) -> str:
    return task.path


def _run(tasks: list[Task], jobs: int) -> list[Outcome]:
    progress = Progress(len(tasks))
    try:
        return list(run_parallel(process, tasks, jobs, progress, _label))
    finally:
        progress.close()


def _exit_code(outcomes: Sequence[Outcome], problems: int) -> int:
    if problems or any(o.error for o in outcomes):
        return EXIT_UNREADABLE
    if any(o.n_errors for o in outcomes):
        return EXIT_FINDINGS
    return EXIT_OK


def _final_summary(outcomes: Sequence[Outcome], problems: int, rendered: bool, lang: str) -> str:
    read = sum(1 for o in outcomes if o.format_id)
    failed = sum(1 for o in outcomes if o.error) + problems
    done = sum(1 for o in outcomes if o.output)
    errs = sum(1 for o in outcomes if o.n_errors)
    warns = sum(1 for o in outcomes if o.n_warnings)
    if lang == "zh":
        parts = [f"文件 {len(outcomes) + problems} 个", f"读取 {read}"]
        if rendered:
            parts.append(f"输出 {done}")
        parts += [f"失败 {failed}", f"有错误 {errs}", f"有警告 {warns}"]
        return "合计：" + "，".join(parts)
    parts = [f"{len(outcomes) + problems} file(s)", f"{read} read"]
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
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ReadError(output, "", f"cannot write: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)


def _inputs(args: argparse.Namespace) -> tuple[list[str], list[ReadError]]:
    files, problems = expand_inputs(args.files)
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
    tasks = [Task(f, args.from_kind, args.previous, lang=args.lang, ignore=tuple(args.ignore)) for f in files]
    outcomes = _run(tasks, args.jobs)
    if args.json:
        doc = {
            "files": [
                {"path": o.path, "format": o.format_id, "error": o.error, "diagnostics": list(o.diagnostics),
                 "findings": list(o.findings)} for o in outcomes
            ] + [{"path": p.source, "format": None, "error": str(p), "diagnostics": [], "findings": []}
                 for p in problems],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        for p in problems:
            print(f"{p}", file=sys.stderr)
        for o in outcomes:
            _print_outcome(o, args.lang, len(outcomes) > 1)
        if len(outcomes) + len(problems) > 1:
            print(_final_summary(outcomes, len(problems), False, args.lang))
    return _exit_code(outcomes, len(problems))


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
    from .plugins import get_renderer

    renderer = get_renderer(args.to)
    files, problems = _inputs(args)
    options = tuple(_options(args))
    out = args.output
    many = len(files) > 1 or (out is not None and (Path(out).is_dir() or out.endswith(("/", "\\"))))
    if many and out is None:
        raise ReadError("-o", "", "several inputs need an output folder: -o DIR")
    if not many and out is None and renderer.name == "pdf" and sys.stdout.isatty():
        raise ReadError("-o", "", "PDF is binary; write it to a file with -o FILE.pdf")
    if many:
        assert out is not None
        names = unique_output_names(files, renderer.extension)
        tasks = [Task(f, args.from_kind, render_to=args.to, output=str(Path(out) / names[f]),
                      options=options, lang=args.lang) for f in files]
    else:
        tasks = [Task(f, args.from_kind, render_to=args.to, output=out or "-", options=options, lang=args.lang)
                 for f in files]
    outcomes = _run(tasks, args.jobs)
    for p in problems:
        print(p, file=sys.stderr)
    for o in outcomes:
        if o.error:
            print(o.error, file=sys.stderr)
        elif o.data is not None:
            sys.stdout.buffer.write(o.data)
            sys.stdout.flush()
        elif not args.quiet:
            print(f"{o.path} -> {o.output}", file=sys.stderr)
    if many or problems:
        print(_final_summary(outcomes, len(problems), True, args.lang), file=sys.stderr)
    return _exit_code(outcomes, len(problems))


def _options(args: argparse.Namespace) -> list[tuple[str, str]]:
    opts: list[tuple[str, str]] = []
    if getattr(args, "font", None):
        opts.append(("font", args.font))
    for item in getattr(args, "option", None) or []:
        if "=" not in item:
            raise ReadError("--option", "", f"{item!r} is not KEY=VALUE")
        key, value = item.split("=", 1)
        opts.append((key.strip(), value))
    return opts


def cmd_convert(args: argparse.Namespace) -> int:
    from .plugins import readers

    if args.to not in readers():
        raise ReadError("--to", "", f"convert writes kinds that can be read back: {', '.join(sorted(readers()))}; "
                        "use render for others")
    args.font = None
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
    return EXIT_OK


# ------------------------------------------------------------------ parser

def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Build, check, read and publish 政府信息公开工作年度报告 (government information "
        "disclosure annual reports) in the national formats.",
        epilog="Exit codes: 0 no errors (warnings allowed), 1 a report has errors, 2 a file could not be "
        "read or bad usage. Add --debug to see a traceback on an internal error.",
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
        p.add_argument("files", nargs=nargs, metavar="FILE", help="report files (JSON, XML or text), folders or globs")
        p.add_argument("--from", dest="from_kind", metavar="KIND",
                       help="the input kind (json, xml, text); default: detected from the content")
        p.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="N",
                       help="files worked on in parallel (default: the machine's cores)")
        p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages (default zh)")

    p = sub.add_parser("validate", help="check reports and print every finding",
                       description="Check each report against its format's rules and print every finding.")
    inputs(p, "*")
    p.add_argument("--previous", metavar="FILE", help="the prior year's report, for the cross-report rules")
    p.add_argument("--rules", action="store_true", help="list every rule of every format (the catalogue) and exit")
    p.add_argument("--ignore", action="append", default=[], metavar="RULE",
                   help="do not run this rule (repeatable); to keep a rule's findings visible, waive it in the report")
    p.add_argument("--json", action="store_true", help="print one JSON document for programs")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("render", help="render reports as text, XML, PDF, JSON…",
                       description="Render each report with a renderer (see `renderers`).")
    inputs(p)
    p.add_argument("--to", required=True, metavar="NAME", help="renderer: text, pipe, json, xml, pdf, …")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (one input) or folder (several inputs)")
    p.add_argument("--font", metavar="FILE", help="PDF: embed this TrueType (.ttf/.ttc) font")
    p.add_argument("--option", action="append", metavar="KEY=VALUE", help="a renderer option (repeatable)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not list the files written")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("convert", help="convert between the readable kinds (json, xml, text)",
                       description="Convert reports between kinds that can be read back without loss.")
    inputs(p)
    p.add_argument("--to", required=True, metavar="KIND", help="json, xml or text")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (one input) or folder (several inputs)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not list the files written")
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("renderers", help="list installed renderers and readers",
                       description="List the renderer and reader plugins with their package and version.")
    p.set_defaults(func=cmd_renderers)
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
        return code
    except DisclosureError as exc:
        sys.stderr.write(f"{PROG}: error: {exc}\n")
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an internal error: say so plainly
        if args.debug:
            traceback.print_exc()
        else:
            sys.stderr.write(f"{PROG}: internal error: {type(exc).__name__}: {exc} (rerun with --debug)\n")
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
