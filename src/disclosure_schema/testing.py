"""Public hypothesis strategies for reports, for this project's tests and for yours.

``reports(fmt)`` gives arbitrary reports of a format: any cell may be a number
(small or huge), blank, or text as written; narratives hold any Unicode. They
are what a lossless reader/renderer pair must round-trip. Import needs
``hypothesis`` (the ``dev`` extra).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from .registry import get_format
from .report import Report
from .spec import CellKey, ReportFormat
from .values import PLACEHOLDERS, CellKind, CellValue, Verbatim

__all__ = ["agencies", "cell_values", "narratives", "reports"]

# Agency names: mostly Chinese, sometimes anything printable.
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
agencies = st.one_of(
    st.text(_CJK, min_size=2, max_size=20),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).map(str.strip).filter(bool),
)


def narratives(unicode: bool = True) -> st.SearchStrategy[str]:
    """Narrative text: Chinese paragraphs, lines that look like headings or table rows, any Unicode."""
    tricky = st.sampled_from([
        "一、总体情况", "（一）主动公开", "二、主动公开政府信息情况", "第二十条第（一）项 | |||",
        "规章 | 0 | 0 | 0 |", "a | b", "|", " | ", "— 5 —", "注：", "“三安全一稳定”", "1.属于国家秘密",
        "2024年1月1日至2024年12月31日", "\t缩进", "  ",
    ])
    alphabet = st.characters(blacklist_categories=("Cs",)) if unicode else _CJK
    line = st.one_of(st.text(_CJK, min_size=1, max_size=80), tricky, st.text(alphabet, max_size=40))
    return st.lists(line, max_size=8).map("\n".join)


def cell_values(kind: CellKind) -> st.SearchStrategy[CellValue]:
    """Any value a cell of ``kind`` can hold."""
    texts = st.one_of(
        st.sampled_from(sorted(PLACEHOLDERS)),
        st.sampled_from(["22（其中修订16件）", "251000元", "减3", "减少8", "55（含自然失效29件）"]),
        st.text(min_size=1, max_size=12).map(str.strip).filter(bool),
    ).map(Verbatim)
    if kind is CellKind.AMOUNT:
        numbers: st.SearchStrategy[CellValue] = st.decimals(
            min_value=Decimal(0), max_value=Decimal(10) ** 15, places=3, allow_nan=False, allow_infinity=False
        ) | st.decimals(min_value=Decimal(0), max_value=Decimal(10) ** 9, places=0, allow_nan=False,
                        allow_infinity=False)
    else:
        low = -(10**12) if kind is CellKind.SIGNED_COUNT else 0
        numbers = st.integers(min_value=low, max_value=10**6) | st.integers(min_value=low, max_value=10**18)
    return st.one_of(numbers, numbers, numbers, st.none(), texts)




@st.composite
def reports(draw: st.DrawFn, format: ReportFormat | str = "gov-2021", *, unicode: bool = True) -> Report:
    """An arbitrary report of ``format`` (no invariant is guaranteed to hold)."""
    fmt = get_format(format) if isinstance(format, str) else format
    from .values import parse_cell

    keys = list(fmt.cell_kinds)
    # Most cells are plain small numbers (one cheap draw); a few are anything at all.
    base = draw(st.lists(st.integers(min_value=0, max_value=10**4), min_size=len(keys), max_size=len(keys)))
    cells: dict[CellKey, CellValue] = {}
    for key, number in zip(keys, base, strict=True):
        cells[key] = Decimal(number) / 100 if fmt.cell_kinds[key] is CellKind.AMOUNT else number
    special = draw(st.lists(st.sampled_from(keys), max_size=12, unique=True))
    for key in special:
        kind = fmt.cell_kinds[key]
        value = draw(cell_values(kind))
        if isinstance(value, Verbatim) and not isinstance(parse_cell(value.text, kind), Verbatim):
            value = Verbatim("—")
        cells[key] = value
    cells = {k: v for k, v in cells.items() if v is not None}
    sections = {s.id: draw(narratives(unicode)) for s in fmt.narrative_sections}
    year = draw(st.integers(min_value=fmt.first_year, max_value=fmt.last_year or fmt.first_year + 10))
    title = draw(st.none() | st.text(_CJK, min_size=1, max_size=30))
    published = draw(st.none() | st.dates(min_value=date(year + 1, 1, 1), max_value=date(year + 1, 12, 31)))
    return Report(fmt, draw(agencies), year, sections, cells, title, published)
