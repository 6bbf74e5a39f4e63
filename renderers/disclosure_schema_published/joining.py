"""Joining pieces of text the way Chinese typesetting expects: no space next to a CJK character.

A label wrapped inside a cell ("商业" / "企业"), text set one character per line
("三" / "、" / "本" …) or a paragraph broken over lines must come back as the words
printed, while two numbers in separate pieces ("3", "5") must stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WIDE = re.compile(
    "[\u2010-\u2027\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u3000\u202f\u205f\ufeff]+")


def is_wide(ch: str) -> bool:
    """A CJK character or full-width punctuation: no space is needed (or wanted) next to it."""
    return bool(_WIDE.match(ch))


def join_pieces(pieces: Iterable[str]) -> str:
    """Join text pieces, with a space only between two pieces that both end/start narrow."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not is_wide(out[-1]) and not is_wide(piece[0]):
            out += " "
        out += piece
    return out


def squeeze(text: str) -> str:
    """Collapse runs of spaces (also no-break and ideographic spaces) to one; drop them next to CJK."""
    return join_pieces(_SPACES.split(text))


def collapse(text: str) -> str:
    """HTML's white-space rule (``&nbsp;`` and the ideographic space included): runs become one space."""
    return " ".join(text.split())
