"""A folder of 20 agencies × 3 years (gov-2021, 2021–2023) with planted breaks, for the corpus tests.

Every report is consistent (every rule and the cross-year rules hold; parents
are their units' sums) except for the planted problems in ``PLANTED``: path →
the ``(rule, cells)`` of the one finding each must give, cells as
``(table, row, column, previous)``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from disclosure_schema import Report
from disclosure_schema.corpus.sample import agency_chain, parent_of
from disclosure_schema.jsonio import to_json
from disclosure_schema.plugins import get_renderer

YEARS = (2021, 2022, 2023)
DEPARTMENTS = (
    "人民政府", "教育局", "公安局", "民政局", "司法局", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局",
    "交通运输局", "水务局", "农业农村局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
    "统计局", "市场监督管理局", "医疗保障局", "林业局",
)
AGENCIES = tuple(f"示例县{d}" for d in DEPARTMENTS)
PARENT, UNITS = 0, (1, 2, 3, 4, 5)  # the county government reports for itself and its units 1–5
PARENT2, UNITS2 = 12, (13, 14, 15)  # the health commission and its three offices
RENAMED = 17  # 示例县市场监督管理局 was 示例县工商行政管理局 in 2021
OLD_NAME = "示例县工商行政管理局"
SPACED = 16  # 2022 writes "示例县 统计局" (full-width space): the same agency after normalising

ROLLUP_TOML = f"""
[[rollup]]
parent = "{AGENCIES[PARENT]}"
units = [{", ".join(f'"{AGENCIES[i]}"' for i in UNITS)}]

[[rollup]]
parent = "{AGENCIES[PARENT2]}"
units = [{", ".join(f'"{AGENCIES[i]}"' for i in UNITS2)}]
"""
ALIASES_TOML = f"""
[agencies]
"{AGENCIES[RENAMED]}" = ["{OLD_NAME}"]
"""

Cell = tuple[str, str, str, bool]
PLANTED: dict[str, tuple[tuple[str, tuple[Cell, ...]], ...]] = {
    # year 2022 of agency 7 starts with one more carried-over request (自然人) than 2021 carried forward;
    # 一 is one less, so the report itself still balances. The 总计 column moves with it.
    "a07/2022.json": (
        ("applications.carry_over", (("applications", "carried_forward", "natural_person", True),
                                     ("applications", "carried_over", "natural_person", False))),
        ("applications.carry_over", (("applications", "carried_forward", "total", True),
                                     ("applications", "carried_over", "total", False))),
    ),
    # agency 9 has no 2022 report
    "a09/2023.json": (("chain.gap", ()),),
    # agency 11's 2022 report is also published as XML, with another fee amount
    "a11/2022.xml": (("chain.duplicate", (("proactive", "fees", "fees_amount", False),)),),
    # the county government's 2023 penalty decisions are one more than its units' sum
    "a00/2023.json": (("rollup.sum", (("proactive", "penalties", "decisions", False),)),),
    # the third office of the health commission has no 2023 report
    "a12/2023.json": (("rollup.missing_unit", ()),),
}


def count(report: Report, table: str, row: str, column: str) -> int:
    value = report.get(table, row, column)
    assert isinstance(value, int)
    return value


def chains() -> dict[int, list[Report]]:
    out = {i: agency_chain(AGENCIES[i], YEARS[0], len(YEARS), seed="corpus") for i in range(len(AGENCIES))}
    out[PARENT] = parent_of(out[PARENT], [out[i] for i in UNITS])
    out[PARENT2] = parent_of(out[PARENT2], [out[i] for i in UNITS2])
    out[RENAMED][0] = out[RENAMED][0].with_meta(agency=OLD_NAME)
    out[SPACED][1] = out[SPACED][1].with_meta(agency="示例县\u3000统计局")
    return out


def build(folder: Path) -> Path:
    """Write the folder; returns it. Most files are JSON; agency 3 is text, agency 4 XML (mixed kinds)."""
    reports = chains()
    # the planted breaks
    r = reports[7][1]
    carried, new = count(r, "B", "carried_over", "natural_person"), count(r, "B", "new_requests", "natural_person")
    assert new > 0
    reports[7][1] = r.with_cells({
        ("applications", "carried_over", "natural_person"): carried + 1,
        ("applications", "new_requests", "natural_person"): new - 1,
        ("applications", "carried_over", "total"): count(r, "B", "carried_over", "total") + 1,
        ("applications", "new_requests", "total"): count(r, "B", "new_requests", "total") - 1,
    })
    r = reports[PARENT][2]
    reports[PARENT][2] = r.set("A", "penalties", "decisions", count(r, "A", "penalties", "decisions") + 1)
    skip = {(9, 2022), (15, 2023)}
    xml, text = get_renderer("xml"), get_renderer("text")
    for i, chain in reports.items():
        sub = folder / f"a{i:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        for report in chain:
            if (i, report.year) in skip:
                continue
            if i == 3:
                (sub / f"{report.year}.txt").write_bytes(text.render(report, {}))
            elif i == 4:
                (sub / f"{report.year}.xml").write_bytes(xml.render(report, {}))
            else:
                (sub / f"{report.year}.json").write_text(to_json(report), encoding="utf-8")
    copy = reports[11][1]
    fee = copy.get("A", "fees", "fees_amount")
    assert isinstance(fee, Decimal)
    (folder / "a11" / "2022.xml").write_bytes(xml.render(copy.set("A", "fees", "fees_amount", fee + 1), {}))
    (folder / "rollup.toml").write_text(ROLLUP_TOML, encoding="utf-8")
    (folder / "aliases.toml").write_text(ALIASES_TOML, encoding="utf-8")
    return folder
