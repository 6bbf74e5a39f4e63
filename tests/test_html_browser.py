"""The HTML page in a real browser (Debian's chromium, headless; .ci/run installs it).

At a desktop width nothing scrolls sideways; at a phone width only table B
scrolls, inside its own box, and its row labels stay visible when it is
scrolled to the end. No text overflows its cell or overlaps another cell's, and
every number of table B has its row and column headers in the live DOM.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest

from disclosure_schema import Report
from disclosure_schema.inputs import read_file
from disclosure_schema.plugins import get_renderer

from .conftest import CHENGGONG, REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="chromium is not installed (apt-get install chromium; CI installs it)")
PROBE = (Path(__file__).parent / "browser_probe.js").read_text(encoding="utf-8")
DESKTOP, PHONE = (1280, 900), (390, 844)


def chromium(*args: str) -> str:
    assert CHROMIUM is not None, "chromium is missing: .ci/run installs it"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--hide-scrollbars", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def probe(page: str, tmp_path: Path, size: tuple[int, int]) -> dict[str, object]:
    # Headless windows are at least 500 px wide, so the page runs in a frame of the wanted size;
    # srcdoc keeps it same-origin, so the probe can report to the top document.
    framed = page.replace("</body>", f"<script>{PROBE}</script></body>")
    path = tmp_path / f"probe-{size[0]}.html"
    path.write_text(f'<!DOCTYPE html><html><body style="margin:0"><iframe srcdoc="{escape(framed)}" '
                    f'style="border:0;width:{size[0]}px;height:{size[1]}px"></iframe></body></html>', encoding="utf-8")
    dom = chromium(f"--window-size={max(size[0], 800)},{size[1]}", "--virtual-time-budget=3000", "--dump-dom",
                   path.as_uri())
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-2000:]
    result: dict[str, object] = json.loads(found.group(1).replace("&lt;", "<").replace("&gt;", ">")
                                           .replace("&quot;", '"').replace("&amp;", "&"))
    return result


@pytest.fixture(scope="module")
def report() -> Report:
    return read_file(CHENGGONG).report


@pytest.fixture(scope="module")
def page(report: Report) -> str:
    return get_renderer("html").render(report, {}).decode()


def test_desktop_nothing_scrolls_sideways_and_no_text_overlaps(page: str, tmp_path: Path) -> None:
    seen = probe(page, tmp_path, DESKTOP)
    assert seen["viewport"] == DESKTOP[0]
    assert (seen["pageScrolls"], seen["scrolling"]) == (False, [])
    assert seen["overflowing"] == [] and seen["overlaps"] == []


def test_table_a_blocks_split_the_width_evenly(page: str, tmp_path: Path) -> None:
    widths = probe(page, tmp_path, DESKTOP)["widthsA"]
    assert isinstance(widths, list)
    three = [w for t, w in widths if t in ("本年新制作数量", "本年新公开数量", "对外公开总数量")]
    two = [w for t, w in widths if t in ("采购项目数量", "采购总金额")]
    assert len(three) == 3 and len(two) == 2
    assert max(three) - min(three) < 2 and max(two) - min(two) < 2
    assert abs(two[0] - 1.5 * three[0]) < 3  # a half is one and a half thirds


def test_phone_only_table_b_scrolls_and_keeps_its_labels(page: str, tmp_path: Path) -> None:
    seen = probe(page, tmp_path, PHONE)
    assert seen["viewport"] == PHONE[0]
    assert seen["pageScrolls"] is False
    assert seen["scrolling"] == ["ds-applications-table"]
    assert isinstance(seen["scrolledBy"], int) and seen["scrolledBy"] > 50
    assert seen["labelsHidden"] == []  # sticky label columns
    assert seen["overflowing"] == [] and seen["overlaps"] == []


def test_every_number_of_table_b_is_announced_with_its_row_and_column(report: Report, page: str,
                                                                     tmp_path: Path) -> None:
    announced = probe(page, tmp_path, PHONE)["announced"]
    assert isinstance(announced, list)
    cells = list(report.format.table("B").cells())
    assert len(announced) == len(cells)
    for headers, (_, row, col) in zip(announced, cells, strict=True):
        assert f"TH:{col.label}" in headers and f"TH:{row.label}" in headers, headers
        assert not [h for h in headers if h.startswith("MISSING")]


def test_screenshots_at_desktop_and_phone_widths(page: str, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    for width, height in (DESKTOP, PHONE):
        shot = tmp_path / f"shot-{width}.png"
        chromium(f"--window-size={width},{height}", f"--screenshot={shot}", path.as_uri())
        head = shot.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        assert (int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")) == (width, height)
    assert (REPO / "docs" / "images").is_dir()
