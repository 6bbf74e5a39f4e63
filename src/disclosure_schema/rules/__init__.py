"""Rules: the invariants a spec instantiates, and the kinds they are made of.

- :mod:`.base`: what a rule is and what a rule kind declares (parameters, messages, hooks)
- :mod:`.kinds`: the registry (entry point group ``disclosure_schema.rule_kinds``)
- :mod:`.messages`: the message catalogue (a finding is a code plus parameters)
- :mod:`.snapshot`: a report's cells read once per validation
- :mod:`.equations`, :mod:`.cells`, :mod:`.years`: the table and year checks
- :mod:`.narrative`, :mod:`.structure`, :mod:`.level`, :mod:`.copying`: what assessors check in the text
"""

from .base import BuildContext, Common, Kind, Param, Rule, RuleKind
from .cells import Complete, Kinds
from .equations import Balance, Continuity, Equation, Instance, Sum, Term, make_instance
from .kinds import GROUP, KindError, get_kind, kind_names, register_kind
from .messages import Text
from .snapshot import Snapshot
from .years import EditionYear, YearConsistency, year_mentions

__all__ = [
    "GROUP", "Balance", "BuildContext", "Common", "Complete", "Continuity", "EditionYear", "Equation", "Instance",
    "Kind", "KindError", "Kinds", "Param", "Rule", "RuleKind", "Snapshot", "Sum", "Term", "Text", "YearConsistency",
    "get_kind", "kind_names", "make_instance", "register_kind", "year_mentions",
]
