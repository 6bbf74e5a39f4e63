"""A malformed spec fails on load with an error naming the file and the entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from disclosure_schema import SpecError, load_spec
from disclosure_schema.registry import builtin_spec_dir

SRC = (builtin_spec_dir() / "gov-2021.toml").read_text(encoding="utf-8")


def _load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    load_spec(path)


@pytest.mark.parametrize(
    ("old", "new", "entry", "message"),
    [
        ('kind = "amount"', 'kind = "money"', "tables.proactive.blocks[3].columns[0].kind", "unknown cell kind 'money'"),
        ('id = "carried_over"', 'id = "new_requests"', "tables.applications.blocks[0].rows[1].id", "duplicate id"),
        ('rhs = ["results_total", "carried_forward"]', 'rhs = ["results_total", "carried_forwards"]',
         "rules[0] (applications.balance)", "no row 'carried_forwards'"),
        ('id = "problems"', 'id = "overview"', "sections[4].id", "duplicate section id"),
        ('type = "sum"', 'type = "summ"', "rules[1] (applications.results_total).type", "unknown rule type"),
        ('parent = "results"\nlabel = "（一）予以公开"', 'parent = "resluts"\nlabel = "（一）予以公开"',
         "tables.applications.blocks[0].rows[3].parent", "not declared"),
        ("spec_version = 1", "spec_version = 7", "spec_version", "reads spec_version 1"),
        ('table = "appeals"\n', 'table = "appeal"\n', "sections[3].table", "no table 'appeal'"),
        ('over = ["rules", "normative_documents"]', 'over = ["rules", "normative_document"]',
         "rules[9] (proactive.stock).over", "normative_document"),
    ],
)
def test_malformed(tmp_path: Path, old: str, new: str, entry: str, message: str) -> None:
    assert old in SRC
    with pytest.raises(SpecError) as info:
        _load(tmp_path, SRC.replace(old, new, 1))
    err = info.value
    assert err.path.endswith("bad.toml")
    assert err.entry == entry
    assert message in err.message
    assert str(err).startswith(f"{err.path}: {entry}: ")


def test_not_toml(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=re.escape("bad.toml: file: not valid TOML")):
        _load(tmp_path, "id = ")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot read"):
        load_spec(tmp_path / "nope.toml")


def test_unknown_key_is_named(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"tables\.appeals\.blocks\[0\]\.rows\[0\]: unknown key\(s\) colour"):
        _load(tmp_path, SRC.replace('id = "cases"\n', 'id = "cases"\ncolour = "red"\n', 1))


def test_group_column_with_kind(tmp_path: Path) -> None:
    text = SRC.replace('id = "legal_entities"\nparent = "applicants"\nlabel = "法人或其他组织"\n',
                       'id = "legal_entities"\nparent = "applicants"\nlabel = "法人或其他组织"\nkind = "count"\n', 1)
    with pytest.raises(SpecError, match="group column holds no data"):
        _load(tmp_path, text)
