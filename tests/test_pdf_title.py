"""Titles broken between phrases, table B's labels on one line, numbers kept with their units."""

from __future__ import annotations

import io
import random
import re

import pypdf
import pytest

from disclosure_schema import Report, get_format
from disclosure_schema_pdf.geometry import BODY_WIDTH, TITLE_SIZE
from disclosure_schema_pdf.linebreak import break_lines
from disclosure_schema_pdf.roles import resolve
from disclosure_schema_pdf.table_layout import prepare
from disclosure_schema_pdf.text import shape
from disclosure_schema_pdf.title import break_places, wrap_title

from .test_pdf_render import full_report, render

PROVINCES = ["", "江苏省", "新疆维吾尔自治区", "广西壮族自治区", "黑龙江省", "内蒙古自治区"]
CITIES = ["淮安市", "杭州市", "伊犁哈萨克自治州", "锡林郭勒盟", "温州市", "呼伦贝尔市", "延边朝鲜族自治州"]
COUNTIES = ["", "洪泽区", "鹿城区", "城区", "阿尔山市", "镶黄旗", "长白朝鲜族自治县", "浦东新区", "高新技术产业开发区"]
TOWNS = ["", "", "", "岔河镇", "老子山镇", "朱坝街道", "东双沟乡"]
ORGANS = ["人民政府", "人民政府办公室", "市场监督管理局", "城市管理局", "住房和城乡建设局", "人力资源和社会保障局",
          "发展和改革委员会", "自然资源和规划局", "城乡建设和交通运输局", "生态环境局", "司法局", "市政工程管理处",
          "区域经济合作办公室", "卫生健康委员会", "行政审批局", "退役军人事务局", "医疗保障局", "政务服务管理办公室"]
SUFFIXES = ["年政府信息公开工作年度报告", "年度政府信息公开工作年度报告"]


def generated_titles(count: int, seed: int = 2024) -> list[tuple[str, set[int]]]:
    """Made-up agency titles, each with the positions between its parts (where a break is a clean one)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rng.choice(PROVINCES), rng.choice(CITIES), rng.choice(COUNTIES), rng.choice(TOWNS),
                 rng.choice(ORGANS)]
        parts = [p for p in parts if p]
        year = str(rng.randint(2019, 2030))
        suffix = rng.choice(SUFFIXES)
        # the organ's own words may part too (人民政府 / 办公室), never inside one
        organ = parts[-1]
        organ_words = [organ[:-3], "办公室"] if organ.endswith("办公室") else [organ]
        pieces = [*parts[:-1], *organ_words, year + suffix[: suffix.index("政府")], "政府", "信息", "公开", "工作",
                  "年度", "报告"]
        clean, pos = set(), 0
        for piece in pieces:
            pos += len(piece)
            clean.add(pos)
        out.append(("".join(pieces), clean))
    return out


def test_no_title_line_ends_inside_a_word_for_200_agencies() -> None:
    fonts = resolve("STSong-Light")
    multi = 0
    for title, clean in generated_titles(200):
        shaped = shape(title, TITLE_SIZE, fonts["title"], "title")
        lines = wrap_title(shaped, BODY_WIDTH)
        assert "".join(line.text for line in lines) == title
        assert all(line.width <= BODY_WIDTH + 1e-6 for line in lines), title
        ends, pos = [], 0
        for line in lines[:-1]:
            pos += len(line.text)
            ends.append(pos)
        assert set(ends) <= clean, f"{title}: {[line.text for line in lines]}"
        assert not any(re.search(r"\d$", line.text) for line in lines[:-1]), title  # never "2024 / 年"
        multi += len(lines) > 1
    assert multi > 100  # most of them needed two lines or more: the test tried the breaks


def test_the_title_breaks_before_the_year_as_the_published_reports_do() -> None:
    fonts = resolve("STSong-Light")
    for agency in ("淮安市洪泽区人民政府", "洪泽区人民政府", "某某市市场监督管理局"):
        title = f"{agency}2024年政府信息公开工作年度报告"
        lines = wrap_title(shape(title, TITLE_SIZE, fonts["title"], "title"), BODY_WIDTH)
        assert [line.text for line in lines] == [agency, "2024年政府信息公开工作年度报告"]
    short = "某局2024年政府信息公开工作年度报告"
    assert [x.text for x in wrap_title(shape(short, TITLE_SIZE, fonts["title"], "t"), BODY_WIDTH)] == [short]


def test_break_places_never_split_a_word() -> None:
    places = break_places("杭州市城市管理局2024年政府信息公开工作年度报告")
    title = "杭州市城市管理局2024年政府信息公开工作年度报告"
    assert title[: min(places)] == "杭州市"  # not 杭州 / 市, not 城市 / 管理局
    assert title.index("2024") in places and title.index("2024") + 1 not in places


def test_a_number_is_never_separated_from_its_unit() -> None:
    text = "共收到申请17件，金额4068.208万元，截至2024年12月31日。" * 3
    widths = [1.0] * len(text)
    for width in range(12, 40):  # wider than the longest unbreakable piece, "4068.208万元，"
        for a, b in break_lines(text, widths, float(width)):
            assert not (text[b - 1 : b].isdigit() and text[b : b + 1] in "件万元年月日"), (width, text[a:b])
            assert not (text[b - 1 : b] == "万" and text[b : b + 1] == "元")


@pytest.mark.parametrize("fmt_id", ["gov-2019", "gov-2021"])
def test_table_b_labels_fit_one_line_with_the_default_fonts(fmt_id: str) -> None:
    report = full_report(fmt_id)
    prepared = prepare(report, report.format.table("B"), resolve())
    labels = {n.label for b in report.format.table("B").blocks for n, _ in b.row_nodes() if n.is_leaf}
    wrapped = {p.cell.text for b in prepared.blocks for p in b.body if p.cell.text in labels and len(p.lines) > 1}
    # Only labels longer than twenty characters wrap, as in the published reports: （二）部分公开（区分处理的，
    # 只计这一情形，不计其他情形） and gov-2021's two 申请人…不再处理其政府信息公开申请.
    assert all(len(label) > 20 for label in wrapped), wrapped
    assert len(wrapped) == {"gov-2019": 1, "gov-2021": 3}[fmt_id]
    assert 9.0 <= prepared.size <= 10.5  # within GB/T 9704's range for tables (五号 to 小五号)


def test_table_b_labels_stay_whole_in_the_extracted_text() -> None:
    report = full_report("gov-2019")
    lines = [line.strip() for page in pypdf.PdfReader(io.BytesIO(render(report))).pages
             for line in page.extract_text().splitlines()]
    for label in ("3.危及“三安全一稳定”", "4.保护第三方合法权益", "1.本机关不掌握相关政府信息",
                  "2.没有现成信息需要另行制作"):
        assert any(line.startswith(label) for line in lines), label


def test_amount_headers_print_their_unit() -> None:
    for fmt_id, label in (("gov-2019", "采购总金额（单位：万元）"), ("gov-2021", "本年收费金额（单位：万元）")):
        report = Report.create(get_format(fmt_id), "某局", 2021)
        text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(render(report))).pages)
        assert label in re.sub(r"\s+", "", text)
