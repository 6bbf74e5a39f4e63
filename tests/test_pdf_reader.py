"""Our PDFs read back exactly from the report data they carry; other PDFs are refused with the reason."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import cast

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings

from disclosure_schema import ReadError, RenderError, Report, jsonio
from disclosure_schema.inputs import read_data
from disclosure_schema.testing import reports
from disclosure_schema_pdf import PdfReader, extract_report_json
from disclosure_schema_pdf.embedded import ATTACHMENT

from .test_pdf_render import full_report, render


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports("gov-2021") | reports("gov-2019", unicode=False))
def test_render_then_read_back_gives_the_identical_report(report: Report) -> None:
    try:
        data = render(report, font="STSong-Light")
    except RenderError as exc:  # a character no font can draw: the renderer says which, nothing to read back
        assert re.search(r"U\+[0-9A-F]{4,6} ", str(exc)), str(exc)
        return
    back = PdfReader().read(data, "report.pdf").report
    assert back == report
    assert jsonio.dumps(back) == jsonio.dumps(report)


def test_with_the_installed_fonts_too_and_through_content_detection() -> None:
    report = full_report("gov-2019").with_meta(published=date(2024, 1, 26))
    data = render(report)
    assert read_data(data, "report.pdf").report == report  # no --from: the PDF is recognised


def test_the_attachment_is_a_listed_associated_file() -> None:
    report = full_report()
    reader = pypdf.PdfReader(io.BytesIO(render(report)))
    assert list(reader.attachments) == [ATTACHMENT]
    root = cast(pypdf.generic.DictionaryObject, reader.trailer["/Root"])
    (ref,) = cast(pypdf.generic.ArrayObject, root["/AF"])
    spec = cast(pypdf.generic.DictionaryObject, ref.get_object())
    assert str(spec["/AFRelationship"]) == "/Data" and str(spec["/F"]) == ATTACHMENT
    files = cast(pypdf.generic.DictionaryObject, spec["/EF"])
    stream = cast(pypdf.generic.DictionaryObject, files["/F"].get_object())
    assert str(stream["/Subtype"]) == "/application/json"
    assert extract_report_json(render(report)) == jsonio.dumps(report)


def test_a_pdf_without_our_data_is_read_from_its_tables_or_refused_with_the_reason() -> None:
    from reportlab.pdfgen.canvas import Canvas

    published = (Path(__file__).parent / "data" / "pdf" / "hongze-district-government-2024.pdf").read_bytes()
    assert extract_report_json(published) is None
    assert read_data(published, "published.pdf").report.agency == "淮安市洪泽区人民政府"  # from its text layer
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 72, "hello")
    canvas.save()
    with pytest.raises(ReadError, match="no section heading"):  # a PDF, but no report in it
        read_data(out.getvalue(), "hello.pdf")
    assert extract_report_json(b"%PDF-1.7\nnot really a pdf") is None
    assert extract_report_json(b"{}") is None


def test_cli_reads_our_pdf(tmp_path: Path) -> None:
    report = full_report("gov-2021")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render(report))
    out = tmp_path / "back.json"
    done = subprocess.run([sys.executable, "-m", "disclosure_schema", "convert", str(pdf), "--to", "json", "-o",
                           str(out)], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr  # 1: the made-up numbers break the format's rules
    assert jsonio.loads(out.read_bytes()) == report
