"""The two real hongze PDFs read into blocks, checked cell by cell against the printed pages.

The truth (tests/data/pdf/hongze-truth.json) was typed from the page images (pdftoppm),
not from this reader's output: every number of tables A, B and C, the header cells with
their spans, the title, the section headings and sentences that cross line and page breaks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from disclosure_schema_published import pdf_blocks, sniff_kind
from tests.published_grids import cell_shapes, count_right, data_rows, grids, paragraphs

DATA = Path(__file__).parent / "data" / "pdf"
TRUTH = json.loads((DATA / "hongze-truth.json").read_text(encoding="utf-8"))
VALUE_COLS = {"A": 1, "B": 3, "C": 0}


@pytest.fixture(scope="module", params=["2023", "2024"])
def hongze(request: pytest.FixtureRequest) -> tuple[str, list]:  # type: ignore[type-arg]
    year = request.param
    data = (DATA / f"hongze-district-government-{year}.pdf").read_bytes()
    assert sniff_kind(data, "report.pdf") == "pdf"
    blocks, notes = pdf_blocks(data, f"hongze-{year}.pdf")
    assert notes == []
    return year, blocks


def test_every_number_of_tables_a_b_c_in_its_cell(hongze: tuple[str, list]) -> None:  # type: ignore[type-arg]
    year, blocks = hongze
    truth = TRUTH[year]
    tables = grids(blocks)
    assert len(tables) == 3, "tables A, B and C, each joined across its page break"
    for grid, name in zip(tables, "ABC", strict=True):
        assert grid.positional
        got = data_rows(grid, VALUE_COLS[name])
        right, total = count_right(got, truth[name])
        assert (right, total) == (total, total), f"{year} table {name}: {got}"
        assert [(label, col, values) for label, col, values in got] == [tuple(t) for t in truth[name]]


def test_header_cells_and_spans_as_printed(hongze: tuple[str, list]) -> None:  # type: ignore[type-arg]
    year, blocks = hongze
    for grid, name in zip(grids(blocks), "ABC", strict=True):
        shapes = cell_shapes(grid)
        missing = [cell for cell in TRUTH[year][f"{name}_header"] if tuple(cell) not in shapes]
        assert missing == [], f"{year} table {name}"


def test_table_b_rejoined_across_the_page_break() -> None:
    blocks, _ = pdf_blocks((DATA / "hongze-district-government-2023.pdf").read_bytes(), "h.pdf")
    b = grids(blocks)[1]
    cells = {c.text: c for row in b.rows for c in row.cells}
    # vertical text, one character per line, read as the words; the span covers both pages
    assert cells["三、本年度办理结果"].rowspan == 20
    assert cells["（四）无法提供"].rowspan == 3  # its third row is on page 4, its cell cut by the break
    assert cells["三、本年度办理结果"].origin.page == 3
    total = next(row for row in b.rows if any(c.text == "（七）总计" for c in row.cells))
    assert total.cells[0].origin.page == 4
    box = total.cells[0].origin.box
    assert box is not None and 70 < box[0] < box[2] < 520 and box[1] < box[3] < 842


def test_the_2023_slip_is_kept_as_printed() -> None:
    """表四 复议 总计 is printed 0 against 10 + 1: the reader keeps the 0 for the checks to catch."""
    blocks, _ = pdf_blocks((DATA / "hongze-district-government-2023.pdf").read_bytes(), "h.pdf")
    c = grids(blocks)[2]
    last = c.rows[-1].cells
    assert [(cell.col, cell.text) for cell in last[:5]] == [(0, "10"), (1, "1"), (2, "0"), (3, "0"), (4, "0")]


def test_title_headings_and_paragraphs(hongze: tuple[str, list]) -> None:  # type: ignore[type-arg]
    year, blocks = hongze
    truth = TRUTH[year]
    paras = paragraphs(blocks)
    assert [(p.text, p.heading_level) for p in paras[:2]] == [(t, 1) for t in truth["title"]]
    texts = [p.text for p in paras]
    positions = [texts.index(h) for h in truth["headings"]]
    assert positions == sorted(positions)
    assert {paras[i].heading_level for i in positions} == {2}  # set in 黑体 (bold), one line each
    # each table comes right after its heading
    order = [b.text if hasattr(b, "text") else "GRID" for b in blocks]
    for heading in truth["headings"][1:4]:
        assert order[order.index(heading) + 1] == "GRID"
    for sub in truth["subheadings"]:
        assert any(t.startswith(sub) for t in texts), sub
    for sentence in truth["sentences"]:  # re-joined across line and page breaks, no spaces in CJK
        assert any(sentence in t for t in texts), sentence
    furniture = re.compile(r"^[-—\s]*\d+[-—\s]*$|- \d+ -")
    assert not [t for t in texts if furniture.search(t)]
    assert all(p.origin.page is not None and p.origin.box is not None for p in paras)


def test_share_of_numbers_read() -> None:
    """The measured share (the report quotes it): every visible number of A, B, C in its cell."""
    shares = {}
    for year in ("2023", "2024"):
        blocks, _ = pdf_blocks((DATA / f"hongze-district-government-{year}.pdf").read_bytes(), "h.pdf")
        right = total = 0
        for grid, name in zip(grids(blocks), "ABC", strict=True):
            r, t = count_right(data_rows(grid, VALUE_COLS[name]), TRUTH[year][name])
            right, total = right + r, total + t
        shares[year] = (right, total)
    assert shares == {"2023": (186, 186), "2024": (186, 186)}  # A 10, B 161, C 15
