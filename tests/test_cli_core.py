"""The command line run as a user runs it: a subprocess, its output and exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from disclosure_schema import Report
from disclosure_schema.jsonio import dumps, loads


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "disclosure_schema", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_formats() -> None:
    res = run("formats")
    assert res.returncode == 0
    lines = res.stdout.splitlines()
    assert lines == ["gov-2019\t国办公开办函〔2019〕60号\t2019–2020", "gov-2021\t国办公开办函〔2021〕30号\t2021–"]


def test_template_to_stdout_and_file(tmp_path: Path) -> None:
    res = run("template", "gov-2019", "--agency", "某局", "--year", "2020")
    assert res.returncode == 0
    report = loads(res.stdout)
    assert report.format.id == "gov-2019" and report.agency == "某局" and report.year == 2020
    assert report.cells == {}
    data = json.loads(res.stdout)
    assert all(v is None for rows in data["tables"].values() for cols in rows.values() for v in cols.values())
    out = tmp_path / "t.json"
    assert run("template", "gov-2021", "-o", str(out)).returncode == 0
    assert loads(out.read_text(encoding="utf-8")).format.id == "gov-2021"


def test_help_on_every_command() -> None:
    for cmd in ([], ["formats"], ["template"], ["validate"], ["render"], ["convert"], ["renderers"]):
        res = run(*cmd, "--help")
        assert res.returncode == 0 and "usage:" in res.stdout
    assert "Exit codes" in run("--help").stdout


def test_bad_usage_is_one_line_exit_2() -> None:
    for args in (["template"], ["frobnicate"], ["template", "gov-2099"], ["render", "x.json"], ["validate", "--jobs", "0", "x"]):
        res = run(*args)
        assert res.returncode == 2, args
        assert len(res.stderr.strip().splitlines()) == 1, res.stderr
        assert "Traceback" not in res.stderr


def test_validate_json_file(tmp_path: Path) -> None:
    report = (Report.create("gov-2021", "某局", 2024).set("B", "一", "自然人", 58).set("B", "二", "自然人", 2)
              .set("B", "（七）总计", "自然人", 57).set("B", "四", "自然人", 1))
    path = tmp_path / "r.json"
    path.write_bytes(dumps(report))
    res = run("validate", str(path), "--json")
    assert res.returncode == 1
    doc = json.loads(res.stdout)
    findings = doc["files"][0]["findings"]
    balance = [f for f in findings if f["rule"] == "applications.balance" and f["status"] == "failed"]
    assert len(balance) == 1 and balance[0]["cells"][0]["column"] == "natural_person"
    assert "58+2 = 60" in balance[0]["message"]["zh"]
    human = run("validate", str(path), "--lang", "en")
    assert human.returncode == 1 and "off by 2" in human.stdout
    missing = run("validate", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_unreadable_inputs_say_what_to_do(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    res = run("validate", str(pdf))
    assert res.returncode == 2 and "not a readable PDF" in res.stderr
    assert res.stderr.count("\n") == 1  # one line: no library's log output around it
    other = tmp_path / "notes.txt"
    other.write_text("hello world\n", encoding="utf-8")
    res = run("validate", str(other))
    assert res.returncode == 2 and "--from" in res.stderr and "Traceback" not in res.stderr


def test_reader_notes_follow_the_language(tmp_path: Path) -> None:
    from .conftest import LONGGANG

    zh = run("validate", str(LONGGANG))
    en = run("validate", str(LONGGANG), "--lang", "en")
    assert "读取提示: 第 32 行: “7.属于行政执法案卷”只有 6 个单元格（共 7 列）——输入在本行中间结束" in zh.stdout
    assert "reader note: line 32: 7.属于行政执法案卷: only 6 of 7 cells — the input ends inside this row" in en.stdout
