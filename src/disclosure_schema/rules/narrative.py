"""The narrative against the tables: numbers stated in the text, and claims that contradict the cells.

Everything is declared in the spec: a *phrase* is a regular expression with
``{n}`` where the counted number stands, and one or more *readings* (the cells
whose sum it may mean: "受理" is 新收 in one report and 新收 + 上年结转 in
another). A number that fits a phrase is compared with every reading; a
mismatch names the section, the character offset, the sentence and the cells.
A number no phrase describes is never guessed at: dates, 第二十条, phone
numbers, 12345 热线 and percentages do not fit a phrase and are not read.

Macros in patterns: ``{n}`` the number (ASCII or full-width digits, ``1,295``,
``4068.208``), ``{gap}`` up to 12 characters of the same clause that are not
digits and not words of comparison (较、比、增、减、多、少、降、升), ``{unit}``
元 or 万元 (converted to the cell's unit).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ..findings import CellRef, Finding, Status
from ..values import Verbatim
from .base import BuildContext, Common, Kind, Param, Rule
from .messages import Text

if TYPE_CHECKING:
    from ..report import Report
    from ..spec import CellKey, Section
    from .snapshot import Snapshot

_NUMBER = r"(?P<n>[0-9０-９]+(?:,[0-9]{3})*(?:\.[0-9]+)?)"
_GAP = r"(?:(?![较比增减多少降升])[^，,。；;：:！!？?\n0-9０-９]){0,12}?"
_UNIT = r"(?P<unit>万元|元)"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_UNITS = {"元": Decimal(1), "万元": Decimal(10000)}

MESSAGES = {
    "narrative.number_mismatch": (
        "{section}第 {position} 字“{sentence}”写的是 {stated}，{reading}",
        "{section} at character {position} (“{sentence}”) states {stated}; {reading}"),
    "narrative.number_not_assessable": (
        "{section}第 {position} 字“{sentence}”写的是 {stated}，无法核对：{cells} 空白或不是数字",
        "{section} at character {position} (“{sentence}”) states {stated}; cannot compare: {cells} "
        "blank or not a number"),
    "narrative.claim_contradicted": (
        "{section}第 {position} 字“{sentence}”，但 {cells} = {total}（{rule}）",
        "{section} at character {position}: “{sentence}”, but {cells} = {total} ({rule})"),
    "narrative.not_mentioned": (
        "{cells} = {total}，但{section}未提及（应含：{words}）（{rule}）",
        "{cells} = {total}, but {section} does not mention it (expected one of: {words}) ({rule})"),
}


# A pattern that starts with a group of plain alternatives: "(?:收到|新收)…".
_LEADING = re.compile(r"^\(\?:((?:[^()\[\]\\|?*+{}.^$]+\|)+[^()\[\]\\|?*+{}.^$]+)\)")


_SPECIAL = frozenset("()[]{}\\|?*+.^$")


def _literal_prefix(regex: str) -> str:
    """The plain characters every match starts with ("上一?年" → "上")."""
    n = 0
    while n < len(regex) and regex[n] not in _SPECIAL:
        n += 1
    if n < len(regex) and regex[n] in "?*{":
        n -= 1  # the last character is optional
    return regex[:max(n, 0)]


@attrs.frozen(slots=True)
class Finder:
    """One spec pattern, compiled as one regex per leading alternative, each found by its literal prefix.

    On a long Chinese text ``re`` scans for a pattern's start several times slower
    than ``str.find`` finds a literal, and character by character when the pattern
    starts with an alternation ("(?:收到|新收)…"). So a pattern is split on its
    leading alternatives, and each part is tried only where its prefix occurs:
    the same matches as ``finditer``, about ten times faster on a real narrative.
    """

    pattern: str
    parts: tuple[tuple[str, re.Pattern[str]], ...]
    whole: re.Pattern[str] | None = None  # the pattern as one regex (for a search within bounds)

    def finditer(self, text: str) -> list[re.Match[str]]:
        found: list[re.Match[str]] = []
        for prefix, regex in self.parts:
            if not prefix:
                found += regex.finditer(text)
                continue
            find, match = text.find, regex.match
            i = find(prefix)
            while i >= 0:
                m = match(text, i)
                if m is not None:
                    found.append(m)
                    i = find(prefix, max(m.end(), i + 1))
                else:
                    i = find(prefix, i + 1)
        if len(self.parts) == 1:
            return found
        found.sort(key=lambda m: (m.start(), -m.end()))
        out: list[re.Match[str]] = []
        for m in found:  # no overlaps, as one regex would find them
            if not out or m.start() >= out[-1].end():
                out.append(m)
        return out

    def search(self, text: str) -> re.Match[str] | None:
        """The first match of ``finditer`` (the leftmost, then the longest), without looking further."""
        best: re.Match[str] | None = None
        for prefix, regex in self.parts:
            if not prefix:
                m = regex.search(text)
            else:
                m, find, match = None, text.find, regex.match
                i = find(prefix, 0, len(text) if best is None else best.start() + 1)
                while i >= 0 and (m := match(text, i)) is None:
                    i = find(prefix, i + 1, len(text) if best is None else best.start() + 1)
            if m is not None and (best is None or (m.start(), -m.end()) < (best.start(), -best.end())):
                best = m
        return best


def compile_pattern(ctx: BuildContext, pattern: str, key: str, *, needs_number: bool) -> Finder:
    """A spec's phrase pattern with its macros expanded, or a spec error naming the entry."""
    if needs_number and pattern.count("{n}") != 1:
        raise ctx.fail(key, "must hold {n} (where the counted number stands) exactly once")
    expanded = pattern.replace("{n}", _NUMBER).replace("{gap}", _GAP).replace("{unit}", _UNIT)
    try:
        whole = re.compile(expanded)
    except re.error as exc:
        raise ctx.fail(key, f"not a regular expression: {exc}") from None
    lead = _LEADING.match(expanded)
    if lead is None:
        return Finder(pattern, ((_literal_prefix(expanded), whole),), whole)
    rest = expanded[lead.end():]
    return Finder(pattern, tuple((alt, re.compile(alt + rest)) for alt in lead.group(1).split("|")), whole)


# Where a clause ends: a phrase that cannot match one of these is read within one clause. Not the
# ASCII comma and point (1,295 and 4068.208), nor line breaks (OCR and text inputs break lines anywhere).
STOPS = "，。；：！？;"
_CLAUSE_START = re.compile(f"[{STOPS}][^{STOPS}]*\\Z")
_NO_STOPS = re.compile(f"[^{STOPS}]*")
_NEAR = 80  # characters before a number looked at first for the clause's start


def _clause_start(text: str, number: int) -> int:
    """Where the clause holding ``text[number]`` starts (after the last of STOPS before it)."""
    lo = max(0, number - _NEAR)
    back = _NO_STOPS.match(text[lo:number][::-1]).end()  # type: ignore[union-attr]  # matches ""
    if back < number - lo or lo == 0:
        return number - back
    m = _CLAUSE_START.search(text, 0, number)  # no stop near: a long clause (rare)
    return m.start() + 1 if m is not None else 0


_parser: Any = importlib.import_module("re._parser")  # private but stable; typeshed has no stub for it
_ALLOWED_CATEGORIES = frozenset({"CATEGORY_SPACE", "CATEGORY_DIGIT", "CATEGORY_WORD"})


def _one_clause(items: Any) -> bool:
    """Whether no match of these parsed regex items can hold a character of STOPS (a clause's end)."""
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            if chr(av) in STOPS:
                return False
        elif name == "IN":
            if not _class_avoids_stops(av):
                return False
        elif name == "BRANCH":
            if not all(_one_clause(branch) for branch in av[1]):
                return False
        elif name == "SUBPATTERN":
            if not _one_clause(av[-1]):
                return False
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if not _one_clause(av[2]):
                return False
        elif name == "ATOMIC_GROUP":
            if not _one_clause(av):
                return False
        elif name in ("ASSERT", "ASSERT_NOT"):
            if av[0] == 1 and av[1].getwidth()[1] > 1:  # a lookahead could look past the unit
                return False
        elif name != "AT":  # anything else may match a stop
            return False
    return True


def _class_avoids_stops(items: Any) -> bool:
    if items and str(items[0][0]) == "NEGATE":
        return set(STOPS) <= {chr(av) for op, av in items[1:] if str(op) == "LITERAL"}
    for op, av in items:
        name = str(op)
        if ((name == "LITERAL" and chr(av) in STOPS)
                or (name == "RANGE" and any(av[0] <= ord(c) <= av[1] for c in STOPS))
                or (name == "CATEGORY" and str(av) not in _ALLOWED_CATEGORIES)
                or name not in ("LITERAL", "RANGE", "CATEGORY")):
            return False
    return True


@attrs.frozen(slots=True)
class Reading:
    """One meaning of a phrase: the sum of these cells (labels for messages)."""

    cells: tuple[CellKey, ...]
    labels: tuple[str, ...]
    unit: Decimal  # the cells' unit in 元 when it is 元 or 万元 (a stated {unit} converts), else 1
    unit_name: str = ""  # as the spec writes it ("万元", "万人次"), for messages

    @property
    def text(self) -> str:
        return " + ".join(self.labels)


@attrs.frozen(slots=True)
class Phrase:
    id: str
    pattern: Finder
    readings: tuple[Reading, ...]
    # a literal every match contains: sections without it are skipped with one ``in`` (fast)
    keyword: str = ""
    # when the pattern ends with "{n}" and a unit ("件", "(?:起|件)", "{unit}") and reads one clause: the units
    units: tuple[str, ...] = ()


# "{n}" then a unit: "\s*件", "\s*(?:起|件|宗)", "{unit}"
_TAIL = re.compile(r"^(?:\\s\*)?(?:\{unit\}|\(\?:([^()\[\]\\|?*+{}.^$]+(?:\|[^()\[\]\\|?*+{}.^$]+)*)\)|"
                   r"([^()\[\]\\|?*+{}.^$]+))$")


def _units(pattern: str) -> tuple[str, ...]:
    """The units a phrase ends with, after its number; none when it does not end so."""
    m = _TAIL.match(pattern.split("{n}", 1)[1])
    if m is None:
        return ()
    if m.group(1) is None and m.group(2) is None:
        return ("万元", "元")
    return tuple((m.group(1) or m.group(2)).split("|"))


# The phrases ending with one unit character (see _by_unit).
UnitPhrases = tuple[str, re.Pattern[str], tuple[tuple[str, int], ...], tuple[tuple[int, str, re.Pattern[str]], ...]]


def _sum(report: Report, keys: Sequence[CellKey]) -> Decimal | int | None:
    total: Decimal | int = 0
    for key in keys:
        value = report.cells.get(key)
        if value is None or isinstance(value, Verbatim):
            return None
        total += value
    return total


def _section_name(sections: Mapping[str, Section], sid: str) -> Text:
    sec = sections.get(sid)
    title = sec.title if sec else sid
    return Text(f"{title}（{sid}）", f"{title} ({sid})")


def _sentence(text: str, start: int, end: int) -> str:
    """The clause around a match, for people: from the last stop before it to the next one."""
    stops = "。；;！!？?\n"
    left = max(text.rfind(c, 0, start) for c in stops) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    right = min(rights) if rights else len(text)
    left = max(left, start - 40)
    right = min(right, end + 40)
    return text[left:right].strip()


def _stated(match: re.Match[str], suffix: str = "") -> tuple[Decimal | int, str]:
    """The number a match states (in 元 when it has a unit); its groups are ``n`` and ``unit`` + suffix."""
    shown = match.group("n" + suffix)
    value = int(shown) if shown.isascii() and shown.isdigit() else Decimal(
        shown.translate(_FULL_WIDTH).replace(",", ""))
    unit = match.group("unit" + suffix) if "unit" + suffix in match.re.groupindex else None
    return (value * _UNITS[unit] if unit else value), shown + (unit or "")


@attrs.frozen(slots=True)
class NarrativeNumbers(Rule):
    """Numbers the narrative states (by the spec's phrases) equal the cells they describe."""

    type_name: ClassVar[str] = "narrative_numbers"
    phrases: tuple[Phrase, ...] = ()
    sections: tuple[str, ...] = ()
    titles: Mapping[str, Section] = attrs.field(factory=dict, eq=False, repr=False)
    # the last character of a unit → the other characters of such units, one regex of the phrases
    # ending with it, and each of them alone, anchored at the unit (see _by_unit)
    by_unit: Mapping[str, UnitPhrases] = attrs.field(factory=dict, eq=False, repr=False)

    def check_snapshot(self, snap: Snapshot, previous: Report | None, out: list[Finding]) -> None:
        self.check(snap.report, previous, out)

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        texts = report.sections
        for sid in self.sections:
            text = texts.get(sid)
            if not text:
                continue
            found: list[tuple[Phrase, re.Match[str], str]] = []
            for phrase in self.phrases:
                if not phrase.units and (not phrase.keyword or phrase.keyword in text):
                    found += ((phrase, m, "") for m in phrase.pattern.finditer(text))
            if self.by_unit:
                found += self._by_units(text)
            for phrase, m, suffix in sorted(found, key=lambda pms: pms[1].start("n" + pms[2])):
                self._compare(report, sid, text, phrase, m, out, suffix)

    def _by_units(self, text: str) -> list[tuple[Phrase, re.Match[str], str]]:
        """The matches of the phrases that end with a unit, found from the units.

        A counted number is followed by its unit (件, 起, 元 …), and a unit right after a
        number is rare in a narrative: each is found with ``str.find`` (a regex scan of a
        long Chinese text is many times slower), and the phrases ending with that unit are
        searched, as one regex anchored at the unit, only in the clause before it (such a
        phrase cannot match a clause's end, see ``_one_clause``). When one matches (its
        groups suffixed, see _by_unit), the others are tried alone: a number several
        phrases fit is compared by each, in spec order, as a scan of every phrase would.
        """
        out: list[tuple[Phrase, re.Match[str], str]] = []
        find = text.find
        for last, (inner, combined, suffixes, alone) in self.by_unit.items():
            u = find(last)
            while u >= 0:
                d = u - 1
                while d >= 0 and (text[d] in inner or text[d].isspace()):  # "万" of 万元, spaces
                    d -= 1
                if d >= 0 and text[d].isdecimal():
                    start = _clause_start(text, d)
                    m = combined.search(text, start, u + 1)
                    if m is not None:
                        suffix, first = next((x, i) for x, i in suffixes if m.start("n" + x) >= 0)
                        for i, keyword, regex in alone:
                            if i == first:
                                out.append((self.phrases[i], m, suffix))
                            elif find(keyword, start, d) >= 0 and (  # "" is found anywhere
                                    other := regex.search(text, start, u + 1)) is not None:
                                out.append((self.phrases[i], other, ""))
                u = find(last, u + 1)
        return out

    def _compare(self, report: Report, sid: str, text: str, phrase: Phrase, m: re.Match[str],
                 out: list[Finding], suffix: str = "") -> None:
        stated, shown = _stated(m, suffix)
        sums = [(r, _sum(report, r.cells)) for r in phrase.readings]
        if any(total is not None and stated == (total * r.unit if r.unit_name in _UNITS else total)
               for r, total in sums):
            return
        known = [(r, total) for r, total in sums if total is not None]
        start = m.start("n" + suffix)
        params: dict[str, Any] = {"section": _section_name(self.titles, sid), "position": start + 1,
                                  "sentence": _sentence(text, m.start(), m.end()), "stated": shown,
                                  "phrase": phrase.id}
        cells = [CellRef(*k, lab) for r, _ in (known or sums) for k, lab in zip(r.cells, r.labels, strict=True)]
        if not known:
            blank = "、".join(dict.fromkeys(r.text for r in phrase.readings))
            out.append(self.finding("narrative.number_not_assessable", {**params, "cells": blank},
                                    status=Status.NOT_ASSESSABLE, cells=cells))
            return
        zh = "；".join(f"按{r.text}读是 {_shown(total, r)}" for r, total in known)
        en = "; ".join(f"read as {r.text}: {_shown(total, r)}" for r, total in known)
        tried = "（" + "、".join(f"读法 {i + 1}" for i in range(len(known))) + "均不相符）" if len(known) > 1 else "，不相符"
        first_r, first_total = known[0]
        assert first_total is not None
        actual = stated / first_r.unit if first_r.unit != 1 else _int(stated)  # in the cell's unit
        out.append(self.finding(
            "narrative.number_mismatch",
            {**params, "reading": Text(zh + tried, en + (" (no reading fits)" if len(known) > 1 else ", which differs"))},
            cells=cells, expected=first_total, actual=actual, difference=actual - first_total))


def _int(value: Decimal | int) -> int | Decimal:
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else value


def _shown(total: Decimal | int, reading: Reading) -> str:
    return f"{total}{reading.unit_name}"


def _sections_param(ctx: BuildContext, params: Mapping[str, Any]) -> tuple[str, ...]:
    chosen = params.get("sections")
    narrative = [s.id for s in ctx.sections if s.table is None]
    if not chosen:
        return tuple(narrative)
    for i, sid in enumerate(chosen):
        if sid not in narrative:
            raise ctx.fail(f"sections[{i}]", f"{sid!r} is a table section; narrative sections: {', '.join(narrative)}")
    return tuple(chosen)


def _reading(ctx: BuildContext, names: Any, key: str) -> Reading:
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not names or not all(isinstance(x, str) for x in names):
        raise ctx.fail(key, "a reading is a cell 'table.row.column' or a list of them (their sum)")
    cells = tuple(ctx.cell(x, f"{key}[{i}]") for i, x in enumerate(names))
    units = set()
    for k in cells:
        col = next(n for b in ctx.tables[k[0]].blocks for n in b.column_leaves if n.id == k[2])
        units.add(col.unit or "")
    if len(units) > 1:
        raise ctx.fail(key, f"the cells of one reading have different units ({', '.join(sorted(units))})")
    unit = units.pop()
    return Reading(cells, tuple(ctx.cell_label(k) for k in cells), _UNITS.get(unit, Decimal(1)), unit)


def _keyword(pattern: str) -> str:
    """The longest run of plain CJK characters outside any group or class: present in every match.

    A character a quantifier makes optional ("上一?年") ends a run and is left out;
    a top-level alternative ("甲|乙") leaves nothing every match must hold.
    """
    depth, cls, run, best = 0, False, "", ""
    for i, ch in enumerate(pattern):
        if cls:
            cls = ch != "]"
            continue
        if ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return ""
        after = pattern[i + 1:i + 3]
        required = not after or (after[0] not in "?*+" and not (after[0] == "{" and after[1:] in "0123456789,"))
        if depth == 0 and not cls and "\u4e00" <= ch <= "\u9fff" and required:
            run += ch
            best = max(best, run, key=len)
        else:
            run = ""
    return best if len(best) >= 2 else ""


def _build_numbers(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
    phrases = []
    for i, item in enumerate(params["phrases"]):
        key = f"phrases[{i}]"
        unknown = sorted(set(item) - {"id", "pattern", "readings"})
        if unknown:
            raise ctx.fail(key, f"unknown key(s) {', '.join(unknown)}; allowed: id, pattern, readings")
        pid, pattern, readings = item.get("id"), item.get("pattern"), item.get("readings")
        if not isinstance(pid, str) or not isinstance(pattern, str):
            raise ctx.fail(key, "needs an id and a pattern (strings)")
        if not isinstance(readings, list) or not readings:
            raise ctx.fail(f"{key}.readings", "needs at least one reading (a list of cells, summed)")
        compiled = compile_pattern(ctx, pattern, f"{key}.pattern", needs_number=True)
        assert compiled.whole is not None
        units = _units(pattern) if _one_clause(_parser.parse(compiled.whole.pattern)) else ()
        phrases.append(Phrase(pid, compiled, tuple(_reading(ctx, r, f"{key}.readings[{j}]")
                                                   for j, r in enumerate(readings)), _keyword(pattern), units))
    if not phrases:
        raise ctx.fail("phrases", "needs at least one phrase")
    return NarrativeNumbers(common.id, common.severity, common.zh, common.en, source=common.source,
                            phrases=tuple(phrases), sections=_sections_param(ctx, params),
                            titles={s.id: s for s in ctx.sections}, by_unit=_by_unit(phrases))


def _by_unit(phrases: Sequence[Phrase]) -> dict[str, UnitPhrases]:
    """For each last character of a unit: the other characters of those units; one regex of the phrases
    ending with it, ``(?:收到…|新收…|受理…)\\Z``, and the suffixes of its groups (``n0_1``, ``unit0_1``: phrase
    0, its part 1) with their phrase; and each phrase alone (index, a literal before its number or "",
    regex ending at the unit).

    The alternatives are the phrases' Finder parts, so that most start with a plain character:
    then ``re`` skips to the places where one of those characters is (many times faster).
    """
    inner: dict[str, set[str]] = {}
    alternatives: dict[str, list[str]] = {}
    suffixes: dict[str, list[tuple[str, int]]] = {}
    alone: dict[str, list[tuple[int, str, re.Pattern[str]]]] = {}
    for i, phrase in enumerate(phrases):
        assert phrase.pattern.whole is not None
        keyword = _keyword(phrase.pattern.pattern.split("{n}", 1)[0])
        for unit in phrase.units:
            inner.setdefault(unit[-1], set()).update(unit[:-1])
        for last in dict.fromkeys(u[-1] for u in phrase.units):
            for j, (_, part) in enumerate(phrase.pattern.parts):
                alternatives.setdefault(last, []).append(
                    part.pattern.replace("(?P<n>", f"(?P<n{i}_{j}>").replace("(?P<unit>", f"(?P<unit{i}_{j}>"))
                suffixes.setdefault(last, []).append((f"{i}_{j}", i))
            alone.setdefault(last, []).append((i, keyword, re.compile(f"(?:{phrase.pattern.whole.pattern})\\Z")))
    return {last: ("".join(sorted(inner[last])), re.compile("(?:" + "|".join(alts) + ")\\Z"),
                   tuple(suffixes[last]), tuple(alone[last])) for last, alts in alternatives.items()}


# ------------------------------------------------------------------ claims and mentions

@attrs.frozen(slots=True)
class NarrativeClaim(Rule):
    """The text says there is none ("全部办结", "未发生行政复议") while the cells say otherwise."""

    type_name: ClassVar[str] = "narrative_claim"
    patterns: tuple[Finder, ...] = ()
    cells: tuple[CellKey, ...] = ()
    labels: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    titles: Mapping[str, Section] = attrs.field(factory=dict, eq=False, repr=False)
    # literals one of which every claim holds: a section with none of them is not searched (fast)
    anchors: tuple[str, ...] = ()

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        total = _sum(report, self.cells)
        if not total:  # zero agrees with the claim; blank or text: nothing to hold it against
            return
        for sid in self.sections:
            text = report.sections.get(sid)
            if not text or (self.anchors and not any(a in text for a in self.anchors)):
                continue
            for pattern in self.patterns:
                m = pattern.search(text)
                if m is not None:
                    out.append(self.finding("narrative.claim_contradicted", {
                        "section": _section_name(self.titles, sid), "position": m.start() + 1,
                        "sentence": _sentence(text, m.start(), m.end()), "cells": " + ".join(self.labels),
                        "total": total}, cells=[CellRef(*k, lab) for k, lab in zip(self.cells, self.labels, strict=True)],
                        actual=total))
                    break


@attrs.frozen(slots=True)
class NarrativeMentions(Rule):
    """When the cells are not zero, a section must say so (fees charged → 六 mentions 收费)."""

    type_name: ClassVar[str] = "narrative_mentions"
    patterns: tuple[Finder, ...] = ()
    words: str = ""
    cells: tuple[CellKey, ...] = ()
    labels: tuple[str, ...] = ()
    section: str = ""
    titles: Mapping[str, Section] = attrs.field(factory=dict, eq=False, repr=False)

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        if not any(report.sections.values()):
            return  # tables only (a report built by a program, not a published document)
        nonzero = [(k, lab, v) for k, lab in zip(self.cells, self.labels, strict=True)
                   if isinstance(v := report.cells.get(k), int | Decimal) and v > 0]
        if not nonzero:
            return
        text = report.sections.get(self.section, "")
        if any(p.search(text) for p in self.patterns):
            return
        out.append(self.finding("narrative.not_mentioned", {
            "cells": "、".join(lab for _, lab, _ in nonzero), "total": "、".join(str(v) for _, _, v in nonzero),
            "section": _section_name(self.titles, self.section), "words": self.words},
            cells=[CellRef(*k, lab) for k, lab, _ in nonzero]))


def _cells(ctx: BuildContext, names: Sequence[str]) -> tuple[tuple[CellKey, ...], tuple[str, ...]]:
    keys = tuple(ctx.cell(x, f"cells[{i}]") for i, x in enumerate(names))
    return keys, tuple(ctx.cell_label(k) for k in keys)


def _patterns(ctx: BuildContext, params: Mapping[str, Any]) -> tuple[Finder, ...]:
    pats = params["patterns"]
    pats = [pats] if isinstance(pats, str) else pats
    if not pats:
        raise ctx.fail("patterns", "needs at least one pattern")
    return tuple(compile_pattern(ctx, p, f"patterns[{i}]", needs_number=False) for i, p in enumerate(pats))


def _build_claim(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
    cells, labels = _cells(ctx, params["cells"])
    anchors = params["anchors"] or ()
    anchors = [anchors] if isinstance(anchors, str) else anchors
    if not all(anchors):
        raise ctx.fail("anchors", "an anchor is a literal every claim holds; an empty one would hold nothing")
    return NarrativeClaim(common.id, common.severity, common.zh, common.en, source=common.source,
                          patterns=_patterns(ctx, params), cells=cells, labels=labels,
                          sections=_sections_param(ctx, params), titles={s.id: s for s in ctx.sections},
                          anchors=tuple(anchors))


def _build_mentions(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
    cells, labels = _cells(ctx, params["cells"])
    section = params["section"]
    if section not in {s.id for s in ctx.sections if s.table is None}:
        raise ctx.fail("section", f"{section!r} is not a narrative section")
    words = params["words"] or "、".join(p.pattern for p in _patterns(ctx, params))
    return NarrativeMentions(common.id, common.severity, common.zh, common.en, source=common.source,
                             patterns=_patterns(ctx, params), words=words, cells=cells, labels=labels,
                             section=section, titles={s.id: s for s in ctx.sections})


# ------------------------------------------------------------------ strategy hooks (disclosure_schema.testing)

def _numbers_satisfy(rule: NarrativeNumbers, report: Report, draw: Any) -> Report:
    return report  # valid narratives state no counted number; a broken one is made by _numbers_violate


def _numbers_violate(rule: NarrativeNumbers, report: Report, draw: Any) -> Report | None:
    """State a number one more than a phrase's first reading, in a sentence that fits only that phrase."""
    if not rule.sections:
        return None
    for phrase in rule.phrases:
        reading = phrase.readings[0]
        total = _sum(report, reading.cells)
        if total is None:
            continue
        for template in _EXAMPLE_SENTENCES:
            sentence = template.format(n=total + 1)
            if phrase.pattern.search(sentence) and not any(p.pattern.search(sentence) for p in rule.phrases
                                                           if p is not phrase):
                sid = rule.sections[0]
                return report.with_text(sid, report.sections.get(sid, "") + "\n" + sentence)
    return None


_EXAMPLE_SENTENCES = ("本年度共收到政府信息公开申请{n}件。", "共办结{n}件。", "结转下年度继续办理{n}件。",
                      "发生行政复议{n}起。", "本年度行政事业性收费{n}万元。")


def _claim_violate(rule: NarrativeClaim, report: Report, draw: Any) -> Report | None:
    total = _sum(report, rule.cells)
    if not total or not rule.sections:
        return None
    for sentence in ("申请均已办结。", "本年度未发生因政府信息公开引起的行政复议、行政诉讼。", "未收取任何费用。"):
        if any(p.search(sentence) for p in rule.patterns):
            sid = rule.sections[0]
            return report.with_text(sid, report.sections.get(sid, "") + "\n" + sentence)
    return None


def _mentions_satisfy(rule: NarrativeMentions, report: Report, draw: Any) -> Report:
    text = report.sections.get(rule.section, "")
    if any(p.search(text) for p in rule.patterns):
        return report
    for word in rule.words.split("、"):
        if any(p.search(word) for p in rule.patterns):
            return report.with_text(rule.section, f"{text}\n本年度{word}情况已如实报告。")
    return report


def _mentions_violate(rule: NarrativeMentions, report: Report, draw: Any) -> Report | None:
    key = rule.cells[0]
    value = report.cells.get(key)
    bumped = (value if isinstance(value, int | Decimal) else 0) + 1
    report = report.with_cells({key: bumped}).with_text(rule.section, "本机关无其他需要报告的事项。")
    if not any(report.sections.values()) or any(p.search("本机关无其他需要报告的事项。") for p in rule.patterns):
        return None
    return report


_SECTIONS = Param("sections", "sections", doc="narrative sections searched (default: all)")
NARRATIVE_NUMBERS = Kind(
    "narrative_numbers", "numbers the narrative states, found by the spec's phrases, equal the cells they describe",
    (Param("phrases", "records", required=True,
           doc="[[rules.phrases]]: id, pattern (a regex with {n}, {gap}, {unit}), readings (lists of cells)"),
     _SECTIONS),
    {k: v for k, v in MESSAGES.items() if k.startswith("narrative.number")}, _build_numbers,
    satisfy=_numbers_satisfy, violate=_numbers_violate)
NARRATIVE_CLAIM = Kind(
    "narrative_claim", "a sentence that says there is none (全部办结, 未发生行政复议) while the cells are not zero",
    (Param("patterns", "strings", required=True, doc="regexes of the claim"),
     Param("cells", "strings", required=True, doc="cells 'table.row.column' whose sum the claim says is 0"),
     _SECTIONS,
     Param("anchors", "strings", doc="literals one of which every claim holds: a section with none of them "
                                     "is not searched (faster)")),
    {"narrative.claim_contradicted": MESSAGES["narrative.claim_contradicted"]}, _build_claim,
    violate=_claim_violate)
NARRATIVE_MENTIONS = Kind(
    "narrative_mentions", "when the cells are not zero, a section mentions it (fees charged: 六 mentions 收费)",
    (Param("section", "section", required=True, doc="the narrative section that must mention it"),
     Param("patterns", "strings", required=True, doc="regexes, one of which must match"),
     Param("cells", "strings", required=True, doc="cells 'table.row.column'; any of them > 0 needs the mention"),
     Param("words", "string", default="", doc="the expected words, for messages")),
    {"narrative.not_mentioned": MESSAGES["narrative.not_mentioned"]}, _build_mentions,
    satisfy=_mentions_satisfy, violate=_mentions_violate)
