"""XML throughput: rendering, and reading with schema validation, against plain lxml doing the same.

The report is a full gov-2021 report: every cell filled (a few as text as written), narratives
taken from a real published report.
"""

from __future__ import annotations

from lxml import etree

from benchmarks.common import BenchResult, print_results, rate, sample_report
from disclosure_schema import Report, Verbatim
from disclosure_schema_xml import NAMESPACE, read_report, render_bytes, schema_for

XSI = "http://www.w3.org/2001/XMLSchema-instance"


def plain_build(report: Report) -> bytes:
    """The same document built directly with lxml, without any checks."""
    fmt = report.format
    root = etree.Element(f"{{{NAMESPACE}}}report", nsmap={None: NAMESPACE, "xsi": XSI})
    root.set("format", fmt.id)
    etree.SubElement(root, f"{{{NAMESPACE}}}agency").text = report.agency
    etree.SubElement(root, f"{{{NAMESPACE}}}year").text = str(report.year)
    sections = etree.SubElement(root, f"{{{NAMESPACE}}}sections")
    for sec in fmt.narrative_sections:
        etree.SubElement(sections, f"{{{NAMESPACE}}}{sec.id}").text = report.sections.get(sec.id, "")
    tables = etree.SubElement(root, f"{{{NAMESPACE}}}tables")
    for table in fmt.tables:
        table_el = etree.SubElement(tables, f"{{{NAMESPACE}}}{table.id}")
        rows: dict[str, etree._Element] = {}
        for _, row, col in table.cells():
            if row.id not in rows:
                rows[row.id] = etree.SubElement(table_el, f"{{{NAMESPACE}}}{row.id}")
            cell = etree.SubElement(rows[row.id], f"{{{NAMESPACE}}}{col.id}")
            value = report.cells.get((table.id, row.id, col.id))
            if isinstance(value, Verbatim):
                cell.set(f"{{{XSI}}}nil", "true")
                cell.set("written", value.text)
            elif value is None:
                cell.set(f"{{{XSI}}}nil", "true")
            else:
                cell.text = str(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def measure() -> list[BenchResult]:
    report = sample_report()
    data = render_bytes(report)
    assert plain_build(report) == data, "the baseline must do the same work"
    assert read_report(data, "bench.xml") == report
    schema = schema_for(report.format)

    def plain_validate() -> None:
        schema.validate(etree.fromstring(data))

    return [
        BenchResult("xml render gov-2021", rate(lambda: render_bytes(report)), "reports/s",
                    "lxml builds the same tree, no checks", rate(lambda: plain_build(report))),
        BenchResult("xml read+validate gov-2021", rate(lambda: read_report(data, "bench.xml")), "reports/s",
                    "lxml parses it (default parser)", rate(lambda: etree.fromstring(data))),
        BenchResult("xml read+validate vs lxml validate", rate(lambda: read_report(data, "bench.xml")), "reports/s",
                    "lxml parses and validates, no report", rate(plain_validate)),
    ]


if __name__ == "__main__":
    print_results(measure())
