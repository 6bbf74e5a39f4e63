"""``export``: one row per cell (or per report), findings as their own table; exact in CSV, Parquet, JSON Lines;
loadable by pandas, Polars and DuckDB without a schema of the user's."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure_schema import Report, Verbatim, get_format
from disclosure_schema.cli import main
from disclosure_schema.inputs import read_file
from disclosure_schema.jsonio import to_json
from disclosure_schema.values import format_value
from tests.corpus_folder import PLANTED, build

N_CELLS = len(get_format("gov-2021").cell_kinds)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build(tmp_path_factory.mktemp("corpus"))
    odd = (Report.create("gov-2021", "示例县林业局", 2024)
           .set("A", "fees", "fees_amount", Decimal("4068.208")).set("B", "一", "自然人", Verbatim("22（其中修订16件）"))
           .set("B", "二", "自然人", Verbatim("—")))
    (root / "a19" / "2024.json").write_text(to_json(odd), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def exported(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for kind in ("csv", "parquet", "jsonl"):
        target = tmp_path_factory.mktemp(kind)
        assert main(["export", str(folder), "--to", kind, "-o", str(target), "--jobs", "2", "-q",
                     "--aliases", str(folder / "aliases.toml"), "--rollup", str(folder / "rollup.toml")]) == 0
        out[kind] = target
    return out


def reports(folder: Path) -> dict[str, Report]:
    return {str(p): read_file(p).report for p in sorted(folder.rglob("*")) if p.suffix in (".json", ".xml", ".txt")}


def test_csv_has_one_row_per_cell_and_round_trips(folder: Path, exported: dict[str, Path]) -> None:
    with (exported["csv"] / "cells.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    originals = reports(folder)
    assert len(rows) == len(originals) * N_CELLS == 60 * N_CELLS
    assert len({(r["source"], r["table"], r["row"], r["column"]) for r in rows}) == len(rows)
    for r in rows:
        value = originals[r["source"]].cells.get((r["table"], r["row"], r["column"]))
        assert r["value"] == format_value(value)
        assert r["blank"] == ("true" if value is None else "false")
        assert r["text"] == ("true" if isinstance(value, Verbatim) else "false")
        if isinstance(value, int | Decimal):
            assert type(value)(r["number"]) == value and r["number"] == str(value)  # exact, digits kept
        else:
            assert r["number"] == ""
    fee = next(r for r in rows if r["source"].endswith("a19/2024.json") and r["column"] == "fees_amount")
    assert (fee["value"], fee["number"], fee["unit"], fee["kind"]) == ("4068.208", "4068.208", "万元", "amount")
    text = next(r for r in rows if r["source"].endswith("a19/2024.json") and r["row"] == "new_requests"
                and r["column"] == "natural_person")
    assert (text["value"], text["number"], text["text"], text["label"]) == ("22（其中修订16件）", "", "true", "B表 一/自然人")
    renamed = {r["agency"]: r["agency_key"] for r in rows if r["source"].split("/")[-2] == "a17"}
    assert renamed == {"示例县工商行政管理局": "示例县市场监督管理局", "示例县市场监督管理局": "示例县市场监督管理局"}


def test_findings_are_their_own_table(folder: Path, exported: dict[str, Path]) -> None:
    with (exported["csv"] / "findings.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    planted = {(p, rule) for p, fs in PLANTED.items() for rule, _ in fs}
    failed = {(str(Path(r["source"]).relative_to(folder)), r["rule"]) for r in rows if "a19/2024" not in r["source"]}
    assert failed == planted
    sums = [r for r in rows if r["rule"] == "rollup.sum"]
    assert [(s["table"], s["row"], s["column"], s["difference"]) for s in sums] == [
        ("proactive", "penalties", "decisions", "1")]


def test_parquet_keeps_decimals_exact_in_pyarrow_pandas_polars_and_duckdb(folder: Path,
                                                                         exported: dict[str, Path]) -> None:
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = exported["parquet"] / "cells.parquet"
    table = pq.read_table(path)
    assert table.num_rows == 60 * N_CELLS
    assert table.schema.field("number").type == pa.decimal128(38, 6)
    assert table.schema.field("year").type == pa.int32() and table.schema.field("blank").type == pa.bool_()
    originals = reports(folder)
    for row in table.to_pylist():  # every cell round-trips: the same value, the same number, exactly
        value = originals[row["source"]].cells.get((row["table"], row["row"], row["column"]))
        assert row["value"] == (None if value is None else format_value(value))
        assert row["number"] == (value if isinstance(value, int | Decimal) else None)
        assert (row["blank"], row["text"]) == (value is None, isinstance(value, Verbatim))
    expected = Decimal(0)
    for r in originals.values():
        fee = r.cells[("proactive", "fees", "fees_amount")]
        assert isinstance(fee, Decimal)
        expected += fee
    assert expected.as_tuple().exponent == -3

    frame = pd.read_parquet(path)
    amounts = frame.loc[frame["column"] == "fees_amount", "number"]
    assert all(isinstance(x, Decimal) for x in amounts) and sum(amounts, Decimal(0)) == expected

    lazy = pl.read_parquet(path).filter(pl.col("column") == "fees_amount")
    assert isinstance(lazy.schema["number"], pl.Decimal)
    assert Decimal(str(lazy["number"].sum())) == expected

    con = duckdb.connect()
    [(total,)] = con.execute(f"SELECT sum(number) FROM '{path}' WHERE \"column\" = 'fees_amount'").fetchall()
    assert total == expected and isinstance(total, Decimal)
    [(blank, text)] = con.execute(f"SELECT count(*) FILTER (blank), count(*) FILTER (text) FROM '{path}'").fetchall()
    assert (blank, text) == (N_CELLS - 3, 2)  # the odd report: three cells filled, two of them as text


def test_csv_and_jsonl_load_without_a_schema(exported: dict[str, Path]) -> None:
    import duckdb
    import pandas as pd
    import polars as pl

    cells_csv = exported["csv"] / "cells.csv"
    assert len(pd.read_csv(cells_csv, dtype=str, keep_default_na=False)) == 60 * N_CELLS
    assert pl.read_csv(cells_csv, infer_schema=False).height == 60 * N_CELLS
    by_table = dict(duckdb.connect().execute(
        f"SELECT \"table\", count(*) FROM read_csv('{cells_csv}', all_varchar=true) GROUP BY ALL").fetchall())
    fmt = get_format("gov-2021")
    assert by_table == {t.id: 60 * sum(1 for _ in t.cells()) for t in fmt.tables}
    lines = (exported["jsonl"] / "cells.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 60 * N_CELLS
    fee = next(json.loads(x) for x in lines if '"fees_amount"' in x and "a19/2024" in x)
    assert fee["number"] == "4068.208" and fee["blank"] is False  # a string: never a float
    assert pl.read_ndjson(exported["jsonl"] / "cells.jsonl").height == 60 * N_CELLS
    assert len(pd.read_json(exported["jsonl"] / "findings.jsonl", lines=True, dtype=False)) == \
        sum(1 for _ in (exported["csv"] / "findings.csv").open(encoding="utf-8")) - 1


def test_wide_gives_one_row_per_report(folder: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    assert main(["export", str(folder / "a00"), str(folder / "a19"), "--to", "parquet", "--wide", "-o", str(tmp_path),
                 "--jobs", "1", "-q"]) == 0
    table = pq.read_table(tmp_path / "reports.parquet")
    assert table.num_rows == 7
    assert table.column_names[:5] == ["source", "agency", "agency_key", "year", "format"]
    assert len(table.column_names) == 5 + N_CELLS
    rows = {r["source"].split("/")[-2] + "/" + str(r["year"]): r for r in table.to_pylist()}
    assert rows["a19/2024"]["proactive.fees.fees_amount"] == "4068.208"
    assert rows["a19/2024"]["applications.carried_over.natural_person"] == "—"
    assert rows["a19/2024"]["applications.carried_over.total"] is None  # blank is null, not 0
    assert not (tmp_path / "cells.parquet").exists() and (tmp_path / "findings.parquet").exists()


def test_an_unreadable_file_is_a_finding_row_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.json").write_text("{", encoding="utf-8")
    code = main(["export", str(tmp_path / "in"), "--to", "csv", "-o", str(tmp_path / "out")])
    assert code == 2
    assert "bad.json" in capsys.readouterr().err
    rows = list(csv.DictReader((tmp_path / "out" / "findings.csv").open(encoding="utf-8")))
    assert [(r["rule"], r["source"].endswith("bad.json")) for r in rows] == [("file.unreadable", True)]
    assert (tmp_path / "out" / "cells.csv").read_text(encoding="utf-8").count("\n") == 1  # the header only
