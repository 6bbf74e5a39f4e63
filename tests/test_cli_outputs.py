"""Where the command line writes: atomic, distinct, never over an input; streaming; odd outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_schema import Report
from disclosure_schema.batch import default_jobs, worker_count
from disclosure_schema.jsonio import dumps, loads
from disclosure_schema.outputs import output_names

from .conftest import CHENGGONG

ENV = {"CI": "true", "PATH": "/usr/bin:/bin"}


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "disclosure_schema", *args], capture_output=True, text=True,
                          timeout=300, env={**ENV, **(env or {})})


def report(i: int) -> Report:
    return Report.create("gov-2021", f"第{i}局", 2024).set("B", "一", "自然人", i)


def test_output_names_are_distinct() -> None:
    names = output_names(["d1/a/x.json", "d2/a/x.json", "d1/a/x.txt", "d1/y.json", "d2/Y.json", "z.json"], ".xml")
    assert names == {"d1/a/x.json": "d1/a/x.json.xml", "d2/a/x.json": "d2/a/x.xml", "d1/a/x.txt": "d1/a/x.txt.xml",
                     "d1/y.json": "d1/y.xml", "d2/Y.json": "d2/Y.xml", "z.json": "z.xml"}
    assert output_names(["a/r.json", "b/s.json"], ".txt") == {"a/r.json": "r.txt", "b/s.json": "s.txt"}


def test_an_input_is_never_overwritten(tmp_path: Path) -> None:
    pub = tmp_path / "pub.txt"
    pub.write_bytes(CHENGGONG.read_bytes())
    for extra in ([], ["--force"]):
        res = run("convert", str(pub), "--to", "text", "-o", str(pub), *extra)
        assert res.returncode == 2 and "is an input of this run; an output never replaces an input" in res.stderr
        assert pub.read_bytes() == CHENGGONG.read_bytes()
    res = run("convert", str(pub), str(tmp_path / "x.json"), "--to", "text", "-o", str(tmp_path), "--force")
    assert res.returncode == 2 and f"{pub}: is an input" in res.stderr  # x.json's output would be pub.txt


def test_clashing_outputs_keep_their_relative_paths(tmp_path: Path) -> None:
    for folder in ("d1/a", "d2/a"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "x.json").write_bytes(dumps(report(len(folder))))
    (tmp_path / "d1/a/x.txt").write_bytes(CHENGGONG.read_bytes())
    out = tmp_path / "out"
    res = run("render", str(tmp_path / "d1"), str(tmp_path / "d2"), "--to", "json", "-o", str(out), "-q")
    assert res.returncode == 0, res.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["d1/a/x.json.json", "d1/a/x.txt.json", "d2/a/x.json"]
    assert loads((out / "d2/a/x.json").read_bytes()) == report(4)
    assert "输出 3，失败 0" in res.stderr


def test_existing_outputs_need_force(tmp_path: Path) -> None:
    src = tmp_path / "r.json"
    src.write_bytes(dumps(report(1)))
    target = tmp_path / "r.xml"
    target.write_text("mine", encoding="utf-8")
    res = run("render", str(src), "--to", "xml", "-o", str(target))
    assert res.returncode == 2 and f"{target}: exists; add --force to replace it" in res.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    res = run("render", str(src), "--to", "xml", "-o", str(target), "--force")
    assert res.returncode == 0 and target.read_bytes().startswith(b"<?xml")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.slow
def test_concurrent_writers_leave_one_whole_document(tmp_path: Path) -> None:
    sources = []
    for i in range(4):
        path = tmp_path / f"in{i}.json"
        path.write_bytes(dumps(report(i).with_text("overview", "很长的文字。" * (20_000 * (i + 1)))))
        sources.append(path)
    target = tmp_path / "out.json"
    procs = [subprocess.Popen([sys.executable, "-m", "disclosure_schema", "convert", str(s), "--to", "json",
                               "-o", str(target), "--force", "-q"], env=ENV) for s in sources]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0, 0]
    assert loads(target.read_bytes()) in [report(i).with_text("overview", "很长的文字。" * (20_000 * (i + 1)))
                                          for i in range(4)]


def test_validate_streams_json_and_json_lines(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"r{i}.json").write_bytes(dumps(report(i)))
    (tmp_path / "r3.json").write_text("{", encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.iterdir())
    whole = run("validate", *files, "--json", "--jobs", "2")
    lines = run("validate", *files, "--jsonl", "--jobs", "2")
    assert whole.returncode == lines.returncode == 2
    doc = json.loads(whole.stdout)
    assert [json.loads(line) for line in lines.stdout.splitlines()] == doc["files"]
    assert [f["path"] for f in doc["files"]] == files and doc["files"][3]["error"].startswith(files[3])
    assert whole.stdout.startswith('{\n  "files": [\n    {\n      "path": ') and whole.stdout.endswith("\n  ]\n}\n")
    empty = run("validate", str(tmp_path / "none-*.json"), "--json")
    assert json.loads(empty.stdout)["files"][0]["error"].endswith("the pattern matches no file")


def test_full_standard_output_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "r.json"
    src.write_bytes(dumps(report(1)))
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "disclosure_schema", "validate", str(src)], stdout=full,
                             stderr=subprocess.PIPE, text=True, env=ENV, timeout=300)
    assert res.returncode == 2
    assert res.stderr == "disclosure-schema: error: cannot write to standard output: No space left on device\n"


def test_jobs_are_bounded() -> None:
    assert worker_count(1000, 40) == min(40, 2 * default_jobs())
    assert worker_count(8, 3) == min(3, 2 * default_jobs()) and worker_count(0, 5) == 1


def test_a_broken_plugin_makes_renderers_fail(tmp_path: Path) -> None:
    dist = tmp_path / "broken_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[disclosure_schema.renderers]\nbroken = no_such_module:Renderer\n",
                                           encoding="utf-8")
    res = run("renderers", env={"PYTHONPATH": str(tmp_path)})
    assert res.returncode == 2
    line = next(x for x in res.stdout.splitlines() if " broken " in x)
    assert line.split()[:4] == ["renderer", "broken", "broken-plugin", "1.0"]
    assert line.endswith("FAILED: ModuleNotFoundError: No module named 'no_such_module'")
    assert run("renderers").returncode == 0


def test_plugins_load_only_when_used(tmp_path: Path) -> None:
    src = tmp_path / "r.json"
    src.write_bytes(dumps(report(1)))
    code = ("import sys; from disclosure_schema.cli import main; main(sys.argv[1:]); "
            "print(sorted(m for m in ('lxml', 'reportlab', 'disclosure_schema_text', 'disclosure_schema_xml', "
            "'disclosure_schema_pdf', 'cattrs', 'importlib.metadata', 'concurrent.futures.process') "
            "if m in sys.modules), file=sys.stderr)")
    res = subprocess.run([sys.executable, "-c", code, "validate", str(src)], capture_output=True, text=True, env=ENV)
    assert res.stderr.strip().splitlines()[-1] == "[]"
    listing = ("import sys; from disclosure_schema.plugins import plugin_infos; "
               "print([i.name for i in plugin_infos() if i.error], 'reportlab' in sys.modules, 'lxml' in sys.modules)")
    res = subprocess.run([sys.executable, "-c", listing], capture_output=True, text=True, env=ENV)
    assert res.stdout.strip() == "[] False False"
    pdf = subprocess.run([sys.executable, "-m", "disclosure_schema", "render", str(src), "--to", "pdf"],
                         capture_output=True, env=ENV, timeout=300)
    assert pdf.returncode == 0 and pdf.stdout.startswith(b"%PDF")  # not a terminal: binary output is fine


def test_options_are_checked_once_against_the_renderers_metadata(tmp_path: Path) -> None:
    src = tmp_path / "r.json"
    src.write_bytes(dumps(report(1)))
    res = run("render", str(src), str(src.with_name("s.json")), "--to", "text", "--font", "x.ttf", "-o", str(tmp_path))
    assert res.returncode == 2 and res.stderr == ("disclosure-schema: error: --font: the text renderer has no option "
                                                  "font; it takes ambiguous_width, label_width\n")
    res = run("render", str(src), "--to", "text", "--option", "label_width=30")
    assert res.returncode == 0 and res.stdout.startswith("# disclosure-schema")
