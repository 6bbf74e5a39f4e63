"""Hostile and broken XML: one clear ReadError with a location, quickly, with no file or network access."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_schema import ReadError, Report, Verbatim
from disclosure_schema_xml import read_report, render_bytes

NS = b"urn:disclosure-schema:report:1"


def good() -> bytes:
    report = (Report.create("gov-2021", "某局", 2024).set("A", "rules", "issued", 5)
              .set("B", "new_requests", "research", Verbatim("—")).with_text("problems", "问题"))
    return render_bytes(report)


def refused(data: bytes, *, within: float = 5.0) -> ReadError:
    """The ReadError ``data`` gets, within a generous bound of CPU seconds of this process.

    The bound catches expansion (entities, a tree of millions of elements), not slowness; CPU time,
    unlike wall time, does not grow when other processes load the machine.
    """
    start = time.process_time()
    with pytest.raises(ReadError) as info:
        read_report(data, "in.xml")
    assert time.process_time() - start < within
    assert str(info.value).startswith("in.xml:")
    return info.value


@pytest.fixture
def listener() -> Iterator[tuple[int, socket.socket]]:
    """A local TCP port that records whether anyone connected."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(5)
    srv.settimeout(0.2)
    yield srv.getsockname()[1], srv
    srv.close()


def no_connection(srv: socket.socket) -> bool:
    try:
        conn, _ = srv.accept()
    except TimeoutError:
        return True
    conn.close()
    return False


def test_external_file_entity_is_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER", encoding="utf-8")
    doc = good().replace(b"<?xml version='1.0' encoding='UTF-8'?>\n",
                         b'<?xml version="1.0"?>\n<!DOCTYPE report [<!ENTITY x SYSTEM "' + secret.as_uri().encode()
                         + b'">]>\n').replace("问题".encode(), b"&x;")
    error = refused(doc)
    assert error.location == "line 2" and "DOCTYPE is not allowed" in error.message
    assert "SECRET" not in str(error)


def test_network_entity_and_external_dtd_make_no_connection(listener: tuple[int, socket.socket]) -> None:
    port, srv = listener
    url = f"http://127.0.0.1:{port}/x".encode()
    body = good().split(b"\n", 1)[1]
    for prolog in (b'<!DOCTYPE report [<!ENTITY x SYSTEM "' + url + b'">]>',
                   b'<!DOCTYPE report SYSTEM "' + url + b'">',
                   b'<!DOCTYPE report PUBLIC "-//x//y" "' + url + b'">',
                   b'<!-- c --><?pi x?>\n<!DOCTYPE report [<!ENTITY % p SYSTEM "' + url + b'"> %p;]>'):
        assert "DOCTYPE is not allowed" in refused(prolog + b"\n" + body).message
    assert no_connection(srv)


def test_schema_location_and_xinclude_are_not_followed(listener: tuple[int, socket.socket]) -> None:
    port, srv = listener
    url = f"http://127.0.0.1:{port}/x".encode()
    hinted = good().replace(b'format="gov-2021"', b'format="gov-2021" xsi:schemaLocation="' + NS + b" " + url + b'"')
    assert read_report(hinted, "in.xml").agency == "某局"  # a hint is ignored: our schema decides
    include = good().replace("<problems>问题</problems>".encode(),
                             b'<problems xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="' + url
                             + b'"/></problems>')
    assert "/report/sections/problems" in refused(include).location
    assert no_connection(srv)


def test_billion_laughs_is_refused_at_once() -> None:
    entities = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10 if i else b"lol") for i in range(10))
    doc = b'<?xml version="1.0"?><!DOCTYPE report [' + entities + b']><report xmlns="' + NS + b'">&l9;</report>'
    assert "DOCTYPE is not allowed" in refused(doc, within=1.0).message


def test_flood_of_elements_is_refused_before_it_is_built() -> None:
    doc = good().replace("<problems>问题</problems>".encode(), b"<problems>" + b"<a/>" * 5_000_000 + b"</problems>")
    error = refused(doc, within=2.0)
    assert error.location == "line 7, /report/sections/problems/a"
    assert error.message.startswith("more elements than a report of gov-2021 has")


def test_flood_of_attributes_is_refused() -> None:
    attrs = b" ".join(b"a%d=''" % i for i in range(1000))
    error = refused(good().replace(b"<problems>", b"<problems " + attrs + b">"))
    assert error.location == "line 7, /report/sections/problems" and "1000 attributes" in error.message


def test_deep_nesting_is_refused() -> None:
    depth = 100_000
    doc = good().replace("<problems>问题</problems>".encode(), b"<problems>" + b"<a>" * depth + b"</a>" * depth
                         + b"</problems>")
    error = refused(doc)
    assert "Excessive depth" in error.message and "XML_PARSE_HUGE" not in error.message
    assert error.location.startswith("line 7, column ")


def test_moderate_nesting_is_a_schema_error_with_a_path() -> None:
    doc = good().replace("<problems>问题</problems>".encode(), b"<problems>" + b"<a>" * 200 + b"</a>" * 200
                         + b"</problems>")
    assert refused(doc).location == "line 7, /report/sections/problems"


@pytest.mark.parametrize("where", ["text", "attribute"])
def test_huge_text_is_refused(where: str) -> None:
    huge = b"x" * 11_000_000
    if where == "text":
        doc = good().replace("<problems>问题</problems>".encode(), b"<problems>" + huge + b"</problems>")
    else:
        doc = good().replace(b'written="\xe2\x80\x94"', b'written="' + huge + b'"')
    assert "limit" in refused(doc).message


def test_oversized_document_is_refused_before_parsing() -> None:
    error = refused(b"<a>" + b" " * (64 * 1024 * 1024) + b"</a>")
    assert "the limit is" in error.message


def test_wrong_namespace_and_version() -> None:
    assert "root element is report; a report is {urn:disclosure-schema:report:1}report" in refused(
        good().replace(b' xmlns="' + NS + b'"', b"")).message
    assert "root element is {urn:other}report" in refused(good().replace(NS, b"urn:other")).message
    error = refused(good().replace(NS, b"urn:disclosure-schema:report:2"))
    assert error.location == "line 2, /report" and "version 2" in error.message
    assert "root element is {urn:x}html" in refused(b'<html xmlns="urn:x"/>').message


def test_unknown_or_missing_format() -> None:
    error = refused(good().replace(b'format="gov-2021"', b'format="gov-2031"'))
    assert error.location == "line 2, /report/@format" and "known formats: gov-2019, gov-2021" in error.message
    assert "attribute (the format id) is missing" in refused(good().replace(b' format="gov-2021"', b"")).message


def test_format_naming_a_spec_file_does_not_load_it(tmp_path: Path) -> None:
    spec = tmp_path / "mine.toml"
    spec.write_text("this is not read", encoding="utf-8")
    doc = good().replace(b'format="gov-2021"', b'format="' + str(spec).encode() + b'"')
    assert "unknown format" in refused(doc).message


def test_truncated_documents() -> None:
    data = good()
    for cut in range(1, len(data), max(1, len(data) // 23)):
        error = refused(data[:cut])
        assert error.location.startswith("line ") and "not well-formed XML" in error.message


def test_invalid_utf8_and_other_encodings() -> None:
    error = refused(good().replace("问题".encode(), b"\xe9\x97"))
    assert error.location == "line 7" and "not UTF-8" in error.message
    latin = good().replace(b"encoding='UTF-8'", b"encoding='ISO-8859-1'").replace("某局".encode(), b"\xe9")
    assert "not UTF-8" in refused(latin).message
    declared = good().replace(b"encoding='UTF-8'", b"encoding='GBK'")
    assert "says encoding 'GBK'" in refused(declared).message
    assert "not UTF-8" in refused(good().decode().encode("utf-16")).message
    assert read_report(b"\xef\xbb\xbf" + good(), "in.xml").agency == "某局"  # a UTF-8 BOM is fine


def test_not_xml_at_all() -> None:
    assert "Document is empty" in refused(b"").message
    assert "not well-formed" in refused(b'{"disclosure_schema": "report/1"}').message
    undefined = refused(good().replace("问题".encode(), b"&undefined;"))
    assert undefined.location == "line 7, column 26" and "Entity 'undefined' not defined" in undefined.message
    assert "root element is report;" in refused(b"<report>&undefined;</report>").message  # root checked first
    assert "not well-formed" in refused(good().replace("问题".encode(), b"&#1;")).message


def test_schema_errors_name_line_and_element_path() -> None:
    lines = good().decode().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "<issued>5</issued>" in text)
    error = refused(good().replace(b"<issued>5</issued>", b"<issued>5 \xe4\xbb\xb6</issued>"))
    assert error.location == f"line {line}, /report/tables/proactive/rules/issued"
    assert "'5 件' is not a valid value of the atomic type 'count'" in error.message
    assert 'xsi:nil="true" written=' in error.message  # says how to write text as written
    twice = refused(good().replace(b"<issued>5</issued>", b"<issued>1</issued><issued>2</issued>"))
    assert "/report/tables/proactive/rules/issued" in twice.location and "not expected" in twice.message


def test_number_and_written_text_together_is_refused() -> None:
    error = refused(good().replace(b"<issued>5</issued>", b'<issued written="\xe4\xba\x94">5</issued>'))
    assert error.location.endswith("/report/tables/proactive/rules/issued/@written")
    assert "not both" in error.message


def test_absurdly_long_integer_is_refused() -> None:
    error = refused(good().replace(b"<issued>5</issued>", b"<issued>" + b"9" * 5000 + b"</issued>"))
    assert "has 5000 digits; a cell holds at most 24" in error.message
    error = refused(good().replace(b"<issued>5</issued>", b"<issued>" + b"9" * 25 + b"</issued>"))
    assert error.location == "line 13, /report/tables/proactive/rules/issued" and "25 digits" in error.message


def test_type_substitution_is_refused() -> None:
    doc = good().replace(b"<issued>5</issued>", b'<issued xsi:type="amount-cell">1.5</issued>')
    assert "xsi:type" in refused(doc).message


def test_comments_pis_and_cdata_are_not_text() -> None:
    doc = good().replace("<problems>问题</problems>".encode(),
                         "<problems>问<!-- 注释 -->题<?pi x?><![CDATA[<&>]]></problems>".encode())
    assert read_report(b"<!-- head -->\n" + doc.split(b"\n", 1)[1], "in.xml").text("problems") == "问题<&>"


@settings(max_examples=150)
@given(st.data())
def test_mangled_documents_read_or_fail_cleanly(data: st.DataObject) -> None:
    doc = bytearray(good())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(doc) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if action == "flip":
            doc[at] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del doc[at:]
        elif action == "insert":
            doc[at:at] = data.draw(st.sampled_from([b"<", b"&", b"<x/>", b'"', b"\x00", b"\xff", b"]]>", b"-1"]))
        else:
            del doc[at:at + data.draw(st.integers(1, 40))]
        if not doc:
            doc = bytearray(b"<")
    try:
        report = read_report(bytes(doc), "in.xml")
    except ReadError as exc:
        assert exc.source == "in.xml" and exc.message
    else:
        assert read_report(render_bytes(report), "again.xml") == report  # what is accepted is exact


@pytest.mark.parametrize("prolog", [b" \n" * 15_000_000 + b"<!--", b"<!-- -->" * 4_000_000 + b"<!DOCTYPE x>",
                                    b"<!--" + b"a" * 30_000_000, b"<?pi " * 5_000_000])
def test_long_prologs_are_refused_quickly(prolog: bytes) -> None:
    refused(b"<?xml version='1.0'?>" + prolog, within=5.0)


def test_nil_is_read_as_the_schema_reads_a_boolean() -> None:
    def issued(cell: bytes) -> object:
        return read_report(good().replace(b"<issued>5</issued>", cell), "in.xml").get("A", "rules", "issued")

    assert issued(b'<issued xsi:nil="false">5</issued>') == 5
    assert issued(b'<issued xsi:nil="1"/>') is None
    assert issued(b'<issued xsi:nil=" true "/>') is None
    assert issued(b'<issued xsi:nil=" 1 " written="x"/>') == Verbatim("x")
