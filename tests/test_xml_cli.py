"""The command line with XML, run as a user runs it: render, validate, convert, and a bad file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lxml import etree

from disclosure_schema import Report, Verbatim
from disclosure_schema.jsonio import dumps, loads
from disclosure_schema_xml import read_report

from .conftest import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "disclosure_schema", *args], capture_output=True, text=True,
                          timeout=120)


def report() -> Report:
    return (Report.create("gov-2021", "某局", 2024).set("B", "一", "自然人", 58).set("B", "二", "自然人", 2)
            .set("B", "（七）总计", "自然人", Verbatim("—")).with_text("overview", "总体\r\n情况"))


def test_render_validate_convert(tmp_path: Path) -> None:
    source = tmp_path / "r.json"
    source.write_bytes(dumps(report()))
    xml = tmp_path / "r.xml"
    res = run("render", str(source), "--to", "xml", "-o", str(xml))
    assert res.returncode == 0, res.stderr
    schema = etree.XMLSchema(etree.parse(str(REPO / "specs" / "gov-2021.xsd")))
    assert schema.validate(etree.parse(str(xml)))
    assert read_report(xml.read_bytes(), str(xml)) == report()

    checked = run("validate", str(xml), "--json")  # the XML is recognised without --from
    assert checked.returncode in (0, 1), checked.stderr
    (result,) = json.loads(checked.stdout)["files"]
    assert result["format"] == "gov-2021" and result["error"] is None
    # the placeholder came through as text, so a rule on that cell is not assessable (not 0)
    assert any(f["status"] == "not_assessable" and "—" in f["message"]["zh"] for f in result["findings"])

    back = run("convert", str(xml), "--to", "json")
    assert back.returncode == 0, back.stderr
    assert loads(back.stdout) == report()


def test_bad_xml_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<?xml version='1.0'?>\n<!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n<r>&x;</r>\n")
    res = run("validate", str(bad))
    assert res.returncode == 2
    assert res.stderr.strip() == (f"{bad}:line 2: a DOCTYPE is not allowed in a report (DTDs and entities can read "
                                  "files, reach the network or expand without bound)")
