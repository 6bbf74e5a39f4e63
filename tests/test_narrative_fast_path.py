"""The unit-anchored search of the narrative numbers finds what a plain scan of every phrase finds.

``NarrativeNumbers`` reads a phrase that ends with a unit (件, 起, 元 …) only from
the units that follow a number, within that number's clause. These tests run the
same rule both ways, on real narratives and on generated text, and compare the
findings; and check that a phrase able to cross a clause's end is read the plain way.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import disclosure_schema as ds
from disclosure_schema import Report
from disclosure_schema.findings import Finding
from disclosure_schema.rules.narrative import NarrativeNumbers, _clause_start, _keyword

from .conftest import EXAMPLES

FMT = ds.get_format("gov-2021")


def numbers_rule(fmt: ds.ReportFormat) -> NarrativeNumbers:
    return next(r for r in fmt.rules if isinstance(r, NarrativeNumbers))


def plain(rule: NarrativeNumbers) -> NarrativeNumbers:
    """The same rule with every phrase searched in the whole text."""
    return attrs.evolve(rule, phrases=tuple(attrs.evolve(p, units=()) for p in rule.phrases), by_unit={})


RULE = numbers_rule(FMT)
PLAIN = plain(RULE)
RULE_2019 = numbers_rule(ds.get_format("gov-2019"))
PLAIN_2019 = plain(RULE_2019)


def ones(fmt: ds.ReportFormat = FMT) -> Report:
    """Every cell 1: any counted number other than 1 (or 10000 元 of fees) is a finding."""
    return Report.create(fmt, "沭阳县人民政府", fmt.first_year).with_cells(
        {k: Decimal(1) if kind is ds.CellKind.AMOUNT else 1 for k, kind in fmt.cell_kinds.items()})


def found(rule: NarrativeNumbers, text: str, fmt: ds.ReportFormat = FMT) -> list[tuple[object, ...]]:
    out: list[Finding] = []
    rule.check(ones(fmt).with_text("overview", text), None, out)
    return [(f.params["position"], f.params["stated"], f.params["phrase"], f.code) for f in out]


def narratives() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    return ["\n".join(line for line in t.splitlines() if "|" not in line) for t in texts]


def test_every_builtin_phrase_takes_the_fast_path() -> None:
    assert all(p.units for p in (*RULE.phrases, *RULE_2019.phrases))
    assert set(RULE.by_unit) == {"件", "起", "宗", "元"}


def test_real_narratives_give_the_same_findings_both_ways() -> None:
    for text in narratives():
        fast = found(RULE, text)
        assert fast == found(PLAIN, text)
    shuyang = found(RULE, narratives()[-1])
    assert [(stated, phrase) for _, stated, phrase, _ in shuyang] == [
        ("749", "accepted"), ("718", "handled"), ("31", "carried_forward")]


PIECES = ["全年共受理政府信息公开申请", "收到申请", "新收", "办结", "答复", "共办理", "结转下一年度", "上年结转",
          "行政复议", "行政诉讼案件", "行政事业性收费", "共计", "较上年增加", "第二十条", "电话0527-", "12345热线",
          "2025年", "办结率", "%", "，", "。", "；", "：", "\n", " ", "件", "起", "宗", "元", "万元", "万", "人次"]


@given(st.lists(st.one_of(st.sampled_from(PIECES), st.integers(0, 99999).map(str),
                          st.sampled_from(["1,295", "4068.208", "７４９", "3"])), max_size=40))
def test_generated_text_gives_the_same_findings_both_ways(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert found(RULE, text) == found(PLAIN, text)
    fmt_2019 = ds.get_format("gov-2019")
    assert found(RULE_2019, text, fmt_2019) == found(PLAIN_2019, text, fmt_2019)


def test_a_phrase_that_can_cross_a_clause_end_is_read_the_plain_way(tmp_path: Path) -> None:
    spec = tmp_path / "wide.toml"
    spec.write_text('''extends = "gov-2021"
id = "wide-2021"
name = "wide"

[[rules]]
id = "narrative.wide"
type = "narrative_numbers"
severity = "warning"
zh = "宽"
en = "wide"
source = "test"

[[rules.phrases]]
id = "wide"
pattern = "受理.{0,30}?{n}\\\\s*件"
readings = [["applications.new_requests.total"]]

[[rules.phrases]]
id = "narrow"
pattern = "受理{gap}{n}\\\\s*件"
readings = [["applications.new_requests.total"]]
''', encoding="utf-8")
    fmt = ds.load_spec(spec, editions=ds.formats)
    rule = next(r for r in fmt.rules if r.id == "narrative.wide")
    assert isinstance(rule, NarrativeNumbers)
    assert [bool(p.units) for p in rule.phrases] == [False, True]
    out: list[Finding] = []
    report = Report.create(fmt, "沭阳县人民政府", 2025).with_cells({k: 1 for k in fmt.cell_kinds})
    rule.check(report.with_text("overview", "本年度受理，共计 7 件。受理 9 件。"), None, out)
    assert [(f.params["phrase"], f.params["stated"]) for f in out] == [("wide", "7"), ("wide", "9"), ("narrow", "9")]


@given(st.text(alphabet="文件，。；：1a;,\n ", max_size=300), st.data())
def test_clause_start_is_after_the_last_stop(text: str, data: st.DataObject) -> None:
    if not text:
        return
    at = data.draw(st.integers(0, len(text) - 1))
    assert _clause_start(text, at) == max(text.rfind(c, 0, at) for c in "，。；：！？;") + 1


def test_a_keyword_is_only_what_every_match_holds() -> None:
    assert _keyword("上一?年度?结转的?(?:申请)?\\s*{n}\\s*件") == "结转"  # not "上一": "上年结转" has no 一
    assert _keyword("(?:收到|新收){gap}申请{gap}{n}\\s*件") == "申请"
    assert _keyword("收到申请|新收申请") == ""
    # so a phrase read the plain way still finds "上年结转 6 件" in a text without "上一"
    assert found(PLAIN, "上年结转 6 件。") == found(RULE, "上年结转 6 件。") == [
        (6, "6", "carried_over", "narrative.number_mismatch")]


def test_claim_anchors_skip_sections_without_them_and_must_not_be_empty(tmp_path: Path) -> None:
    claim = next(r for r in FMT.rules if r.id == "narrative.all_concluded")
    assert claim.anchors == ("办结", "答复完毕")  # type: ignore[attr-defined]
    report = ones().with_cells({("applications", "carried_forward", "total"): 31})
    out: list[Finding] = []
    for text in ("申请均已按时办结。", "申请全部答复完毕。", "申请均已按时处理。", "12345热线工单全部办结。"):
        claim.check(report.with_text("overview", text), None, out)
    assert [f.params["sentence"] for f in out] == ["申请均已按时办结", "申请全部答复完毕"]
    spec = tmp_path / "v.toml"
    spec.write_text('extends = "gov-2021"\nid = "v"\n[[rules]]\nid = "x"\ntype = "narrative_claim"\n'
                    'patterns = ["均已办结"]\ncells = ["applications.carried_forward.total"]\nanchors = ["办结", ""]\n',
                    encoding="utf-8")
    with pytest.raises(ds.SpecError, match=r"rules\[21\] \(x\)\.anchors: an anchor is a literal every claim holds"):
        ds.load_spec(spec, editions=ds.formats)


FINDERS = [p for fid in ("gov-2019", "gov-2021") for r in ds.get_format(fid).rules
           for p in (*getattr(r, "patterns", ()), *(ph.pattern for ph in getattr(r, "phrases", ())))]
CLAIM_PIECES = ["申请", "均已", "全部", "按时", "办结", "答复完毕", "未", "没有", "发生", "行政复议", "行政诉讼", "纠错",
                "收取", "收费", "不", "无", "任何", "信息处理费", "，", "。", "1", "件", "收到", "受理", "上年结转"]


@given(st.lists(st.sampled_from(CLAIM_PIECES), max_size=30))
def test_a_finders_search_is_the_first_of_its_matches(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert len(FINDERS) > 20
    for finder in FINDERS:
        every = finder.finditer(text)
        first = finder.search(text)
        assert (first.span() if first else None) == (every[0].span() if every else None), finder.pattern
