"""What counts as a value cell in a published table (as opposed to a label)."""

from __future__ import annotations

import re
import unicodedata

from ..values import PLACEHOLDERS

# A number cell, maybe with text after it: "134.32", "22（其中修订16件）", "251000元"; not "1.属于…".
_NUMBER_START = re.compile(r"^[+\-−]?\d[\d,]*(?:\.\d+)?(?![.．、\d])")
_CHANGE_WORD = re.compile(r"^(?:减少?|增加?)\s*\d")


def is_value_text(text: str) -> bool:
    """Whether a table cell holds a value (blank, placeholder, number with or without text)."""
    stripped = text.strip()
    if not stripped or stripped in PLACEHOLDERS:
        return True
    folded = unicodedata.normalize("NFKC", stripped)
    return bool(_NUMBER_START.match(folded) or _CHANGE_WORD.match(folded))
