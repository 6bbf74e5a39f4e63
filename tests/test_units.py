"""Units of amount columns: found in headers, printed in headers, converted exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_schema import CellValueError, get_format
from disclosure_schema.units import KNOWN_UNITS, convert, strip_unit, to_declared, unit_in_label, with_unit


def test_the_unit_a_header_writes() -> None:
    assert unit_in_label("采购总金额（单位：万元）") == "万元"
    assert unit_in_label("采购总金额(单位:元)") == "元"
    assert unit_in_label("采购总金额（万元）") == "万元"
    assert unit_in_label("本年收费金额（单位：万元）") == "万元"
    assert unit_in_label("采购总金额") is None
    assert unit_in_label("元旦") is None
    assert strip_unit("采购总金额（单位：元）") == "采购总金额"


def test_headers_print_the_declared_unit_once() -> None:
    assert with_unit("采购总金额", "万元") == "采购总金额（单位：万元）"
    assert with_unit("本年收费金额（单位：万元）", "万元") == "本年收费金额（单位：万元）"
    assert with_unit("本年新制作数量", None) == "本年新制作数量"


def test_the_specs_declare_the_unit_of_every_amount_column() -> None:
    for fmt_id in ("gov-2019", "gov-2021"):
        fmt = get_format(fmt_id)
        for table in fmt.tables:
            for block in table.blocks:
                for column in block.column_leaves:
                    if column.kind is not None and column.kind.value == "amount":
                        assert column.unit == "万元", (fmt_id, column.id)
                        # every alias that names a unit names a known one
                        assert all(unit_in_label(a) in (None, *KNOWN_UNITS) for a in column.aliases)
    aliases = get_format("gov-2019").table("A").blocks[-1].column_leaves[-1].aliases
    assert {unit_in_label(a) for a in aliases} == {"万元", "元"}  # the two headers seen, told apart by their unit


def test_yuan_to_wanyuan_and_back_exactly() -> None:
    assert convert(Decimal("134.32"), "元", "万元") == Decimal("0.013432")
    assert str(convert(Decimal("4068.208"), "万元", "元")) == "40682080"
    assert convert(Decimal("251000"), "元", "万元") == Decimal("25.1")
    value, note = to_declared(Decimal("251000"), "元", "万元")
    assert value == Decimal("25.1") and note is not None
    assert note.message == "the header writes the amount in 元, the format's unit is 万元: 251000 元 is kept as 25.1 万元"
    assert "表头金额单位为元" in note.message_zh
    assert to_declared(Decimal("7"), "万元", "万元") == (Decimal("7"), None)
    assert to_declared(Decimal("7"), None, "万元") == (Decimal("7"), None)
    with pytest.raises(CellValueError, match="unknown unit '美元'"):
        convert(Decimal(1), "美元", "万元")


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=0, max_value=10**12),
       st.sampled_from(sorted(KNOWN_UNITS)), st.sampled_from(sorted(KNOWN_UNITS)))
def test_conversion_round_trips_without_rounding(value: Decimal, a: str, b: str) -> None:
    there = convert(value, a, b)
    assert there == value * Decimal(10) ** (KNOWN_UNITS[a] - KNOWN_UNITS[b])  # exact: no rounding anywhere
    assert convert(there, b, a) == value
