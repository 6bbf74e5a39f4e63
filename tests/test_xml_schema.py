"""The XSD files in specs/ are generated from the specs, current, and specific to their format."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from disclosure_schema import Report, get_format
from disclosure_schema_xml import render_bytes, schema_bytes
from disclosure_schema_xml.xsd import main

from .conftest import REPO


@pytest.mark.parametrize("format_id", ["gov-2019", "gov-2021"])
def test_checked_in_schema_is_the_generated_one(format_id: str) -> None:
    path = REPO / "specs" / f"{format_id}.xsd"
    assert path.read_bytes() == schema_bytes(get_format(format_id)), (
        f"{path.name} is out of date: run python -m disclosure_schema_xml.xsd")


def test_command_writes_every_builtin_schema_and_checks(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gov-2019.xsd", "gov-2021.xsd"]
    assert main(["--check", str(tmp_path)]) == 0
    (tmp_path / "gov-2021.xsd").write_bytes(b"<stale/>")
    assert main(["--check", str(tmp_path)]) == 1
    assert (tmp_path / "gov-2021.xsd").read_bytes() == b"<stale/>"  # --check writes nothing
    run = subprocess.run([sys.executable, "-m", "disclosure_schema_xml.xsd", "--check"],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


def schema(format_id: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(REPO / "specs" / f"{format_id}.xsd")))


def document(format_id: str) -> bytes:
    first_cell = get_format(format_id).cell_keys()[0]  # rules/issued in gov-2021
    return render_bytes(Report.create(format_id, "某局", 2021).with_cells({first_cell: 5}))


def errors(format_id: str, data: bytes) -> str:
    check = schema(format_id)
    assert not check.validate(etree.fromstring(data))
    return "\n".join(e.message for e in check.error_log)


def test_a_report_of_one_format_is_invalid_against_the_other() -> None:
    assert schema("gov-2021").validate(etree.fromstring(document("gov-2021")))
    assert "format" in errors("gov-2019", document("gov-2021"))
    as_2019 = document("gov-2021").replace(b'format="gov-2021"', b'format="gov-2019"')
    assert "new_made" in errors("gov-2019", as_2019)  # 2019's table A has other columns


def test_cells_are_typed_by_kind() -> None:
    good = document("gov-2021")
    assert "}count'" in errors("gov-2021", good.replace(b"<issued>5</issued>", b"<issued>5.0</issued>"))
    assert "}count'" in errors("gov-2021", good.replace(b"<issued>5</issued>", "<issued>—</issued>".encode()))
    amount = good.replace(b'<fees_amount xsi:nil="true"/>', b"<fees_amount>4068.208</fees_amount>")
    assert schema("gov-2021").validate(etree.fromstring(amount))
    assert "}amount'" in errors("gov-2021", amount.replace(b"4068.208", b"4.068208E3"))
    negative = good.replace(b"<issued>5</issued>", b"<issued>-5</issued>")
    assert schema("gov-2021").validate(etree.fromstring(negative))  # carried; validation flags it


def test_blank_must_be_explicit_and_rows_complete() -> None:
    good = document("gov-2021")
    assert "}count'" in errors("gov-2021", good.replace(b'<repealed xsi:nil="true"/>', b"<repealed/>"))
    assert "repealed" in errors("gov-2021", good.replace(b'<repealed xsi:nil="true"/>', b""))
    unknown = good.replace(b'<repealed xsi:nil="true"/>', b'<repealed xsi:nil="true"/><extra/>')
    assert "extra" in errors("gov-2021", unknown)


def test_schema_documents_labels_and_units() -> None:
    text = schema_bytes(get_format("gov-2021")).decode()
    assert "申请人情况 &gt; 法人或其他组织 &gt; 商业企业" in text
    assert "本年收费金额（单位：万元）</xs:documentation>" in text  # the unit once, not twice
    assert "第二十条第（一）项: 规章" in text
    assert 'name="natural_person" type="count-cell" nillable="true"' in text
