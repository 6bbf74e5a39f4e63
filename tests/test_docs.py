"""Every code example in docs/ runs: ```python blocks in order, one namespace per page.

A ```toml file=NAME block is written to NAME in the page's working folder first, so that the
Python after it can load it. A ```python no-run block is shown but not run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from disclosure_schema import registry

from .conftest import REPO

DOCS = sorted((REPO / "docs").glob("*.md"))
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(path: Path) -> list[tuple[str, str, str]]:
    return [(m.group(1), m.group(2).strip(), m.group(3)) for m in FENCE.finditer(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", [p for p in DOCS if any(k == "python" for k, _, _ in blocks(p))],
                         ids=lambda p: p.name)
def test_examples_run(page: Path, tmp_path: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    cwd = os.getcwd()
    os.chdir(tmp_path)
    registered = dict(registry._extra)  # a page may register formats; other tests must not see them
    try:
        for kind, info, code in blocks(page):
            if kind == "toml" and info.startswith("file="):
                (tmp_path / info.removeprefix("file=")).write_text(code, encoding="utf-8")
            elif kind == "python" and "no-run" not in info:
                exec(compile(code, f"{page.name}", "exec"), namespace)
    finally:
        os.chdir(cwd)
        registry._extra.clear()
        registry._extra.update(registered)
