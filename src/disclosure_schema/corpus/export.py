"""Datasets: reports as rows, for pandas, Polars, DuckDB, spreadsheets.

``cells``: one row per cell of every report (blank cells included, flagged);
``reports`` (``--wide``): one row per report, a column per cell; ``findings``:
one row per finding (and one per unreadable file). Values stay exact: ``value``
is the cell as text (a count, a decimal as written, or text such as "—"), and
``number`` is the number — a string in CSV and JSON Lines, ``decimal128(38, 6)``
in Parquet (a number that does not fit is left null there; ``value`` keeps it).
Nothing passes through ``float``.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from ..cli import Outcome
from ..errors import ReadError
from ..report import Report
from ..spec import CellKey, ReportFormat
from ..values import Verbatim, format_value
from .cells import cell_labels, cell_unit
from .names import AgencyNames

KINDS = ("csv", "jsonl", "parquet")
EXTENSIONS = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet"}
PARQUET_SCALE = 6

# name, type: "str", "int", "bool" or "decimal"
CELL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "str"), ("agency", "str"), ("agency_key", "str"), ("year", "int"), ("format", "str"),
    ("table", "str"), ("row", "str"), ("column", "str"),
    ("table_label", "str"), ("row_label", "str"), ("column_label", "str"), ("label", "str"),
    ("kind", "str"), ("unit", "str"), ("value", "str"), ("number", "decimal"), ("blank", "bool"), ("text", "bool"),
    ("provenance", "str"),
)
FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "str"), ("agency", "str"), ("agency_key", "str"), ("year", "int"), ("format", "str"),
    ("finding", "int"), ("rule", "str"), ("severity", "str"), ("status", "str"),
    ("table", "str"), ("row", "str"), ("column", "str"), ("cells", "str"),
    ("expected", "str"), ("actual", "str"), ("difference", "str"),
    ("where_zh", "str"), ("where_en", "str"), ("message_zh", "str"), ("message_en", "str"),
)
REPORT_KEY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "str"), ("agency", "str"), ("agency_key", "str"), ("year", "int"), ("format", "str"),
)


def report_rows(report: Report, source: str,
                provenance: Mapping[str, str] | None = None) -> tuple[dict[str, object], ...]:
    """One dict per cell of ``report`` in spec order (``agency_key`` is filled in by the writer);
    ``provenance`` maps "table/row/column" to where the reader found the value (JSON of its origin)."""
    where = provenance or {}
    head = {"source": source, "agency": report.agency, "agency_key": None, "year": report.year}
    rows: list[dict[str, object]] = []
    for key, static in _static(report.format):
        value = report.cells.get(key)
        number = value is not None and not isinstance(value, Verbatim)
        rows.append({
            **head, **static,
            "value": None if value is None else format_value(value), "number": str(value) if number else None,
            "blank": value is None, "text": isinstance(value, Verbatim),
            "provenance": where.get("/".join(key)),  # line and column, page and cell box, table cell
        })
    return tuple(rows)


@functools.lru_cache(maxsize=32)
def _static(fmt: ReportFormat) -> tuple[tuple[CellKey, dict[str, object]], ...]:
    """The columns of a cell row that depend on the format only, computed once per format."""
    out: list[tuple[CellKey, dict[str, object]]] = []
    for key, kind in fmt.cell_kinds.items():
        table_label, row_label, column_label, label = cell_labels(fmt, key)
        out.append((key, {"format": fmt.id, "table": key[0], "row": key[1], "column": key[2],
                          "table_label": table_label, "row_label": row_label, "column_label": column_label,
                          "label": label, "kind": kind.value, "unit": cell_unit(fmt, key)}))
    return tuple(out)


def finding_rows(outcome: Outcome, agency: str | None, key: str | None, year: int | None) -> list[dict[str, object]]:
    base = {"source": outcome.path, "agency": agency, "agency_key": key, "year": year, "format": outcome.format_id}
    if outcome.error:
        return [{**base, "finding": 0, "rule": "file.unreadable", "severity": "error", "status": "failed",
                 "message_zh": outcome.error, "message_en": outcome.error}]
    out = []
    for n, f in enumerate(outcome.findings):
        cells: list[dict[str, Any]] = f["cells"]  # type: ignore[assignment]
        first = cells[0] if cells else {}
        where: dict[str, str] = f["where"]  # type: ignore[assignment]
        message: dict[str, str] = f["message"]  # type: ignore[assignment]
        out.append({
            **base, "finding": n, "rule": f["rule"], "severity": f["severity"], "status": f["status"],
            "table": first.get("table"), "row": first.get("row"), "column": first.get("column"),
            "cells": json.dumps([f"{'previous:' if c['previous'] else ''}{c['table']}/{c['row']}/{c['column']}"
                                 for c in cells], ensure_ascii=False),
            "expected": _text(f["expected"]), "actual": _text(f["actual"]), "difference": _text(f["difference"]),
            "where_zh": where["zh"], "where_en": where["en"], "message_zh": message["zh"], "message_en": message["en"],
        })
    return out


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def wide_row(rows: Sequence[dict[str, object]]) -> dict[str, object]:
    """One report's cell rows as one row: the report's keys, then ``table.row.column`` = value."""
    first = rows[0]
    out = {name: first[name] for name, _ in REPORT_KEY_COLUMNS}
    for r in rows:
        out[f"{r['table']}.{r['row']}.{r['column']}"] = r["value"]
    return out


# ------------------------------------------------------------------ writers

class Writer:
    """Rows of one table into one file, streamed in batches; columns fixed up front."""

    def __init__(self, path: Path, kind: str, columns: Sequence[tuple[str, str]]) -> None:
        self.path, self.kind, self.columns = path, kind, list(columns)
        self.names = [n for n, _ in self.columns]
        self._bools = [i for i, (_, t) in enumerate(self.columns) if t == "bool"]
        self.count = 0
        self.unfit = 0  # Parquet decimals that did not fit decimal128(38, 6)
        self._batch: list[dict[str, object]] = []
        self._file: IO[str] | None = None
        self._csv: Any = None
        self._parquet: Any = None
        try:
            if kind == "parquet":
                import pyarrow.parquet as pq

                self._schema = _arrow_schema(self.columns)
                self._parquet = pq.ParquetWriter(str(path), self._schema)
            else:
                self._file = path.open("w", encoding="utf-8", newline="")
                if kind == "csv":
                    self._csv = csv.writer(self._file, lineterminator="\n")
                    self._csv.writerow(self.names)
        except OSError as exc:
            raise ReadError(str(path), "", f"cannot write: {exc.strerror or exc}") from None

    def write(self, rows: Iterable[dict[str, object]]) -> None:
        for row in rows:
            self.count += 1
            if self._csv is not None:
                values = [row.get(n) for n in self.names]  # csv writes None as ""
                for i in self._bools:
                    values[i] = _BOOL.get(values[i], values[i])  # type: ignore[call-overload]
                self._csv.writerow(values)
            elif self._file is not None:
                self._file.write(json.dumps({n: row.get(n) for n in self.names}, ensure_ascii=False) + "\n")
            else:
                self._batch.append(row)
                if len(self._batch) >= 50_000:
                    self._flush()

    def _flush(self) -> None:
        if not self._batch:
            return
        import pyarrow as pa

        arrays = []
        for name, typ in self.columns:
            values = [r.get(name) for r in self._batch]
            if typ == "decimal":
                values = [self._decimal(v) for v in values]
            arrays.append(pa.array(values, type=self._schema.field(name).type))
        self._parquet.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
        self._batch = []

    def _decimal(self, value: object) -> Decimal | None:
        if value is None:
            return None
        d = Decimal(str(value))
        exponent = d.as_tuple().exponent
        if not isinstance(exponent, int) or -exponent > PARQUET_SCALE or d.adjusted() >= 38 - PARQUET_SCALE:
            self.unfit += 1
            return None
        return d

    def close(self) -> None:
        if self._parquet is not None:
            self._flush()
            self._parquet.close()
        if self._file is not None:
            self._file.close()


_BOOL = {True: "true", False: "false"}


def _arrow_schema(columns: Sequence[tuple[str, str]]) -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int32(), "bool": pa.bool_(), "decimal": pa.decimal128(38, PARQUET_SCALE)}
    return pa.schema([(name, types[typ]) for name, typ in columns])


def write_dataset(results: Iterator[tuple[Outcome, Sequence[dict[str, object]], str | None, int | None]],
                  out: Path, kind: str, names: AgencyNames, *, wide: bool) -> dict[str, Writer]:
    """Write ``cells`` (or ``reports`` with ``wide``) and ``findings`` into the folder ``out``.

    ``results`` gives, per file in order: its outcome, its cell rows, its agency and year.
    Wide columns are every cell of the formats met, in spec order; a report is
    written when the batch is done, since a later report may bring another format.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReadError(str(out), "", f"cannot make the folder: {exc.strerror or exc}") from None
    ext = EXTENSIONS[kind]
    findings = Writer(out / f"findings{ext}", kind, FINDING_COLUMNS)
    cells = None if wide else Writer(out / f"cells{ext}", kind, CELL_COLUMNS)
    wide_rows: list[dict[str, object]] = []
    wide_keys: dict[str, None] = {}
    try:
        for outcome, rows, agency, year in results:
            key = names.key(agency) if agency is not None else None
            findings.write(finding_rows(outcome, agency, key, year))
            if not rows:
                continue
            keyed = list(rows)
            for r in keyed:
                r["agency_key"] = key
            if cells is not None:
                cells.write(keyed)
            else:
                row = wide_row(keyed)
                wide_keys.update(dict.fromkeys(k for k in row if k not in wide_keys))
                wide_rows.append(row)
    finally:
        findings.close()
        if cells is not None:
            cells.close()
    written = {"findings": findings}
    if cells is not None:
        written["cells"] = cells
    else:
        columns = list(REPORT_KEY_COLUMNS) + [(k, "str") for k in wide_keys if k not in dict(REPORT_KEY_COLUMNS)]
        reports = Writer(out / f"reports{ext}", kind, columns)
        try:
            reports.write(wide_rows)
        finally:
            reports.close()
        written["reports"] = reports
    return written
