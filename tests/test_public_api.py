"""The public API is explicit: what ``disclosure_schema`` and its plugin API export, and renderers
importing nothing else of the core."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

import disclosure_schema
from disclosure_schema import plugins

from .conftest import REPO

# The core modules a plugin may import; every other module of disclosure_schema is private.
PUBLIC = {"disclosure_schema", "disclosure_schema.plugins", "disclosure_schema.reading", "disclosure_schema.layout",
          "disclosure_schema.units"}
# Plugin packages held to that. New plugins are added here when they are merged.
CHECKED = ("disclosure_schema_text", "disclosure_schema_xml", "disclosure_schema_pdf", "disclosure_schema_html",
           "disclosure_schema_docx", "disclosure_schema_published")
# Modules allowed the old private imports for a while (none now).
PENDING: set[str] = set()


def _core_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, name) for line, name in found if name.split(".")[0] == "disclosure_schema"]


@pytest.mark.parametrize("package", CHECKED)
def test_renderers_import_only_the_public_api(package: str) -> None:
    folder = REPO / "renderers" / package
    private = []
    for path in sorted(folder.glob("*.py")):
        module = f"{package}.{path.stem}"
        if module in PENDING:
            continue
        private += [f"{module}:{line}: {name}" for line, name in _core_imports(path) if name not in PUBLIC]
    assert private == [], "renderers import private core modules; use disclosure_schema.plugins"


def test_exports_exist_and_are_listed() -> None:
    for module in (disclosure_schema, plugins):
        assert sorted(module.__all__) == sorted(set(module.__all__))
        missing = [name for name in module.__all__ if not hasattr(module, name)]
        assert missing == []
    assert {"format_by_id", "validate", "Report", "ReadError", "RenderError"} <= set(disclosure_schema.__all__)
    assert {"normalize", "strip_ordinal", "PLACEHOLDERS", "format_value", "split_footnote", "check_report",
            "MAX_INPUT_BYTES", "builtin_spec_dir"} <= set(plugins.__all__)


def test_the_checked_packages_exist() -> None:
    for package in CHECKED:
        assert importlib.util.find_spec(package) is not None, package
