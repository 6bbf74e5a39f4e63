"""Batch work through the command line: many files, folders, globs, broken files, parallel jobs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_schema import Report
from disclosure_schema.jsonio import dumps, loads

pytestmark = pytest.mark.slow


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "disclosure_schema", *args], capture_output=True, text=True,
                          timeout=600, env={"CI": "true", "PATH": "/usr/bin:/bin"})


def _balanced(i: int) -> Report:
    """A gov-2021 report whose table B column 自然人 balances (others blank)."""
    new, carried = 10 + i, i % 3
    done = new + carried - 1
    return (Report.create("gov-2021", f"第{i}局", 2024).set("B", "一", "自然人", new).set("B", "二", "自然人", carried)
            .set("B", "（七）总计", "自然人", done).set("B", "四", "自然人", 1))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    for i in range(198):
        report = _balanced(i)
        if i % 50 == 7:  # a few with an arithmetic error
            report = report.set("B", "四", "自然人", 5)
        (folder / f"report-{i:03d}.json").write_bytes(dumps(report))
    (folder / "broken-syntax.json").write_text('{"disclosure_schema": "report/1", "format": ', encoding="utf-8")
    (folder / "broken-format.json").write_text(
        dumps(_balanced(1)).decode().replace('"gov-2021"', '"gov-2099"'), encoding="utf-8")
    return folder


def test_validate_batch_summary_and_exit(batch: Path) -> None:
    res = run("validate", str(batch), "--jobs", "2", "--lang", "en")
    assert res.returncode == 2  # two files could not be read
    assert "broken-syntax.json:1:" in res.stderr and "not valid JSON" in res.stderr
    assert "broken-format.json:$.format: unknown format 'gov-2099'" in res.stderr
    summary = res.stdout.strip().splitlines()[-1]
    assert summary == "Summary: 200 file(s), 198 read, 2 failed, 4 with errors, 198 with warnings"
    assert res.stdout.count("== ") == 198
    assert "\r[" not in res.stderr  # no progress bar when not on a terminal


def test_validate_batch_json(batch: Path) -> None:
    res = run("validate", str(batch / "report-0*.json"), "--json", "--jobs", "2")
    assert res.returncode == 1
    doc = json.loads(res.stdout)
    assert len(doc["files"]) == 100
    bad = [f["path"] for f in doc["files"] if any(x["status"] == "failed" and x["severity"] == "error"
                                                  for x in f["findings"])]
    assert [Path(p).name for p in bad] == ["report-007.json", "report-057.json"]


def test_render_batch_into_folder(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run("render", str(batch), "--to", "json", "-o", str(out), "--jobs", "2", "-q", "--lang", "en")
    assert res.returncode == 2
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 198 and written[0] == "report-000.json"
    assert loads((out / "report-123.json").read_bytes()) == _balanced(123)
    assert "200 file(s), 198 read, 198 rendered, 2 failed" in res.stderr


def test_one_job_gives_same_result(batch: Path) -> None:
    one = run("validate", str(batch / "report-00*.json"), "--jobs", "1", "--json")
    two = run("validate", str(batch / "report-00*.json"), "--jobs", "2", "--json")
    assert one.returncode == two.returncode == 1 and one.stdout == two.stdout


def test_glob_matching_nothing(tmp_path: Path) -> None:
    res = run("validate", str(tmp_path / "*.json"))
    assert res.returncode == 2 and "matches no file" in res.stderr


def test_progress_bar_on_a_terminal(batch: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    proc = subprocess.run([sys.executable, "-m", "disclosure_schema", "validate", str(batch / "report-01*.json"),
                           "--jobs", "2", "--json"], stdout=subprocess.PIPE, stderr=follower, env=env, timeout=300)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    shown = b"".join(chunks).decode()
    assert proc.returncode == 0
    assert "] 10/10 " in shown and shown.count("\r[") == 10
