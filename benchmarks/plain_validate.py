"""The start-up baseline: a plain script that reads one report's JSON and does the sums.

Run as ``python benchmarks/plain_validate.py FILE``: the work a careful programmer's one-off
checker would do (parse, then each table row's numbers summed), with no library at all.
"""

import json
import sys
from decimal import Decimal


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f, parse_float=Decimal)
    totals = {}
    for table, rows in doc["tables"].items():
        for row, cells in rows.items():
            totals[(table, row)] = sum(v for v in cells.values() if isinstance(v, int))
    print(len(totals), sum(totals.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
