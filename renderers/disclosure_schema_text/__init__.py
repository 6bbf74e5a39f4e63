"""Plain-text renderers ("text", "pipe") and the text reader of disclosure-schema.

The reader reads this package's own output exactly and real published report
text leniently (see docs/text.md). Only the public core API is used.
"""

from __future__ import annotations

from .reader import TextReader
from .render import PipeRenderer, TextRenderer

__all__ = ["PipeRenderer", "TextReader", "TextRenderer"]
