"""Word output: exact round trips, what document.xml says, fixed bytes, a clerk's edits, refused inputs."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given, settings
from lxml import etree

from disclosure_schema import ReadError, Report, Verbatim
from disclosure_schema.plugins import detect_reader, get_reader, get_renderer
from disclosure_schema.testing import reports

from .conftest import CHENGGONG

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(report: Report) -> bytes:
    return get_renderer("docx").render(report, {})


def read(data: bytes) -> Report:
    result = get_reader("docx").read(data, "t.docx")
    assert result.diagnostics == ()
    return result.report


def part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def with_document(data: bytes, edit: object) -> bytes:
    """The package with word/document.xml passed through ``edit`` (as a clerk's word processor would)."""
    assert callable(edit)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, edit(body.decode()).encode() if info.filename == "word/document.xml" else body)
    return out.getvalue()


@settings(max_examples=40)
@given(reports("gov-2021"))
def test_round_trip_2021(report: Report) -> None:
    data = render(report)
    assert read(data) == report  # document.xml is parsed too (the edit check)
    assert part(data, "docProps/core.xml").find("{http://purl.org/dc/elements/1.1/}creator") is not None
    assert render(report) == data


@settings(max_examples=40)
@given(reports("gov-2019"))
def test_round_trip_2019(report: Report) -> None:
    assert read(render(report)) == report


def test_package_is_deterministic_with_fixed_times_and_order(chenggong_report: Report) -> None:
    data = render(chenggong_report)
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    core = part(data, "docProps/core.xml")
    assert [e.text for e in core if str(e.tag).endswith("modified")] == ["2020-01-01T00:00:00Z"]  # no clock in the bytes
    assert render(chenggong_report) == data


def test_document_has_merged_cells_east_asian_fonts_headings_and_page_numbers(chenggong_report: Report) -> None:
    data = render(chenggong_report)
    doc = part(data, "word/document.xml")
    tables = doc.findall(f".//{W}tbl")
    assert len(tables) == 3
    b = tables[1]
    spans = [int(g.get(f"{W}val") or 0) for g in b.iter(f"{W}gridSpan")]
    assert 7 in spans and 5 in spans and 3 in spans  # 申请人情况, 法人或其他组织, the 勾稽 note
    restarts = b.findall(f".//{W}vMerge[@{W}val='restart']")
    assert len(restarts) >= 5  # the note, 自然人, 总计, 三、本年度办理结果, its groups
    assert len(b.findall(f".//{W}tr/{W}trPr/{W}tblHeader")) == 3  # the header repeats on each page
    texts = ["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in b.iter(f"{W}tc")]
    assert "三、本年度办理结果" in texts and "（三）不予公开" in texts
    headings = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in doc.iter(f"{W}p")
                if p.find(f"{W}pPr/{W}pStyle[@{W}val='Heading1']") is not None]
    assert headings == [s.title for s in chenggong_report.format.sections]
    styles = part(data, "word/styles.xml")
    fonts = {s.get(f"{W}styleId"): f.get(f"{W}eastAsia")
             for s in styles.iter(f"{W}style") for f in s.iterfind(f"{W}rPr/{W}rFonts")}
    assert fonts["Title"] == "方正小标宋简体" and fonts["Heading1"] == "黑体" and fonts["Heading2"] == "楷体_GB2312"
    assert fonts["Normal"] == "仿宋_GB2312" and fonts["TableText"] == "宋体"
    names = {s.get(f"{W}styleId"): n.get(f"{W}val") for s in styles.iter(f"{W}style") for n in s.iterfind(f"{W}name")}
    assert names["Heading1"] == "heading 1"  # Word's built-in heading: the navigation pane lists it
    footer = zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
    assert re.search(r"— </w:t>.*PAGE.* —", footer)
    (sect,) = doc.iterfind(f".//{W}sectPr/{W}pgMar")
    assert (sect.get(f"{W}top"), sect.get(f"{W}left")) == ("2098", "1587")  # 37 mm, 28 mm


def test_a_clerks_edit_in_a_table_wins_with_a_diagnostic(chenggong_report: Report) -> None:
    report = chenggong_report.set("B", "一", "自然人", 5).set("A", "政府集中采购", "采购总金额", Decimal("134.32"))
    data = render(report)

    def edit(xml: str) -> str:
        # the cell of B 一/自然人 holds "5"; a clerk types 7 (Word splits runs as it likes)
        name = "_ds1_0"
        start = xml.index(f'w:name="{name}"')
        at = xml.index("<w:t xml:space=\"preserve\">5</w:t>", start)
        xml = xml[:at] + '<w:t xml:space="preserve"></w:t></w:r><w:r><w:t>7</w:t>' + xml[at + 33:]
        return xml.replace(">134.32<", ">134.5<")

    result = get_reader("docx").read(with_document(data, edit), "edited.docx")
    assert result.report.get("B", "一", "自然人") == 7
    assert result.report.get("A", "政府集中采购", "采购总金额") == Decimal("134.5")
    assert result.report == report.set("B", "一", "自然人", 7).set("A", "政府集中采购", "采购总金额", Decimal("134.5"))
    notes = [str(d) for d in result.diagnostics]
    assert len(notes) == 2
    assert notes[0] == ("table proactive cell procurement/purchase_amount: 第二十条第（九）项 / 采购总金额 / 政府集中采购: "
                        "edited in the document: '134.32' → '134.5' (the document's value is used)")
    assert "table applications cell new_requests/natural_person" in notes[1] and "'5' → '7'" in notes[1]


def test_an_edit_to_text_or_blank_is_kept_as_written(chenggong_report: Report) -> None:
    data = render(chenggong_report.set("B", "一", "自然人", 5))

    def edit(xml: str) -> str:
        at = xml.index("<w:t xml:space=\"preserve\">5</w:t>", xml.index('w:name="_ds1_0"'))
        return xml[:at] + "<w:t>—</w:t>" + xml[at + 33:]

    result = get_reader("docx").read(with_document(data, edit), "edited.docx")
    assert result.report.get("B", "一", "自然人") == Verbatim("—")


@pytest.mark.parametrize(("data", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, r"legacy Word/WPS file \(\.doc/\.wps\).*save it as \.docx"),
    (b"PK\x03\x04 not really a zip word/", "damaged zip"),
])
def test_legacy_and_broken_files_get_one_clear_error(data: bytes, message: str) -> None:
    reader = detect_reader(data)
    assert reader is not None and reader.name == "docx"
    with pytest.raises(ReadError, match=message):
        reader.read(data, "old.doc")


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, body in files.items():
            z.writestr(name, body)
    return out.getvalue()


def test_ofd_is_refused_with_advice_and_foreign_word_files_are_read_from_their_tables(chenggong_report: Report) -> None:
    reader = get_reader("docx")
    ofd = zipped({"OFD.xml": b"<ofd:OFD/>"})
    assert reader.sniff(ofd)
    with pytest.raises(ReadError, match=r"OFD file cannot be read; save it as \.docx"):
        reader.read(ofd, "r.ofd")
    source = zipfile.ZipFile(io.BytesIO(render(chenggong_report)))
    foreign = zipped({n: source.read(n) for n in source.namelist() if not n.startswith("customXml/")})
    typed = reader.read(foreign, "r.docx").report  # a Word file we did not write: read from what it shows
    assert dict(typed.cells) == dict(chenggong_report.cells) and typed.agency == chenggong_report.agency


def test_command_line_renders_and_reads_docx(tmp_path: object, chenggong_report: Report) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "r.docx"
    cli = [sys.executable, "-m", "disclosure_schema"]
    subprocess.run([*cli, "render", str(CHENGGONG), "--to", "docx", "-o", str(out)], check=True, capture_output=True)
    assert read(out.read_bytes()) == chenggong_report
    back = subprocess.run([*cli, "render", str(out), "--to", "json"], check=True, capture_output=True, text=True)
    assert '"agency": "昆明市呈贡区司法局"' in back.stdout


def test_an_edited_narrative_is_read_from_the_document(chenggong_report: Report) -> None:
    data = render(chenggong_report)
    old = "我局2019年度无因政府信息公开申请被申请行政复议"
    assert old in chenggong_report.text("overview")

    def edit(xml: str) -> str:
        assert xml.count(old) == 1
        return xml.replace(old, "我局2019年度因政府信息公开申请被申请行政复议1件")

    result = get_reader("docx").read(with_document(data, edit), "edited.docx")
    assert [str(d) for d in result.diagnostics] == ["section overview: edited in the document (the document's text "
                                                    "is used)"]
    lines = [line.strip() for line in chenggong_report.text("overview").split("\n") if line.strip()]
    expected = "\n".join(lines).replace(old, "我局2019年度因政府信息公开申请被申请行政复议1件")
    assert result.report.text("overview") == expected
    assert result.report.text("problems") == chenggong_report.text("problems")  # untouched sections stay exact
    assert result.report.cells == chenggong_report.cells
