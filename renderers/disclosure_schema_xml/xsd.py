"""Write the XML Schema of each built-in format: ``python -m disclosure_schema_xml.xsd [--check] [DIR]``.

Writes ``<format id>.xsd`` next to the built-in specs (or into DIR). ``--check`` writes nothing
and exits 1 when a checked-in schema differs from the one the spec generates.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from disclosure_schema import ReportFormat, formats
from disclosure_schema.plugins import builtin_spec_dir

from .schema import PROGRAM, schema_bytes


def builtin_formats(spec_dir: Path) -> list[ReportFormat]:
    """The formats whose spec files live in ``spec_dir`` (not a user's extra specs)."""
    return [f for f in formats() if Path(f.source).resolve().parent == spec_dir.resolve()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROGRAM, description="Write the XML Schema of each built-in format.")
    parser.add_argument("dir", nargs="?", type=Path, help="where to write (default: the built-in specs folder)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a schema is out of date")
    args = parser.parse_args(argv)
    spec_dir = builtin_spec_dir()
    out_dir: Path = args.dir or spec_dir
    stale = []
    for fmt in builtin_formats(spec_dir):
        path = out_dir / f"{fmt.id}.xsd"
        data = schema_bytes(fmt)
        if path.is_file() and path.read_bytes() == data:
            continue
        stale.append(path)
        if not args.check:
            path.write_bytes(data)
            print(f"wrote {path}")
    if args.check and stale:
        for path in stale:
            print(f"out of date: {path} (run {PROGRAM})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
