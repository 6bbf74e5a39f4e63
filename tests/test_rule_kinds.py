"""Open rule kinds: a kind from a package outside the library, installed by entry point, used from a spec.

The package is tests/plugins/ds_rule_maxlen; it is installed into a temporary
site folder with its own dist-info (what pip writes), so that
``importlib.metadata`` finds its entry point exactly as it would after
``pip install``. The property tests draw valid and broken reports for every
rule that has hooks, the third party's included.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import disclosure_schema as ds
from disclosure_schema.errors import SpecError
from disclosure_schema.jsonio import dumps
from disclosure_schema.rules import kinds
from disclosure_schema.testing import broken_reports, valid_reports

from .conftest import REPO

PLUGINS = REPO / "tests" / "plugins"
SPEC = PLUGINS / "maxlen-2021.toml"


def install(site: Path) -> Path:
    """``ds_rule_maxlen`` as pip would install it: the package and a dist-info with its entry point."""
    shutil.copytree(PLUGINS / "ds_rule_maxlen", site / "ds_rule_maxlen")
    info = site / "ds_rule_maxlen-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ds-rule-maxlen\nVersion: 0.1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[disclosure_schema.rule_kinds]\nmax_length = ds_rule_maxlen:MaxLengthKind\n", encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = install(tmp_path_factory.mktemp("site"))
    sys.path.insert(0, str(path))
    kinds.refresh()
    try:
        yield path
    finally:
        sys.path.remove(str(path))
        sys.modules.pop("ds_rule_maxlen", None)
        kinds.refresh()


@pytest.fixture(scope="module")
def fmt(site: Path) -> ds.ReportFormat:
    return ds.load_spec(SPEC, editions=ds.formats)


def test_without_the_package_the_spec_names_the_unknown_kind() -> None:
    kinds.refresh()
    with pytest.raises(SpecError) as err:
        ds.load_spec(SPEC, editions=ds.formats)
    message = str(err.value)
    assert message.startswith(f"{SPEC}: rules[")
    assert "(overview.length).type: unknown rule type 'max_length'" in message
    assert "narrative_numbers" in message  # the known kinds are listed


def test_the_installed_kind_checks_and_words_its_findings(fmt: ds.ReportFormat) -> None:
    rule = next(r for r in fmt.rules if r.id == "overview.length")
    assert type(rule).__module__ == "ds_rule_maxlen" and rule.source == "某县政务公开考核评分细则"
    report = ds.Report.create(fmt, "某县司法局", 2024).with_text("overview", "公开" * 600)
    (finding,) = ds.validate(report).by_rule("overview.length")
    assert finding.code == "max_length.too_long"
    assert finding.message_zh == "overview 部分有 1200 字，超过 1000 字的上限"
    assert finding.message_en == "section overview has 1200 characters, more than the limit of 1000"
    assert finding.to_json()["params"] == {"section": "overview", "length": 1200, "limit": 1000}
    assert ds.validate(report.with_text("overview", "公开" * 500)).by_rule("overview.length") == ()


def test_parameters_are_checked_when_the_spec_loads(site: Path, tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8")
    cases = {
        'limit = 1000': ('limit = "many"', "rules[21] (overview.length).limit: must be an integer, not str 'many'"),
        'section = "overview"': ('section = "preface"', "rules[21] (overview.length).section: no section 'preface'"),
        'severity = "warning"': ('severity = "warning"\ncolour = "red"', "unknown key(s) colour; allowed:"),
    }
    for old, (new, expected) in cases.items():
        path = tmp_path / "bad.toml"
        path.write_text(text.replace(old, new), encoding="utf-8")
        with pytest.raises(SpecError) as err:
            ds.load_spec(path, editions=ds.formats)
        assert str(err.value).startswith(f"{path}: ") and expected in str(err.value), str(err.value)
    path = tmp_path / "zero.toml"
    path.write_text(text.replace("limit = 1000", "limit = 0"), encoding="utf-8")
    with pytest.raises(SpecError, match=r"rules\[21\] \(overview.length\).limit: must be at least 1, not 0"):
        ds.load_spec(path, editions=ds.formats)


def test_the_command_line_finds_the_kind_by_entry_point(site: Path, tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(SPEC, specs)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
           "DISCLOSURE_SCHEMA_SPECS": str(specs)}
    fmt = ds.load_spec(SPEC, editions=ds.formats)
    report = ds.Report.create(fmt, "某县司法局", 2024).with_text("overview", "公开" * 600)
    path = tmp_path / "r.json"
    path.write_bytes(dumps(report))
    res = subprocess.run([sys.executable, "-m", "disclosure_schema", "validate", str(path), "--json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    findings = json.loads(res.stdout)["files"][0]["findings"]
    mine = [f for f in findings if f["rule"] == "overview.length"]
    assert [f["code"] for f in mine] == ["max_length.too_long"]
    listed = subprocess.run([sys.executable, "-m", "disclosure_schema", "validate", "--rules"],
                            capture_output=True, text=True, env=env, timeout=120, check=True).stdout
    assert "maxlen-2021\toverview.length\tmax_length\twarning\t某县政务公开考核评分细则\t总体情况不超过1000字" in listed


class Shown:
    """A drawn case with a short repr (hypothesis prints what it draws; a report's cells run to 150 kB)."""

    def __init__(self, case: tuple[str, ds.Report, ds.Report | None]) -> None:
        self.case = case

    def __repr__(self) -> str:
        rule, report, _ = self.case
        return f"<{rule}: {report.agency!r} {report.year} sections={dict(report.sections)!r}>"


def draw_broken(data: st.DataObject, fmt: ds.ReportFormat | str) -> tuple[str, ds.Report, ds.Report | None]:
    return data.draw(broken_reports(fmt).map(Shown), label="broken").case


@settings(max_examples=30)
@given(data=st.data())
def test_valid_reports_of_the_variant_pass_every_rule(fmt: ds.ReportFormat, data: st.DataObject) -> None:
    report = data.draw(valid_reports(fmt).map(lambda r: Shown(("-", r, None))), label="report").case[1]
    assert ds.validate(report).findings == ()


@settings(max_examples=60)
@given(data=st.data())
def test_broken_reports_are_caught_by_the_rule_that_broke(fmt: ds.ReportFormat, data: st.DataObject) -> None:
    rule, report, previous = draw_broken(data, fmt)
    assert ds.validate(report, previous).by_rule(rule), rule


@pytest.mark.parametrize("fmt_id", ["gov-2019", "gov-2021"])
@settings(max_examples=60)
@given(data=st.data())
def test_every_builtin_kind_with_hooks_is_caught(fmt_id: str, data: st.DataObject) -> None:
    rule, report, previous = draw_broken(data, fmt_id)
    found = ds.validate(report, previous).by_rule(rule)
    assert found and all(f.rule == rule for f in found), rule


def test_the_strategies_break_every_kind_that_says_how() -> None:
    fmt = ds.get_format("gov-2021")
    breakable = {r.type_name for r in fmt.rules
                 if getattr(kinds.get_kind(r.type_name), "violate_pair" if r.cross_report else "violate", None)}
    assert {"narrative_numbers", "narrative_claim", "narrative_mentions", "structure", "agency_level",
            "copying"} <= breakable


def test_builtin_kind_parameters_are_checked_when_the_spec_loads(tmp_path: Path) -> None:
    base = 'extends = "gov-2021"\nid = "v"\n[[rules]]\nid = "x"\ntype = "narrative_numbers"\n'
    cases = [
        ('[[rules.phrases]]\nid = "p"\npattern = "收到申请件"\nreadings = [["applications.new_requests.total"]]',
         "rules[21] (x).phrases[0].pattern: must hold {n} (where the counted number stands) exactly once"),
        ('[[rules.phrases]]\nid = "p"\npattern = "收到({n}件"\nreadings = [["applications.new_requests.total"]]',
         "rules[21] (x).phrases[0].pattern: not a regular expression: missing ), unterminated subpattern"),
        ('[[rules.phrases]]\nid = "p"\npattern = "收到{n}件"\nreadings = [["applications.new_requests.sum"]]',
         "rules[21] (x).phrases[0].readings[0][0]: 'applications.new_requests.sum' is not a data cell"),
        ('sections = ["applications"]\n[[rules.phrases]]\nid = "p"\npattern = "收到{n}件"\nreadings = ["applications.new_requests.total"]',
         "rules[21] (x).sections[0]: 'applications' is a table section"),
        ('phrases = "收到{n}件"', "rules[21] (x).phrases: must be a list of tables of keys"),
        ('[[rules.phrases]]\nid = "p"\npattern = "收到{n}件"\nreadings = [["applications.new_requests.total", '
         '"proactive.fees.fees_amount"]]', "the cells of one reading have different units (, 万元)"),
    ]
    for patch, expected in cases:
        path = tmp_path / "v.toml"
        path.write_text(base + patch + "\n", encoding="utf-8")
        with pytest.raises(SpecError) as err:
            ds.load_spec(path)
        assert str(err.value).startswith(f"{path}: ") and expected in str(err.value), str(err.value)
    path = tmp_path / "v.toml"
    path.write_text('extends = "gov-2021"\nid = "v"\n[[rules]]\nid = "y"\ntype = "agency_level"\n'
                    'cells = ["proactive.rules.issued"]\nlevels = ["village"]\n', encoding="utf-8")
    with pytest.raises(SpecError, match=r"rules\[21\] \(y\)\.levels\[0\]: must be one of national, province, city, "
                                        r"county, township, not 'village'"):
        ds.load_spec(path)


def test_the_builtin_kinds_are_this_packages_entry_points() -> None:
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"][
        "disclosure_schema.rule_kinds"]
    used = {r.type_name for fid in ("gov-2019", "gov-2021") for r in ds.get_format(fid).rules}
    assert used <= set(declared) == kinds.builtin_kind_names()
    for name, target in declared.items():
        module, _, attr = target.partition(":")
        assert module.startswith("disclosure_schema.rules.") and kinds.get_kind(name) is getattr(
            __import__(module, fromlist=[attr]), attr)
