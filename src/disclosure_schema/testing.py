"""Public hypothesis strategies for reports, for this project's tests and for yours.

- ``reports(fmt)``: arbitrary reports of a format: any cell may be a number
  (small or huge), blank, or text as written; narratives hold any Unicode. They
  are what a lossless reader/renderer pair must round-trip.
- ``valid_reports(fmt)``: reports that satisfy every rule of the format, built
  from the format's own rules (non-negative combinations of solutions of the
  rules' equations, see :func:`solutions`), so a new spec gets them for free.
- ``consecutive_reports(fmt)``: one agency's reports for two consecutive years
  that also satisfy the cross-report rules.
- ``broken_reports(fmt)``: a valid report (or pair) that one rule's kind has broken
  on purpose, with that rule's id: validation must report it.

Rule kinds take part through optional hooks (``satisfy``, ``violate``, and
``satisfy_pair``/``violate_pair`` for cross-report kinds, see
:class:`disclosure_schema.rules.RuleKind`), so a kind installed by a third
party gets valid and broken reports too.

Import needs ``hypothesis`` (the ``dev`` extra).
"""

from __future__ import annotations

import functools
import random
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import assume
from hypothesis import strategies as st

from .registry import get_format
from .report import Report
from .rules import Equation, Rule, get_kind
from .spec import CellKey, ReportFormat
from .values import PLACEHOLDERS, CellKind, CellValue, Verbatim

__all__ = [
    "agencies", "broken_reports", "cell_values", "consecutive_reports", "narratives", "reports", "valid_narratives",
    "valid_reports",
]

# Agency names: mostly Chinese, sometimes anything printable.
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_ANY = st.characters(exclude_categories=["Cs"])
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
    alphabet = _ANY if unicode else _CJK
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


# ------------------------------------------------------------------ valid reports

_NO_DIGITS = st.characters(blacklist_categories=("Cs", "Nd"))  # digits only where a year is meant


def valid_narratives(year: int, fmt: ReportFormat | None = None, *, unicode: bool = True) -> st.SearchStrategy[str]:
    """Narratives that name no year but ``year`` as the report's own.

    Long Chinese paragraphs, lines that look like headings or table rows, any
    Unicode without decimal digits, and sentences with years the checker must
    accept: the statistics period, "{year}年度", plans for the next year, comparisons.
    """
    sentences = [
        f"{year}年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。",
        f"本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。",
        f"本报告中所列数据的计算期限为{year}年1月1日起至{year}年12月31日止。",
        f"在{year + 1}年我局将进一步加大政府信息公开工作的力度。",
        f"较{year - 1}年度有所增长。",
        f"与{year - 1}年相比，依申请公开数量持平。",
        f"{year}年全年共计主动公开政府信息。",
    ]
    if fmt is not None and fmt.document_number:
        sentences.append(f"按照{fmt.document_number}的要求编制本报告。")
    tricky = st.sampled_from([
        "一、总体情况", "（一）主动公开", "二、主动公开政府信息情况", "第二十条第（一）项 | |||",
        "规章 | 0 | 0 | 0 |", "a | b", "|", " | ", "— 5 —", "注：", "“三安全一稳定”", "1.属于国家秘密", "\t缩进", "  ",
    ])
    alphabet = _NO_DIGITS if unicode else _CJK
    # a long paragraph, as real reports write them: sentences and Chinese text run together
    paragraph = st.lists(st.one_of(st.text(_CJK, min_size=20, max_size=120), st.sampled_from(sentences)),
                         min_size=4, max_size=20).map("".join)
    line = st.one_of(
        st.text(_CJK, min_size=1, max_size=80), paragraph, tricky, st.sampled_from(sentences),
        st.text(alphabet, max_size=60),
    )
    return st.lists(line, max_size=10).map("\n".join)


_SMALL = st.integers(min_value=0, max_value=20)
_COEFFICIENT = st.one_of(_SMALL, _SMALL, st.integers(min_value=0, max_value=10**6),
                         st.integers(min_value=0, max_value=10**15))
_AMOUNT = st.decimals(min_value=Decimal(0), max_value=Decimal(10) ** 12, places=3, allow_nan=False,
                      allow_infinity=False) | st.integers(min_value=0, max_value=10**6).map(Decimal)


def _free_value(kind: CellKind) -> st.SearchStrategy[CellValue]:
    """A valid value for a cell that takes part in no equation."""
    if kind is CellKind.AMOUNT:
        return _AMOUNT
    low = -(10**15) if kind is CellKind.SIGNED_COUNT else 0
    return st.integers(min_value=low, max_value=10**6) | st.integers(min_value=low, max_value=10**15)


def _draw_cells(draw: st.DrawFn, fmt: ReportFormat, pair: bool) -> list[dict[CellKey, CellValue]]:
    """Cell values of one report (or of a pair) that satisfy every equation by construction."""
    basis = solutions(fmt, pair=pair)
    values: dict[Var, int | Decimal] = {}
    if basis.generators:
        n = len(basis.generators)
        if draw(st.booleans()):  # sparse: a few generators, the rest of the cells 0
            chosen = draw(st.lists(st.tuples(st.integers(0, n - 1), _COEFFICIENT), max_size=30))
        else:  # dense: one generator for every cell, so that every cell is non-zero
            coefficients = draw(st.lists(st.integers(1, 10**6) | _COEFFICIENT, min_size=n, max_size=n))
            chosen = list(enumerate(coefficients))
        for index, k in chosen:
            gen, amounts_only = basis.generators[index], basis.amounts_only[index]
            factor: int | Decimal = draw(_AMOUNT) if amounts_only else k
            for var, times in gen:
                values[var] = values.get(var, 0) + factor * times
    out: list[dict[CellKey, CellValue]] = [{} for _ in range(2 if pair else 1)]
    for key, kind in fmt.cell_kinds.items():
        for r, cells in enumerate(out):
            if (r, key) in basis.variables:
                value = values.get((r, key), 0)
                cells[key] = Decimal(value) if kind is CellKind.AMOUNT else value
            else:
                cells[key] = draw(_free_value(kind))
    return out


def _valid_report(draw: st.DrawFn, fmt: ReportFormat, agency: str, year: int, cells: dict[CellKey, CellValue],
                  unicode: bool) -> Report:
    sections = {s.id: draw(valid_narratives(year, fmt, unicode=unicode)) for s in fmt.narrative_sections}
    title = draw(st.none() | st.just(fmt.title_for(agency, year))
                 | st.text(_CJK, max_size=20).map(lambda t: f"{t}{year}年度政府信息公开工作年度报告"))
    published = draw(st.none() | st.dates(min_value=date(year + 1, 1, 1), max_value=date(year + 1, 12, 31)))
    report = Report.create(fmt, agency, year, title=title, published=published).with_cells(cells)
    for sid, text in sections.items():
        report = report.with_text(sid, text)
    return report


# Agencies of valid reports name no year (a digit run could read as one in the title).
_valid_agencies = st.one_of(
    st.text(_CJK, min_size=2, max_size=20),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Nd")), min_size=1, max_size=30)
    .map(str.strip).filter(bool),
)


def _years(fmt: ReportFormat, span: int) -> st.SearchStrategy[int]:
    last = fmt.last_year if fmt.last_year is not None else fmt.first_year + 10
    if last - fmt.first_year + 1 < span:
        raise ValueError(f"{fmt.id} covers {fmt.years_text}: no {span} consecutive report years")
    return st.integers(min_value=fmt.first_year, max_value=last - span + 1)


@st.composite
def valid_reports(draw: st.DrawFn, format: ReportFormat | str = "gov-2021", *, unicode: bool = True) -> Report:
    """A report of ``format`` that passes every rule: validation finds nothing.

    Every cell is filled; counts are small, zero or huge; the narratives are long
    Chinese text or any Unicode, naming no other year as the report's own.
    """
    fmt = get_format(format) if isinstance(format, str) else format
    year = draw(_years(fmt, 1))
    (cells,) = _draw_cells(draw, fmt, pair=False)
    return _satisfied(draw, _valid_report(draw, fmt, draw(_valid_agencies), year, cells, unicode))


@st.composite
def consecutive_reports(draw: st.DrawFn, format: ReportFormat | str = "gov-2021", *,
                        unicode: bool = True) -> tuple[Report, Report]:
    """``(previous, current)``: one agency's valid reports for two consecutive years.

    They also pass the cross-report rules (carry-over, stock continuity), so
    ``validate(current, previous)`` finds nothing.
    """
    fmt = get_format(format) if isinstance(format, str) else format
    year = draw(_years(fmt, 2))
    agency = draw(_valid_agencies)
    previous, current = _draw_cells(draw, fmt, pair=True)
    pair = (_satisfied(draw, _valid_report(draw, fmt, agency, year, previous, unicode)),
            _satisfied(draw, _valid_report(draw, fmt, agency, year + 1, current, unicode)))
    for rule in fmt.rules:
        hook = _hook(rule, "satisfy_pair") if rule.cross_report else None
        if hook is not None:
            pair = hook(rule, pair[0], pair[1], draw)
    return pair


def _hook(rule: Rule, name: str) -> Any:
    return getattr(get_kind(rule.type_name), name, None)


def _satisfied(draw: st.DrawFn, report: Report) -> Report:
    """The report after every single-report kind's ``satisfy`` hook (fill 五, mention fees in 六 …)."""
    for rule in report.format.rules:
        hook = None if rule.cross_report else _hook(rule, "satisfy")
        if hook is not None:
            report = hook(rule, report, draw)
    return report


@st.composite
def broken_reports(draw: st.DrawFn, format: ReportFormat | str = "gov-2021", *,
                   unicode: bool = True) -> tuple[str, Report, Report | None]:
    """``(rule id, report, previous or None)``: a valid report (pair) one rule's kind broke on purpose.

    Only rules whose kind has a ``violate`` (or ``violate_pair``) hook are drawn;
    a format with none raises ``ValueError``.
    """
    fmt = get_format(format) if isinstance(format, str) else format
    breakable = [r for r in fmt.rules if _hook(r, "violate_pair" if r.cross_report else "violate") is not None]
    if not breakable:
        raise ValueError(f"{fmt.id}: no rule whose kind can break a report")
    rule = draw(st.sampled_from(breakable), label="rule")
    if rule.cross_report:
        previous, current = draw(consecutive_reports(fmt, unicode=unicode))
        pair = _hook(rule, "violate_pair")(rule, previous, current, draw)
        assume(pair is not None)
        return rule.id, pair[1], pair[0]
    report = draw(valid_reports(fmt, unicode=unicode))
    broken = _hook(rule, "violate")(rule, report, draw)
    assume(broken is not None)
    return rule.id, broken, None


# ------------------------------------------------------------------ solutions of the equations

Var = tuple[int, CellKey]  # (0 = the report, or the previous one of a pair; 1 = the current one, cell)


@attrs.frozen
class Solutions:
    """Non-negative integer solutions of a format's equations; any non-negative combination is one too."""

    variables: frozenset[Var]
    equations: tuple[tuple[tuple[Var, int], ...], ...]
    generators: tuple[tuple[tuple[Var, int], ...], ...]
    amounts_only: tuple[bool, ...]  # a generator on amount cells only may take a Decimal factor


def equations(fmt: ReportFormat, *, pair: bool = False) -> list[tuple[tuple[Var, int], ...]]:
    """Every equation instance of the format as ``Σ coefficient × cell = 0``.

    Single-report rules hold in each report; with ``pair``, cross-report rules
    tie the previous report (0) to the current one (1).
    """
    out = []
    for rule in fmt.rules:
        if not isinstance(rule, Equation) or (rule.cross_report and not pair):
            continue
        for r in ((0,) if rule.cross_report else (0, 1) if pair else (0,)):
            left, right = (0, 1) if rule.cross_report else (r, r)
            for inst in rule.instances:
                coefficients: dict[Var, int] = {}
                for t in inst.lhs:
                    coefficients[(left, t.key)] = coefficients.get((left, t.key), 0) + t.sign
                for t in inst.rhs:
                    coefficients[(right, t.key)] = coefficients.get((right, t.key), 0) - t.sign
                out.append(tuple((v, c) for v, c in coefficients.items() if c))
    return out


@functools.lru_cache(maxsize=32)
def solutions(fmt: ReportFormat, *, pair: bool = False) -> Solutions:
    """Generators of the non-negative solutions, found from the equations alone.

    For each cell, start from 1 in that cell and repair: while an equation is
    off, add the difference to a cell of the short side (the first, the last or
    a seeded-random one: three generators per cell, for variety). Sums and
    balances are trees and flows, so this ends; a spec whose equations have no
    non-negative solution through some cell gets a ``ValueError`` naming it.
    """
    eqs = equations(fmt, pair=pair)
    by_var: dict[Var, list[int]] = {}
    for i, eq in enumerate(eqs):
        for var, _ in eq:
            by_var.setdefault(var, []).append(i)
    variables = sorted(by_var)
    seen: set[tuple[tuple[Var, int], ...]] = set()
    gens = []
    for seed in variables:
        for policy in range(3):
            gen = _repair(eqs, by_var, seed, policy, fmt.id)
            if gen not in seen:
                seen.add(gen)
                gens.append(gen)
    amounts = tuple(all(fmt.cell_kinds[var[1]] is CellKind.AMOUNT for var, _ in g) for g in gens)
    return Solutions(frozenset(variables), tuple(eqs), tuple(gens), amounts)


def _repair(eqs: list[tuple[tuple[Var, int], ...]], by_var: dict[Var, list[int]], seed: Var, policy: int,
            fmt_id: str) -> tuple[tuple[Var, int], ...]:
    x: dict[Var, int] = {seed: 1}
    rng = random.Random(f"{seed}{policy}")  # fixed per cell: the generators are data, not draws

    def residual(e: int) -> int:
        return sum(c * x.get(v, 0) for v, c in eqs[e])

    def harm(var: Var, amount: int, fixing: int) -> int:
        # how much further from balanced the other equations of ``var`` get: prefer a
        # cell whose increase also mends its other equations (this keeps the repair finite)
        total = 0
        for e in by_var[var]:
            if e != fixing:
                r, c = residual(e), dict(eqs[e])[var]
                total += abs(r + c * amount) - abs(r)
        return total

    queue = list(by_var[seed])
    limit = 50 * (len(by_var) + 1)
    while queue:
        limit -= 1
        if limit < 0:
            raise ValueError(f"{fmt_id}: could not build a valid assignment through cell {seed[1]} (no end)")
        e = queue.pop(0)
        r = residual(e)
        if not r:
            continue
        # adding a to a cell with coefficient c changes the residual by c·a: pick c of the other sign
        candidates = [v for v, c in eqs[e] if c * r < 0 and abs(c) == 1]
        if not candidates:
            raise ValueError(f"{fmt_id}: no non-negative values satisfy an equation through cell {seed[1]}")
        scored = [(harm(v, abs(r), e), v) for v in candidates]
        best = min(h for h, _ in scored)
        ties = [v for h, v in scored if h == best]
        var = ties[0] if policy == 0 else ties[-1] if policy == 1 else rng.choice(ties)
        x[var] = x.get(var, 0) + abs(r)
        queue += [f for f in by_var[var] if f not in queue]
    return tuple(sorted(x.items()))


def equation_keys(fmt: ReportFormat) -> frozenset[CellKey]:
    """The cells that take part in a single-report equation of the format."""
    return frozenset(key for rule in fmt.rules if isinstance(rule, Equation) and not rule.cross_report
                     for key in rule.keys)
