"""The published rule catalogue: every rule of every known format, and every rule kind.

``python -m disclosure_schema.rules.catalogue > docs/rules.md`` writes the page
(a test keeps it current); ``disclosure-schema validate --rules`` prints the
rules as tab-separated lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..registry import builtin_spec_dir, formats
from ..spec import ReportFormat
from .base import RuleKind
from .kinds import all_kinds, builtin_kind_names


def builtin_formats() -> list[ReportFormat]:
    home = builtin_spec_dir().resolve()
    return [f for f in formats() if Path(f.source).resolve().parent == home]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalogue_text(lang: str = "zh", fmts: Sequence[ReportFormat] | None = None) -> str:
    """One line per rule: format, id, kind, severity, source, description (tab-separated)."""
    lines = ["format\trule\tkind\tseverity\tsource\tmessage"]
    for fmt in fmts if fmts is not None else formats():
        for rule in fmt.rules:
            message = rule.zh if lang == "zh" else rule.en
            lines.append("\t".join((fmt.id, rule.id, rule.type_name, rule.severity.value, rule.source or "-",
                                    message)))
    return "\n".join(lines) + "\n"


def catalogue_markdown(fmts: Sequence[ReportFormat] | None = None, kinds: Sequence[RuleKind] | None = None) -> str:
    """The page docs/rules.md: the rules of each format, then the kinds with their parameters and messages.

    By default the built-in formats and kinds only (what this package ships).
    """
    fmts = builtin_formats() if fmts is None else fmts
    if kinds is None:
        builtin = builtin_kind_names()
        kinds = [k for k in all_kinds() if k.name in builtin]
    out = [
        "# Rule catalogue",
        "",
        "Generated from the specs and the installed rule kinds by "
        "`python -m disclosure_schema.rules.catalogue > docs/rules.md`; a test keeps it current. "
        "`disclosure-schema validate --rules` prints the same rules. A finding carries the rule id, "
        "a message code from the kinds' tables below and the code's parameters.",
        "",
    ]
    for fmt in fmts:
        out += [f"## {fmt.id}: {fmt.name}", "", "| rule | kind | severity | source | message |",
                "|---|---|---|---|---|"]
        for rule in fmt.rules:
            out.append(f"| `{rule.id}` | {rule.type_name} | {rule.severity.value} | {_cell(rule.source or '—')} | "
                       f"{_cell(rule.zh)}<br>{_cell(rule.en)} |")
        out.append("")
    out += ["## Rule kinds", "",
            "Registered by entry point (group `disclosure_schema.rule_kinds`); the built-in ones too.", ""]
    for kind in kinds:
        out += [f"### `{kind.name}`", "", kind.description, ""]
        if kind.params:
            out += ["| key | type | required | meaning |", "|---|---|---|---|"]
            for p in kind.params:
                choices = f" ({', '.join(p.choices)})" if p.choices else ""
                out.append(f"| `{p.name}` | {p.type}{choices} | {'yes' if p.required else 'no'} | {_cell(p.doc)} |")
            out.append("")
        out += ["| message code | zh | en |", "|---|---|---|"]
        for code, (zh, en) in kind.messages.items():
            out.append(f"| `{code}` | {_cell(zh)} | {_cell(en)} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    sys.stdout.write(catalogue_markdown())
