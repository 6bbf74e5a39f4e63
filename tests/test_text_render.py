"""What people see in the text and pipe layouts, and the edge cases of the exact encoding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import wcwidth
from hypothesis import given, settings

from disclosure_schema import RenderError, Report, Verbatim
from disclosure_schema.plugins import get_reader, get_renderer
from disclosure_schema.testing import reports


def sample() -> Report:
    report = Report.create("gov-2021", "某某区司法局", 2024)
    report = report.with_cells({
        ("proactive", "rules", "issued"): 3,
        ("proactive", "fees", "fees_amount"): Decimal("4068.208"),
        ("applications", "disclosed", "natural_person"): 12,
        ("applications", "withheld_security", "total"): Verbatim("22（其中修订16件）"),
        ("appeals", "cases", "after_review_total"): 7,
    })
    return report.with_text("总体情况", "第一段。\n（一）主动公开").with_text("存在的主要问题及改进情况", "一、加强领导\na | b")


def render(report: Report, name: str = "text", **options: str) -> str:
    return get_renderer(name).render(report, options).decode("utf-8")


def tables_of(text: str) -> list[list[str]]:
    """Runs of consecutive boxed-table lines."""
    runs: list[list[str]] = []
    for line in text.split("\n"):
        if line.startswith(("+", "|")):
            if not runs or not runs[-1]:
                runs.append([])
            runs[-1].append(line)
        elif runs and runs[-1]:
            runs.append([])
    return [r for r in runs if r]


@pytest.mark.parametrize("ambiguous", [1, 2])
def test_boxed_tables_align_by_display_width(ambiguous: int) -> None:
    text = render(sample(), ambiguous_width=str(ambiguous))
    tables = tables_of(text)
    assert len(tables) == 3
    for table in tables:
        widths = {wcwidth.wcswidth(line, ambiguous_width=ambiguous) for line in table}
        assert len(widths) == 1, widths
        assert all(line[-1] in "+|" for line in table)
    # “ ” are ambiguous: the row holding them is padded differently under each setting
    row = next(line for line in text.split("\n") if "三安全" in line)
    assert row.count(" ") != next(x for x in render(sample(), ambiguous_width=str(3 - ambiguous)).split("\n")
                                  if "三安全" in x).count(" ")


def test_merged_labels_drawn_as_in_the_printed_form() -> None:
    text = render(sample())
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("| 三、本年度办理")]
    assert len(starts) == 1  # the group label is written once ...
    below = lines[starts[0] + 1:]
    end = next(i for i, line in enumerate(below) if line.startswith("+"))
    # ... and its merged cell runs down through the 21 rules between its 22 rows (all but 一、二、四)
    grouped = len(sample().format.table("B").blocks[0].row_leaves) - 3
    assert sum("+---" in line for line in below[:end]) == grouped - 1
    header = next(line for line in lines if "申请人情况" in line)
    assert header.count("|") == 3  # one cell over all seven data columns
    assert all(ord(ch) < 128 for line in tables_of(text)[1] for ch in line if ch in "+-=|")
    assert not any(ch in text for ch in "─│┼")


def test_sections_in_order_with_the_title() -> None:
    report = sample()
    for name in ("text", "pipe"):
        lines = render(report, name).split("\n")
        assert report.display_title in lines
        headings = [s.title for s in report.format.sections]
        positions = [lines.index(h) for h in headings]
        assert positions == sorted(positions)


def test_pipe_layout_looks_like_published_text() -> None:
    lines = render(sample(), "pipe").split("\n")
    assert "三、本年度办理结果 | （一）予以公开 | 12 |  |  |  |  |  |  |" in lines
    assert "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |" in lines
    assert "行政事业性收费 | 4068.208 |" in lines
    assert " |  |  |  |  |  |  |  |  |  |  |  |  |  | 7 |" in lines  # table C: one line of 15 cells
    assert "3.危及“三安全一稳定” |  |  |  |  |  |  | 22（其中修订16件） |" in lines


def test_narrative_lines_that_look_like_structure_are_marked() -> None:
    for name in ("text", "pipe"):
        lines = render(sample(), name).split("\n")
        assert "\\一、加强领导" in lines
        assert "a | b" in lines  # a bar inside a sentence is left alone
        assert "（一）主动公开" in lines


@pytest.mark.parametrize("name", ["text", "pipe"])
def test_exact_edge_cases(name: str) -> None:
    report = Report(
        sample().format, " 机关\u2028名称\\ ", 2022,
        {"overview": "\r\n\\一、总体情况\n\n| x |\n+--+\n# 注\n— 5 —\n\x00\x85\u200b末行\n", "other": "\n"},
        {
            ("applications", "disclosed", "natural_person"): Verbatim("12"),
            ("applications", "disclosed", "commercial"): Verbatim("１２"),
            ("applications", "disclosed", "research"): Verbatim(" a|b\nc "),
            ("applications", "disclosed", "total"): Verbatim("\\u{41}"),
            ("proactive", "fees", "fees_amount"): Decimal("0.500"),
            ("applications", "new_requests", "total"): 10**18,
        },
        "", date(2023, 1, 20),
    )
    data = get_renderer(name).render(report, {})
    result = get_reader("text").read(data, "edge.txt")
    assert result.report == report and result.diagnostics == ()


def test_unrenderable_and_bad_options() -> None:
    blank_text = Report(sample().format, "机关", 2024, {}, {("appeals", "cases", "review_total"): Verbatim("")})
    with pytest.raises(RenderError, match="empty Verbatim"):
        render(blank_text)
    with pytest.raises(RenderError, match="ambiguous_width"):
        render(sample(), ambiguous_width="3")
    with pytest.raises(RenderError, match="takes ambiguous_width, label_width"):
        render(sample(), colour="red")
    with pytest.raises(RenderError, match="takes no options"):
        render(sample(), "pipe", ambiguous_width="2")


def test_label_width_option_changes_wrapping() -> None:
    narrow = render(sample(), label_width="6").split("\n")
    wide = render(sample(), label_width="40").split("\n")
    assert len(narrow) > len(wide)
    assert get_reader("text").read("\n".join(narrow).encode(), "n.txt").report == sample()


@settings(max_examples=15)
@given(reports("gov-2019"))
def test_every_table_line_aligned_for_generated_reports(report: Report) -> None:
    for table in tables_of(render(report)):
        assert len({wcwidth.wcswidth(line) for line in table}) == 1


@pytest.mark.parametrize("name", ["text", "pipe"])
def test_windows_line_ends_and_a_byte_order_mark_are_accepted(name: str) -> None:
    data = get_renderer(name).render(sample(), {}).replace(b"\n", b"\r\n")
    assert get_reader("text").read(b"\xef\xbb\xbf" + data, "windows.txt").report == sample()


def test_header_edits_are_reported() -> None:
    data = get_renderer("pipe").render(sample(), {})
    extra = data.replace(b"# year: 2024\n", b"# year: 2024\n# colour: red\n")
    result = get_reader("text").read(extra, "extra.txt")
    assert result.report == sample()
    assert [(d.line, d.message) for d in result.diagnostics] == [(4, "unknown header line '# colour: …' ignored")]
    retitled = data.replace("某区司法局2024年政府信息公开工作年度报告".encode(), "另一个标题".encode())
    result = get_reader("text").read(retitled, "retitled.txt")
    assert result.report == sample() and result.diagnostics[0].line == 4
    assert "title line differs" in result.diagnostics[0].message


def test_an_empty_agency_survives_an_editor_that_strips_trailing_spaces() -> None:
    report = Report.create("gov-2021", "", 2024)
    data = get_renderer("text").render(report, {})
    assert b"# agency: \n" in data
    assert get_reader("text").read(data.replace(b"# agency: \n", b"# agency:\n"), "x.txt").report == report
