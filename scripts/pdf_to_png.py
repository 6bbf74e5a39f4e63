"""Render reports to PDF and the PDF's pages to PNG (``pdftoppm -png -r 60``), to look at the layout.

    python scripts/pdf_to_png.py report.pdf -o out/            # an existing PDF
    python scripts/pdf_to_png.py --specimen chenggong -o out/ \
        --fallback-font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf  # a real report, numbers set by hand
    python scripts/pdf_to_png.py --specimen large -o out/      # many pages, huge numbers, long text
    python scripts/pdf_to_png.py --specimen large --font /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf

Needs poppler-utils (``pdftoppm``); the tests do not.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from disclosure_schema import CellKey, Report, Verbatim, get_format
from disclosure_schema_pdf import PdfRenderer

REPO = Path(__file__).resolve().parents[1]
CHENGGONG = REPO / "examples" / "chenggong-justice-bureau-2019.txt"


def chenggong() -> Report:
    """昆明市呈贡区司法局 2019 (gov-2019): the narrative from the example, the numbers typed in from it.

    The example's table B leaves every 办理结果 row blank; blank stays blank here.
    """
    fmt = get_format("gov-2019")
    lines = CHENGGONG.read_text(encoding="utf-8").splitlines()
    report = Report.create(fmt, "昆明市呈贡区司法局", 2019, title=lines[0])
    headings = {s.title: s for s in fmt.sections}
    current, texts = None, dict[str, list[str]]()
    for line in lines[2:]:
        if line in headings:
            current = headings[line]
            if current.is_narrative:
                texts[current.id] = []
        elif current is not None and current.is_narrative:
            texts[current.id].append(line)
    for section_id, body in texts.items():
        report = report.with_text(section_id, "\n".join(body))
    cells: dict[CellKey, object] = {}
    zero_rows = {"proactive": ["rules", "normative_documents", "licensing", "other_services", "penalties",
                               "enforcement", "fees"],
                 "applications": ["new_requests", "carried_over", "results_total", "carried_forward"],
                 "appeals": ["cases"]}
    for table_id, rows in zero_rows.items():
        table = fmt.table(table_id)
        for row in rows:
            block = table.block_of(row)
            for col in block.column_leaves:
                cells[(table.id, row, col.id)] = 0
    cells[("proactive", "procurement", "purchases")] = 7
    cells[("proactive", "procurement", "purchase_amount")] = Decimal("134.32")
    return report.with_cells(cells)


def large() -> Report:
    """A stress report: long narratives with sub-headings, 19-digit numbers, long annotated cells.

    Table A's cells carry long annotations, so it too runs over a page.
    """
    fmt = get_format("gov-2021")
    agency = "某某省某某市某某区人民政府办公室（某某区政务服务管理局、某某区大数据发展中心）"
    report = Report.create(fmt, agency, 2024)
    sentence = ("本年度，我们坚持以公开为常态、不公开为例外，围绕“五公开”要求，全面推进决策、执行、管理、服务、"
                "结果公开，累计主动公开政府信息123456条（其中网站公开98765条，政务新媒体公开24691条）；")
    overview = []
    for n, topic in enumerate(["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"]):
        overview.append(f"（{'一二三四五'[n]}）{topic}情况。" + sentence * 3)
        overview.append(sentence * 4 + "《中华人民共和国政府信息公开条例》第五十条规定的事项均已报告。")
    report = report.with_text("overview", "\n".join(overview))
    report = report.with_text("problems", "\n".join(sentence * 5 for _ in range(4)))
    report = report.with_text("other", "依据《政府信息公开信息处理费管理办法》，本年度发出收费通知0件，收取费用0万元。")
    cells: dict[CellKey, object] = {}
    for i, key in enumerate(fmt.cell_keys()):
        kind = fmt.cell_kinds[key]
        if key[0] == "proactive":
            cells[key] = Verbatim(f"{i * 111}（其中修订{i}件，含自然失效{i * 3}件，另有{i * 7}件正在清理）")
        elif kind.is_integer:
            cells[key] = 10**18 + 7 * i if i % 3 == 0 else 12345 * i
        else:
            cells[key] = Decimal("123456789012.345")
    return report.with_cells(cells)


SPECIMENS = {"chenggong": chenggong, "large": large}


def to_png(pdf: Path, out: Path, dpi: int) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm not found: install poppler-utils")
    prefix = out / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(out.glob(f"{pdf.stem}-*.png"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdf", nargs="*", type=Path, help="PDF files to turn into PNGs")
    parser.add_argument("--specimen", action="append", choices=sorted(SPECIMENS), default=[])
    parser.add_argument("--font", help="TrueType font for the specimens")
    parser.add_argument("--fallback-font", help="TrueType font for characters the main font lacks "
                        "(chenggong writes 中国•呈贡 and 中国·呈贡, which STSong-Light cannot show: try DejaVuSans.ttf)")
    parser.add_argument("-o", "--out", type=Path, default=Path("pdf-png"))
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    pdfs = list(args.pdf)
    for name in args.specimen:
        options = {k: v for k, v in (("font", args.font), ("fallback_font", args.fallback_font)) if v}
        path = args.out / f"{name}.pdf"
        path.write_bytes(PdfRenderer().render(SPECIMENS[name](), options))
        pdfs.append(path)
    for pdf in pdfs:
        pngs = to_png(pdf, args.out, args.dpi)
        print(f"{pdf}: {len(pngs)} pages -> {args.out}/{pdf.stem}-*.png")


if __name__ == "__main__":
    main()
