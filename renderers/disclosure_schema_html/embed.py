"""The report as JSON inside HTML: in a ``<script type="application/json">`` or a data attribute.

The JSON is ASCII only and carries no ``<``, ``>`` or ``&``, so no HTML parser can
end the script early or mangle a character; any text a report holds survives.
"""

from __future__ import annotations

from disclosure_schema import Report
from disclosure_schema.plugins import report_to_json

from .names import DATA_ATTRIBUTE, SCRIPT_ID

__all__ = ["DATA_ATTRIBUTE", "SCRIPT_ID", "embedded_json"]



def embedded_json(report: Report) -> str:
    text = report_to_json(report, compact=True, ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
