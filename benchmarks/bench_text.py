"""Text throughput: rendering (boxed and pipe) and reading (own output, published text), per report.

Baselines do the same amount of plain string work without any of the layout or
checks: rendering joins the same labels and cell texts with ``" | "``; reading
splits the same lines on ``"|"``. The ratio says what alignment, escaping,
label resolution and diagnostics cost on top.
"""

from __future__ import annotations

from tests.published_layouts import LAYOUTS, published_text

from benchmarks.common import CHENGGONG, BenchResult, print_results, rate, sample_report
from disclosure_schema import Report
from disclosure_schema_text import PipeRenderer, TextReader, TextRenderer


def plain_join(report: Report) -> str:
    """The baseline renderer: section titles, narratives, and each row's label and cells joined by bars."""
    fmt = report.format
    out = [report.display_title]
    for section in fmt.sections:
        out.append(section.title)
        if section.table is None:
            out.append(report.sections.get(section.id, ""))
            continue
        table = fmt.table(section.table)
        for block in table.blocks:
            for row in block.row_leaves:
                values = [str(report.cells.get((table.id, row.id, c.id), "")) for c in block.column_leaves]
                out.append(" | ".join([row.label, *values]))
    return "\n".join(out)


def plain_split(data: bytes) -> int:
    """The baseline reader: decode, split lines, split table lines into stripped cells."""
    cells = 0
    for line in data.decode("utf-8").split("\n"):
        if "|" in line:
            cells += len([c.strip() for c in line.split("|")])
    return cells


def measure() -> list[BenchResult]:
    report = sample_report()
    text, pipe, reader = TextRenderer(), PipeRenderer(), TextReader()
    boxed = text.render(report, {})
    piped = pipe.render(report, {})
    published = CHENGGONG.read_bytes()
    join_rate = rate(lambda: plain_join(report))
    results = [
        BenchResult("text render (boxed) gov-2021", rate(lambda: text.render(report, {})), "reports/s",
                    "' | '.join of the same labels and cells", join_rate),
        BenchResult("text render (pipe) gov-2021", rate(lambda: pipe.render(report, {})), "reports/s",
                    "' | '.join of the same labels and cells", join_rate),
        BenchResult("text read own boxed gov-2021", rate(lambda: reader.read(boxed, "b.txt")), "reports/s",
                    "str.split of the same lines and cells", rate(lambda: plain_split(boxed))),
        BenchResult("text read own pipe gov-2021", rate(lambda: reader.read(piped, "p.txt")), "reports/s",
                    "str.split of the same lines and cells", rate(lambda: plain_split(piped))),
        BenchResult("text read published (chenggong)", rate(lambda: reader.read(published, "c.txt")), "reports/s",
                    "str.split of the same lines and cells", rate(lambda: plain_split(published))),
    ]
    # Published text in each layout real text comes in (the same gov-2021 report, tables complete).
    pipe_layout = published_text(report, "pipe").encode("utf-8")
    pipe_rate = rate(lambda: reader.read(pipe_layout, "p.txt"))
    for layout in LAYOUTS:
        data = published_text(report, layout).encode("utf-8")

        def read_layout(data: bytes = data) -> object:
            return reader.read(data, "l.txt")

        results.append(BenchResult(f"text read published, {layout} layout", rate(read_layout),
                                   "reports/s", "the same report in the pipe layout", pipe_rate))
    return results


if __name__ == "__main__":
    print_results(measure())
