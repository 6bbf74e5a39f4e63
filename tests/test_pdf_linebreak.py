"""The PDF renderer's own Chinese line breaker (禁则), tested directly."""

from __future__ import annotations

import io
from itertools import pairwise

import pypdf
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_schema import Report
from disclosure_schema_pdf import PdfRenderer
from disclosure_schema_pdf.linebreak import MAX_HANG, NO_END, NO_START, break_lines


def lines_of(text: str, per_line: int, indent: int = 0) -> list[str]:
    """Break with every character one unit wide: ``per_line`` characters fit a line."""
    return [text[a:b] for a, b in break_lines(text, [1.0] * len(text), float(per_line), float(indent))]


def test_fills_lines_greedily() -> None:
    assert lines_of("甲乙丙丁戊己庚辛", 3) == ["甲乙丙", "丁戊己", "庚辛"]


def test_closing_punctuation_never_starts_a_line() -> None:
    # "，" would start line 2; the breaker carries "丙" down with it instead.
    assert lines_of("甲乙丙，丁戊", 3) == ["甲乙", "丙，丁", "戊"]
    assert lines_of("甲乙丙。」丁戊", 3) == ["甲乙", "丙。」", "丁戊"]


def test_opening_punctuation_never_ends_a_line() -> None:
    # "（" would end line 1; it goes down with the word it opens.
    assert lines_of("甲乙（丙丁）", 3) == ["甲乙", "（丙", "丁）"]
    assert lines_of("甲乙丙“丁戊”", 4) == ["甲乙丙", "“丁戊”"]


def test_numbers_stay_whole() -> None:
    assert lines_of("收费4068.208万元", 8) == ["收费", "4068.208", "万元"]
    # a number longer than the line is cut where the line is full: better than overflowing the cell
    assert lines_of("12345678", 3) == ["123", "456", "78"]


def test_latin_words_break_after_spaces() -> None:
    assert lines_of("email me at a.b@c.cn ok", 9) == ["email me ", "at ", "a.b@c.cn ", "ok"]


def test_first_line_indent() -> None:
    assert lines_of("甲乙丙丁戊己", 4, indent=2) == ["甲乙", "丙丁戊己"]


def test_no_allowed_break_hangs_a_closing_mark() -> None:
    # A one-character column: "三、" cannot be split, so "、" hangs past the edge.
    assert lines_of("三、本年度", 1) == ["三、", "本", "年", "度"]


def test_impossible_text_is_still_broken_and_nothing_is_lost() -> None:
    text = "，" * 10
    result = lines_of(text, 3)
    assert "".join(result) == text
    assert all(0 < len(line) <= 3 + MAX_HANG for line in result)


_IDEOGRAPHS = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40)
_CLOSING = st.sampled_from(sorted(NO_START - set(",.;:?!)]}>%")))
_OPENING = st.sampled_from(sorted(NO_END - set("([{<$")))


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Text as written: words of ideographs with at most one opening mark before and two closing after."""
    words = draw(st.lists(st.tuples(st.booleans(), st.text(_IDEOGRAPHS, min_size=1, max_size=6),
                                    st.lists(_CLOSING, max_size=2)), min_size=1, max_size=40))
    out = []
    for opening, word, closing in words:
        out.append((draw(_OPENING) if opening else "") + word + "".join(closing))
    return "".join(out)


@settings(max_examples=300)
@given(prose(), st.integers(min_value=4, max_value=30))
def test_rules_hold_for_any_prose(text: str, per_line: int) -> None:
    result = lines_of(text, per_line)
    assert "".join(result) == text
    for i, line in enumerate(result):
        assert line, "no empty line"
        assert len(line) <= per_line, f"line {i} {line!r} is too long"
        if i > 0:
            assert line[0] not in NO_START, f"line {i} starts with {line[0]!r}: {result}"
        if i < len(result) - 1:
            assert line[-1] not in NO_END, f"line {i} ends with {line[-1]!r}: {result}"


@settings(max_examples=200)
@given(st.text(max_size=200), st.integers(min_value=1, max_value=20),
       st.lists(st.floats(min_value=0.1, max_value=3.0), min_size=200, max_size=200))
def test_any_text_any_widths_keeps_every_character_in_order(text: str, per_line: int, widths: list[float]) -> None:
    spans = break_lines(text, widths[: len(text)], float(per_line))
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(a < b for a, b in spans)


def test_rendered_narrative_lines_obey_the_rules() -> None:
    """In the PDF itself: 28 paragraphs shifted one character each, so every mark meets every line end."""
    text = "“五公开”要求：决策、执行、管理、服务、结果公开（含《条例》第五十条），共计123条；其中，网站公开！"
    paragraphs = "\n".join("甲" * k + text * 2 for k in range(28))
    report = Report.create("gov-2021", "某局", 2023).with_text("problems", paragraphs)
    pdf = pypdf.PdfReader(io.BytesIO(PdfRenderer().render(report, {})))
    lines = [line.strip() for page in pdf.pages for line in page.extract_text().splitlines()]
    body = [line for line in lines if line and not line.startswith("— ")]
    assert len(body) > 28 * 3
    for before, after in pairwise(body):
        assert after[0] not in NO_START, f"a line starts with {after[0]!r}: {before!r} / {after!r}"
        assert before[-1] not in NO_END, f"a line ends with {before[-1]!r}: {before!r} / {after!r}"
