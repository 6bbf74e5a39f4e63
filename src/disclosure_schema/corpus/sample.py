"""A made-up corpus whose years chain and whose parents add up: for tests, benchmarks and trying things.

:func:`agency_chain` gives one agency's consistent gov-2021 reports over
consecutive years (every cell filled, every rule and the cross-year rules
holding); :func:`parent_of` makes a parent whose summing cells (the spec's
``rollup = "sum"``) are its units' sums. Deterministic for a seed. Each
year's reports are a new, random draw, not realistic statistics.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal

from ..registry import get_format
from ..report import Report
from ..spec import CellKey
from .rollup import summing_cells

FORMAT = "gov-2021"
B_APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
B_RESULTS = (
    "disclosed", "partially_disclosed", "withheld_state_secret", "withheld_prohibited", "withheld_security",
    "withheld_third_party", "withheld_internal", "withheld_process", "withheld_enforcement_files", "withheld_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear", "not_processed_complaint",
    "not_processed_repeated", "not_processed_publication", "not_processed_excessive", "not_processed_confirmation",
    "other_no_correction", "other_fee_unpaid", "other_misc",
)
C_GROUPS = ("review", "direct", "after_review")


def agency_chain(agency: str, first_year: int, years: int, seed: int | str) -> list[Report]:
    """``years`` consecutive gov-2021 reports of one agency; ``validate(r[i], r[i-1])`` finds nothing."""
    rng = random.Random(f"{agency}|{seed}")
    fmt = get_format(FORMAT)
    out: list[Report] = []
    carried = {c: rng.randint(0, 3) for c in B_APPLICANTS}
    in_force = {r: rng.randint(10, 60) for r in ("rules", "normative_documents")}
    for year in range(first_year, first_year + years):
        cells: dict[CellKey, int | Decimal] = {}
        for row in ("rules", "normative_documents"):
            issued, repealed = rng.randint(0, 6), rng.randint(0, min(4, in_force[row]))
            in_force[row] += issued - repealed
            if row == "rules":  # 规章 are made by provinces, cities and ministries, not a county's departments
                issued = repealed = 0
            cells.update({("proactive", row, "issued"): issued, ("proactive", row, "repealed"): repealed,
                          ("proactive", row, "in_force"): in_force[row] if row != "rules" else 0})
        for row in ("licensing", "penalties", "enforcement"):
            cells[("proactive", row, "decisions")] = rng.randint(0, 500)
        cells[("proactive", "fees", "fees_amount")] = Decimal(rng.randint(0, 900_000)).scaleb(-3)
        for col in B_APPLICANTS:
            results = {r: rng.randint(0, 4) for r in B_RESULTS}
            total = sum(results.values())
            forward = rng.randint(0, 3)
            new = total + forward - carried[col]
            if new < 0:
                results["disclosed"] -= new
                total -= new
                new = 0
            column = {**results, "results_total": total, "carried_forward": forward, "new_requests": new,
                      "carried_over": carried[col]}
            cells.update({("applications", r, col): v for r, v in column.items()})
            carried[col] = forward
        for row in ("new_requests", "carried_over", *B_RESULTS, "results_total", "carried_forward"):
            cells[("applications", row, "total")] = sum(cells[("applications", row, c)] for c in B_APPLICANTS)
        for group in C_GROUPS:
            parts = {p: rng.randint(0, 3) for p in ("upheld", "corrected", "other", "pending")}
            cells.update({("appeals", "cases", f"{group}_{p}"): v for p, v in parts.items()})
            cells[("appeals", "cases", f"{group}_total")] = sum(parts.values())
        out.append(Report.create(fmt, agency, year).with_cells(cells))
    return out


def parent_of(own: Sequence[Report], units: Sequence[Sequence[Report]]) -> list[Report]:
    """``own`` (a chain of the parent's) with every summing cell replaced by the sum over ``units`` (chains of the same years)."""
    out = []
    for i, report in enumerate(own):
        sums: dict[CellKey, object] = {}
        for key in summing_cells(report.format):
            total: int | Decimal = 0
            for u in units:
                value = u[i].cells[key]
                assert isinstance(value, int | Decimal), "units are made by agency_chain: every cell a number"
                total += value
            sums[key] = total
        out.append(report.with_cells(sums))
    return out
