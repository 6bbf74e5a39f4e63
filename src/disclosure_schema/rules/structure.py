"""Structure: every section there, in order, under its heading; no empty section, no bare "无" where text is due.

The text of each section is in the report; the headings as written are only in
the source, so the heading checks run when validation is given the source's
:class:`~.layout.Layout` (the command line does this for text inputs). A report
with no narrative at all (tables only, as a program builds one) and no layout is
not a published document and is not checked here.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ..findings import Finding
from ..labels import normalize, strip_ordinal
from .base import BuildContext, Common, Kind, Param, Rule
from .layout import Heading, Layout
from .messages import Text

if TYPE_CHECKING:
    from ..report import Report
    from ..spec import Section
    from .snapshot import Snapshot

MESSAGES = {
    "structure.empty": ("{section}没有内容", "{section} has no text"),
    "structure.placeholder": ("{section}只写了“{text}”，此部分应有实际内容",
                              "{section} says only “{text}”; this section needs real content"),
    "structure.missing": ("文中没有“{section}”部分的标题", "the text has no heading for “{section}”"),
    "structure.renamed": ("第 {line} 行的标题“{number}、{found}”与格式规定的“{section}”不同",
                          "the heading on line {line} “{number}、{found}” differs from the format's “{section}”"),
    "structure.renumbered": ("第 {line} 行的“{section}”编号为“{number}”，格式规定为“{expected}”",
                             "“{section}” on line {line} is numbered “{number}”, the format says “{expected}”"),
    "structure.order": ("“{section}”（第 {line} 行）出现在“{before}”（第 {before_line} 行）之前，与格式规定的顺序不符",
                        "“{section}” (line {line}) comes before “{before}” (line {before_line}), "
                        "out of the format's order"),
    "structure.table_image": ("{table}只以图片形式出现，应以表格（文字）发布",
                              "{table} appears only as an image; it must be published as a table of text"),
}

_SIMILAR = 0.5  # below this a numbered line is not taken for a renamed heading (it may be a table row)


def _names(sec: Section) -> set[str]:
    return {strip_ordinal(normalize(x)) for x in (sec.heading, *sec.aliases)}


@attrs.frozen(slots=True)
class Structure(Rule):
    """Sections present, in order, under their headings; texts not empty; no bare placeholder."""

    type_name: ClassVar[str] = "structure"
    sections: tuple[Section, ...] = ()
    expect_text: tuple[str, ...] = ()
    placeholders: frozenset[str] = frozenset()
    table_names: Mapping[str, str] = attrs.field(factory=dict, eq=False)

    def check_snapshot(self, snap: Snapshot, previous: Report | None, out: list[Finding]) -> None:
        self._check(snap.report, snap.layout, out)

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        self._check(report, None, out)

    def _check(self, report: Report, layout: Layout | None, out: list[Finding]) -> None:
        texts = report.sections
        if layout is None and not any(texts.values()):
            return
        for sec in self.sections:
            if sec.table is not None:
                continue
            text = texts.get(sec.id, "").strip()
            title = Text(sec.title, sec.title)
            if not text:
                out.append(self.finding("structure.empty", {"section": title}))
            elif sec.id in self.expect_text and normalize(text).rstrip("。.") in self.placeholders:
                out.append(self.finding("structure.placeholder", {"section": title, "text": text}))
        if layout is not None:
            self._headings(report, layout, out)

    def _headings(self, report: Report, layout: Layout, out: list[Finding]) -> None:
        placed: list[tuple[Section, Heading]] = []
        for sec in self.sections:
            found = self._find(sec, layout.headings)
            if found is None:
                out.append(self.finding("structure.missing", {"section": sec.title}))
                continue
            heading, exact = found
            if heading.number != sec.number:
                out.append(self.finding("structure.renumbered", {"section": sec.heading, "line": heading.line,
                                                                 "number": heading.number, "expected": sec.number}))
            elif not exact:
                out.append(self.finding("structure.renamed", {"section": sec.title, "line": heading.line,
                                                              "number": heading.number, "found": heading.text}))
            placed.append((sec, heading))
        latest: tuple[Section, Heading] | None = None
        for sec, heading in placed:
            if latest is not None and heading.line < latest[1].line:
                out.append(self.finding("structure.order", {
                    "section": sec.title, "line": heading.line, "before": latest[0].title,
                    "before_line": latest[1].line}))
            elif latest is None or heading.line > latest[1].line:
                latest = (sec, heading)
        images = list(layout.image_tables)
        if layout.images:
            images += [t for t in _pictured_tables(report, layout.images, placed) if t not in images]
        for tid in images:
            out.append(self.finding("structure.table_image", {"table": self.table_names.get(tid, tid)}))

    @staticmethod
    def _find(sec: Section, headings: tuple[Heading, ...]) -> tuple[Heading, bool] | None:
        """The heading of ``sec``: its words anywhere (exact), else a similar one under its number."""
        names = _names(sec)
        for h in headings:
            if strip_ordinal(normalize(h.text)) in names:
                return h, True
        best: tuple[float, Heading] | None = None
        for h in headings:
            if h.number != sec.number:
                continue
            words = strip_ordinal(normalize(h.text))
            ratio = max(difflib.SequenceMatcher(None, words, n).ratio() for n in names)
            if ratio >= _SIMILAR and (best is None or ratio > best[0]):
                best = (ratio, h)
        return (best[1], False) if best else None


def _pictured_tables(report: Report, images: tuple[int, ...], placed: list[tuple[Section, Heading]]) -> list[str]:
    """Tables whose section has a picture under its heading and not one cell read: published as images."""
    starts = sorted(h.line for _, h in placed)
    found = []
    for sec, heading in placed:
        if sec.table is None:
            continue
        end = next((line for line in starts if line > heading.line), None)
        if any(heading.line < n and (end is None or n < end) for n in images) and all(
                report.cells.get(k) is None for k in report.format.cell_kinds if k[0] == sec.table):
            found.append(sec.table)
    return found


def _build(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
    narrative = {s.id for s in ctx.sections if s.table is None}
    for i, sid in enumerate(params["expect_text"] or ()):
        if sid not in narrative:
            raise ctx.fail(f"expect_text[{i}]", f"{sid!r} is not a narrative section")
    placeholders = params["placeholders"]
    if isinstance(placeholders, str):
        placeholders = [placeholders]
    names = {t.id: (f"{t.aliases[0]}表" if t.aliases else t.label) for t in ctx.tables.values()}
    return Structure(common.id, common.severity, common.zh, common.en, source=common.source,
                     sections=ctx.sections, expect_text=tuple(params["expect_text"] or ()),
                     placeholders=frozenset(normalize(p) for p in placeholders), table_names=names)


def _satisfy(rule: Structure, report: Report, draw: Any) -> Report:
    """Valid reports fill every narrative section (and never with a bare placeholder)."""
    for sec in rule.sections:
        if sec.table is None:
            text = report.sections.get(sec.id, "")
            if not text.strip() or normalize(text.strip()).rstrip("。.") in rule.placeholders:
                report = report.with_text(sec.id, f"本机关{sec.heading}如下。" + text)
    return report


def _violate(rule: Structure, report: Report, draw: Any) -> Report | None:
    narrative = [s.id for s in rule.sections if s.table is None]
    if len(narrative) < 2:
        return None  # emptying the only section would leave no narrative: not checked
    target = rule.expect_text[0] if rule.expect_text and rule.placeholders else narrative[-1]
    text = sorted(rule.placeholders)[0] if target in rule.expect_text and rule.placeholders else ""
    return report.with_text(target, text)


STRUCTURE = Kind(
    "structure", "sections present, in order, under their headings (given the source's layout); "
    "no empty section; no bare placeholder where text is due",
    (Param("expect_text", "sections", doc="sections where a bare placeholder (无) is not enough, e.g. 五"),
     Param("placeholders", "strings", default=["无", "暂无", "没有"], doc="texts that say nothing")),
    MESSAGES, _build, satisfy=_satisfy, violate=_violate)
