"""HTML throughput: the page rendered and read back, against lxml building the same page.

The baseline builds the same elements with lxml (title, headings, paragraphs, the
tables with spans, ``id``/``headers`` and the same class names, the embedded JSON)
and serialises them; it skips only the stylesheet text.
"""

from __future__ import annotations

from lxml import etree, html

from benchmarks.common import BenchResult, print_results, rate, sample_report
from disclosure_schema import Report, stacked_layout
from disclosure_schema.jsonio import to_json
from disclosure_schema.layout import Role
from disclosure_schema.plugins import get_reader, get_renderer


def plain_build(report: Report) -> bytes:
    root = etree.Element("html", lang="zh-CN")
    etree.SubElement(etree.SubElement(root, "head"), "title").text = report.display_title
    article = etree.SubElement(etree.SubElement(root, "body"), "article", {"class": "ds-report"})
    etree.SubElement(article, "h1", {"class": "ds-title"}).text = report.display_title
    fmt = report.format
    for section in fmt.sections:
        box = etree.SubElement(article, "section", id=f"ds-{section.id}")
        etree.SubElement(box, "h2", {"class": "ds-h2"}).text = section.title
        if section.table is None:
            for line in report.sections.get(section.id, "").split("\n"):
                if line.strip():
                    etree.SubElement(box, "p", {"class": "ds-p"}).text = line.strip()
            continue
        table = fmt.table(section.table)
        lay = stacked_layout(table)
        el = etree.SubElement(etree.SubElement(box, "div", {"class": "ds-scroll"}), "table", id=f"ds-{table.id}-table")
        etree.SubElement(el, "caption").text = table.label
        rows = [etree.SubElement(el, "tr") for _ in range(lay.rows)]
        for i, cell in enumerate(lay.cells):
            attrs = {"class": "ds-cell"}
            if cell.rowspan > 1:
                attrs["rowspan"] = str(cell.rowspan)
            if cell.colspan > 1:
                attrs["colspan"] = str(cell.colspan)
            if cell.role is Role.VALUE:
                attrs["headers"] = " ".join(f"ds-{table.id}-{h}" for h in cell.headers)
                etree.SubElement(rows[cell.row], "td", attrs).text = cell.text_in(report)
            else:
                attrs["id"] = f"ds-{table.id}-{i}"
                etree.SubElement(rows[cell.row], "th", attrs).text = cell.text
    etree.SubElement(root[1], "script", type="application/json").text = to_json(report, indent=None)
    return etree.tostring(root, method="html", doctype="<!DOCTYPE html>", encoding="utf-8")


def measure() -> list[BenchResult]:
    report = sample_report()
    renderer, reader = get_renderer("html"), get_reader("html")
    page = renderer.render(report, {})
    assert reader.read(page, "bench.html").report == report
    assert html.document_fromstring(plain_build(report)).get_element_by_id("ds-applications-table") is not None
    return [
        BenchResult("html render gov-2021 (page)", rate(lambda: renderer.render(report, {})), "reports/s",
                    "lxml builds the same page", rate(lambda: plain_build(report))),
        BenchResult("html render gov-2021 (fragment)", rate(lambda: renderer.render(report, {"fragment": "1"})),
                    "reports/s", "lxml builds the same page", rate(lambda: plain_build(report))),
        BenchResult("html read gov-2021", rate(lambda: reader.read(page, "bench.html")), "reports/s",
                    "lxml.html parses it", rate(lambda: html.document_fromstring(page))),
    ]


if __name__ == "__main__":
    print_results(measure())
