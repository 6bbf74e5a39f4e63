"""The renderer-plugin guide's worked example: installed as a package, found, and used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_schema import Report
from disclosure_schema.jsonio import dumps

from .conftest import REPO

pytestmark = pytest.mark.slow


def test_markdown_plugin_is_found_and_renders(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(REPO / "docs" / "examples" / "markdown-renderer")],
                   check=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    listed = subprocess.run([sys.executable, "-m", "disclosure_schema", "renderers"], capture_output=True,
                            text=True, env=env, check=True).stdout
    assert any(line.split()[:4] == ["renderer", "markdown", "ds-markdown", "0.1.0"] and line.endswith("ok")
               for line in listed.splitlines()), listed
    report = Report.create("gov-2021", "某局", 2024).set("B", "一", "自然人", 58).with_text("overview", "概述 | 管道")
    path = tmp_path / "r.json"
    path.write_bytes(dumps(report))
    out = subprocess.run([sys.executable, "-m", "disclosure_schema", "render", str(path), "--to", "markdown"],
                         capture_output=True, text=True, env=env, check=True).stdout
    assert out.startswith("# 某局2024年政府信息公开工作年度报告")
    assert "| 一、本年新收政府信息公开申请数量 | 58 |  |  |  |  |  |  |" in out
    assert "概述 | 管道" in out and "**第二十条第（一）项**" in out
