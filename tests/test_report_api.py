"""The typed Python API: create, set and read by id or official label, narratives, metadata."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from disclosure_schema import CellValueError, Report, UnknownNameError, Verbatim, get_format


@pytest.fixture
def report() -> Report:
    return Report.create("gov-2021", "深圳市龙岗区某局", 2024, published=date(2025, 1, 20))


def test_create_is_blank(report: Report) -> None:
    assert report.format.id == "gov-2021" and report.agency == "深圳市龙岗区某局" and report.year == 2024
    assert all(v is None for _, v in report.table_cells("applications"))
    assert report.text("overview") == ""
    assert report.display_title == "深圳市龙岗区某局2024年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("new_requests", "natural_person"),
        ("一、本年新收政府信息公开申请数量", "自然人"),
        ("一", "自然人"),
        ("本年新收政府信息公开申请数量", "自然人"),
        ("一,本年新收政府信息公开申请数量", "自然人"),
    ],
)
def test_same_cell_by_id_or_label(report: Report, row: str, column: str) -> None:
    changed = report.set("B", row, column, 58)
    assert changed.get("applications", "new_requests", "natural_person") == 58
    assert changed.cells == {("applications", "new_requests", "natural_person"): 58}


def test_ascii_punctuation_and_abbreviations(report: Report) -> None:
    r = report.set("B", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "商业", 16)
    assert r.get("B", "partially_disclosed", "commercial") == 16
    r = r.set("B", '3.危及"三安全一稳定"', "科研", 1)
    assert r.get("B", "withheld_security", "research") == 1
    r = r.set("A", "规范性文件", "本年制发件数", 5)
    assert r.get("A", "normative_documents", "issued") == 5


def test_label_paths_for_repeated_labels(report: Report) -> None:
    r = report.set("C", "cases", "行政诉讼>复议后起诉>结果维持", 3)
    assert r.get("C", "cases", ("复议后起诉", "结果维持")) == 3
    assert r.cells == {("appeals", "cases", "after_review_upheld"): 3}
    with pytest.raises(UnknownNameError, match="ambiguous") as info:
        report.set("C", "cases", "结果维持", 1)
    assert "行政诉讼>复议后起诉>结果维持" in info.value.suggestions


def test_unknown_names_suggest_closest(report: Report) -> None:
    with pytest.raises(UnknownNameError) as info:
        report.set("B", "new_request", "natural_person", 1)
    assert "new_requests" in info.value.suggestions
    with pytest.raises(UnknownNameError) as info2:
        report.set("B", "new_requests", "natural_persons", 1)
    assert "natural_person" in info2.value.suggestions
    with pytest.raises(UnknownNameError, match="gov-2021"):
        Report.create("gov-2022", "x", 2022)
    with pytest.raises(UnknownNameError):
        report.get("D", "x", "y")


def test_group_rows_hold_no_data(report: Report) -> None:
    with pytest.raises(UnknownNameError):
        report.set("B", "三、本年度办理结果", "自然人", 1)


def test_values_keep_kinds(report: Report) -> None:
    r = report.set("A", "fees", "fees_amount", "4068.208").set("B", "一", "自然人", "22（其中修订16件）")
    assert r.get("A", "fees", "fees_amount") == Decimal("4068.208")
    assert r.get("B", "一", "自然人") == Verbatim("22（其中修订16件）")
    r = r.set("A", "fees", "fees_amount", 3)
    assert isinstance(r.get("A", "fees", "fees_amount"), Decimal)
    with pytest.raises(CellValueError, match="float"):
        report.set("A", "fees", "fees_amount", 1.5)
    with pytest.raises(CellValueError, match="whole numbers"):
        report.set("B", "一", "自然人", Decimal("1.5"))
    with pytest.raises(CellValueError, match="bool"):
        report.set("B", "一", "自然人", True)
    assert r.set("B", "一", "自然人", None).get("B", "一", "自然人") is None
    assert r.set("B", "一", "自然人", "").get("B", "一", "自然人") is None


def test_immutable(report: Report) -> None:
    changed = report.set("B", "一", "自然人", 1)
    assert report.get("B", "一", "自然人") is None and changed.get("B", "一", "自然人") == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.year = 2025  # type: ignore[misc]
    with pytest.raises(TypeError):
        report.cells[("applications", "new_requests", "natural_person")] = 1  # type: ignore[index]


def test_narratives_and_metadata(report: Report) -> None:
    r = report.with_text("一、总体情况", "（一）主动公开\n本年度…").with_text("problems", "无。")
    assert r.text("overview") == "（一）主动公开\n本年度…" and r.text("五、存在的主要问题及改进情况") == "无。"
    assert r.text("存在问题及改进情况") == "无。"  # a heading variant seen in real reports
    with pytest.raises(CellValueError, match="table"):
        r.with_text("proactive", "x")
    m = r.with_meta(title="某局2024年度政府信息公开工作年度报告", year=2024)
    assert m.display_title.startswith("某局2024年度")
    with pytest.raises(CellValueError, match="unknown metadata"):
        r.with_meta(colour="red")


def test_equality_is_exact_digits() -> None:
    fmt = get_format("gov-2021")
    a = Report.create(fmt, "x", 2024).set("A", "fees", "fees_amount", "1.0")
    b = Report.create(fmt, "x", 2024).set("A", "fees", "fees_amount", "1.00")
    assert a != b and a == Report.create(fmt, "x", 2024).set("A", "fees", "fees_amount", Decimal("1.0"))
