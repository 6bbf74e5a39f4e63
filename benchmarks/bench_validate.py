"""Validation throughput: ``validate()`` on one gov-2021 report, in reports per second on one core.

The baseline is what a careful programmer would hand-write for gov-2021 alone:
the same sums (rules 1–5 of the reference: table B's balance, results total and
row totals, table C's three totals, non-negative integer counts) computed
directly on plain dicts that were prepared beforehand. The ratio says what the
declarative rules, the blank/text handling and the year and edition checks of
the narrative cost on top.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from benchmarks.common import BenchResult, print_results, rate
from disclosure_schema import Report, get_format, validate
from disclosure_schema.corpus.sample import B_APPLICANTS as B_COLUMNS
from disclosure_schema.corpus.sample import B_RESULTS, C_GROUPS
from disclosure_schema.testing import solutions

SHUYANG = Path(__file__).resolve().parents[1] / "examples" / "shuyang-county-government-2025.ocr.txt"

B_ROWS = ("new_requests", "carried_over", *B_RESULTS, "results_total", "carried_forward")
C_PARTS = ("upheld", "corrected", "other", "pending")


def sample_pair(year: int = 2025, seed: int = 2025) -> tuple[Report, Report]:
    """Consistent gov-2021 reports of years ``year - 1`` and ``year``, with the narrative of a real one.

    The cells are a fixed random non-negative combination of solutions of the
    format's equations for the pair (so carry-over and stock hold too).
    """
    fmt = get_format("gov-2021")
    rng = random.Random(seed)
    values: list[dict[tuple[str, str, str], int | Decimal]] = [{k: 0 for k in fmt.cell_kinds} for _ in range(2)]
    basis = solutions(fmt, pair=True)
    for gen in rng.sample(basis.generators, 60):
        k = rng.randint(1, 30)
        for (which, key), times in gen:
            values[which][key] += k * times
    for cells in values:
        cells[("proactive", "fees", "fees_amount")] = Decimal("4068.208")
        for col in ("issued", "repealed", "in_force"):  # a county makes no 规章 (rule 11)
            cells[("proactive", "rules", col)] = 0
        cells[("proactive", "licensing", "decisions")] = rng.randint(0, 5000)
    text = [line for line in SHUYANG.read_text(encoding="utf-8").splitlines() if line and "|" not in line]
    third = len(text) // 3
    # the numbers the narrative states are the tables' (so that the narrative checks have nothing to report)
    stated = {"受理政府信息公开申请 749 件": ("受理政府信息公开申请 {} 件", "new_requests"),
              "共办理 718 件": ("共办理 {} 件", "results_total"), "结转下一年 31 件": ("结转下一年 {} 件", "carried_forward")}
    text = [_restate(line, stated, values[1]) for line in text]
    narrative = {"overview": "\n".join(text[:third]), "problems": "\n".join(text[third:2 * third]),
                 "other": "\n".join(text[2 * third:])}
    previous, current = (Report.create(fmt, "沭阳县人民政府", y).with_cells(v) for y, v in ((year - 1, values[0]),
                                                                                      (year, values[1])))
    for section, body in narrative.items():
        current = current.with_text(section, body)
    return previous, current


def _restate(line: str, stated: dict[str, tuple[str, str]], cells: dict[tuple[str, str, str], int | Decimal]) -> str:
    for old, (new, row) in stated.items():
        line = line.replace(old, new.format(cells[("applications", row, "total")]))
    return line


def plain(report: Report) -> tuple[dict[tuple[str, str], object], dict[str, object], list[object]]:
    """Table B as {(row, column): value}, table C as {column: value}, table A's values: plain data."""
    b: dict[tuple[str, str], object] = {(row, col): v for (t, row, col), v in report.cells.items() if t == "applications"}
    c: dict[str, object] = {col: v for (t, _, col), v in report.cells.items() if t == "appeals"}
    a: list[object] = [v for (t, _, _), v in report.cells.items() if t == "proactive"]
    return b, c, a


def hand_written(b: dict[tuple[str, str], object], c: dict[str, object], a: list[object]) -> list[str]:
    """The same checks, written out for gov-2021: returns the problems found."""
    problems = []
    for v in [*b.values(), *c.values(), *a]:
        if type(v) not in (int, Decimal) or (type(v) is int and v < 0):
            problems.append(f"bad value {v!r}")
    nb: dict[tuple[str, str], int] = b  # type: ignore[assignment]  # checked just above
    nc: dict[str, int] = c  # type: ignore[assignment]
    for col in (*B_COLUMNS, "total"):
        if nb["new_requests", col] + nb["carried_over", col] != nb["results_total", col] + nb["carried_forward", col]:
            problems.append(f"balance {col}")
        if sum(nb[row, col] for row in B_RESULTS) != nb["results_total", col]:
            problems.append(f"results total {col}")
    for row in B_ROWS:
        if sum(nb[row, col] for col in B_COLUMNS) != nb[row, "total"]:
            problems.append(f"row total {row}")
    for group in C_GROUPS:
        if sum(nc[f"{group}_{part}"] for part in C_PARTS) != nc[f"{group}_total"]:
            problems.append(f"table C {group}")
    return problems


def measure() -> list[BenchResult]:
    previous, report = sample_pair()
    assert validate(report, previous).findings == (), validate(report, previous).summary()
    b, c, a = plain(report)
    assert hand_written(b, c, a) == []
    baseline = rate(lambda: hand_written(b, c, a))
    what = "same sums hand-written on plain dicts"
    tables_only = Report.create(report.format, report.agency, report.year).with_cells(report.cells)
    with_blanks = report.with_cells({("applications", "withheld_query", "research"): None,
                                     ("appeals", "cases", "review_other"): None})
    natural = ("applications", "new_requests", "natural_person")
    wrong = report.with_cells({natural: report.cells[natural] + 1})  # type: ignore[operator]
    n_wrong = len(validate(wrong).findings)
    return [
        BenchResult("validate gov-2021 (real narrative)", rate(lambda: validate(report)), "reports/s", what, baseline),
        BenchResult("validate gov-2021 (tables only)", rate(lambda: validate(tables_only)), "reports/s", what,
                    baseline),
        BenchResult("validate gov-2021 + previous year", rate(lambda: validate(report, previous)), "reports/s",
                    "-", None),
        BenchResult("validate gov-2021, 2 blank cells", rate(lambda: validate(with_blanks)), "reports/s", "-", None),
        BenchResult(f"validate gov-2021, {n_wrong} errors", rate(lambda: validate(wrong)), "reports/s", "-", None),
    ]


if __name__ == "__main__":
    print_results(measure())
