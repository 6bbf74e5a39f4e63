"""The message catalogue: a finding is a code plus parameters; its wording comes from here.

As in Arelle, a check reports *what* it found (``equation.failed`` with the
column, the two sides and the difference), and the catalogue says how that
reads in Chinese and in English. Every rule kind brings its own entries
(:attr:`RuleKind.messages`); they are registered when the kind is loaded. A
parameter that reads differently per language is a :class:`Text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from ..values import Verbatim, format_value


@attrs.frozen(slots=True)
class Text:
    """A message parameter in both languages ("自然人列" / "column 自然人")."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh


_CATALOGUE: dict[str, tuple[str, str]] = {}


def register_messages(messages: Mapping[str, tuple[str, str]], owner: str) -> None:
    """Add a kind's message templates; a code another kind already defines differently is refused."""
    for code, pair in messages.items():
        known = _CATALOGUE.get(code)
        if known is not None and known != tuple(pair):
            raise ValueError(f"message code {code!r} of {owner} is already defined differently")
        _CATALOGUE[code] = (pair[0], pair[1])


def catalogue() -> dict[str, tuple[str, str]]:
    """Every registered code with its ``(zh, en)`` template."""
    return dict(_CATALOGUE)


def _shown(value: object, lang: str) -> str:
    if isinstance(value, Text):
        return value.zh if lang == "zh" else value.en
    if isinstance(value, int | Decimal | Verbatim):
        return format_value(value)
    return str(value)


def render(code: str, params: Mapping[str, object], lang: str = "zh") -> str:
    """The message of ``code`` with its parameters, in ``lang`` (``zh`` or ``en``)."""
    zh, en = _CATALOGUE[code]
    return (zh if lang == "zh" else en).format_map({k: _shown(v, lang) for k, v in params.items()})


def json_param(value: object) -> object:
    """A parameter as JSON: texts in both languages, Decimals as strings, ints as ints."""
    if isinstance(value, Text):
        return {"zh": value.zh, "en": value.en}
    if isinstance(value, bool | int | str) or value is None:
        return value
    return _shown(value, "zh")
