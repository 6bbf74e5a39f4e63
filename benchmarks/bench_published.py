"""Reading published files into blocks: HTML pages and PDF attachments, against the plain libraries.

The HTML baseline is ``lxml.html`` parsing the same page and nothing else; the PDF baseline
is pdfplumber opening the same file and running its own ``extract_tables`` on every page
(which finds the table cells but neither joins tables across pages nor reads the narrative).
"""

from __future__ import annotations

import io
from pathlib import Path

from benchmarks.common import BenchResult, rate

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
HTML = DATA / "html" / "shanghai-government-office-2019.html"
PDF = DATA / "pdf" / "hongze-district-government-2023.pdf"


def measure() -> list[BenchResult]:
    import pdfplumber
    from lxml import html

    from disclosure_schema_published import html_blocks, pdf_blocks

    page = HTML.read_bytes()
    pdf = PDF.read_bytes()

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = len(doc.pages)

    def plain_pdf() -> None:
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            for p in doc.pages:
                p.extract_tables()

    return [
        BenchResult("published html → blocks (shanghai 2019)", rate(lambda: html_blocks(page, "p.html")), "reports/s",
                    "lxml.html parses the page", rate(lambda: html.document_fromstring(page))),
        # pages/s: a report reads in about a second, too coarse for reports/s
        BenchResult("published pdf → blocks (hongze 2023)", pages * rate(lambda: pdf_blocks(pdf, "p.pdf"), 3.0),
                    "pages/s", "pdfplumber extract_tables, every page", pages * rate(plain_pdf, 3.0)),
    ]
