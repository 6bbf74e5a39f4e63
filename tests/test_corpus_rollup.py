"""Roll-ups: which cells add up is the spec's (``rollup`` key); blanks are not assessable; amounts are rounded."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure_schema import Report, SpecError, Status, Verbatim, get_format
from disclosure_schema.corpus.rollup import RollupJob, check_rollup, summing_cells
from disclosure_schema.corpus.sample import agency_chain, parent_of
from disclosure_schema.loader import build_spec
from disclosure_schema.registry import builtin_spec_dir


def test_the_built_in_specs_declare_tables_b_and_c_and_some_columns_of_a() -> None:
    fmt = get_format("gov-2021")
    cells = summing_cells(fmt)
    by_table = {t: [k for k in cells if k[0] == t] for t in ("proactive", "applications", "appeals")}
    assert len(by_table["applications"]) == 25 * 7 and len(by_table["appeals"]) == 15
    assert by_table["proactive"] == [("proactive", "licensing", "decisions"), ("proactive", "penalties", "decisions"),
                                     ("proactive", "enforcement", "decisions"), ("proactive", "fees", "fees_amount")]
    old = summing_cells(get_format("gov-2019"))
    assert [k for k in old if k[0] == "proactive"] == [
        ("proactive", r, "decisions") for r in ("licensing", "other_services", "penalties", "enforcement")]


def test_a_column_can_opt_out_and_a_bad_value_names_the_entry() -> None:
    data = tomllib.loads((builtin_spec_dir() / "gov-2021.toml").read_text(encoding="utf-8"))
    data["id"] = "variant"
    (column,) = [c for c in data["tables"]["appeals"]["blocks"][0]["columns"] if c["id"] == "review_total"]
    column["rollup"] = "none"
    fmt = build_spec(data, "variant.toml")
    assert ("appeals", "cases", "review_total") not in summing_cells(fmt)
    assert ("appeals", "cases", "review_upheld") in summing_cells(fmt)
    data["tables"]["applications"]["rollup"] = "average"
    with pytest.raises(SpecError, match=r"variant.toml: tables.applications.rollup: must be one of sum, none, "
                                        r"not 'average'"):
        build_spec(data, "variant.toml")


def _family() -> tuple[list[Report], list[Report]]:
    units = [agency_chain(f"单位{i}", 2022, 1, seed=i) for i in range(3)]
    parent = parent_of(agency_chain("上级", 2022, 1, seed=9), units)[0]
    return [u[0] for u in units], [parent]


def test_blank_is_not_assessable_and_amounts_allow_rounding() -> None:
    units, (parent,) = _family()
    job = RollupJob("上级", (1, 2, 3), ("单位0", "单位1", "单位2"), ())
    assert check_rollup(parent, job, units) == []
    units[1] = units[1].set("C", "cases", "review_upheld", None)
    fee = parent.get("A", "fees", "fees_amount")
    assert isinstance(fee, Decimal) and fee.as_tuple().exponent == -3
    rounded = parent.set("A", "fees", "fees_amount", fee + Decimal("0.002"))  # 4 reports × half of 0.001
    off = parent.set("A", "fees", "fees_amount", fee + Decimal("0.003"))
    found = check_rollup(rounded, job, units)
    assert [(f.rule, f.status, f.cells[0].column) for f in found] == [
        ("rollup.sum", Status.NOT_ASSESSABLE, "review_upheld")]
    assert "单位1" in found[0].message_zh
    off_found = [f for f in check_rollup(off, job, units) if f.status is Status.FAILED]
    assert [(f.cells[0].column, f.difference) for f in off_found] == [("fees_amount", Decimal("0.003"))]
    text = parent.set("B", "一", "自然人", Verbatim("22（其中修订16件）"))
    assert [f.status for f in check_rollup(text, job, [*units[:1], *units[2:], units[0]])
            if f.cells[0].row == "new_requests" and f.cells[0].column == "natural_person"] == [Status.NOT_ASSESSABLE]


def test_a_unit_in_another_edition_is_said_and_not_summed(tmp_path: Path) -> None:
    units, (parent,) = _family()
    units[2] = Report.create("gov-2019", "单位2", 2022)
    job = RollupJob("上级", (1, 2, 3), ("单位0", "单位1", "单位2"), ())
    (finding,) = check_rollup(parent, job, units)
    assert finding.rule == "rollup.format" and "单位2" in finding.message_zh
