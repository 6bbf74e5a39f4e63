"""DOCX throughput: rendering and reading back, against python-docx building the same document.

The baseline writes the same content with python-docx: the title and headings in
Word's styles, the narrative paragraphs, the three tables on the same column grid
with the same merged cells (``Cell.merge``), saved to bytes. It sets none of what
python-docx cannot (East Asian fonts, page numbers, embedded data, fixed bytes).
"""

from __future__ import annotations

import io

import docx

from benchmarks.common import BenchResult, print_results, rate, sample_report
from disclosure_schema import Report, stacked_layout
from disclosure_schema.layout import Role
from disclosure_schema.plugins import get_reader, get_renderer


def plain_build(report: Report) -> bytes:
    document = docx.Document()
    document.add_heading(report.display_title, level=0)
    fmt = report.format
    for section in fmt.sections:
        document.add_heading(section.title, level=1)
        if section.table is None:
            for line in report.sections.get(section.id, "").split("\n"):
                if line.strip():
                    document.add_paragraph(line.strip())
            continue
        lay = stacked_layout(fmt.table(section.table))
        table = document.add_table(rows=lay.rows, cols=lay.cols)
        # The cells taken once (Table.cell() walks the whole table on every call); spans do not
        # overlap, so each merge's corners are still untouched cells.
        grid = [row.cells for row in table.rows]
        for cell in lay.cells:
            target = grid[cell.row][cell.col]
            target.text = cell.text_in(report) if cell.role is Role.VALUE else cell.text
            if cell.rowspan > 1 or cell.colspan > 1:
                target.merge(grid[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def measure() -> list[BenchResult]:
    report = sample_report()
    renderer, reader = get_renderer("docx"), get_reader("docx")
    data = renderer.render(report, {})
    assert reader.read(data, "bench.docx").report == report
    plain = plain_build(report)
    assert len(docx.Document(io.BytesIO(plain)).tables) == 3, "the baseline must do the same work"
    return [
        BenchResult("docx render gov-2021", rate(lambda: renderer.render(report, {})), "reports/s",
                    "python-docx builds the same document", rate(lambda: plain_build(report))),
        BenchResult("docx read gov-2021 (+ edit check)", rate(lambda: reader.read(data, "bench.docx")), "reports/s",
                    "python-docx opens it", rate(lambda: docx.Document(io.BytesIO(data)))),
    ]


if __name__ == "__main__":
    print_results(measure())
