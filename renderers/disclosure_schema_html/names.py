"""Where a page keeps its data (kept apart so that loading the plugin imports nothing else)."""

from __future__ import annotations

SCRIPT_ID = "disclosure-schema-report"
DATA_ATTRIBUTE = "data-disclosure-schema"
