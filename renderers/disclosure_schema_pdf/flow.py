"""Pages as lists of drawing operations, and the cursor that fills them top to bottom."""

from __future__ import annotations

import attrs

from .geometry import BODY_BOTTOM, BODY_HEIGHT, TOP
from .text import Run


@attrs.frozen
class TextLine:
    x: float
    baseline: float  # from the top of the page
    size: float
    runs: tuple[Run, ...]


@attrs.frozen
class Box:
    """A cell's outline."""

    x: float
    y: float  # top edge, from the top of the page
    width: float
    height: float


Op = TextLine | Box


@attrs.define
class Flow:
    """Where the next thing goes; starts a new page when it does not fit."""

    pages: list[list[Op]] = attrs.field(factory=lambda: [[]])
    y: float = TOP

    @property
    def room(self) -> float:
        return BODY_BOTTOM - self.y

    @property
    def at_top(self) -> bool:
        return self.y <= TOP + 1e-6

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the cursor (or cannot fit anywhere)."""
        if height > self.room and not self.at_top and height <= BODY_HEIGHT:
            self.new_page()

    def add(self, op: Op) -> None:
        self.pages[-1].append(op)
