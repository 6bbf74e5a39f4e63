"""Fuzzing every reader: whatever the bytes, a report or one ReadError naming the source.

Inputs are valid documents of each kind, mutated at the byte level and (for JSON) at the
structure level with the values that once crashed a reader: huge exponents and integers,
lone surrogates, wrong types, footnote digits. Bounded by hypothesis's example count; a longer
campaign: ``FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz_readers.py``.
"""

from __future__ import annotations

import copy
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_schema import ReadError, Report, Verbatim
from disclosure_schema.inputs import read_data
from disclosure_schema.jsonio import dumps
from disclosure_schema.plugins import get_renderer

from .conftest import CHENGGONG

HOSTILE = Path(__file__).parent / "data" / "hostile"

SAMPLE = (Report.create("gov-2021", "某局", 2024).set("A", "rules", "issued", 5).set("A", "fees", "fees_amount", "1.50")
          .set("B", "一", "自然人", Verbatim("22（其中修订16件）")).with_text("overview", "2024年1月1日至2024年12月31日"))
SEEDS = {
    "json": dumps(SAMPLE),
    "text": get_renderer("text").render(SAMPLE, {}),
    "pipe": get_renderer("pipe").render(SAMPLE, {}),
    "xml": get_renderer("xml").render(SAMPLE, {}),
    "published": CHENGGONG.read_bytes()[:6000],
    # the campaign's crashers and slow shapes are seeds too (their first 6000 bytes)
    **{path.name: path.read_bytes()[:6000] for path in sorted(HOSTILE.iterdir()) if path.suffix != ".md"},
}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
HOSTILE_BYTES = [b"<", b"&", b"<a:b/>", b'"', b"\x00", b"\xff", b"\r", b"\xef\xbb\xbf", b"9" * 5000, b"1e999999999",
                 b"\\ud800", b"\xc2\xb9", b"\xe2\x91\xa0", b"|", b"+===", b"# agency: x\n", b"format=../x.toml ",
                 b" " * 3000, b"\xe7\xac\xac1\xe9\xa1\xb5"]
HOSTILE_VALUES: list[Any] = [None, True, -1, 10**30, "9" * 5000, "1E+999999999", "\ud800", "12¹", "", " ", {},
                             [], {"text": ""}, {"text": 1}, Decimal("1e-999"), "2024-13-01", "../../etc/passwd.toml"]


def accepts_or_refuses(data: bytes, kind: str | None) -> None:
    try:
        result = read_data(data, "in.x", kind)
    except ReadError as exc:
        assert exc.source == "in.x" and exc.message
        return
    report = result.report
    assert isinstance(report, Report)
    again = read_data(dumps(report), "again.json").report  # what is accepted can be written and read back
    assert again == report


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    doc = bytearray(seed)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(doc)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if action == "flip" and at < len(doc):
            doc[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del doc[at:]
        elif action == "insert":
            doc[at:at] = draw(st.sampled_from(HOSTILE_BYTES))
        else:
            del doc[at:at + draw(st.integers(1, 60))]
    return bytes(doc)


@settings(max_examples=EXAMPLES)
@given(st.sampled_from(sorted(SEEDS)).flatmap(lambda k: st.tuples(st.just(k), mutated(SEEDS[k]))),
       st.booleans())
def test_mutated_documents(case: tuple[str, bytes], sniff: bool) -> None:
    kind, data = case
    named = {"pipe": "text", "published": "text"}.get(kind, kind.rpartition(".")[2].replace("txt", "text"))
    accepts_or_refuses(data, None if sniff else named)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    return out


@settings(max_examples=EXAMPLES)
@given(st.data())
def test_json_with_hostile_values_anywhere(data: st.DataObject) -> None:
    doc = json.loads(SEEDS["json"])
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(doc)[1:]))
        target = doc
        for key in path[:-1]:
            target = target[key]
        value = copy.deepcopy(data.draw(st.sampled_from(HOSTILE_VALUES)))  # never one object in two places
        if data.draw(st.booleans()):
            target[path[-1]] = value
        else:
            target[data.draw(st.sampled_from(["x", "text", "format", "natural_person", "1e5"]))] = value
    text = json.dumps(doc, ensure_ascii=data.draw(st.booleans()), default=str)
    accepts_or_refuses(text.encode("utf-8", "surrogatepass"), data.draw(st.sampled_from([None, "json"])))


@settings(max_examples=EXAMPLES)
@given(st.binary(max_size=300), st.sampled_from([None, "json", "text", "xml"]))
def test_any_bytes(data: bytes, kind: str | None) -> None:
    accepts_or_refuses(data, kind)
