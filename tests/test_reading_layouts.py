"""Published text in every layout it comes in, through the one reading pipeline.

The made-up layout examples (tests/data/layouts, from ../shared/examples/layouts), real
extractions with their truth written by hand (tests/data/published/truth.json), and a
property: any report, written in any layout and damaged the way copies damage it, reads
back with every cell equal or blank with a diagnostic, never a different number.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_schema import Report
from disclosure_schema.plugins import ReadResult, get_reader
from disclosure_schema.reading import Origin
from disclosure_schema.testing import valid_reports

from .published_layouts import LAYOUTS, published_text

DATA = Path(__file__).parent / "data"


def read(text: str | bytes, source: str = "report.txt") -> ReadResult:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return get_reader("text").read(data, source)


def codes(result: ReadResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def layout(name: str) -> ReadResult:
    return read((DATA / "layouts" / name).read_bytes(), name)


def row(report: Report, table: str, label: str) -> list[object]:
    tab = report.format.table(table)
    rid = tab.resolve_row(label)
    return [report.get(table, rid, c.id) for c in tab.block_of(rid).column_leaves]


@pytest.mark.parametrize("name", ["1-cell-per-line.txt", "2-spaces.txt", "9-tabs.txt"])
def test_table_a_in_three_layouts(name: str) -> None:
    result = layout(name)
    report = result.report
    assert report.format.id == "gov-2021" and report.year == 2023 and report.agency.startswith("某")
    assert row(report, "A", "规章") == [0, 1, 3]
    assert row(report, "A", "行政规范性文件") == [2, 0, 9]


def test_space_aligned_table_b() -> None:
    report = layout("2-spaces.txt").report
    assert row(report, "B", "一、本年新收政府信息公开申请数量") == [12, 1, 0, 0, 0, 0, 13]
    assert row(report, "B", "二、上年结转政府信息公开申请数量") == [1, 0, 0, 0, 0, 0, 1]


def test_short_row_without_evidence_is_left_blank_with_its_placements() -> None:
    result = layout("3-short-row-shift.txt")
    assert row(result.report, "A", "规章") == [None, None, None]  # 4 and 17: which two columns? nothing says
    assert row(result.report, "A", "行政规范性文件") == [2, 0, 9]
    note = next(d for d in result.diagnostics if d.code == "table.row-short-blank")
    assert note.line == 7 and "规章: 2 of 3 cells (4 | 17)" in note.message and "3 placements" in note.message
    # table C copied with tabs keeps its empty cells: every number in its own column
    columns = result.report.format.table("C").blocks[0].column_leaves
    got = [result.report.get("C", "cases", c.id) for c in columns]
    assert got[:10] == [6, None, None, 1, 7, 3, None, None, None, 3]


def test_year_before_agency_and_period_with_one_year() -> None:
    result = layout("4-year.txt")
    assert (result.report.agency, result.report.year) == ("某区商务局", 2024)
    assert "year" not in result.inferred


def test_header_with_leading_blank_cells() -> None:
    report = layout("5-header-leading-blanks.txt").report
    columns = report.format.table("C").blocks[0].column_leaves
    assert [report.get("C", "cases", c.id) for c in columns] == [4, 1, 0, 2, 7, 0, 0, 0, 1, 1, 2, 0, 0, 0, 2]


def test_2019_era_headings() -> None:
    report = layout("6-heading-variant.txt").report
    assert (report.format.id, report.year) == ("gov-2019", 2020)
    assert row(report, "A", "规范性文件") == [3, 3, 11]
    assert row(report, "B", "一、本年新收政府信息公开申请数量") == [5, 0, 0, 0, 0, 0, 5]


def test_group_fragments_and_a_label_wrapped_over_two_lines() -> None:
    result = layout("8-group-fragments.txt")
    report = result.report
    assert row(report, "B", "（一）予以公开") == [5, 0, 0, 0, 0, 0, 5]
    assert row(report, "B", "（二）部分公开") == [2, 0, 0, 0, 0, 0, 2]
    assert row(report, "B", "4.保护第三方合法权益") == [1, 0, 0, 0, 0, 0, 1]
    assert "table.row-unknown" not in codes(result)


def test_label_one_character_off_is_placed_and_named() -> None:
    text = (DATA / "layouts" / "9-tabs.txt").read_text(encoding="utf-8") + (
        "第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业型收费\t4068.208\n")
    result = read(text)
    assert str(result.report.get("A", "行政事业性收费", "本年收费金额")) == "4068.208"
    note = next(d for d in result.diagnostics if d.code == "table.label-near")
    assert "行政事业型收费" in note.message and "行政事业性收费" in note.message


def test_two_equally_near_labels_are_not_guessed() -> None:
    text = (DATA / "layouts" / "9-tabs.txt").read_text(encoding="utf-8").replace("规章\t", "规x\t")
    result = read(text)  # 规x is one off 规章 but too short to be told from others: not guessed
    assert row(result.report, "A", "规章") == [None, None, None]
    assert "table.row-unknown" in codes(result)
    # 行政处制 is one character off both 行政处罚 and 行政强制: neither is chosen
    text = (DATA / "layouts" / "9-tabs.txt").read_text(encoding="utf-8") + (
        "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处制\t7\n行政强制\t2\n")
    result = read(text)
    assert result.report.get("A", "行政处罚", "本年处理决定数量") is None
    assert result.report.get("A", "行政强制", "本年处理决定数量") == 2
    assert any(d.code == "table.row-unknown" and "行政处制" in d.message for d in result.diagnostics)


def test_narrative_sentence_after_a_table_heading_is_not_a_cell() -> None:
    text = (DATA / "layouts" / "9-tabs.txt").read_text(encoding="utf-8").replace(
        "二、主动公开政府信息情况\n", "二、主动公开政府信息情况\n本年度我局主动公开政府信息共计128条，其中规章0件，规范性文件2件。\n")
    result = read(text)
    assert row(result.report, "A", "规章") == [0, 1, 3]
    assert "read.text-in-table" in codes(result)


def test_year_is_never_defaulted() -> None:
    text = "某局政府信息公开工作报告\n一、总体情况\n我局认真贯彻条例。\n二、主动公开政府信息情况\n"
    result = read(text, "report.txt")
    assert result.report.year == 0 and "year" in result.inferred
    assert any(d.code == "meta.year-missing" and d.severity == "error" for d in result.diagnostics)
    from_name = read(text, "downloads/某局-2022.txt")
    assert from_name.report.year == 2022 and "year" in from_name.inferred
    dated = read(text + "六、其他需要报告的事项\n无。\n2024年1月20日\n")
    assert dated.report.year == 2023 and dated.report.published is not None


@pytest.mark.parametrize("title", ["《某区商务局2023年政府信息公开工作年度报告》",
                                   "2023年某区商务局政府信息公开工作年度报告",
                                   "某区商务局2023年度政府信息公开工作报告"])
def test_title_forms(title: str) -> None:
    text = f"{title}\n一、总体情况\n我局认真贯彻条例。\n"
    report = read(text).report
    assert (report.agency, report.year) == ("某区商务局", 2023)


def test_title_split_over_two_lines() -> None:
    report = read("正文\n2025 年某区商务局政府信息公开\n工作年度报告\n一、总体情况\n我局认真贯彻条例。\n").report
    assert (report.agency, report.year) == ("某区商务局", 2025)


def test_gb18030_text_reads_with_a_note() -> None:
    data = (DATA / "layouts" / "9-tabs.txt").read_text(encoding="utf-8").encode("gb18030")
    result = read(data)
    assert row(result.report, "A", "规章") == [0, 1, 3] and "read.encoding" in codes(result)
    utf16 = read((DATA / "layouts" / "9-tabs.txt").read_text(encoding="utf-8").encode("utf-16"))
    assert row(utf16.report, "A", "规章") == [0, 1, 3]


def test_provenance_names_line_and_column() -> None:
    result = layout("2-spaces.txt")
    key = result.report.format.key("A", "行政规范性文件", "现行有效件数")
    origin = result.provenance[key]
    assert isinstance(origin, Origin) and origin.line == 8
    line = (DATA / "layouts" / "2-spaces.txt").read_text(encoding="utf-8").split("\n")[7]
    assert line[origin.column - 1] == "9"  # type: ignore[operator]


# ---------------------------------------------------------------- real extractions, against the truth

TRUTH = json.loads((DATA / "published" / "truth.json").read_text(encoding="utf-8"))


def score(name: str) -> tuple[int, int, int, ReadResult]:
    """Numbers in the right cell, in a wrong cell, and visible in all."""
    truth = TRUTH[name]
    result = read((DATA / "published" / name).read_bytes(), name)
    report = result.report
    right = wrong = 0
    total = truth.get("lost_visible", 0)
    for table in ("A", "B"):
        for label, values in truth[table].items():
            got = row(report, table, label)
            for want, have in zip(values, got, strict=True):
                if want is None:
                    assert have is None
                    continue
                total += 1
                right += have == want
                wrong += have is not None and have != want
    columns = report.format.table("C").blocks[0].column_leaves
    for want, col in zip(truth["C"], columns, strict=True):
        have = report.get("C", "cases", col.id)
        total += 1
        right += have == want
        wrong += have is not None and have != want
    return right, wrong, total, result


@pytest.mark.parametrize(("name", "share"), [("shanghai-stcsm-2024.pdf-extract.md", 1.0),
                                             ("shanghai-government-office-2025.pdf-extract.md", 0.97)])
def test_real_extractions_read_against_their_truth(name: str, share: float) -> None:
    right, wrong, total, result = score(name)
    truth = TRUTH[name]
    assert wrong == 0
    assert right / total >= share
    report = result.report
    assert (report.format.id, report.agency, report.year) == (truth["format"], truth["agency"], truth["year"])


# ---------------------------------------------------------------- any report, any layout, any copy damage

@settings(max_examples=int(os.environ.get("LAYOUT_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=valid_reports("gov-2021", unicode=False), layout=st.sampled_from(LAYOUTS), data=st.data())
def test_any_layout_reads_back_equal_or_blank_with_a_diagnostic(report: Report, layout: str, data: st.DataObject) -> None:
    report = Report(report.format, "某县某局", report.year, {}, report.cells)
    keys = sorted(report.cells)
    hurt = data.draw(st.sets(st.sampled_from(keys), max_size=3)) if keys else set()
    drop = data.draw(st.booleans()) and layout not in ("spaces",)  # aligned text keeps a blank's room

    def damage(key: tuple[str, str, str], text: str) -> str | None:
        if key in hurt:
            return None if drop else ""
        return text

    text = published_text(report, layout, damage)
    result = read(text)
    got = result.report
    assert got.format.id == "gov-2021" and got.year == report.year and got.agency == "某县某局"
    warned = any(d.severity != "info" and d.code.startswith("table.") for d in result.diagnostics)
    for key in report.format.cell_keys():
        want, have = report.cells.get(key), got.cells.get(key)
        if key in hurt:
            want = None
        if have is None and want is not None:
            assert warned, (layout, key)
        else:
            label = report.format.table(key[0]).row_node(key[1]).label
            assert have == want, repr((layout, key, have, want, sorted(hurt),
                                  [str(d) for d in result.diagnostics if label in d.message],
                                  [report.cells.get(k) for k in report.format.cell_keys() if k[:2] == key[:2]],
                                  _lines_from(text, label)))


def _lines_from(text: str, label: str) -> list[str]:
    """The lines of a written report from a row's label on, for a failure message."""
    lines = text.split("\n")
    start = next((i for i, t in enumerate(lines) if t.startswith(label)), 0)
    return lines[start:start + 16]


# ---------------------------------------------------------------- pdftotext -layout of the hongze PDFs

HONGZE = json.loads((DATA / "pdf" / "hongze-truth.json").read_text(encoding="utf-8"))


def hongze_score(report: Report, year: str) -> tuple[int, int, int]:
    """Numbers of the printed tables (the PDF's truth, typed from the page images) right, wrong, in all."""
    from disclosure_schema.reading.rowlabels import match_row

    truth = HONGZE[year]
    right = wrong = total = 0
    for table in ("A", "B"):
        tab = report.format.table(table)
        for label, _, values in truth[table]:
            found = match_row(tab, [label])
            assert found is not None, label
            for leaf in found.node.leaves():  # a group's printed row stands for each row under it
                columns = tab.block_of(leaf.id).column_leaves
                for text, col in zip(values, columns, strict=True):
                    have = report.get(table, leaf.id, col.id)
                    total += 1
                    right += str(have) == text
                    wrong += have is not None and str(have) != text
    for text, col in zip(truth["C"][0][2] if isinstance(truth["C"][0], list) else truth["C"],
                         report.format.table("C").blocks[0].column_leaves, strict=True):
        have = report.get("C", "cases", col.id)
        total += 1
        right += str(have) == text
        wrong += have is not None and str(have) != text
    return right, wrong, total


@pytest.mark.parametrize("year", ["2023", "2024"])
def test_hongze_pdftotext_layout_reads_every_number(year: str) -> None:
    name = f"hongze-district-government-{year}.pdftotext-layout.txt"
    result = read((DATA / "published" / name).read_bytes(), name)
    report = result.report
    assert (report.format.id, report.year) == ("gov-2021", int(year))
    assert report.agency.endswith("洪泽区人民政府")
    right, wrong, total = hongze_score(report, year)
    assert wrong == 0 and right == total


def test_inferred_fields_travel_in_the_json_form() -> None:
    from disclosure_schema import ReadError
    from disclosure_schema.jsonio import loads, to_json

    result = read("某局政府信息公开工作报告\n一、总体情况\n我局认真贯彻条例。\n", "downloads/某局-2022.txt")
    report = result.report
    assert (report.year, report.inferred) == (2022, frozenset({"agency", "year"}))
    text = to_json(report)
    assert '"inferred": [\n    "agency",\n    "year"\n  ]' in text
    assert loads(text, "r.json").inferred == report.inferred
    with pytest.raises(ReadError, match=r"\$\.inferred"):
        loads(text.replace('"agency",\n', '"colour",\n'), "r.json")
    assert '"inferred"' not in to_json(layout("9-tabs.txt").report)  # nothing inferred: no key


def test_text_after_a_table_whose_next_heading_was_lost_is_that_sections_text() -> None:
    name = "shanghai-government-office-2025.pdf-extract.md"
    result = read((DATA / "published" / name).read_bytes(), name)
    problems = result.report.text("problems")
    assert problems.startswith("（一）2024 年工作中存在问题的改进情况") and "（二）2025 年工作中存在的主要问题" in problems
    guessed = [d for d in result.diagnostics if d.code == "read.section-guessed"]
    assert len(guessed) == 1 and "五、存在的主要问题及改进情况" in guessed[0].message
    unused = " ".join(d.message for d in result.diagnostics if d.code in ("table.row-unknown", "read.text-in-table"))
    assert "2024 年工作中存在问题" not in unused  # not also reported as unused table lines
    assert result.report.text("other").startswith("2025 年度本机关未收取信息公开处理费")


def test_one_cell_per_line_closed_by_bars_keeps_its_blank_cells() -> None:
    text = ("某镇人民政府2023年政府信息公开工作年度报告\n一、总体情况\n概述。\n二、主动公开政府信息情况\n"
            "第二十条第（一）项 |\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n"
            "规章 |\n0 |\n1 |\n3 |\n行政规范性文件 |\n2 |\n |\n9 |\n")
    report = read(text).report
    assert row(report, "A", "规章") == [0, 1, 3]
    assert row(report, "A", "行政规范性文件") == [2, None, 9]  # " |" is the blank 本年废止件数, not a collapsed cell
