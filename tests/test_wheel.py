"""A built wheel works on its own: formats, renderers and the CLI from a fresh virtual environment."""

from __future__ import annotations

import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow


def test_wheel_installs_and_runs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(REPO)],
                   check=True, timeout=600)
    wheel = next(dist.glob("disclosure_schema-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "disclosure_schema/specs/gov-2021.toml" in names and "disclosure_schema/py.typed" in names
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=900)
    cli = env_dir / "bin" / "disclosure-schema"
    # run from an empty folder so nothing of the checkout can be imported by accident
    formats = subprocess.run([str(cli), "formats"], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert formats.stdout.startswith("gov-2019\t")
    template = subprocess.run([str(cli), "template", "gov-2021"], capture_output=True, text=True, cwd=tmp_path,
                              check=True)
    assert '"format": "gov-2021"' in template.stdout
    where = subprocess.run([str(py), "-c", "import disclosure_schema; print(disclosure_schema.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True)
    assert str(env_dir) in where.stdout
    plugins = subprocess.run([str(cli), "renderers"], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert "FAILED" not in plugins.stdout, plugins.stdout
    for name in ("json", "text", "pipe", "xml", "pdf", "docx", "html"):
        assert re.search(rf"^renderer\s+{name}\s.*\sok$", plugins.stdout, re.MULTILINE), plugins.stdout
