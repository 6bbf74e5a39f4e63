"""A rule kind built outside the library: a section's text may not exceed a length.

Local scoring sheets limit 总体情况 to 1,000 characters. Installed by entry point
(``disclosure_schema.rule_kinds``: ``max_length = "ds_rule_maxlen:MaxLengthKind"``),
it shows what a third party writes: parameters, a check, messages in two
languages, and the hooks the test-data strategies use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from disclosure_schema import Report
from disclosure_schema.findings import Finding
from disclosure_schema.rules import BuildContext, Common, Param, Rule


@attrs.frozen(slots=True)
class MaxLength(Rule):
    type_name: ClassVar[str] = "max_length"
    section: str = ""
    limit: int = 0

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        length = len("".join(report.sections.get(self.section, "").split()))
        if length > self.limit:
            out.append(self.finding("max_length.too_long", {"section": self.section, "length": length,
                                                            "limit": self.limit}, actual=length, expected=self.limit))


class MaxLengthKind:
    name: ClassVar[str] = "max_length"
    description: ClassVar[str] = "a section's text (spaces aside) is at most so many characters"
    params: ClassVar[tuple[Param, ...]] = (Param("section", "section", required=True, doc="the narrative section"),
              Param("limit", "integer", required=True, doc="the most characters allowed"))
    messages: ClassVar[Mapping[str, tuple[str, str]]] = {"max_length.too_long": ("{section} 部分有 {length} 字，超过 {limit} 字的上限",
                                        "section {section} has {length} characters, more than the limit of {limit}")}

    def build(self, ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
        if params["limit"] < 1:
            raise ctx.fail("limit", f"must be at least 1, not {params['limit']}")
        return MaxLength(common.id, common.severity, common.zh, common.en, source=common.source,
                         section=params["section"], limit=params["limit"])

    def satisfy(self, rule: MaxLength, report: Report, draw: Any) -> Report:
        text = report.sections.get(rule.section, "")
        kept, count = [], 0
        for ch in text:  # keep the first ``limit`` non-space characters (and the spaces among them)
            if not ch.isspace():
                if count == rule.limit:
                    break
                count += 1
            kept.append(ch)
        return report.with_text(rule.section, "".join(kept))

    def violate(self, rule: MaxLength, report: Report, draw: Any) -> Report:
        return report.with_text(rule.section, "本机关全面推进政务公开。" * (rule.limit // 10 + 1))
