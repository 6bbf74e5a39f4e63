"""PDFs that must fail clearly (encrypted, damaged, bombs, pictures only) and our own PDFs read back."""

from __future__ import annotations

import io
import sys
import zlib
from pathlib import Path

import pytest

from disclosure_schema import Verbatim
from disclosure_schema.errors import ReadError
from disclosure_schema_published import pdf_blocks
from tests.published_grids import grids

HONGZE = Path(__file__).parent / "data" / "pdf" / "hongze-district-government-2023.pdf"
TEXT = b"BT /F1 12 Tf 72 700 Td (Annual report 2024) Tj ET"
PICTURE = b"q 500 0 0 700 50 50 cm /Im1 Do Q"


def build_pdf(contents: list[bytes], filter_flate: bool = False) -> bytes:
    """A minimal PDF: one page per content stream, a Helvetica font and a 1x1 grey image on each."""
    objects: list[bytes] = []
    n = len(contents)
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                   b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
    for i, content in enumerate(contents):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {6 + 2 * i} 0 R "
                       f"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> >>".encode())
        data = zlib.compress(content, 9) if filter_flate else content
        flt = b" /Filter /FlateDecode" if filter_flate else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), flt) + data + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_minimal_pdf_reads() -> None:  # the builder itself makes readable PDFs
    blocks, notes = pdf_blocks(build_pdf([TEXT]), "a.pdf")
    assert [getattr(b, "text", None) for b in blocks] == ["Annual report 2024"] and notes == []


def test_picture_only_pdf_needs_ocr() -> None:
    with pytest.raises(ReadError, match=r"scan.pdf: the PDF has no text layer .* needs OCR"):
        pdf_blocks(build_pdf([PICTURE, PICTURE]), "scan.pdf")


def test_a_picture_page_among_text_pages_is_named() -> None:
    _, notes = pdf_blocks(build_pdf([TEXT, PICTURE]), "mixed.pdf")
    assert [n.show() for n in notes] == ["page 2: the page is a picture without text; it needs OCR"]


def test_flate_bomb_is_stopped() -> None:
    bomb = build_pdf([TEXT + b" " * (80 << 20)], filter_flate=True)
    assert len(bomb) < 200_000
    with pytest.raises(ReadError, match=r"bomb.pdf: a compressed stream inflates past 64 MB"):
        pdf_blocks(bomb, "bomb.pdf")
    # the bound is lifted again afterwards: pdfminer's own zlib is back
    from pdfminer import pdftypes
    assert vars(pdftypes)["zlib"] is zlib


def test_too_many_pages() -> None:
    with pytest.raises(ReadError, match=r"many.pdf: the PDF has 301 pages; a report has far fewer"):
        pdf_blocks(build_pdf([TEXT] * 301), "many.pdf")


def test_encrypted_pdf() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(HONGZE))
    writer.encrypt("secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ReadError, match=r"locked.pdf: the PDF is encrypted with a password"):
        pdf_blocks(out.getvalue(), "locked.pdf")
    # only an owner password (printing restrictions): readable as it is
    writer = PdfWriter(clone_from=PdfReader(HONGZE))
    writer.encrypt("", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    blocks, _ = pdf_blocks(out.getvalue(), "restricted.pdf")
    assert len(grids(blocks)) == 3


@pytest.mark.parametrize(("damage", "message"), [
    (lambda d: d[: d.rindex(b"startxref")] + b"startxref\n999999\n%%EOF\n", "not a readable PDF"),
    (lambda d: d[: len(d) // 3], "not a readable PDF"),
    (lambda d: b"%PDF-1.7\n" + b"\x00garbage" * 100, "not a readable PDF"),
    (lambda d: b"GIF89a" + b"\0" * 2000 + d, "not a PDF"),
])
def test_damaged_pdfs(damage: object, message: str) -> None:
    assert callable(damage)
    with pytest.raises(ReadError, match=f"bad.pdf: {message}"):
        pdf_blocks(damage(HONGZE.read_bytes()), "bad.pdf")


def test_our_own_pdf_reads_back_tables_b_and_c() -> None:
    """What our PDF renderer prints (header rows repeated on the next page) comes back cell for cell."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.common import sample_report

    from disclosure_schema_pdf import PdfRenderer

    report = sample_report()
    blocks, notes = pdf_blocks(PdfRenderer().render(report, {}), "own.pdf")
    _, b, c = grids(blocks)

    def shown(value: object) -> str:
        return value.text if isinstance(value, Verbatim) else "" if value is None else str(value)

    for grid, table_id, header_rows, first_col in ((b, "applications", 3, 3), (c, "appeals", 3, 0)):
        expected = [shown(report.cells.get((table_id, row.id, col.id)))
                    for table in report.format.tables if table.id == table_id for _, row, col in table.cells()]
        got = [cell.text for row in grid.rows[header_rows:] for cell in row.cells if (cell.col or 0) >= first_col]
        assert got == expected, table_id
    # the labels our renderer repeats at the top of the next page are joined to their cells
    spans = {c.text: c.rowspan for row in b.rows for c in row.cells}
    assert (spans["三、本年度办理结果"], spans["（五）不予处理"]) == (22, 5)
    # With embedded fonts every glyph maps to Unicode; with only the built-in CID font (no Chinese font
    # installed) "·" of 中国·呈贡 has no ToUnicode entry: said, not silently garbled.
    assert [n.show() for n in notes] in ([], [
        "page 2: 1 character(s) cannot be decoded (the font has no Unicode map); they read as (cid:N)"])


def _line(y: int, text: str) -> bytes:
    return f"BT /F1 11 Tf 72 {y} Td ({text}) Tj ET\n".encode()


def test_running_heads_and_page_numbers_are_dropped() -> None:
    pages = [_line(805, "District Government Annual Report") + _line(700, f"Body text of page {n}.")
             + _line(40, f"- {n} -") for n in (1, 2)]
    pages.append(_line(805, "District Government Annual Report") + _line(700, "Last page.") + _line(40, "3"))
    blocks, _ = pdf_blocks(build_pdf(pages), "heads.pdf")
    assert [getattr(b, "text", "") for b in blocks] == ["Body text of page 1.", "Body text of page 2.", "Last page."]
    assert [b.origin.page for b in blocks] == [1, 2, 3]


def test_the_package_imports_light() -> None:
    import subprocess

    code = ("import sys, disclosure_schema_published; "
            "print(sorted(m for m in ('lxml', 'pdfplumber', 'pdfminer', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pages_ruled_beyond_any_report_are_refused() -> None:
    grid = b"".join(b"72 %d m 520 %d l S\n" % (100 + 6 * i, 100 + 6 * i) for i in range(101))
    grid += b"".join(b"%d 100 m %d 700 l S\n" % (72 + 4 * i, 72 + 4 * i) for i in range(101))
    with pytest.raises(ReadError, match=r"ruled.pdf:page 1: the page is ruled 101 × 101 lines"):
        pdf_blocks(build_pdf([TEXT + b"\n" + grid]), "ruled.pdf")
    boxes = b"".join(b"%d %d 2 2 re S\n" % (i % 500, i // 500) for i in range(10_001))
    with pytest.raises(ReadError, match=r"boxes.pdf:page 1: the page draws 10,001 lines and boxes"):
        pdf_blocks(build_pdf([TEXT + b"\n" + boxes]), "boxes.pdf")


def test_text_overprinted_to_look_bold_reads_once() -> None:
    page = b"BT /F1 12 Tf 72 700 Td (Annual report) Tj ET\nBT /F1 12 Tf 72.3 700 Td (Annual report) Tj ET"
    blocks, _ = pdf_blocks(build_pdf([page]), "bold.pdf")
    assert [getattr(b, "text", "") for b in blocks] == ["Annual report"]
