"""Adversarial 1 MB inputs read and validate in time linear in their size.

Time is compared with the same shape at 1/16 of the size, in CPU seconds of this process (other
load on the machine does not count). Linear work grows about 16 times; a quadratic pattern grows
256 times and, at 1 MB, takes hours. The factor allowed (64) is generous on purpose.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from disclosure_schema import Report, validate
from disclosure_schema.jsonio import dumps, loads
from disclosure_schema.reading import meta, tablematch
from disclosure_schema_text import TextReader, patterns

BIG = 1 << 20
FACTOR = 64
# No title line, so the reader also searches every line for a statistics period.
PARTS = ("", "一、总体情况\n", "二、主动公开政府信息情况\n")
NOT_IN_TABLES: set[str] = set()  # every shape is also tried inside a table section


def cpu_seconds(func: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def grows_linearly(make: Callable[[int], Callable[[], object]]) -> None:
    small, big = make(BIG // 16), make(BIG)
    t_small = max(cpu_seconds(small), 0.002)  # below the clock's grain, count as 2 ms
    t_big = cpu_seconds(big)
    assert t_big < FACTOR * t_small, f"{t_big:.3f} s for 1 MB against {t_small:.4f} s for 64 KB"


# Each shape: a prefix the patterns start on, a run that nested or adjacent quantifiers would split
# every possible way, and a character that makes the match fail at the end.
TEXT_SHAPES = {
    "page number then spaces": ("第1页", " ", "x"),
    "page number with total": ("第1页", " ", "共x"),
    "dashed page number": ("—", " ", "x"),
    "period then spaces": ("2022年1月1日", " ", "x"),
    "period with 起": ("2022年1月1日起", " ", "x"),
    "note then spaces": ("注", " ", "x"),
    "title then spaces": ("某局", " ", "2022年度 x"),
    "number then commas": ("1", ",", "x"),
    "digits": ("", "1", "."),
    "heading marks": ("#", "#", "x"),
    "bars": ("a", "|", "x"),
}


@pytest.mark.parametrize("shape", sorted(TEXT_SHAPES))
def test_text_reader_is_linear(shape: str) -> None:
    prefix, run, end = TEXT_SHAPES[shape]

    def make(size: int) -> Callable[[], object]:
        line = prefix + run * size + end + "\n"
        parts = PARTS if shape not in NOT_IN_TABLES else PARTS[:2]
        data = "".join(part + line for part in parts).encode()
        return lambda: TextReader().read(data, "in.txt")

    grows_linearly(make)


@pytest.mark.parametrize("shape", ["period then spaces", "period with 起", "title then spaces", "digits"])
def test_validation_of_narrative_is_linear(shape: str) -> None:
    prefix, run, end = TEXT_SHAPES[shape]

    def make(size: int) -> Callable[[], object]:
        report = Report.create("gov-2021", "某局", 2024).with_text("overview", prefix + run * size + end)
        return lambda: validate(report)

    grows_linearly(make)


@pytest.mark.parametrize("shape", ["note then spaces", "page number with total", "period with 起"])
def test_patterns_are_linear(shape: str) -> None:
    prefix, run, end = TEXT_SHAPES[shape]

    def make(size: int) -> Callable[[], object]:
        line = prefix + run * size + end
        return lambda: ([p.search(line) for p in (tablematch._NOTE, patterns.PAGE_NUMBER, meta._PERIOD, meta._YEAR)],
                        meta.find_title(line, "{agency}{year}年政府信息公开工作年度报告"))

    grows_linearly(make)


def test_json_reading_of_long_strings_is_linear() -> None:
    def make(size: int) -> Callable[[], object]:
        report = Report.create("gov-2021", "某局", 2024).with_text("overview", "2024年1月1日" + " " * size + "x")
        data = dumps(report)
        return lambda: validate(loads(data, "in.json"))

    grows_linearly(make)
