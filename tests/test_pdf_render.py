"""The PDF renderer as a user sees it: text extracted with pypdf, pages, metadata, bytes."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings

from disclosure_schema import Node, RenderError, Report, Table, Verbatim, get_format
from disclosure_schema.plugins import get_renderer
from disclosure_schema.testing import reports
from disclosure_schema.values import format_value
from disclosure_schema_pdf import PdfRenderer
from disclosure_schema_pdf.cid_coverage import covers
from disclosure_schema_pdf.fonts import winansi_covers

PARAGRAPH = (
    "2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
    "围绕中心工作，全面推进决策、执行、管理、服务、结果公开（“五公开”），持续提升政务公开质量。"
)


def full_report(fmt_id: str = "gov-2021", narrative_lines: int = 3) -> Report:
    """Every cell filled with a distinct value; narratives with sub-headings."""
    fmt = get_format(fmt_id)
    report = Report.create(fmt, "某某市某某区人民政府办公室", 2023)
    cells: dict[tuple[str, str, str], object] = {}
    for i, key in enumerate(fmt.cell_keys()):
        cells[key] = Decimal(f"{i}.125") if fmt.cell_kinds[key].value == "amount" else 1000 + 37 * i
    report = report.with_cells(cells)
    overview = ["（一）主动公开。本年度主动公开政府信息。", *[f"{n}. {PARAGRAPH}" for n in range(narrative_lines)]]
    return (report.with_text("overview", "\n".join(overview))
            .with_text("problems", PARAGRAPH * 2).with_text("other", "无。"))


def render(report: Report, **options: str) -> bytes:
    return PdfRenderer().render(report, options)


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def document_text(data: bytes) -> str:
    """All pages' text without whitespace and without the page numbers at their feet."""
    return "".join(re.sub(r"—\d+—$", "", squash(page)) for page in pages_text(data))


def header_labels(block_columns: tuple[Node, ...]) -> list[str]:
    """Header labels as a reader reads them: header row by header row, left to right."""
    found: list[tuple[int, int, str]] = []
    leaf_index = {leaf.id: i for i, leaf in enumerate(x for c in block_columns for x in c.leaves())}
    for root in block_columns:
        for node, depth in root.walk():
            found.append((depth, leaf_index[node.leaves()[0].id], node.label))
    return [label for _, _, label in sorted(found)]


def table_tokens(report: Report, table: Table) -> Iterator[str]:
    """Every label and value of a table, in reading order."""
    for block in table.blocks:
        if block.caption:
            yield block.caption
        if block.corner and not all(leaf.hidden for leaf in block.row_leaves):
            yield block.corner
        yield from header_labels(block.columns)
        for root in block.rows:
            for node, _ in root.walk():
                if not node.hidden:
                    yield node.label
                if node.is_leaf:
                    for col in block.column_leaves:
                        yield format_value(report.cells.get((table.id, node.id, col.id)))


def expected_tokens(report: Report) -> Iterator[str]:
    yield report.display_title
    for section in report.format.sections:
        yield section.title
        if section.table:
            yield from table_tokens(report, report.format.table(section.table))
        else:
            yield from report.sections.get(section.id, "").splitlines()


def assert_in_order(text: str, tokens: Iterator[str]) -> int:
    position, count = 0, 0
    for token in tokens:
        wanted = squash(token)
        if not wanted:
            continue
        found = text.find(wanted, position)
        assert found >= 0, f"{token!r} not found after position {position}: …{text[position:position + 80]}…"
        position = found + len(wanted)
        count += 1
    return count


@pytest.mark.parametrize("fmt_id", ["gov-2019", "gov-2021"])
def test_every_label_number_and_paragraph_is_extractable_in_reading_order(fmt_id: str) -> None:
    report = full_report(fmt_id)
    text = document_text(render(report))
    fmt = report.format
    n = assert_in_order(text, expected_tokens(report))
    assert n > len(fmt.cell_keys()) + 60  # every cell and label was looked for


def test_blank_cells_print_nothing_and_verbatim_prints_as_written() -> None:
    report = full_report()
    key = report.key("B", "new_requests", "natural_person")
    blank = report.key("B", "carried_over", "natural_person")
    report = report.with_cells({key: Verbatim("22（其中修订16件）"), blank: None})
    text = document_text(render(report))
    assert "一、本年新收政府信息公开申请数量22（其中修订16件）" in text
    # the blank cell: the row label is followed directly by the next column's value
    nxt = report.cells[report.key("B", "carried_over", "commercial")]
    assert f"二、上年结转政府信息公开申请数量{nxt}" in text


def test_a_line_break_in_a_cell_breaks_the_line_there() -> None:
    report = full_report()
    key = report.key("B", "new_requests", "natural_person")
    pdf = render(report.with_cells({key: Verbatim("22\n（其中修订16件）")}))
    lines = [line.strip() for page in pages_text(pdf) for line in page.splitlines()]
    at = lines.index("22")  # a line of its own, then the annotation (wrapped to the narrow column)
    assert "".join(lines[at + 1 : at + 5]) == "（其中修订16件）"
    assert "16件）" in lines[at + 1 : at + 5]  # the number keeps its unit


def bold_and_plain(data: bytes) -> list[tuple[bool, str]]:
    """Each drawn string with whether it is bold (text render mode 2: fill and stroke)."""
    mode, out = [0], []

    def before(op: bytes, args: list[object], cm: object, tm: object) -> None:
        if op == b"Tr":
            mode[0] = int(str(args[0]))
        elif op == b"Q":  # bold lines are drawn inside q … Q
            mode[0] = 0

    def text(t: str, cm: object, tm: object, font: object, size: object) -> None:
        if t.strip():
            out.append((mode[0] == 2, t))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return out


def test_with_one_font_the_title_headings_and_sub_heading_leads_are_bold() -> None:
    report = full_report().with_text("other", "（二）其他事项：本年度无。\n(三)收费情况")
    drawn = bold_and_plain(render(report, font="STSong-Light"))
    bold = {t for b, t in drawn if b}
    assert {"一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"} <= bold
    assert {"（一）主动公开。", "（二）其他事项：", "(三)收费情况"} <= bold
    assert (False, "本年度主动公开政府信息。") in drawn and (False, "本年度无。") in drawn
    assert not any(b for b, t in drawn if "2023年，本机关" in t)


def test_text_stays_in_the_gb9704_text_block() -> None:
    mm = 72 / 25.4
    left, right = 28 * mm, (28 + 156) * mm
    top, bottom = (297 - 37) * mm, (297 - 37 - 225) * mm  # from the foot of the page, as PDF counts
    placed: list[tuple[float, float, str]] = []

    def text(t: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        if t.strip():
            placed.append((tm[4], tm[5], t.strip()))

    for page in pypdf.PdfReader(io.BytesIO(render(full_report(narrative_lines=12)))).pages:
        page.extract_text(visitor_text=text)
    # Below the block there is only the page number "— 1 —" (its digits may be a run of their own).
    footer = [(x, y, t) for x, y, t in placed if y < bottom - 5 * mm]
    assert footer and all(set(t) <= set("— 0123456789") for _, _, t in footer)
    numbers = [(x, y) for x, y, _ in footer]
    body = [(x, y) for x, y, t in placed if y >= bottom - 5 * mm]
    assert all(left - 0.01 <= x < right and bottom <= y <= top for x, y in body)
    assert min(x for x, _ in body) == pytest.approx(left)  # tables and wrapped lines start at the left edge
    assert max(y for _, y in body) > top - 40  # the title starts near the top of the block
    # page numbers: 7 mm and a bit below the block
    assert all(bottom - 7 * mm - 16 < y < bottom - 7 * mm for _, y in numbers)


def test_pages_are_a4_numbered_in_the_official_style() -> None:
    data = render(full_report(narrative_lines=12))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 4
    for number, page in enumerate(reader.pages, start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        assert squash(page.extract_text()).endswith(f"—{number}—")


def test_table_b_header_repeats_and_split_labels_are_printed_on_both_pages() -> None:
    fmt = get_format("gov-2021")
    block = fmt.table("B").blocks[0]
    ancestors: dict[str, list[str]] = {}

    def collect(node: Node, path: list[str]) -> None:
        ancestors[node.label] = path
        for child in node.children:
            collect(child, [*path, node.label])

    for root in block.rows:
        collect(root, [])
    split_inside_a_group = 0
    # Shift table B down line by line so its page break falls on every row in turn.
    for lines in range(0, 22, 2):
        pages = [squash(t) for t in pages_text(render(full_report(narrative_lines=lines)))]
        b_pages = [p for p in pages if any(squash(leaf.label) in p for leaf in block.row_leaves[2:])]
        assert b_pages, "table B is printed"
        for page in b_pages:
            # the repeated header: the 勾稽 note, then 申请人情况 … 其他
            assert_in_order(page, iter([block.corner or "", "申请人情况", "自然人", "法人或其他组织", "其他"]))
            for leaf in block.row_leaves:
                at = page.find(squash(leaf.label))
                if at < 0:
                    continue
                for label in ancestors[leaf.label]:
                    before = page.rfind(squash(label), 0, at)
                    assert before >= 0, f"{leaf.label} printed without its group {label} on its page"
        first_rows = [next(leaf.label for leaf in block.row_leaves if squash(leaf.label) in p) for p in b_pages[1:]]
        split_inside_a_group += sum(len(ancestors[label]) >= 2 for label in first_rows)
    assert split_inside_a_group, "no page break fell inside a two-level group; the test would prove nothing"


def test_table_a_rows_always_have_their_caption_and_header_on_their_page() -> None:
    fmt = get_format("gov-2021")
    table = fmt.table("A")
    annotated = {k: Verbatim(f"{i}（其中修订3件，含自然失效2件，另有5件正在清理）")
                 for i, k in enumerate(fmt.cell_keys()) if k[0] == table.id}
    crossed = 0
    for lines in range(0, 14):
        pages = [squash(t) for t in pages_text(render(full_report(narrative_lines=lines).with_cells(annotated)))]
        for page in pages:
            for block in table.blocks:
                for row in block.row_leaves:
                    at = page.find(squash(row.label))
                    if at >= 0:
                        head = page.rfind(squash(f"{block.caption}信息内容"), 0, at)
                        assert head >= 0, f"{row.label} without {block.caption} above it"
        crossed += sum(p.count(squash(table.blocks[0].caption or "")) for p in pages) > 1
    assert crossed, "the first block never crossed a page; the test would prove nothing"


def test_same_report_same_bytes_in_another_process() -> None:
    report = full_report()
    first = render(report)
    assert render(report) == first
    code = (
        f"import sys; sys.path[:0] = [{str(Path(__file__).parent)!r}]\n"
        "from test_pdf_render import full_report, render\n"
        "sys.stdout.buffer.write(render(full_report()))\n"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                           env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout
    assert other == first


def test_metadata_comes_from_the_report_not_the_clock() -> None:
    report = full_report()
    meta = pypdf.PdfReader(io.BytesIO(render(report))).metadata
    assert meta is not None
    assert meta.title == "某某市某某区人民政府办公室2023年政府信息公开工作年度报告"
    assert meta.author == "某某市某某区人民政府办公室"
    assert "2023年政府信息公开工作年度报告" in (meta.subject or "")
    assert "政府信息公开" in str(meta["/Keywords"]) and "gov-2021" in str(meta["/Keywords"])
    assert str(meta["/CreationDate"]).startswith("D:20240101")
    published = pypdf.PdfReader(io.BytesIO(render(report.with_meta(published=date(2024, 1, 26))))).metadata
    assert published is not None and str(published["/CreationDate"]).startswith("D:20240126")


def test_unknown_option_is_refused() -> None:
    with pytest.raises(RenderError, match=r"no option colour.*fallback_font, font, fonts"):
        render(full_report(), colour="red")


def test_missing_font_file_is_a_render_error() -> None:
    with pytest.raises(RenderError, match=r"nope\.ttf"):
        render(full_report(), font="/nonexistent/nope.ttf")


def test_the_cid_font_refuses_a_character_outside_the_bmp() -> None:
    report = full_report().with_text("problems", "甲乙\n问题在于𠀀字")
    with pytest.raises(RenderError) as info:
        render(report, font="STSong-Light")
    message = str(info.value)
    assert "U+20000" in message and "𠀀" in message
    assert "section 'problems' line 2, character 5" in message


def test_the_cid_font_refuses_a_character_in_a_table_cell() -> None:
    report = full_report()
    report = report.with_cells({report.key("C", "cases", "review_upheld"): Verbatim("5\u0301")})
    with pytest.raises(RenderError, match=r"table 'appeals' cell \(cases, review_upheld\), character 2: U\+0301"):
        render(report, font="STSong-Light")


def test_spaces_the_font_lacks_are_drawn_as_spaces() -> None:
    # U+00A0 and U+2003 are not in STSong-Light's map; a space has no glyph to lose
    report = full_report().with_text("other", "甲\u00a0乙\u2003丙\t丁")
    assert document_text(render(report, font="STSong-Light")).endswith("六、其他需要报告的事项甲乙丙丁")


def test_found_through_the_plugin_interface() -> None:
    renderer = get_renderer("pdf")
    assert renderer.render(full_report(), {}).startswith(b"%PDF-")


def test_importing_the_core_does_not_import_reportlab() -> None:
    code = "import sys, disclosure_schema, disclosure_schema.plugins; print('reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@settings(max_examples=25)
@given(reports("gov-2021") | reports("gov-2019", unicode=False))
def test_any_report_renders_faithfully_or_names_the_character_it_cannot_draw(report: Report) -> None:
    signature = report.agency if report.published else ""  # the 落款 under the last section
    every_char = "".join([report.display_title, signature, *report.sections.values(),
                          *(format_value(v) for v in report.cells.values())])
    # spaces (Zs) and tabs are blank space, drawn as U+0020 when the font lacks them;
    # Latin-1 symbols the CID font lacks are drawn by the declared base font Helvetica
    drawable = {c for c in every_char
                if c in "\n\t" or covers(ord(c)) or winansi_covers(ord(c)) or unicodedata.category(c) == "Zs"}
    try:
        data = render(report, font="STSong-Light")
    except RenderError as exc:
        match = re.search(r"U\+([0-9A-F]{4,6}) ", str(exc))
        assert match, str(exc)
        char = chr(int(match.group(1), 16))
        assert char in every_char and char not in drawable
        return
    assert set(every_char) <= drawable | set("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    text = document_text(data)
    for key, value in report.cells.items():
        assert squash(format_value(value)) in text, key
    for body in report.sections.values():
        for line in body.splitlines():
            assert squash(line) in text, line


def test_the_signature_stands_under_the_last_section_when_published() -> None:
    report = full_report().with_meta(published=date(2024, 1, 26))
    placed: list[tuple[float, float, str]] = []

    def text(t: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        if t.strip():
            placed.append((tm[4], tm[5], t.strip()))

    pages = pypdf.PdfReader(io.BytesIO(render(report, font="STSong-Light"))).pages
    pages[-1].extract_text(visitor_text=text)
    body = [p for p in placed if not p[2].startswith("—")]
    (agency_x, agency_y, agency), (date_x, date_y, day) = body[-2:]
    assert (agency, day) == ("某某市某某区人民政府办公室", "2024年1月26日")  # 月、日 without a leading 0
    assert agency_y > date_y and body[-3][2] == "无。"  # below the last section, agency above the date
    right = (28 + 156) * 72 / 25.4
    # the date ends four characters (3号, 16 pt) in from the right; the agency is centred over it
    from reportlab.pdfbase.pdfmetrics import stringWidth

    date_width, agency_width = (stringWidth(t, "STSong-Light", 16) for t in (day, agency))
    assert date_x + date_width == pytest.approx(right - 4 * 16, abs=0.5)
    assert agency_x + agency_width / 2 == pytest.approx(date_x + date_width / 2, abs=0.5)
    assert "某某市某某区人民政府办公室2024年1月26日" not in document_text(render(full_report()))  # not published
