"""The fuzzing campaign's reproducers (tests/data/hostile/, README there) as regression tests.

Each gives a clear error or a diagnostic, never an internal error, and never stops a batch.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure_schema import CellValueError, ReadError, RenderError, Report, Verbatim, formats, get_format
from disclosure_schema.cli import main
from disclosure_schema.inputs import read_data, read_file
from disclosure_schema.jsonio import dumps, loads
from disclosure_schema.plugins import get_reader, get_renderer, split_footnote

from .conftest import REPO

HOSTILE = Path(__file__).parent / "data" / "hostile"
SPECS = REPO / "specs"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, "--jobs", "1", "--lang", "en"] if args[0] in ("validate", "render", "convert") else list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("name", "message"), [
    ("xml-prefix.xml", "xml-prefix.xml:line 2: the name 'a:b' has a namespace prefix that is not declared"),
    ("bigint.txt", "bigint.txt:line 8: the number '99999999999999999999…99999999' has 5000 digits; a cell holds at most 24"),
    ("surrogate.json", "surrogate.json:$.agency: character U+D800 at offset 0 is half of a surrogate pair"),
    ("year9999.json", "year9999.json:$.year: the report year 9999 is not from 0 to 9998"),
    ("amount-bomb.json", "amount-bomb.json:$.tables.proactive.fees.fees_amount: '1E+99999999': write amounts in "
     "plain notation"),
    ("json-exponent.json", "json-exponent.json:$.format: required field missing"),
])
def test_reproducer_gets_one_clear_error(capsys: pytest.CaptureFixture[str], name: str, message: str) -> None:
    code, out, err = cli(capsys, "validate", str(HOSTILE / name))
    assert code == 2 and out == ""
    assert err.startswith(str(HOSTILE / message.split(":", 1)[0])) and message.split(":", 1)[1] in err
    assert "internal error" not in err


def test_one_bad_file_never_stops_a_batch(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(dumps(Report.create("gov-2021", "某局", 2024)))
    files = sorted(str(p) for p in HOSTILE.iterdir() if p.suffix != ".md")
    code, out, err = cli(capsys, "validate", *files, str(good))
    assert code == 2 and "internal error" not in err
    assert f"== {good} (gov-2021, 某局 2024)" in out
    assert out.strip().splitlines()[-1].startswith(f"Summary: {len(files) + 1} file(s), ")
    code, _, err = cli(capsys, "render", *files, str(good), "--to", "xml", "-o", str(tmp_path / "out") + "/")
    assert code == 2 and "internal error" not in err and (tmp_path / "out" / "good.xml").is_file()


def test_unexpected_exception_fails_that_file_only(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import disclosure_schema.cli as cli_module

    real = cli_module._process

    def flaky(task: cli_module.Task) -> cli_module.Outcome:
        if task.path.endswith("b.json"):
            raise ZeroDivisionError("a bug")
        return real(task)

    monkeypatch.setattr(cli_module, "_process", flaky)
    for name in ("a.json", "b.json", "c.json"):
        (tmp_path / name).write_bytes(dumps(Report.create("gov-2021", name, 2024)))
    code, out, err = cli(capsys, "validate", *(str(tmp_path / n) for n in ("a.json", "b.json", "c.json")))
    assert code == 3
    assert f"{tmp_path / 'b.json'}: internal error: ZeroDivisionError: a bug (rerun with --debug for a trace)" in err
    assert out.count("== ") == 2 and "Summary: 3 file(s), 2 read, 1 failed" in out
    code = main(["--debug", "validate", str(tmp_path / "b.json"), "--jobs", "1"])
    assert code == 3 and 'raise ZeroDivisionError("a bug")' in capsys.readouterr().err


# ------------------------------------------------------------------ a report names a format by id only

def _planted_spec(tmp_path: Path) -> Path:
    """A spec with the national id and no rules: loaded, it would make every report pass."""
    text = (SPECS / "gov-2021.toml").read_text(encoding="utf-8")
    evil = tmp_path / "sub" / "evil.toml"
    evil.parent.mkdir()
    evil.write_text(text.split("[[rules]]")[0], encoding="utf-8")
    return evil


def test_report_content_cannot_load_a_spec_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    evil = _planted_spec(tmp_path)
    monkeypatch.chdir(tmp_path)
    planted = json.loads(dumps(Report.create("gov-2021", "某局", 2024)))
    planted["format"] = "sub/evil.toml"
    (tmp_path / "1-planted.json").write_text(json.dumps(planted), encoding="utf-8")
    bad = (Report.create("gov-2021", "某局", 2024).set("B", "一", "自然人", 10).set("B", "二", "自然人", 0)
           .set("B", "（七）总计", "自然人", 9).set("B", "四", "自然人", 5))  # 10 + 0 ≠ 9 + 5
    (tmp_path / "2-bad.json").write_bytes(dumps(bad))
    text = get_renderer("text").render(Report.create("gov-2021", "某局", 2024), {})
    (tmp_path / "3-planted.txt").write_bytes(text.replace(b"format=gov-2021", f"format={evil}".encode(), 1))
    before = [f.id for f in formats()]
    code, out, err = cli(capsys, "validate", "1-planted.json", "2-bad.json", "3-planted.txt")
    assert code == 2
    assert "1-planted.json:$.format: unknown format 'sub/evil.toml'" in err
    assert f"3-planted.txt:line 1: unknown format '{evil}'" in err
    assert "Summary: 3 file(s), 1 read, 2 failed, 1 with errors" in out  # the rules still run
    assert [f.id for f in formats()] == before and len(get_format("gov-2021").rules) > 0


# ------------------------------------------------------------------ numbers

def test_footnote_marks_stay_out_of_numbers() -> None:
    result = read_file(HOSTILE / "footnote.txt")
    cells = result.report.cells
    # the published-text reader keeps the number and says the mark was left out of it
    assert cells[("proactive", "normative_documents", "issued")] == 3
    assert cells[("proactive", "normative_documents", "in_force")] == 12
    assert cells[("proactive", "normative_documents", "repealed")] == 1
    note = next(d for d in result.diagnostics if d.code == "table.footnote")
    assert "'3①' → 3" in note.message and "'12¹' → 12" in note.message and note.line == 8
    assert split_footnote("12¹") == ("12", "¹") and split_footnote("3①") == ("3", "①")
    assert split_footnote("₁₂") is None and split_footnote("12") is None and split_footnote("1,234 ⑵") == ("1,234", "⑵")
    report = Report.create("gov-2021", "某局", 2024)
    for text in ("₁₂", "12¹", "3①", "❺"):
        assert report.set("B", "一", "自然人", text).get("B", "一", "自然人") == Verbatim(text)
    assert Verbatim("12¹").leading_number == 12


def test_digits_are_bounded() -> None:
    report = Report.create("gov-2021", "某局", 2024)
    assert report.set("B", "一", "自然人", "9" * 24).get("B", "一", "自然人") == int("9" * 24)
    for value in ("9" * 25, 10**24, "1" * 4300):
        with pytest.raises(CellValueError, match="24"):
            report.set("B", "一", "自然人", value)
    for amount in (Decimal("1E+99999999"), Decimal("1E-30"), "1" * 30):
        with pytest.raises(CellValueError, match="digits"):
            report.set("A", "fees", "fees_amount", amount)
    doc = json.loads(dumps(report))
    for literal in ("1e9999999999999999999", "1E+999999999", "-1e-9999999999"):
        for where in ('"x": ', '"tables": {"proactive": {"fees": {"fees_amount": '):
            text = json.dumps(doc)[:-1] + ", " + where + literal + "}" * where.count("{") + "}"
            with pytest.raises(ReadError):
                loads(text, "in.json")
    doc["tables"]["applications"]["new_requests"]["natural_person"] = int("9" * 25)
    with pytest.raises(ReadError, match=r"more than 24 digits") as info:
        loads(json.dumps(doc), "in.json")
    assert info.value.location == "$.tables.applications.new_requests.natural_person"


@pytest.mark.parametrize("written", ["0.0000001", "0.0000000000", "1500", "4068.2080", "0"])
@pytest.mark.parametrize("kind", ["json", "text", "pipe", "xml"])
def test_amounts_keep_their_written_form(written: str, kind: str) -> None:
    report = Report.create("gov-2021", "某局", 2024).set("A", "fees", "fees_amount", written)
    data = get_renderer(kind).render(report, {})
    assert written.encode() in data
    back = read_data(data, f"r.{kind}", "text" if kind == "pipe" else kind).report
    value = back.get("A", "fees", "fees_amount")
    assert isinstance(value, Decimal) and format(value, "f") == written and back == report


def test_exponent_notation_is_written_out_or_refused() -> None:
    report = Report.create("gov-2021", "某局", 2024).set("A", "fees", "fees_amount", Decimal("1.5E+3"))
    for kind in ("json", "text", "pipe", "xml"):
        data = get_renderer(kind).render(report, {})
        assert b"1500" in data and b"E+" not in data
    doc = json.loads(dumps(report))
    doc["tables"]["proactive"]["fees"]["fees_amount"] = "1.5E+3"
    with pytest.raises(ReadError, match="plain notation"):
        loads(json.dumps(doc), "in.json")
    tiny = read_file(HOSTILE / "tiny-amount.json").report
    assert b'"fees_amount": "0.0000001"' in dumps(tiny)


# ------------------------------------------------------------------ text no file can hold, years, scripts

@pytest.mark.parametrize("kind", ["json", "text", "pipe", "xml", "pdf"])
def test_lone_surrogate_is_a_render_error(kind: str) -> None:
    report = Report.create("gov-2021", "某\ud800局", 2024)
    with pytest.raises(RenderError, match=r"^agency: character U\+D800 at offset 1 is half of a surrogate pair"):
        get_renderer(kind).render(report, {})
    doc = json.loads(dumps(Report.create("gov-2021", "x", 2024)))
    doc["tables"]["applications"]["new_requests"]["natural_person"] = {"text": "\ud800"}
    with pytest.raises(ReadError, match="surrogate"):
        loads(json.dumps(doc), "in.json")


@pytest.mark.parametrize("year", [-1, 9999, 10_000])
def test_years_without_a_following_year_are_refused(year: int) -> None:
    with pytest.raises(CellValueError, match=f"year {year} is not from 0 to 9998"):
        Report.create("gov-2021", "某局", year)
    report = Report(get_format("gov-2021"), "某局", year)  # past the checks of create
    for kind in ("pdf", "json", "text"):
        with pytest.raises(RenderError, match=f"year: {year} is not a report year"):
            get_renderer(kind).render(report, {})


def test_an_unknown_year_travels_as_0_but_is_not_printed() -> None:
    """Year 0 is a reader's "stated nowhere": kept through JSON, never put on a PDF page."""
    report = Report.create("gov-2021", "某局", 0)
    assert loads(dumps(report), "in.json").year == 0
    with pytest.raises(RenderError, match="year is unknown"):
        get_renderer("pdf").render(report, {})


def test_right_to_left_text_is_refused_by_pdf() -> None:
    report = Report.create("gov-2021", "ئۈرۈمچى شەھەرلىك", 2024)  # Uyghur in Arabic script
    with pytest.raises(RenderError, match=r"^agency: character U\+0626 \(ئ\) at offset 0 is written right to left"):
        get_renderer("pdf").render(report, {})
    report = Report.create("gov-2021", "某局", 2024).set("B", "一", "自然人", Verbatim("5 عدد"))
    with pytest.raises(RenderError, match=r"cell applications/new_requests/natural_person: character U\+0639"):
        get_renderer("pdf").render(report, {})
    assert get_renderer("text").render(report, {})  # text carries it as it is


# ------------------------------------------------------------------ readers' odd inputs

def test_json_bom_and_blank_text_cell() -> None:
    data = dumps(Report.create("gov-2021", "某局", 2024))
    assert loads(b"\xef\xbb\xbf" + data, "in.json") == loads(data)
    assert get_reader("json").sniff(b"\xef\xbb\xbf" + data)
    doc = json.loads(data)
    doc["tables"]["applications"]["new_requests"]["natural_person"] = {"text": " "}
    with pytest.raises(ReadError, match=r'a blank cell is null, not \{"text": " "\}') as info:
        loads(json.dumps(doc), "in.json")
    assert info.value.location == "$.tables.applications.new_requests.natural_person"


def test_own_text_header_fields_once_and_cr_line_endings() -> None:
    report = Report.create("gov-2021", "某局", 2024).set("B", "一", "自然人", 3).with_text("overview", "概述")
    data = get_renderer("text").render(report, {})
    twice = data.replace(b"# agency: ", b"# agency: \xe5\x8f\xa6\xe4\xb8\x80\xe5\xb1\x80\n# agency: ", 1)
    with pytest.raises(ReadError, match=r"in.txt:line 3: a second '# agency:' line"):
        read_data(twice, "in.txt")
    for ending in (b"\r", b"\r\n"):
        assert read_data(data.replace(b"\n", ending), "in.txt").report == report
    published = (HOSTILE / "footnote.txt").read_bytes()
    assert read_data(published.replace(b"\n", b"\r"), "cr.txt").report == read_file(HOSTILE / "footnote.txt").report


@pytest.mark.parametrize(("name", "kind"), [("redos-page.txt", None), ("redos-period.txt", "text"),
                                            ("redos-validate.json", None)])
def test_slow_shapes_read_and_validate(capsys: pytest.CaptureFixture[str], name: str, kind: str | None) -> None:
    args = ["validate", str(HOSTILE / name)] + (["--from", kind] if kind else [])
    code, out, err = cli(capsys, *args)
    assert code == 0 and "0 error(s), " in out and err == ""
