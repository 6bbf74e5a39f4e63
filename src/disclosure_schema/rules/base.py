"""What every rule is (:class:`Rule`) and what every rule kind declares (:class:`RuleKind`).

A *rule* is one ``[[rules]]`` entry of a spec, bound to its format. A *rule
kind* (``type = "sum"``) says which parameters such an entry takes, builds the
rule from them, and brings the wording of its findings. Kinds are found by
entry point (group ``disclosure_schema.rule_kinds``, see :mod:`.kinds`); the
built-in ones are registered that way too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

import attrs

from ..errors import SpecError
from ..findings import CellRef, Finding, Severity, Status
from .messages import Text, render

if TYPE_CHECKING:
    from ..report import Report
    from ..spec import CellKey, ReportFormat, Section, Table
    from ..values import CellKind
    from .snapshot import Snapshot


@attrs.frozen(slots=True)
class Rule:
    """Base of every invariant: a stable id, a severity, its description in two languages, its source.

    ``source`` names the legal or format text the rule comes from (for the catalogue).
    """

    type_name: ClassVar[str] = ""
    id: str
    severity: Severity
    zh: str
    en: str
    source: str = attrs.field(default="", kw_only=True)

    def check(self, report: Report, previous: Report | None, out: list[Finding]) -> None:
        """Append a finding to ``out`` for every failed or unassessable check."""
        raise NotImplementedError

    def check_snapshot(self, snap: Snapshot, previous: Report | None, out: list[Finding]) -> None:
        """Same as :meth:`check`, given the values read once by :func:`validate` (and the source's layout)."""
        self.check(snap.report, previous, out)

    @property
    def cross_report(self) -> bool:
        """True for rules that compare a report with its previous year's."""
        return False

    def finding(self, code: str, params: Mapping[str, Any], *, status: Status = Status.FAILED,
                cells: Sequence[CellRef] = (), expected: Any = None, actual: Any = None, difference: Any = None,
                where: Text | None = None) -> Finding:
        """A finding whose messages are ``code``'s templates filled with ``params`` (and ``rule``)."""
        full = {"rule": Text(self.zh, self.en), **params}
        return Finding(
            self.id, self.severity, status, tuple(cells), render(code, full, "zh"), render(code, full, "en"),
            expected=expected, actual=actual, difference=difference,
            where_zh=where.zh if where else "", where_en=where.en if where else "",
            code=code, params=params,
        )


# ------------------------------------------------------------------ what a kind declares

PARAM_TYPES = ("string", "integer", "number", "boolean", "strings", "table", "tables", "section", "sections",
               "records")


@attrs.frozen(slots=True)
class Param:
    """One spec key a rule kind takes, checked when the spec loads.

    ``type`` is one of :data:`PARAM_TYPES`: ``table``/``section`` must name a
    table or section of the spec (``tables``/``sections`` a list of them),
    ``records`` is a list of tables of keys that the kind checks further itself.
    """

    name: str
    type: str
    required: bool = False
    default: Any = None
    doc: str = ""
    choices: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.type not in PARAM_TYPES:
            raise ValueError(f"parameter {self.name}: unknown type {self.type!r}; known: {', '.join(PARAM_TYPES)}")


@attrs.frozen(slots=True)
class Common:
    """The keys every rule has."""

    id: str
    severity: Severity
    zh: str
    en: str
    source: str = ""


@attrs.frozen
class BuildContext:
    """What a kind may read of the spec being loaded, and how it reports a bad entry.

    ``fail("phrases[2].pattern", "…")`` makes a :class:`SpecError` naming the spec
    file and ``rules[i] (id).phrases[2].pattern``.
    """

    source: str
    entry: str
    format_id: str
    tables: Mapping[str, Table]
    cell_kinds: Mapping[CellKey, CellKind]
    sections: tuple[Section, ...]
    editions: Callable[[], Sequence[ReportFormat]] | None = None

    def fail(self, key: str, message: str) -> SpecError:
        return SpecError(self.source, f"{self.entry}.{key}" if key else self.entry, message)

    def cell(self, text: str, key: str) -> CellKey:
        """A cell named ``table.row.column`` (leaf ids), or a spec error."""
        parts = text.split(".")
        if len(parts) != 3 or tuple(parts) not in self.cell_kinds:
            tables = ", ".join(self.tables)
            raise self.fail(key, f"{text!r} is not a data cell 'table.row.column' of this spec (tables: {tables})")
        return (parts[0], parts[1], parts[2])

    def cell_label(self, key: CellKey) -> str:
        return cell_label(self.tables[key[0]], key)


def table_name(table: Table) -> str:
    return f"{table.aliases[0]}表" if table.aliases else f"表“{table.label}”"


def cell_label(table: Table, key: CellKey) -> str:
    """"B表 一/自然人": the table's letter, the row's and the column's short labels."""
    found = _LABELS.get(id(table))
    if found is None or found[0] is not table:  # built once per table: rules name hundreds of cells
        found = _LABELS[id(table)] = (table, _cell_labels(table))
    return found[1][key]


_LABELS: dict[int, tuple[Table, dict[CellKey, str]]] = {}


def _cell_labels(table: Table) -> dict[CellKey, str]:
    """The label of every (row node, column node) pair of ``table``; a row belongs to its first block."""
    name = f"{table.aliases[0] if table.aliases else table.id}表 "
    out: dict[CellKey, str] = {}
    for block in table.blocks:
        cols = [n for n, _ in block.column_nodes()]
        for row, _ in block.row_nodes():
            row_label = row.short if row.hidden is False else ""
            for col in cols:
                parts = [p for p in (row_label, col.short) if p]
                out.setdefault((table.id, row.id, col.id), name + "/".join(parts))
    return out


Hook = Callable[[Any, "Report", Any], "Report | None"]
PairHook = Callable[[Any, "Report", "Report", Any], "tuple[Report, Report] | None"]


@runtime_checkable
class RuleKind(Protocol):
    """A kind of rule: what an entry point of ``disclosure_schema.rule_kinds`` names.

    Optional hooks for the test-data strategies (:mod:`disclosure_schema.testing`):
    ``satisfy(rule, report, draw) -> Report`` makes a valid report pass the rule,
    ``violate(rule, report, draw) -> Report | None`` breaks it (``None``: cannot here);
    a cross-report kind has ``satisfy_pair``/``violate_pair`` taking and giving
    ``(previous, current)``. ``draw`` is hypothesis's. The rules a kind builds carry
    its name as ``type_name``.
    """

    name: str
    description: str
    params: Sequence[Param]
    messages: Mapping[str, tuple[str, str]]

    def build(self, ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
        """The rule of one spec entry; ``params`` are checked against :attr:`params` already."""
        ...


@attrs.frozen
class Kind:
    """A rule kind made of parts: what the built-in kinds are, and a convenient base for others."""

    name: str
    description: str
    params: tuple[Param, ...]
    messages: Mapping[str, tuple[str, str]]
    builder: Callable[[BuildContext, Common, Mapping[str, Any]], Rule]
    satisfy: Hook | None = None
    violate: Hook | None = None
    # for cross-report kinds: (rule, previous, current, draw) -> (previous, current), or None when it cannot
    satisfy_pair: PairHook | None = None
    violate_pair: PairHook | None = None

    def build(self, ctx: BuildContext, common: Common, params: Mapping[str, Any]) -> Rule:
        return self.builder(ctx, common, params)
