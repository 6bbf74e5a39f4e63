"""XML out and back: exact round trips, what the document says, schema validity, determinism."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from lxml import etree

from disclosure_schema import ReadError, RenderError, Report, Verbatim, get_format
from disclosure_schema.plugins import detect_reader, get_reader, get_renderer
from disclosure_schema.testing import reports
from disclosure_schema_xml import NAMESPACE, XmlReader, XmlRenderer, read_report, render_bytes
from disclosure_schema_xml.vocabulary import NOT_XML_CHAR

from .conftest import CHENGGONG, REPO

XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"r": NAMESPACE}


def checked_in_schema(format_id: str) -> etree.XMLSchema:
    """The XSD file of the repository, not the one generated in memory."""
    return etree.XMLSchema(etree.parse(str(REPO / "specs" / f"{format_id}.xsd")))


SCHEMAS = {fid: checked_in_schema(fid) for fid in ("gov-2019", "gov-2021")}


def has_unwritable_text(report: Report) -> bool:
    texts = [report.agency, report.title or "", *report.sections.values()]
    texts += [v.text for v in report.cells.values() if isinstance(v, Verbatim)]
    return any(NOT_XML_CHAR.search(t) for t in texts)


def round_trip(report: Report) -> None:
    if has_unwritable_text(report):
        with pytest.raises(RenderError, match=r"cannot be written in XML 1\.0"):
            render_bytes(report)
        return
    data = render_bytes(report)
    schema = SCHEMAS[report.format.id]
    assert schema.validate(etree.fromstring(data)), schema.error_log
    assert read_report(data, "t.xml") == report
    assert render_bytes(report) == data  # deterministic


@settings(max_examples=40)
@given(reports("gov-2021"))
def test_round_trip_2021(report: Report) -> None:
    round_trip(report)


@settings(max_examples=40)
@given(reports("gov-2019"))
def test_round_trip_2019(report: Report) -> None:
    round_trip(report)


@settings(max_examples=25)
@given(reports("gov-2021", unicode=False))
def test_round_trip_chinese_narratives(report: Report) -> None:
    round_trip(report)


def writable(report: Report) -> Report:
    """``report`` without the characters XML cannot carry (most generated reports have some)."""
    def clean(text: str) -> str:
        return NOT_XML_CHAR.sub("", text)

    cells = {k: Verbatim(clean(v.text)) if isinstance(v, Verbatim) else v for k, v in report.cells.items()}
    return Report(report.format, clean(report.agency), report.year,
                  {k: clean(v) for k, v in report.sections.items()}, cells,
                  None if report.title is None else clean(report.title), report.published)


@settings(max_examples=40)
@given(reports("gov-2021") | reports("gov-2019"))
def test_round_trip_any_writable_unicode(report: Report) -> None:
    report = writable(report)
    assert not has_unwritable_text(report)
    round_trip(report)


def chenggong() -> Report:
    """The 2019 report of 昆明市呈贡区司法局 as published: narratives from the example file,
    table values as printed, blank where the published table is blank."""
    lines = CHENGGONG.read_text(encoding="utf-8").splitlines()
    report = Report.create("gov-2019", "昆明市呈贡区司法局", 2019, title=lines[0])
    report = report.with_text("overview", "\n".join(lines[3:28]))
    report = report.with_text("problems", lines[80]).with_text("other", "\n".join(lines[82:]))
    values: dict[tuple[str, str, str], object] = {}
    for row, cols in {"rules": ("new_made", "new_published", "total_published"),
                      "licensing": ("prev_items", "change", "decisions"),
                      "fees": ("prev_items", "change")}.items():
        values.update({("proactive", row, c): 0 for c in cols})
    values[("proactive", "procurement", "purchases")] = 7
    values[("proactive", "procurement", "purchase_amount")] = Decimal("134.32")
    fmt = report.format
    for row in ("new_requests", "carried_over", "results_total", "carried_forward"):
        values.update({k: 0 for k in fmt.cell_kinds if k[:2] == ("applications", row)})
    values.update({k: 0 for k in fmt.cell_kinds if k[0] == "appeals"})
    return report.with_cells(values)


def test_real_report_round_trips_with_its_blanks() -> None:
    report = chenggong()
    data = render_bytes(report)
    assert SCHEMAS["gov-2019"].validate(etree.fromstring(data))
    back = read_report(data, "chenggong.xml")
    assert back == report
    assert back.get("B", "disclosed", "natural_person") is None  # printed blank: not zero
    assert back.get("B", "new_requests", "natural_person") == 0
    assert back.get("A", "procurement", "purchase_amount") == Decimal("134.32")
    assert back.text("overview").startswith("根据《中华人民共和国政府信息公开条例》")


def sample() -> Report:
    return (
        Report.create("gov-2021", "某市某局", 2024, published=date(2025, 1, 20))
        .set("A", "rules", "issued", 3)
        .set("A", "fees", "fees_amount", Decimal("123456789012345.678"))
        .set("B", "new_requests", "natural_person", 58)
        .set("B", "carried_over", "natural_person", Verbatim("—"))
        .set("B", "disclosed", "natural_person", "22（其中修订16件）")
        .set("C", "cases", "review_total", 10**23)
        .with_text("overview", " 第一行\r\n第二行\r\t\n")
        .with_text("problems", "   ")
    )


def cell(doc: etree._Element, table: str, row: str, col: str) -> etree._Element:
    found = doc.find(f"r:tables/r:{table}/r:{row}/r:{col}", NS)
    assert found is not None
    return found


def test_what_the_document_says() -> None:
    data = render_bytes(sample())
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<report xmlns=\"" + NAMESPACE.encode())
    doc = etree.fromstring(data)
    assert doc.get("format") == "gov-2021"
    assert [etree.QName(c).localname for c in doc] == ["agency", "year", "published", "sections", "tables"]
    assert doc.findtext("r:published", namespaces=NS) == "2025-01-20"
    # a number, a placeholder, annotated text and a blank are four different things
    assert cell(doc, "applications", "new_requests", "natural_person").text == "58"
    dash = cell(doc, "applications", "carried_over", "natural_person")
    assert dash.get(f"{{{XSI}}}nil") == "true" and dash.get("written") == "—" and dash.text is None
    assert cell(doc, "applications", "disclosed", "natural_person").get("written") == "22（其中修订16件）"
    blank = cell(doc, "applications", "new_requests", "commercial")
    assert blank.get(f"{{{XSI}}}nil") == "true" and "written" not in blank.attrib
    assert cell(doc, "proactive", "fees", "fees_amount").text == "123456789012345.678"
    assert cell(doc, "appeals", "cases", "review_total").text == "1" + "0" * 23
    # carriage returns are escaped so that a parser cannot turn them into line feeds
    assert b"\xe7\xac\xac\xe4\xb8\x80\xe8\xa1\x8c&#13;\n" in data  # 第一行&#13;\n
    assert read_report(data, "s.xml") == sample()


def test_whitespace_and_empty_text_round_trip() -> None:
    report = sample().with_meta(agency=" 局 ", title="").with_text("other", "\n\n")
    back = read_report(render_bytes(report), "s.xml")
    assert back.agency == " 局 " and back.title == "" and back.text("other") == "\n\n"
    assert back.text("overview") == " 第一行\r\n第二行\r\t\n" and back.text("problems") == "   "
    assert back.get("B", "carried_over", "natural_person") == Verbatim("—")


def test_verbatim_whitespace_round_trips_in_the_attribute() -> None:
    report = sample().set("B", "new_requests", "research", Verbatim(" a\tb\r\nc "))
    assert read_report(render_bytes(report), "s.xml") == report


def test_title_absent_is_not_empty_title() -> None:
    assert read_report(render_bytes(sample()), "s.xml").title is None
    assert b"<title" not in render_bytes(sample())


@pytest.mark.parametrize(("text", "code", "offset"), [
    ("ab\x00c", "U+0000", 2), ("\x1b[31m", "U+001B", 0), ("x\ufffe", "U+FFFE", 1), ("好\uffff", "U+FFFF", 1),
    ("lone \ud800 surrogate", "U+D800", 5),
])
def test_text_xml_cannot_carry_is_refused_with_section_and_offset(text: str, code: str, offset: int) -> None:
    with pytest.raises(RenderError) as info:
        render_bytes(sample().with_text("problems", text))
    message = str(info.value)
    assert "section problems" in message and code in message and f"offset {offset}" in message


def test_unwritable_agency_and_cell_text_are_refused_by_name() -> None:
    with pytest.raises(RenderError, match="agency: character U\\+0007 at offset 1"):
        render_bytes(sample().with_meta(agency="a\x07"))
    with pytest.raises(RenderError, match="cell applications/new_requests/research: character U\\+0008"):
        render_bytes(sample().set("B", "new_requests", "research", Verbatim("\x08")))


def test_characters_xml_can_carry_are_kept() -> None:
    text = "\t\u0085\u2028\U00020000\ue000\ufffd 𠀀"
    assert read_report(render_bytes(sample().with_text("other", text)), "s.xml").text("other") == text


def test_amount_digits_and_sign_are_kept() -> None:
    for amount in ("0.000", "4068.208", "-1.50", "1E-7", "99999999999999999999.999"):
        report = sample().set("A", "fees", "fees_amount", Decimal(amount))
        assert read_report(render_bytes(report), "s.xml") == report


def test_negative_count_is_carried_and_valid() -> None:
    report = sample().set("B", "new_requests", "commercial", -3)
    data = render_bytes(report)
    assert SCHEMAS["gov-2021"].validate(etree.fromstring(data))
    assert read_report(data, "s.xml").get("B", "new_requests", "commercial") == -3


def test_ill_typed_report_is_refused_not_written_invalid() -> None:
    bad = Report(get_format("gov-2021"), "x", 2024, {}, {("applications", "new_requests", "commercial"): Decimal("1.5")})
    with pytest.raises(RenderError, match="count cell cannot hold Decimal"):
        render_bytes(bad)
    stray = Report(get_format("gov-2021"), "x", 2024, {"proactive": "text"}, {})
    with pytest.raises(RenderError, match="not narrative sections"):
        render_bytes(stray)


def test_plugins_are_registered_and_sniffed() -> None:
    assert isinstance(get_renderer("xml"), XmlRenderer)
    assert isinstance(get_reader("xml"), XmlReader)
    data = get_renderer("xml").render(sample(), {})
    assert isinstance(detect_reader(data), XmlReader)
    assert get_reader("xml").read(data, "s.xml").report == sample()
    with pytest.raises(RenderError, match="takes no options"):
        get_renderer("xml").render(sample(), {"indent": "0"})
    reader = XmlReader()
    assert reader.sniff(b"\xef\xbb\xbf  <?xml version='1.0'?><x/>")
    assert reader.sniff(b'<report xmlns="urn:disclosure-schema:report:1"/>')
    assert reader.sniff("<?xml version='1.0'?>".encode("utf-16"))
    assert not reader.sniff(b'{"disclosure_schema": "report/1"}')
    assert not reader.sniff("一、总体情况\n<b>".encode())


def test_same_content_gives_same_bytes_whatever_the_insertion_order() -> None:
    report = sample()
    shuffled = Report(report.format, report.agency, report.year, dict(reversed(list(report.sections.items()))),
                      dict(reversed(list(report.cells.items()))), report.title, report.published)
    assert render_bytes(shuffled) == render_bytes(report)


def test_threads_reading_at_once_get_their_own_results() -> None:
    good = render_bytes(sample())
    bad = good.replace(b"<issued>3</issued>", b"<issued>x</issued>")

    def read(i: int) -> str:
        try:
            return read_report(good if i % 2 else bad, f"{i}.xml").agency
        except ReadError as exc:
            return str(exc)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(read, range(400)))
    for i, result in enumerate(results):
        if i % 2:
            assert result == "某市某局"
        else:
            assert result.startswith(f"{i}.xml:line ") and "/report/tables/proactive/rules/issued" in result
            assert "'x' is not a valid value" in result
