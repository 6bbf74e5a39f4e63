"""Label normalisation: how an official label, an alias and text found in the wild compare."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Quotes and dashes that web extraction swaps for one another.
_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〝": '"', "〞": '"', "、": ",", "．": "."})
_SPACE = re.compile(r"\s+")
# Ordinals that start a label: 一、 （一） (一) 1. 1、 1．
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d+[.,、])")


@lru_cache(maxsize=4096)
def normalize(label: str) -> str:
    """Fold width (NFKC), quotes and enumeration commas; drop all white space."""
    text = unicodedata.normalize("NFKC", label).translate(_FOLD)
    return _SPACE.sub("", text)


def strip_ordinal(normalized: str) -> str:
    """Remove a leading ordinal from an already normalised label."""
    return _ORDINAL.sub("", normalized, count=1)
