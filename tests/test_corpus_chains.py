"""Year chains, duplicates and roll-ups over a folder of 20 agencies × 3 years with planted breaks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from disclosure_schema.cli import main
from tests.corpus_folder import PLANTED, build, count


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("corpus"))


def validate_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["validate", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def found(doc: dict[str, Any], root: Path) -> dict[str, set[tuple[str, tuple[tuple[str, str, str, bool], ...]]]]:
    """Per file (relative path), its findings as (rule, cells)."""
    out = {}
    for f in doc["files"]:
        assert f["error"] is None, f["error"]
        out[str(Path(f["path"]).relative_to(root))] = {
            (x["rule"], tuple((c["table"], c["row"], c["column"], c["previous"]) for c in x["cells"]))
            for x in f["findings"]
        }
    return out


def test_every_planted_problem_is_found_at_its_cells_and_nothing_else(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = validate_json(capsys, str(folder), "--aliases", str(folder / "aliases.toml"),
                              "--rollup", str(folder / "rollup.toml"), "--jobs", "2")
    assert code == 1  # errors found
    files = found(doc, folder)
    assert len(files) == 20 * 3 - 2 + 1  # two missing reports, one duplicate
    assert {p: fs for p, fs in files.items() if fs} == {p: set(fs) for p, fs in PLANTED.items()}


def test_the_messages_name_the_problem(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", str(folder), "--aliases", str(folder / "aliases.toml"), "--rollup", str(folder / "rollup.toml"),
          "--jobs", "1", "--lang", "en"])
    out = capsys.readouterr().out
    assert "chain.gap: the batch has reports of “示例县交通运输局” for 2021, 2023 but none for 2022; " \
           "2023 was not checked against its previous year" in out
    assert "chain.duplicate: the same agency and year as 2022.json, but 1 cell(s) differ: A表 行政事业性收费/" in out
    assert "rollup.missing_unit: no 2023 report of unit(s) 示例县审计局 (of 3); the sums were not checked" in out
    assert "rollup.sum: A表 行政处罚/本年处理决定数量: this report gives" in out and "off by 1" in out


def test_without_the_alias_file_a_renamed_agency_is_two_chains(
        folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from disclosure_schema.jsonio import loads, to_json

    # break the carry-over across the rename: only a chain through the alias can see it
    report = loads((folder / "a17" / "2022.json").read_bytes())
    assert count(report, "B", "new_requests", "commercial") >= 2
    bad = report.with_cells({("applications", row, col): count(report, "B", row, col) + change
                             for row, change in (("carried_over", 2), ("new_requests", -2))
                             for col in ("commercial", "total")})
    (tmp_path / "2022.json").write_text(to_json(bad), encoding="utf-8")
    (tmp_path / "2021.json").write_bytes((folder / "a17" / "2021.json").read_bytes())
    _, plain = validate_json(capsys, str(tmp_path), "--chains", "--jobs", "1")
    assert found(plain, tmp_path) == {"2021.json": set(), "2022.json": set()}
    _, chained = validate_json(capsys, str(tmp_path), "--aliases", str(folder / "aliases.toml"), "--jobs", "1")
    rules = {rule for rule, _ in found(chained, tmp_path)["2022.json"]}
    assert rules == {"applications.carry_over"}  # and no reports.pair error: one agency by the alias file


def test_chains_cross_the_2020_to_2021_edition_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from disclosure_schema import Report
    from disclosure_schema.corpus.sample import agency_chain
    from disclosure_schema.jsonio import to_json

    current = agency_chain("某局", 2021, 1, seed=1)[0]
    old = Report.create("gov-2019", "某局", 2020).with_cells(
        {("applications", "carried_forward", c): current.cells[("applications", "carried_over", c)]
         for c in ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")})
    old = old.set("B", "carried_forward", "total", 1 + count(current, "B", "carried_over", "total"))
    (tmp_path / "2020.json").write_text(to_json(old), encoding="utf-8")
    (tmp_path / "2021.json").write_text(to_json(current), encoding="utf-8")
    _, doc = validate_json(capsys, str(tmp_path), "--chains", "--jobs", "1")
    files = found(doc, tmp_path)
    assert ("applications.carry_over", (("applications", "carried_forward", "total", True),
                                        ("applications", "carried_over", "total", False))) in files["2021.json"]
    assert ("reports.pair", ()) in files["2021.json"]  # the edition change is said, as with --previous
    assert not any(rule == "applications.carry_over" and cells[0][2] != "total" for rule, cells in files["2021.json"])


def test_previous_and_chains_do_not_mix(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(folder / "a01"), "--chains", "--previous", str(folder / "a01" / "2021.json")])
    assert code == 2
    assert "give either --previous (one pair) or --chains" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "text", "message"), [
    ("rollup.toml", "[[rollup]]\nparent = 1\n", "rollup[0].parent: must be an agency name"),
    ("rollup.toml", "[[rollup]]\nparent = \"a\"\nunits = []\n", "rollup[0].units: must be a non-empty list"),
    ("rollup.toml", "parent = \n", "not valid TOML"),
    ("rollup.toml", "[[rollup]]\nparent = \"甲 局\"\nunits = [\"甲局\"]\n", "rollup[0].units: '甲 局' is the parent"),
    ("aliases.toml", "[agencies]\n\"a\" = [\"b\"]\n\"c\" = [\"b\"]\n", "'b' is already a name of another agency"),
])
def test_bad_mapping_files_say_where(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    option = "--rollup" if name.startswith("rollup") else "--aliases"
    code = main(["validate", str(folder / "a01"), option, str(path)])
    err = capsys.readouterr().err
    assert code == 2 and str(path) in err and message in err
    assert "Traceback" not in err


def test_an_identical_copy_is_a_warning_and_both_copies_get_the_cross_year_rules(
        folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("2021.json", "2022.json"):
        (tmp_path / name).write_bytes((folder / "a07" / name).read_bytes())  # 2022 has the carry-over break
    (tmp_path / "2022.portal.json").write_bytes((folder / "a07" / "2022.json").read_bytes())
    _, doc = validate_json(capsys, str(tmp_path), "--chains", "--jobs", "1")
    files = {Path(f["path"]).name: [(x["rule"], x["severity"], x["message"]["en"]) for x in f["findings"]]
             for f in doc["files"]}
    assert files["2021.json"] == []
    assert [r for r, _, _ in files["2022.json"]] == ["applications.carry_over"] * 2
    assert files["2022.portal.json"][:2] == files["2022.json"]
    assert files["2022.portal.json"][2:] == [
        ("chain.duplicate", "warning", "the same agency and year as 2022.json; the content is the same")]


def test_ignore_reaches_the_chained_batch(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--aliases", str(folder / "aliases.toml"), "--rollup", str(folder / "rollup.toml"), "--jobs", "1")
    _, doc = validate_json(capsys, str(folder), *args, "--ignore", "applications.carry_over")
    rules = {rule for fs in found(doc, folder).values() for rule, _ in fs}
    assert "applications.carry_over" not in rules and "chain.gap" in rules  # the rest is still checked
