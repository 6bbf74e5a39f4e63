"""JSON in and out through cattrs: exact, documented shape, clear errors."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given

from disclosure_schema import ReadError, Report, Verbatim, get_format
from disclosure_schema.jsonio import dumps, loads, to_json
from disclosure_schema.testing import reports


@given(reports("gov-2021"))
def test_round_trip_2021(report: Report) -> None:
    assert loads(dumps(report)) == report


@given(reports("gov-2019"))
def test_round_trip_2019(report: Report) -> None:
    assert loads(dumps(report)) == report


def _sample() -> Report:
    return (
        Report.create("gov-2021", "某局", 2024)
        .set("A", "fees", "fees_amount", "4068.2080")
        .set("B", "一", "自然人", 58)
        .set("B", "二", "自然人", Verbatim("—"))
        .set("B", "（一）", "自然人", "22（其中修订16件）")
        .set("C", "cases", "review_total", 10**23)
        .with_text("overview", " 第一行\r\n第二行\t\n")
    )


def test_shape_and_order() -> None:
    data = json.loads(to_json(_sample()))
    assert list(data)[:6] == ["disclosure_schema", "format", "agency", "year", "sections", "tables"]
    assert data["format"] == "gov-2021" and data["year"] == 2024
    fmt = get_format("gov-2021")
    assert list(data["tables"]) == [t.id for t in fmt.tables]
    b = data["tables"]["applications"]
    assert list(b) == [r.id for r in fmt.table("B").blocks[0].row_leaves]
    assert list(b["new_requests"]) == ["natural_person", "commercial", "research", "public_interest",
                                       "legal_services", "other_org", "total"]
    assert b["new_requests"]["natural_person"] == 58 and b["new_requests"]["commercial"] is None
    assert b["carried_over"]["natural_person"] == {"text": "—"}
    assert b["disclosed"]["natural_person"] == {"text": "22（其中修订16件）"}
    assert data["tables"]["proactive"]["fees"]["fees_amount"] == "4068.2080"
    assert data["tables"]["appeals"]["cases"]["review_total"] == 10**23


def test_exact_values_back() -> None:
    back = loads(dumps(_sample()))
    amount = back.get("A", "fees", "fees_amount")
    assert isinstance(amount, Decimal) and str(amount) == "4068.2080"
    assert back.get("C", "cases", "review_total") == 10**23
    assert back.text("overview") == " 第一行\r\n第二行\t\n"


def _doc(**changes: object) -> bytes:
    data = json.loads(to_json(_sample()))
    data.update(changes)
    return json.dumps(data, ensure_ascii=False).encode()


@pytest.mark.parametrize(
    ("data", "where", "what"),
    [
        (b'{"a": ', "1:7", "not valid JSON"),
        (b"\xff\xfe", "byte 0", "UTF-8"),
        (b"[]", "$", "JSON object"),
        (_doc(disclosure_schema="report/9"), "$.disclosure_schema", "report/1"),
        (_doc(format="gov-2099"), "$.format", "unknown format"),
        (_doc(year="2024"), "$.year", "expected int"),
        (_doc(colour="red"), "$", "colour"),
        (_doc(sections={"overvew": ""}), "$.sections.overvew", "overview"),
    ],
)
def test_bad_documents(data: bytes, where: str, what: str) -> None:
    with pytest.raises(ReadError) as info:
        loads(data, "in.json")
    assert info.value.source == "in.json" and info.value.location == where
    assert what in str(info.value)


def test_bad_cells_name_their_path() -> None:
    data = json.loads(to_json(_sample()))
    data["tables"]["applications"]["new_requests"]["natural_person"] = "58"
    with pytest.raises(ReadError, match=r"new_requests\.natural_person.*integer"):
        loads(json.dumps(data))
    data["tables"]["applications"]["new_requests"]["natural_person"] = 1.5
    with pytest.raises(ReadError, match="integer"):
        loads(json.dumps(data))
    data["tables"]["applications"]["new_requests"]["natural_person"] = 1
    data["tables"]["proactive"]["fees"]["fees_amount"] = "12万元"
    with pytest.raises(ReadError, match="not a decimal"):
        loads(json.dumps(data))
    data["tables"]["proactive"]["fees"]["fees_amount"] = "12"
    data["tables"]["applications"]["new_requests"]["natural_persn"] = 1
    with pytest.raises(ReadError, match="natural_person"):
        loads(json.dumps(data))


def test_amount_number_literal_keeps_digits() -> None:
    data = to_json(_sample()).replace('"4068.2080"', "4068.2080")
    amount = loads(data).get("A", "fees", "fees_amount")
    assert isinstance(amount, Decimal) and str(amount) == "4068.2080"


def test_duplicate_keys_rejected() -> None:
    with pytest.raises(ReadError, match="duplicate key"):
        loads('{"a": 1, "a": 2}')
