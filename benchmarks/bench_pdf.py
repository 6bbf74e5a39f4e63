"""PDF rendering: reports and pages per second, with the built-in CID font and with embedded TrueType fonts.

The baseline draws the same strings, in the same fonts, at the same places
straight onto a ReportLab canvas with its default settings (no layout, no line
breaking, no table rules, no font checks, no attached data): what any PDF of
this text costs at the least.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from benchmarks.common import BenchResult, print_results, rate
from disclosure_schema import CellKey, Report, get_format
from disclosure_schema_pdf import PdfRenderer
from disclosure_schema_pdf.document import lay_out
from disclosure_schema_pdf.flow import TextLine
from disclosure_schema_pdf.geometry import PAGE_HEIGHT, PAGE_WIDTH
from disclosure_schema_pdf.roles import resolve

ARPHIC = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")
SENTENCE = ("本年度，我们坚持以公开为常态、不公开为例外，围绕“五公开”要求，全面推进决策、执行、管理、服务、"
            "结果公开，累计主动公开政府信息1234条（其中网站公开987条，政务新媒体公开247条）。")


def typical_report() -> Report:
    """A report of the usual size: every cell filled, about 3,000 characters of narrative."""
    fmt = get_format("gov-2021")
    report = Report.create(fmt, "某某市某某区人民政府办公室", 2024)
    cells: dict[CellKey, object] = {}
    for i, key in enumerate(fmt.cell_keys()):
        cells[key] = Decimal("4068.208") if fmt.cell_kinds[key].value == "amount" else (i * 37) % 500
    overview = "\n".join(f"（{n}）主动公开情况。" + SENTENCE * 3 for n in "一二三四五")
    return (report.with_cells(cells).with_text("overview", overview)
            .with_text("problems", SENTENCE * 5).with_text("other", "本年度未收取信息处理费。"))


def baseline(report: Report, options: dict[str, str]) -> tuple[int, Callable[[], bytes]]:
    """The same strings at the same places, drawn directly; returns (pages, the drawing function)."""
    fonts = resolve(options.get("font"))
    pages = lay_out(report, fonts).pages
    runs = []  # (x, y, font, size, text) of every run, placed beforehand: only the drawing is timed
    for page in pages:
        placed = []
        for op in page:
            if isinstance(op, TextLine):
                x = op.x
                for run in op.runs:
                    placed.append((x, PAGE_HEIGHT - op.baseline, run.font, op.size, run.text))
                    x += stringWidth(run.text, run.font, op.size)
        runs.append(placed)

    def draw() -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1)
        for page in runs:
            for x, y, font, size, text in page:
                canvas.setFont(font, size)
                canvas.drawString(x, y, text)
            canvas.showPage()
        canvas.save()
        return out.getvalue()

    return len(pages), draw


def interleaved(ours: Callable[[], object], plain: Callable[[], object], rounds: int = 7,
                min_seconds: float = 0.3) -> tuple[float, float]:
    """Best rate of each over several alternating rounds: on a shared machine the load changes from
    second to second, and alternating keeps both sides under the same conditions."""
    best_ours = best_plain = 0.0
    for _ in range(rounds):
        best_ours = max(best_ours, rate(ours, min_seconds))
        best_plain = max(best_plain, rate(plain, min_seconds))
    return best_ours, best_plain


def measure() -> list[BenchResult]:
    report = typical_report()
    renderer = PdfRenderer()
    results = []
    cases: list[tuple[str, dict[str, str]]] = [("STSong-Light CID", {"font": "STSong-Light"})]
    if ARPHIC.exists():
        cases.append(("embedded arphic TTF", {"font": str(ARPHIC)}))
    if resolve().embedded:
        cases.append(("embedded role fonts", {}))
    for label, options in cases:
        pages, draw = baseline(report, options)

        def ours_once(options: dict[str, str] = options) -> bytes:
            return renderer.render(report, options)

        ours, plain = interleaved(ours_once, draw)
        what = f"same strings drawn on a canvas ({pages} pages)"
        results.append(BenchResult(f"pdf render, {label}", ours, "reports/s", what, plain))
        results.append(BenchResult(f"pdf render, {label}", ours * pages, "pages/s", what, plain * pages))
    return results


if __name__ == "__main__":
    print_results(measure())
