"""The batch summary for people: per agency and year, clean / errors / unreadable, frequent findings; the HTML page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from disclosure_schema.cli import main
from tests.corpus_folder import AGENCIES, build


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build(tmp_path_factory.mktemp("corpus"))
    (root / "broken.json").write_text("{", encoding="utf-8")
    return root


def run(folder: Path, *extra: str) -> None:
    main(["validate", str(folder), "--aliases", str(folder / "aliases.toml"), "--rollup", str(folder / "rollup.toml"),
          "--jobs", "1", "--summary", *extra])


def test_the_summary_counts_reports_per_agency_and_year(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(folder, "--lang", "en")
    out = capsys.readouterr().out
    text = out[out.index("file(s):") - 3:]
    assert text.startswith("60 file(s): 55 without errors, 4 with errors, 1 unreadable (1 with warnings)")
    lines = text.splitlines()
    assert lines[1] == "agency\t2021\t2022\t2023\terrors\twarnings"
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in lines[2:22]}
    assert rows[AGENCIES[9]] == ["1", "0", "1", "0", "1"]  # the missing year, and its gap warning
    assert rows[AGENCIES[11]] == ["1", "2", "1", "1", "0"]  # the duplicate
    assert rows[AGENCIES[17]] == ["1", "1", "1", "0", "0"]  # renamed: one agency under its current name
    assert rows[AGENCIES[15]] == ["1", "1", "0", "0", "0"]
    assert "示例县工商行政管理局" not in rows
    assert lines[22:] == [
        "Most frequent findings:",
        "  applications.carry_over (error): 2 finding(s) in 1 report(s)",
        "  chain.duplicate (error): 1 finding(s) in 1 report(s)",
        "  chain.gap (warning): 1 finding(s) in 1 report(s)",
        "  rollup.missing_unit (error): 1 finding(s) in 1 report(s)",
        "  rollup.sum (error): 1 finding(s) in 1 report(s)",
    ]


def test_the_page_has_charts_from_matplotlib_and_the_tables(folder: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "summary.html"
    run(folder, "--json", "--report", str(page))
    captured = capsys.readouterr()
    json.loads(captured.out)  # stdout stays one JSON document; the summary went to stderr
    skipped, summary = captured.err.split("\n", 1)  # the folder's mapping files are listed first
    assert "2 file(s) in the folders given are of a kind no reader takes" in skipped and "aliases.toml" in skipped
    assert summary.startswith("报告文件 60 份：无错误 55，有错误 4，无法读取 1（有警告 1）\n")
    html = page.read_text(encoding="utf-8")
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2 and all("Created with Matplotlib" in s or "matplotlib" in s.lower() for s in svgs)
    by_rule, by_agency = svgs
    for rule in ("applications.carry_over", "chain.duplicate", "rollup.missing_unit", "rollup.sum", "chain.gap"):
        assert rule in by_rule  # text stays text (the browser draws it)
    for i in (0, 7, 9, 11, 12):
        assert AGENCIES[i] in by_agency
    assert AGENCIES[1] not in by_agency  # agencies without findings are not charted
    assert f"<tr><td>{AGENCIES[11]}</td><td>1</td><td>2</td><td>1</td><td>1</td><td>0</td></tr>" in html
    assert "<b>无法读取 unreadable</b>1" in html
