"""Shared test set-up: example paths and hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from disclosure_schema import Report

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
CHENGGONG = EXAMPLES / "chenggong-justice-bureau-2019.txt"
LONGGANG = EXAMPLES / "longgang-district-department-2024.partial.txt"

# "ci" is derandomized so that a CI run is repeatable; "dev" explores more.
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="module")
def chenggong_report() -> Report:
    """The bundled real report as read from its published text (renderers' round trips use it)."""
    from disclosure_schema.inputs import read_file

    return read_file(CHENGGONG).report
