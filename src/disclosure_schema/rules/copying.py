"""Copying: how much of a report's narrative is word for word another report's.

Scoring sheets deduct for a report "与往年或其他单位雷同". The narrative is cut
into sentences; a sentence counts as copied when the other report has the same
sentence with only its numbers changed (numbers are left out, so "2023年…58件" and
"2024年…61件" are the same sentence). Short sentences (headings, "无。") do not
count. :func:`similarity` is the measure; the ``copying`` rule applies it to
last year's report, and :func:`copied_pairs` to the agencies of a batch.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ..findings import Finding
from .base import BuildContext, Common, Kind, Param, Rule

if TYPE_CHECKING:
    from ..report import Report

MESSAGES = {
    "copying.previous": ("正文有 {share} 与上年报告相同（{copied}/{total} 字，数字不计），"
                         "最长的相同段落 {longest} 字：“{passage}”",
                         "{share} of the narrative is the same as last year's report ({copied}/{total} characters, "
                         "numbers aside); the longest passage copied is {longest} characters: “{passage}”"),
}

_ENDS = "。！？；!?;"  # a sentence ends after one of these, or at a line break
_DIGITS = re.compile(r"[0-9０-９]+(?:[.,][0-9]+)*")
_FULL_WIDTH_DIGITS = "０１２３４５６７８９"
_LEFT_OUT = b"0123456789,. \t\r\x0b\x0c"  # of a sentence's key: numbers (with their , and .) and spaces
MIN_CHARS = 12  # a shorter sentence is a heading or a formula, not a sign of copying


@attrs.frozen(slots=True)
class Similarity:
    """``share`` of ``total`` narrative characters found in the other report; the longest copied passage."""

    share: Decimal
    copied: int
    total: int
    longest: str

    def percent(self) -> str:
        return f"{(self.share * 100).quantize(Decimal(1))}%"


def _sentences(texts: Sequence[str]) -> list[tuple[str, str]]:
    """(sentence as written, its key: the sentence without its numbers and spaces).

    Done with ``str.replace`` and ``bytes.translate`` on whole sections: a regex split
    and substitution per sentence took most of a validation's time.
    """
    out = []
    for text in texts:
        for raw, key in zip(_pieces(text), _pieces(_key_text(text)), strict=True):
            sentence = raw.strip()
            if sentence:
                out.append((sentence, key))
    return out


def _pieces(text: str) -> list[str]:
    for end in _ENDS:
        if end in text:
            text = text.replace(end, end + "\n")
    return text.split("\n")


def _key_text(text: str) -> str:
    """``text`` without numbers and spaces; line breaks and sentence ends stay (so it splits the same)."""
    for digit in _FULL_WIDTH_DIGITS:
        if digit in text:
            text = text.replace(digit, "0")
    for space in "\u3000\xa0":
        if space in text:
            text = text.replace(space, " ")
    return text.encode().translate(None, _LEFT_OUT).decode()


def fingerprint(report: Report) -> frozenset[str]:
    """The keys of a report's sentences long enough to count (what another report is compared with)."""
    return frozenset(key for _, key in _sentences(list(report.sections.values())) if len(key) >= MIN_CHARS)


def similarity(report: Report, other: Report | frozenset[str], min_chars: int = MIN_CHARS) -> Similarity:
    """How much of ``report``'s narrative is in ``other`` (a report, or its :func:`fingerprint`)."""
    theirs = other if isinstance(other, frozenset) else fingerprint(other)
    copied = total = 0
    longest: list[str] = []
    run: list[str] = []
    longest_chars = run_chars = 0
    for sec in report.format.narrative_sections:
        for sentence, key in _sentences([report.sections.get(sec.id, "")]):
            if len(key) < min_chars:
                continue  # neither copied nor original: it says too little
            total += len(key)
            if key in theirs:
                copied += len(key)
                run.append(sentence)
                run_chars += len(sentence)
                if run_chars > longest_chars:
                    longest, longest_chars = list(run), run_chars
            else:
                run, run_chars = [], 0
        run, run_chars = [], 0
    share = (Decimal(copied) / Decimal(total)).quantize(Decimal("0.001")) if total else Decimal(0)
    return Similarity(share, copied, total, "".join(longest))


def copied_pairs(reports: Sequence[Report], threshold: Decimal = Decimal("0.5"),
                 ) -> list[tuple[int, int, Similarity]]:
    """In a batch, the pairs ``(i, j, similarity of i in j)`` of *different* agencies above ``threshold``.

    Each report is fingerprinted once; a pair costs a set lookup per sentence.
    """
    prints = [fingerprint(r) for r in reports]
    found = []
    for i, report in enumerate(reports):
        for j, other in enumerate(reports):
            if i == j or other.agency == report.agency or not prints[i] & prints[j]:
                continue
            sim = similarity(report, prints[j])
            if sim.share >= threshold:
                found.append((i, j, sim))
    return found


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@attrs.frozen(slots=True)
class Copying(Rule):
    """The narrative must not be mostly last year's (needs the previous report)."""

    type_name: ClassVar[str] = "copying"
    threshold: Decimal = Decimal("0.5")
    min_chars: int = MIN_CHARS

    @property
    def cross_report(self) -> bool:
        return True

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        if previous is None:
            return
        sim = similarity(report, fingerprint(previous), self.min_chars)
        if sim.total and sim.share >= self.threshold:
            out.append(self.finding("copying.previous", {
                "share": sim.percent(), "copied": sim.copied, "total": sim.total, "longest": len(sim.longest),
                "passage": _clip(sim.longest)}, actual=sim.share, expected=self.threshold))


def _build(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
    threshold = params["threshold"]
    if not Decimal(0) < threshold <= 1:
        raise ctx.fail("threshold", f"must be a share between 0 and 1, not {threshold}")
    if params["min_chars"] < 1:
        raise ctx.fail("min_chars", "must be at least 1")
    return Copying(common.id, common.severity, common.zh, common.en, source=common.source,
                   threshold=threshold, min_chars=params["min_chars"])


def _satisfy_pair(rule: Copying, previous: Report, current: Report, draw: Any) -> tuple[Report, Report]:
    """Add an original paragraph to this year's narrative until less than the threshold is copied."""
    from hypothesis import strategies as st

    sim = similarity(current, fingerprint(previous), rule.min_chars)
    if not sim.total or sim.share < rule.threshold or not current.format.narrative_sections:
        return previous, current
    needed = int(sim.copied / rule.threshold) - sim.total + rule.min_chars + 1
    fresh = draw(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=needed,
                         max_size=needed + 20), label="original paragraph")
    sid = current.format.narrative_sections[0].id
    return previous, current.with_text(sid, current.sections.get(sid, "") + f"\n本年度新情况：{fresh}")


def _violate_pair(rule: Copying, previous: Report, current: Report, draw: Any) -> tuple[Report, Report] | None:
    """This year's narrative is last year's with the numbers changed (plus a long copied paragraph)."""
    passage = "本机关坚持以公开为常态、不公开为例外，持续深化政务公开工作，不断提升政府信息公开质量和实效。"
    sections = current.format.narrative_sections
    if not sections:
        return None
    sid = sections[0].id
    previous = previous.with_text(sid, previous.sections.get(sid, "") + "\n" + passage * 1)
    for sec in sections:
        current = current.with_text(sec.id, _DIGITS.sub("9", previous.sections.get(sec.id, "")))
    if similarity(current, fingerprint(previous), rule.min_chars).share < rule.threshold:
        return None
    return previous, current


COPYING = Kind(
    "copying", "the share of the narrative identical to last year's report (numbers aside) stays below a threshold",
    (Param("threshold", "number", default=Decimal("0.5"), doc="the share (0–1) from which a finding is made"),
     Param("min_chars", "integer", default=MIN_CHARS, doc="sentences shorter than this do not count")),
    MESSAGES, _build, satisfy_pair=_satisfy_pair, violate_pair=_violate_pair)
