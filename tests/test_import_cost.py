"""``import disclosure_schema`` stays light: no renderer library is imported with the core."""

from __future__ import annotations

import subprocess
import sys


def test_core_import_does_not_load_renderer_libraries() -> None:
    code = (
        "import sys, disclosure_schema as ds; "
        "r = ds.Report.create('gov-2021', 'x', 2024); ds.validate(r); "
        "from disclosure_schema import jsonio; jsonio.dumps(r); "
        "print(sorted(m for m in ('lxml', 'reportlab', 'hypothesis', 'wcwidth') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
