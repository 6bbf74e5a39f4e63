"""Rule 11: 规章 are made only by provinces, cities with districts and ministries.

A county-level or lower agency that reports 规章 in table A has most likely put
its 行政规范性文件 in the wrong row. The check needs the agency's level: the
report may declare it (``agency_level``); otherwise it is inferred from the
agency's name, and the finding says how sure that is and why. A name that
does not tell (``某市教育局``: a city with districts, or a county-level city?)
is not guessed at, and the rule says nothing then.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ..findings import CellRef, Finding
from ..labels import normalize
from ..report import AGENCY_LEVELS
from .base import BuildContext, Common, Kind, Param, Rule
from .messages import Text

if TYPE_CHECKING:
    from ..report import Report
    from ..spec import CellKey

LEVELS = AGENCY_LEVELS
LEVEL_NAMES = {"national": ("中央", "national"), "province": ("省级", "provincial"), "city": ("设区的市级", "city"),
               "county": ("县级", "county"), "township": ("乡镇级", "township")}

MESSAGES = {
    "level.rules_reported": ("{agency}为{level}机关（{basis}），无权制定规章，但 {cells} 填报了 {values}；"
                             "可能把行政规范性文件填入了规章行",
                             "{agency} is a {level} agency ({basis}), which cannot make 规章, but {cells} "
                             "report {values}; 行政规范性文件 may have gone into the 规章 row"),
}

# Zones and parks named …区 that are not districts (开发区 is administered by a city, not a county-level unit).
_NOT_DISTRICT = re.compile(r"(?:开发|高新|新|保税|园|景|示范|试验|管理|功能|片|林|矿|风景名胜|综合保税)区")
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")


@attrs.frozen(slots=True)
class Inferred:
    level: str | None
    confidence: str  # "high", "medium", or "" when nothing could be inferred
    reason_zh: str
    reason_en: str


def infer_level(agency: str) -> Inferred:
    """The administrative level an agency's name shows, with how sure that is and why."""
    name = normalize(agency)
    if re.search(r"(?:镇|乡|街道)(?:人民政府|办事处|党委|$)", name) or "街道办事处" in name:
        return Inferred("township", "high", "名称含乡、镇或街道", "the name has 乡, 镇 or 街道")
    if re.search(r"[^县]县(?!级)", name) or "自治县" in name or re.search(r"旗(?:人民政府|[^帜舰])", name):
        return Inferred("county", "high", "名称含县或旗", "the name has 县 or 旗")
    cleaned = _NOT_DISTRICT.sub("", name)
    if re.search(r"(?:市|州|盟).{1,6}区", cleaned):
        return Inferred("county", "high", "名称为某市某区", "the name is a district of a city")
    if "区" in cleaned and "自治区" not in cleaned and not re.search(r"(?:省|市)", cleaned):
        return Inferred("county", "medium", "名称含区（未写所属的市）", "the name has 区 without its city")
    if name.startswith(_MUNICIPALITIES) and "区" not in cleaned and "县" not in name:
        return Inferred("province", "high", "直辖市本级", "a municipality's own level")
    if ("省" in name or "自治区" in name) and "市" not in name and "州" not in name:
        return Inferred("province", "high", "名称含省或自治区，无市县", "the name has 省 or 自治区 and no city")
    if name.startswith("国务院") or name.startswith("国家") or name.startswith("中华人民共和国"):
        return Inferred("national", "medium", "名称以国务院或国家开头", "the name starts with 国务院 or 国家")
    return Inferred(None, "", "", "")


@attrs.frozen(slots=True)
class AgencyLevel(Rule):
    """Cells an agency of these levels must leave at 0 (规章 at county level or below)."""

    type_name: ClassVar[str] = "agency_level"
    cells: tuple[CellKey, ...] = ()
    labels: tuple[str, ...] = ()
    levels: frozenset[str] = frozenset()

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        get = report.cells.get
        reported = [(k, lab, v) for k, lab in zip(self.cells, self.labels, strict=True)
                    if isinstance(v := get(k), int | Decimal) and v > 0]
        if not reported:
            return
        declared = report.agency_level
        level: str | None
        if declared:
            level, basis = declared, Text("报告声明", "declared in the report")
        else:
            guess = infer_level(report.agency)
            level = guess.level
            conf = {"high": ("高", "high"), "medium": ("中", "medium")}.get(guess.confidence, ("", ""))
            basis = Text(f"据名称推断，{guess.reason_zh}，可信度{conf[0]}",
                         f"inferred from the name: {guess.reason_en}; confidence {conf[1]}")
        cells = [CellRef(*k, lab) for k, lab, _ in reported]
        params: dict[str, Any] = {"agency": report.agency, "cells": "、".join(lab for _, lab, _ in reported),
                                  "values": "、".join(str(v) for _, _, v in reported)}
        # An unknown level is no finding: most agencies whose name does not tell (某市某局) are cities
        # that may make 规章, and a note on each of their reports would drown the real cases.
        if level in self.levels:
            zh, en = LEVEL_NAMES[level]
            out.append(self.finding("level.rules_reported", {**params, "level": Text(zh, en), "basis": basis},
                                    cells=cells))


def _build(ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
    names = params["cells"]
    names = [names] if isinstance(names, str) else names
    keys = tuple(ctx.cell(x, f"cells[{i}]") for i, x in enumerate(names))
    return AgencyLevel(common.id, common.severity, common.zh, common.en, source=common.source, cells=keys,
                       labels=tuple(ctx.cell_label(k) for k in keys), levels=frozenset(params["levels"]))


def _satisfy(rule: AgencyLevel, report: Report, draw: Any) -> Report:
    """A valid report of an agency whose level forbids the cells leaves them at 0 (or declares a level that may)."""
    level = report.agency_level or infer_level(report.agency).level
    if level in rule.levels or level is None:
        return report.with_meta(agency_level="province")
    return report


def _violate(rule: AgencyLevel, report: Report, draw: Any) -> Report | None:
    key = rule.cells[0]
    value = report.cells.get(key)
    bumped = (value if isinstance(value, int) else 0) + 1
    return report.with_cells({key: bumped}).with_meta(agency_level=sorted(rule.levels)[0])


AGENCY_LEVEL = Kind(
    "agency_level", "cells an agency of the given levels must leave at 0 (规章 at county level or below); the level "
    "is declared in the report (agency_level) or inferred from the agency's name",
    (Param("cells", "strings", required=True, doc="cells 'table.row.column' that must be 0"),
     Param("levels", "strings", required=True, choices=LEVELS, doc="the levels at which they must be 0")),
    MESSAGES, _build, satisfy=_satisfy, violate=_violate)
