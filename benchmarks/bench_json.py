"""JSON throughput: writing and reading a full report, against plain ``json`` on the same data,
and reading against validating the same report.

The baseline serialises (and parses) the very dictionary our writer produces, with no
cattrs, no spec checks and no Decimal handling: what exactness and checking cost on top.
"""

from __future__ import annotations

import json
from decimal import Decimal

from benchmarks.bench_validate import sample_pair
from benchmarks.common import BenchResult, print_results, rate, sample_report
from disclosure_schema import validate
from disclosure_schema.jsonio import _converter, dumps, loads, to_document


def measure() -> list[BenchResult]:
    report = sample_report()
    data = dumps(report)
    plain = _converter().unstructure(to_document(report))
    text = json.dumps(plain, ensure_ascii=False, indent=2)
    write = rate(lambda: dumps(report))
    write_base = rate(lambda: json.dumps(plain, ensure_ascii=False, indent=2).encode("utf-8"))
    read = rate(lambda: loads(data))
    read_base = rate(lambda: json.loads(text, parse_float=Decimal))
    # Reading against checking, on a report that passes (the common case; the sample above
    # fails many rules, and explaining failures is validation's slow path).
    passing = sample_pair()[1]
    passing_data = dumps(passing)
    read_passing = rate(lambda: loads(passing_data))
    checked = rate(lambda: validate(passing))
    return [
        BenchResult("json write gov-2021", write, "reports/s", "json.dumps of the same dict", write_base),
        BenchResult("json read gov-2021", read, "reports/s", "json.loads of the same text", read_base),
        # The goal is a ratio of 1 or less: reading a report costs no more than checking it.
        BenchResult("json read vs validation", read_passing, "reports/s", "validate() of the same (passing) report",
                    checked),
    ]


if __name__ == "__main__":
    print_results(measure())
