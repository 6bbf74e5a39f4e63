"""The published rule catalogue, ``validate --rules``, ``--ignore`` and waivers on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import disclosure_schema as ds
from disclosure_schema.findings import Waiver
from disclosure_schema.jsonio import dumps, loads
from disclosure_schema.rules.catalogue import catalogue_markdown

from .conftest import CHENGGONG, REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "disclosure_schema", *args], capture_output=True, text=True,
                          timeout=120)


def test_docs_rules_md_is_current() -> None:
    expected = catalogue_markdown()
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, "regenerate: python -m disclosure_schema.rules.catalogue > docs/rules.md"


def test_every_rule_names_its_source_and_every_kind_its_messages() -> None:
    for fmt in (ds.get_format("gov-2019"), ds.get_format("gov-2021")):
        assert all(rule.source for rule in fmt.rules), fmt.id
    page = catalogue_markdown()
    assert "| `narrative.numbers` | narrative_numbers | warning |" in page
    assert "| `narrative.number_mismatch` | {section}第 {position} 字“{sentence}”写的是 {stated}，{reading} |" in page


def test_validate_rules_lists_the_catalogue() -> None:
    res = run("validate", "--rules", "--lang", "en")
    assert res.returncode == 0
    lines = res.stdout.splitlines()
    assert lines[0] == "format\trule\tkind\tseverity\tsource\tmessage"
    assert ("gov-2021\tproactive.rules_level\tagency_level\twarning\t"
            "《立法法》：规章由国务院部门和省、自治区、直辖市、设区的市、自治州的人民政府制定\t"
            "county-level and lower agencies cannot make 规章: table A's 规章 row must be 0") in lines
    assert len(lines) == 1 + len(ds.get_format("gov-2019").rules) + len(ds.get_format("gov-2021").rules)


def test_ignore_and_waivers(tmp_path: Path) -> None:
    fmt = ds.get_format("gov-2021")
    cells = {k: Decimal(0) if kind is ds.CellKind.AMOUNT else 0 for k, kind in fmt.cell_kinds.items()}
    report = ds.Report.create(fmt, "某区司法局", 2024).with_cells(cells).set("B", "一", "自然人", 58)
    path = tmp_path / "r.json"
    path.write_bytes(dumps(report))
    plain = run("validate", str(path), "--json")
    assert plain.returncode == 1
    assert sorted(f["rule"] for f in json.loads(plain.stdout)["files"][0]["findings"]) == [
        "applications.balance", "applications.row_total"]
    ignored = run("validate", str(path), "--json", "--ignore", "applications.balance", "--ignore",
                  "applications.row_total")
    assert ignored.returncode == 0 and json.loads(ignored.stdout)["files"][0]["findings"] == []
    # a waiver keeps the findings, marked with the reason, and they are no longer errors
    waived = report.with_meta(waivers=[Waiver("applications.balance", "系统导出错误，已上报"),
                                       Waiver("applications.row_total", "系统导出错误，已上报")])
    path.write_bytes(dumps(waived))
    assert loads(path.read_bytes()).waivers == waived.waivers
    res = run("validate", str(path), "--json")
    assert res.returncode == 0
    found = json.loads(res.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["waived"]) for f in found] == [("applications.balance", "系统导出错误，已上报"),
                                                          ("applications.row_total", "系统导出错误，已上报")]
    text = run("validate", str(path)).stdout.splitlines()
    assert text[0] == "错误 0 项，警告 0 项，无法核验 0 项，已豁免 2 项"
    assert "  已豁免（系统导出错误，已上报） applications.balance: 自然人列：一+二 = 58+0 = 58，（七）总计+四 = 0+0 = 0，" \
           "相差 58（第一项加第二项之和应等于第三项（七）总计加第四项之和）" in text
    # an ignore that names no rule of any format is refused; one of another format than the report's is warned of
    bad = run("validate", str(path), "--ignore", "no.such.rule", "--ignore", "applications.balance")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == "validate: --ignore no.such.rule: no format has such a rule (see: validate --rules)\n"
    assert "narrative.fees_denied" not in {r.id for r in ds.get_format("gov-2019").rules}
    old = ds.Report.create(ds.get_format("gov-2019"), "某区司法局", 2019)
    path.write_bytes(dumps(old))
    other = run("validate", str(path), "--ignore", "narrative.fees_denied").stdout
    assert "警告 reports.waiver: 忽略的规则 narrative.fees_denied 不是 gov-2019 的规则" in other


def test_text_inputs_are_checked_for_their_headings(tmp_path: Path) -> None:
    text = CHENGGONG.read_text(encoding="utf-8")
    assert "document.structure" not in run("validate", str(CHENGGONG)).stdout
    renamed = tmp_path / "renamed.txt"
    renamed.write_text(text.replace("五、存在的主要问题及改进情况", "五、存在问题和改进措施"), encoding="utf-8")
    out = run("validate", str(renamed)).stdout
    assert "document.structure: 第 " in out and "“五、存在问题和改进措施”与格式规定的“五、存在的主要问题及改进情况”不同" in out
