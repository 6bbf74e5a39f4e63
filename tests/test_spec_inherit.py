"""Spec inheritance: a variant ``extends`` a format with a short patch; its mistakes name its file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

import disclosure_schema as ds
from disclosure_schema import registry
from disclosure_schema.errors import SpecError
from disclosure_schema.inputs import read_data
from disclosure_schema.plugins import get_renderer
from disclosure_schema_xml.schema import schema_for

from .conftest import REPO

VARIANT = REPO / "docs" / "examples" / "province-2021.toml"


@pytest.fixture
def variant() -> Iterator[ds.ReportFormat]:
    fmt = ds.load_spec(VARIANT, editions=ds.formats)
    ds.register_format(fmt)
    yield fmt
    registry._extra.pop(fmt.id, None)


def filled(fmt: ds.ReportFormat) -> ds.Report:
    from decimal import Decimal

    cells = {k: Decimal(0) if kind is ds.CellKind.AMOUNT else 0 for k, kind in fmt.cell_kinds.items()}
    report = ds.Report.create(fmt, "某省交通运输厅", 2024).with_cells(cells)
    report = report.set("D", "政府门户网站", "发布信息条数", 1200).set("D", "政务新媒体", "发布信息条数", 300)
    report = report.set("D", "合计", "发布信息条数", 1500).set("D", "合计", "访问量（万人次）", "40.5")
    report = report.set("D", "政府门户网站", "访问量（万人次）", "35.2").set("D", "政务新媒体", "访问量（万人次）", "5.3")
    for sec in fmt.narrative_sections:
        report = report.with_text(sec.id, f"本厅{sec.heading}如下。")
    return report.with_text("overview", "全年通过政府门户网站发布信息1200条，政务新媒体发布300条。")


def test_the_variant_is_the_base_plus_its_patch(variant: ds.ReportFormat) -> None:
    base = ds.get_format("gov-2021")
    assert [s.id for s in variant.sections] == [s.id for s in base.sections] + ["annex"]
    assert variant.section("政务公开平台统计附表").table == "platforms"
    ids = [r.id for r in variant.rules]
    assert "document.copying" not in ids and ids[-2:] == ["platforms.total", "narrative.platforms"]
    assert variant.document_number == base.document_number  # inherited
    assert variant.table("B").resolve_row("一、本年新收申请数量") == "new_requests"  # the relabelled alias
    assert len(variant.cell_kinds) == len(base.cell_kinds) + 6


@pytest.mark.parametrize(("kind", "reader"), [("json", "json"), ("xml", "xml"), ("text", "text"), ("pipe", "text")])
def test_the_variant_renders_reads_back_and_validates(variant: ds.ReportFormat, kind: str, reader: str) -> None:
    report = filled(variant)
    assert ds.validate(report).findings == ()
    data = get_renderer(kind).render(report, {})
    back = read_data(data, f"variant.{kind}", reader).report
    assert back == report and back.format is variant
    if kind == "xml":
        assert schema_for(variant).validate(etree.fromstring(data))
    broken = back.set("D", "合计", "发布信息条数", 1400).with_text("overview", "全年通过政府门户网站发布信息1300条。")
    assert [f.rule for f in ds.validate(broken).findings] == ["platforms.total", "narrative.platforms"]


def test_the_variant_renders_as_pdf_with_its_annex(variant: ds.ReportFormat) -> None:
    from .test_pdf_render import assert_in_order, document_text, expected_tokens

    report = filled(variant)
    text = document_text(get_renderer("pdf").render(report, {}))
    assert assert_in_order(text, expected_tokens(report)) > len(variant.cell_keys())
    annex = text[text.index("七、政务公开平台统计附表"):]
    assert assert_in_order(annex, iter(["平台", "发布信息条数", "访问量（万人次）", "政府门户网站", "1200", "35.2",
                                        "政务新媒体", "300", "5.3", "合计", "1500", "40.5"])) == 12


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "v.toml"
    path.write_text('extends = "gov-2021"\nid = "v-2021"\n' + text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("patch", "entry", "message"), [
    ('remove_rules = ["no.such"]', "remove_rules[0]", "gov-2021 has no rule 'no.such'"),
    ('remove_tables = ["annex"]', "remove_tables[0]", "gov-2021 has no table 'annex'"),
    ('[[relabel]]\ntable = "applications"\nrow = "nope"\nlabel = "x"', "relabel[0].row",
     "table 'applications' of gov-2021 has no row 'nope'"),
    ('[[relabel]]\ntable = "applications"\nrow = "new_requests"\ncolour = "x"', "relabel[0]", "unknown key(s) colour"),
    ('[[sections]]\nid = "annex"\nnumber = "七"\nheading = "附表"\nafter = "nowhere"', "sections[0].after",
     "no section 'nowhere'"),
    ('[[add_rows]]\ntable = "proactive"\nblock = "item9"\nid = "x"\nlabel = "x"', "add_rows[0].block",
     "table 'proactive' has no block 'item9' (blocks: item1, item5, item6, item8)"),
    ('[[add_rows]]\ntable = "proactive"\nblock = "item1"\nid = "rules"\nlabel = "x"',
     "tables.proactive.blocks[0].rows[2].id", "duplicate id 'rules'"),
])
def test_a_bad_patch_names_the_variant_file_and_entry(tmp_path: Path, patch: str, entry: str, message: str) -> None:
    path = write(tmp_path, patch)
    with pytest.raises(SpecError) as err:
        ds.load_spec(path)
    assert str(err.value).startswith(f"{path}: {entry}: ") and message in str(err.value), str(err.value)


def test_unknown_base_and_own_id(tmp_path: Path) -> None:
    path = tmp_path / "v.toml"
    path.write_text('extends = "gov-2030"\nid = "v"\n', encoding="utf-8")
    with pytest.raises(SpecError, match=r"extends: no format 'gov-2030' among the known specs"):
        ds.load_spec(path)
    path.write_text('extends = "gov-2021"\nid = "gov-2021"\n', encoding="utf-8")
    with pytest.raises(SpecError, match=r"id: a variant needs an id of its own"):
        ds.load_spec(path)


def test_a_variant_may_extend_a_variant_file(tmp_path: Path) -> None:
    (tmp_path / "province-2021.toml").write_text(VARIANT.read_text(encoding="utf-8"), encoding="utf-8")
    city = tmp_path / "city.toml"
    city.write_text('extends = "province-2021.toml"\nid = "city-2021"\nremove_rules = ["narrative.platforms"]\n',
                    encoding="utf-8")
    fmt = ds.load_spec(city)
    assert fmt.id == "city-2021" and "platforms" in {t.id for t in fmt.tables}
    assert "narrative.platforms" not in {r.id for r in fmt.rules}
