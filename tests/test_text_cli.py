"""The text renderers and reader through the command line, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CHENGGONG, LONGGANG


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "disclosure_schema", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)


@pytest.mark.parametrize("kind", ["text", "pipe"])
def test_render_published_text_and_read_it_back(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"chenggong.{kind}.txt"
    done = cli("render", CHENGGONG, "--to", kind, "-o", out, "-j", "1")
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(f"# disclosure-schema report/1 format=gov-2019 layout={kind}\n")
    assert "昆明市呈贡区司法局2019年度政府信息公开工作年度报告" in text
    assert "政府集中采购" in text and "134.32" in text
    # the rendered file is itself readable: the same findings come back, without reader notes
    again = cli("validate", "--json", out, "-j", "1")
    original = cli("validate", "--json", CHENGGONG, "-j", "1")
    first, second = json.loads(original.stdout)["files"][0], json.loads(again.stdout)["files"][0]
    assert second["diagnostics"] == [] and second["format"] == "gov-2019"
    assert second["findings"] == first["findings"]
    assert any(f["rule"] == "document.year_consistency" for f in first["findings"])


def test_render_to_stdout_and_json() -> None:
    done = cli("render", CHENGGONG, "--to", "text", "-j", "1")
    assert done.returncode == 0, done.stderr
    assert "+==" in done.stdout and "| 政府集中采购" in done.stdout
    as_json = cli("render", CHENGGONG, "--to", "json", "-j", "1")
    assert as_json.returncode == 0 and '"昆明市呈贡区司法局"' in as_json.stdout


def test_render_option_ambiguous_width(tmp_path: Path) -> None:
    one = cli("render", CHENGGONG, "--to", "text", "-j", "1")
    two = cli("render", CHENGGONG, "--to", "text", "--option", "ambiguous_width=2", "-j", "1")
    assert one.stdout != two.stdout  # the “ ” of 3.危及“三安全一稳定” take two columns
    bad = cli("render", CHENGGONG, "--to", "text", "--option", "ambiguous_width=9", "-j", "1")
    assert bad.returncode == 2 and "ambiguous_width" in bad.stderr and "Traceback" not in bad.stderr


def test_validate_prints_reader_notes_with_lines() -> None:
    done = cli("validate", "--lang", "en", LONGGANG, "-j", "1")
    assert "reader note: line 32: 7.属于行政执法案卷: only 6 of 7 cells" in done.stdout
    assert "cut off" in done.stdout


def test_unreadable_input_is_one_clear_error(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.txt"  # GB18030/GBK text is decoded, with a note saying so
    gbk.write_bytes(CHENGGONG.read_text(encoding="utf-8").encode("gb18030"))
    done = cli("validate", gbk, "-j", "1", "--lang", "en")
    assert "decoded as GB18030" in done.stdout and "Traceback" not in done.stderr
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"\x81\x30\x81")  # not UTF-8 and not GB18030 either
    done = cli("validate", "--from", "text", latin, "-j", "1")
    assert done.returncode == 2 and "not UTF-8 text" in done.stderr and "Traceback" not in done.stderr
    notes = tmp_path / "notes.txt"
    notes.write_text("关于政府信息公开的会议纪要\n没有章节。\n", encoding="utf-8")
    done = cli("validate", notes, "-j", "1")
    assert done.returncode == 2 and "does not look like a report of a known format" in done.stderr
    assert "政府信息公开工作年度报告" in done.stderr
