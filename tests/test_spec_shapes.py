"""The built-in specs against the reference (national-format.md): shapes, labels, metadata."""

from __future__ import annotations

import pytest

from disclosure_schema import CellKind, get_format
from disclosure_schema.spec import ReportFormat


def _shape(fmt: ReportFormat, table: str) -> tuple[int, int, int]:
    tab = fmt.table(table)
    rows = {row.id for _, row, _ in tab.cells()}
    cols = {col.id for _, _, col in tab.cells()}
    return len(list(tab.cells())), len(rows), len(cols)


def test_gov2019_shapes() -> None:
    fmt = get_format("gov-2019")
    assert _shape(fmt, "A")[0] == 22
    assert _shape(fmt, "B") == (23 * 7, 23, 7)
    assert _shape(fmt, "C")[0] == 15


def test_gov2021_shapes() -> None:
    fmt = get_format("gov-2021")
    assert _shape(fmt, "A")[0] == 10
    assert _shape(fmt, "B") == (25 * 7, 25, 7)
    assert _shape(fmt, "C")[0] == 15


@pytest.mark.parametrize("fid", ["gov-2019", "gov-2021"])
def test_sections_in_order(fid: str) -> None:
    fmt = get_format(fid)
    assert [s.title for s in fmt.sections] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    ]
    assert [s.table for s in fmt.sections] == [None, "proactive", "applications", "appeals", None, None]


@pytest.mark.parametrize("fid", ["gov-2019", "gov-2021"])
def test_table_b_columns_and_corner(fid: str) -> None:
    tab = get_format(fid).table("applications")
    block = tab.blocks[0]
    assert [c.label for c in block.column_leaves] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert block.columns[0].label == "申请人情况" and block.header_depth == 3
    assert block.corner == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert block.label_depth == 3


def test_table_b_rows_2021_exact_labels() -> None:
    tab = get_format("gov-2021").table("B")
    labels = [r.label for r in tab.blocks[0].row_leaves]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[2] == "（一）予以公开"
    assert labels[3] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert labels[6] == "3.危及“三安全一稳定”"
    assert labels[-4:] == ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他",
                           "（七）总计", "四、结转下年度继续办理"]
    groups = [n.label for n, _ in tab.blocks[0].row_nodes() if not n.is_leaf]
    assert groups == ["三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]


def test_table_b_2019_other_handling_is_one_row() -> None:
    tab = get_format("gov-2019").table("B")
    node = tab.row_node("other_handling")
    assert node.is_leaf and node.label == "（六）其他处理"


def test_table_a_2019_blocks_and_kinds() -> None:
    fmt = get_format("gov-2019")
    tab = fmt.table("A")
    assert [b.caption for b in tab.blocks] == [f"第二十条第（{n}）项" for n in "一五六八九"]
    assert all(b.corner == "信息内容" for b in tab.blocks)
    assert [c.label for c in tab.blocks[1].column_leaves] == ["上一年项目数量", "本年增/减", "处理决定数量"]
    assert fmt.cell_kinds[("proactive", "licensing", "change")] is CellKind.SIGNED_COUNT
    assert fmt.cell_kinds[("proactive", "procurement", "purchase_amount")] is CellKind.AMOUNT
    assert [r.label for r in tab.blocks[1].row_leaves] == ["行政许可", "其他对外管理服务事项"]


def test_table_a_2021_fee_amount_unit() -> None:
    fmt = get_format("gov-2021")
    col = fmt.table("A").blocks[3].column_leaves[0]
    assert col.label == "本年收费金额（单位：万元）" and col.unit == "万元" and col.kind is CellKind.AMOUNT


def test_table_c_column_tree() -> None:
    block = get_format("gov-2021").table("C").blocks[0]
    assert [c.label for c in block.columns] == ["行政复议", "行政诉讼"]
    assert [c.label for c in block.columns[1].children] == ["未经复议直接起诉", "复议后起诉"]
    assert [c.label for c in block.column_leaves][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert block.rows[0].hidden


def test_edition_metadata() -> None:
    old, new = get_format("gov-2019"), get_format("gov-2021")
    assert old.document_number == "国办公开办函〔2019〕60号" and (old.first_year, old.last_year) == (2019, 2020)
    assert new.document_number == "国办公开办函〔2021〕30号" and (new.first_year, new.last_year) == (2021, None)
    assert new.applies_to(2030) and not new.applies_to(2020) and old.applies_to(2020) and not old.applies_to(2021)
    assert new.issued is not None and new.issued.isoformat() == "2021-09-26"


@pytest.mark.parametrize("fid", ["gov-2019", "gov-2021"])
def test_ids_are_ascii_and_unique_per_table(fid: str) -> None:
    fmt = get_format(fid)
    for tab in fmt.tables:
        row_ids = [n.id for b in tab.blocks for n, _ in b.row_nodes()]
        assert len(row_ids) == len(set(row_ids))
        for key in fmt.cell_kinds:
            assert all(part.isascii() for part in key)
