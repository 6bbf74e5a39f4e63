"""Font roles (GB/T 9704): found by family name, chosen per role, named in the PDF, every font embedded."""

from __future__ import annotations

import io
import os
import warnings
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pypdf
import pytest

from disclosure_schema import RenderError, Report
from disclosure_schema.cli import main as cli_main
from disclosure_schema_pdf import discovery, roles
from disclosure_schema_pdf.discovery import FontIndex, system_fonts
from disclosure_schema_pdf.roles import FontWarning, resolve

from .test_pdf_fonts import fonts_used, make_font, report_chars
from .test_pdf_render import full_report, render

# Each role's first default family, as Windows and the published reports name them.
ROLE_FAMILIES = {"title": ("方正小标宋简体", "DSXiaoBiaoSong"), "heading1": ("黑体", "DSHei"),
                 "heading2": ("楷体_GB2312", "DSKai"), "body": ("仿宋_GB2312", "DSFangSong"),
                 "table": ("宋体", "DSSong"), "numbers": ("Times New Roman", "DSTimes")}


@pytest.fixture
def font_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one made-up font per role, under the real family names, as the only fonts installed."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    chars = report_chars(full_report()) + "年月日"
    for family, ps in ROLE_FAMILIES.values():
        make_font(folder / f"{ps}.ttf", chars, name=family, ps=ps)
    _use_fonts(monkeypatch, str(folder))
    return folder


def _use_fonts(monkeypatch: pytest.MonkeyPatch, folders: str) -> None:
    monkeypatch.setenv("DISCLOSURE_SCHEMA_FONT_DIRS", folders)
    system_fonts.cache_clear()
    roles._resolve_cached.cache_clear()


@pytest.fixture(autouse=True)
def _forget_fonts() -> Iterator[None]:
    """Each test finds the fonts of its own environment, and leaves none of its made-up ones behind."""
    system_fonts.cache_clear()
    roles._resolve_cached.cache_clear()
    yield
    system_fonts.cache_clear()
    roles._resolve_cached.cache_clear()


def fonts_of_strings(data: bytes) -> dict[str, set[str]]:
    """For each PostScript font name (subset prefix dropped), the strings drawn with it."""
    out: dict[str, set[str]] = defaultdict(set)

    def text(t: str, cm: object, tm: object, font: object, size: object) -> None:
        if t.strip() and isinstance(font, dict):
            out[str(font["/BaseFont"]).split("+")[-1]].add(t)

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=text)
    return out


def drawn_with(data: bytes, font: str) -> str:
    return "".join(sorted(fonts_of_strings(data).get(font, set())))


def test_each_role_is_set_in_its_gb9704_typeface(font_dir: Path) -> None:
    report = full_report().with_text("other", "（二）其他事项。本年度无收费2024年。")
    data = render(report)
    assert fonts_used(data) == {ps for _, ps in ROLE_FAMILIES.values()}
    assert "2023年政府信息公开工作年度报告" in drawn_with(data, "DSXiaoBiaoSong")
    assert "一、总体情况" in drawn_with(data, "DSHei") and "六、其他需要报告的事项" in drawn_with(data, "DSHei")
    assert "（一）主动公开。" in drawn_with(data, "DSKai") and "（二）其他事项。" in drawn_with(data, "DSKai")
    assert "本年度无收费" in drawn_with(data, "DSFangSong")
    assert "2024" in drawn_with(data, "DSTimes")  # digits in the body: Times New Roman
    assert "收到和处理政府信息公开申请情况" not in drawn_with(data, "DSSong")  # a heading, not the table
    assert "申请人情况" in drawn_with(data, "DSSong") and "自然人" in drawn_with(data, "DSSong")
    # none of the faces is faked bold: each role has its own cut
    streams = [p.get_contents() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert b" 2 Tr" not in b"".join(s.get_data() for s in streams if s is not None)


def test_which_file_serves_which_role_is_said(font_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = resolve().describe()
    for role, (family, ps) in ROLE_FAMILIES.items():
        (line,) = [x for x in lines if x.startswith(f"{role}:")]
        assert family in line and f"{ps}.ttf" in line
    roles.main([])
    assert capsys.readouterr().out.splitlines()[: len(lines)] == lines


def test_discovery_by_family_file_name_and_style(tmp_path: Path) -> None:
    make_font(tmp_path / "simfang.ttf", "甲", name="仿宋", ps="FangSong")
    make_font(tmp_path / "NotoSerif-Bold.ttf", "甲", name="Noto Serif CJK SC", style="Bold")
    make_font(tmp_path / "NotoSerif-Regular.ttf", "甲", name="Noto Serif CJK SC")
    index = FontIndex.scan([tmp_path])
    assert Path(index.find("仿宋").path).name == "simfang.ttf"  # type: ignore[union-attr]
    assert Path(index.find("SIMFANG.TTF").path).name == "simfang.ttf"  # type: ignore[union-attr]
    assert Path(index.find("noto serif cjk sc").path).name == "NotoSerif-Regular.ttf"  # type: ignore[union-attr]
    assert Path(index.find("Noto Serif CJK SC:Bold").path).name == "NotoSerif-Bold.ttf"  # type: ignore[union-attr]
    assert index.find("仿宋_GB2312") is None


def test_fontconfig_lists_are_read_with_their_escapes() -> None:
    assert discovery._split_names(r"WenQuanYi Zen Hei,文泉驛正黑,A\,B") == ("WenQuanYi Zen Hei", "文泉驛正黑", "A,B")


def test_a_missing_role_borrows_the_body_face(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_font(tmp_path / "fang.ttf", report_chars(full_report()), name="仿宋_GB2312", ps="DSFangSong")
    _use_fonts(monkeypatch, str(tmp_path))
    chosen = resolve()
    assert {c.face.label for c in chosen.choices if c.face} == {f"仿宋_GB2312 ({tmp_path / 'fang.ttf'})"}
    assert any("borrowed from body" in line for line in chosen.describe())
    assert fonts_used(render(full_report())) == {"DSFangSong"}


def test_the_fonts_file_names_each_role(tmp_path: Path, font_dir: Path) -> None:
    make_font(tmp_path / "other.ttf", report_chars(full_report()) + "年月日", name="DSOther", ps="DSOther")
    config = tmp_path / "fonts.toml"
    config.write_text('title = "./other.ttf"\nbody = ["no such font", "./other.ttf"]\n', encoding="utf-8")
    data = render(full_report(), fonts=str(config))
    assert "2023年政府信息公开工作年度报告" in drawn_with(data, "DSOther")
    assert "本年度主动公开政府信息" in drawn_with(data, "DSOther")
    assert "一、总体情况" in drawn_with(data, "DSHei")  # the roles it does not name keep their defaults
    config.write_text('heading1 = ["no such font"]\n', encoding="utf-8")
    with pytest.raises(RenderError, match="font role 'heading1': none of no such font is installed"):
        render(full_report(), fonts=str(config))
    config.write_text('headline = "黑体"\n', encoding="utf-8")
    with pytest.raises(RenderError, match="'headline' is not a font role"):
        render(full_report(), fonts=str(config))


def test_one_font_for_every_role_by_family_name(font_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "report.json"
    from disclosure_schema import jsonio

    source.write_bytes(jsonio.dumps(full_report()))
    out = tmp_path / "out.pdf"
    assert cli_main(["render", str(source), "--to", "pdf", "--font", "黑体", "-o", str(out)]) in (0, 1)
    assert fonts_used(out.read_bytes()) == {"DSHei"}


def test_without_a_chinese_font_the_cid_font_is_the_last_resort_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use_fonts(monkeypatch, str(tmp_path))  # an empty folder: no font at all
    with pytest.warns(FontWarning, match="not embedded, so each viewer substitutes"):
        data = render(full_report())
    assert fonts_used(data) == {"STSong-Light"}


def _embedded_fonts(data: bytes) -> dict[str, bool]:
    """pdffonts' "emb" column: each font the pages use, and whether its program is in the file."""
    found = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        resources = cast(pypdf.generic.DictionaryObject, page["/Resources"])
        for ref in cast(pypdf.generic.DictionaryObject, resources["/Font"]).values():
            font = cast(pypdf.generic.DictionaryObject, ref.get_object())
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            files = descriptor.get_object().keys() if descriptor else set()
            found[str(font["/BaseFont"])] = bool({"/FontFile", "/FontFile2", "/FontFile3"} & set(files))
    return found


def _have_chinese_font() -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("error", FontWarning)
        try:
            return resolve().embedded
        except FontWarning:
            return False


@pytest.mark.skipif(not os.environ.get("CI") and not _have_chinese_font(),
                    reason="no Chinese font installed here (CI installs fonts-arphic-gbsn00lp and others)")
def test_with_the_installed_fonts_every_font_is_embedded() -> None:
    report = full_report("gov-2019").with_meta(published=__import__("datetime").date(2024, 1, 26))
    data = render(report)
    embedded = _embedded_fonts(data)
    assert embedded and all(embedded.values()), embedded
    assert "Helvetica" not in str(embedded)


NOTO = "Noto Serif CJK SC"


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("CI") and system_fonts().find(NOTO) is None,
                    reason="fonts-noto-cjk is not installed here (CI installs it)")
def test_an_installed_opentype_cjk_font_is_converted_and_embedded() -> None:
    report = Report.create("gov-2021", "淮安市洪泽区人民政府", 2024).with_text("overview", "总体情况良好。")
    data = render(report, font=NOTO)
    embedded = _embedded_fonts(data)
    assert embedded and all(embedded.values()), embedded
    assert any("NotoSerifCJK" in name for name in embedded)
    assert "总体情况良好" in "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_rendering_logs_which_file_serves_which_role(font_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.INFO, logger="disclosure_schema_pdf.fonts"):
        render(full_report())
    assert any(r.getMessage().startswith("body: 仿宋_GB2312") and "DSFangSong.ttf" in r.getMessage()
               for r in caplog.records)
