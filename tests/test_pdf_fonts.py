"""Embedded TrueType fonts, the CFF refusal, and fallback fonts, with fonts built here (no system font needed)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pypdf
import pytest
from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
from fontTools.pens.t2CharStringPen import T2CharStringPen  # type: ignore[import-untyped]
from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]

from disclosure_schema import RenderError, Report, jsonio
from disclosure_schema.cli import main as cli_main
from disclosure_schema.values import format_value

from .test_pdf_render import assert_in_order, document_text, expected_tokens, full_report, render

ARPHIC = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")


def _square(pen: TTGlyphPen | T2CharStringPen) -> None:
    pen.moveTo((100, -50))
    pen.lineTo((100, 750))
    pen.lineTo((900, 750))
    pen.lineTo((900, -50))
    pen.closePath()


def make_font(path: Path, chars: str, *, cff: bool = False, name: str = "DSTest", ps: str = "",
              fs_type: int = 0, style: str = "Regular") -> Path:
    """A font whose every glyph is a square, with a glyph for each of ``chars`` (and the space).

    ``name`` is its family name (Chinese names too); ``ps`` its PostScript name, what a PDF calls it.
    """
    ps = ps or f"{name}-{style}"
    wanted = sorted(set(chars) | {" "})
    glyph_names = [".notdef", *(f"u{ord(c):05X}" for c in wanted)]
    builder = FontBuilder(1000, isTTF=not cff)
    builder.setupGlyphOrder(glyph_names)
    builder.setupCharacterMap({ord(c): f"u{ord(c):05X}" for c in wanted})
    if cff:
        charstrings = {}
        for g in glyph_names:
            pen = T2CharStringPen(1000, None)
            _square(pen)
            charstrings[g] = pen.getCharString()
        builder.setupCFF(ps, {"FullName": name}, charstrings, {})
    else:
        glyphs = {}
        for g in glyph_names:
            pen = TTGlyphPen(None)
            _square(pen)
            glyphs[g] = pen.glyph()
        builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({g: (1000, 100) for g in glyph_names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": name, "styleName": style, "psName": ps})
    builder.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120, fsType=fs_type)
    builder.setupPost()
    builder.save(str(path))
    return path


def report_chars(report: Report) -> str:
    """Every character the rendered report draws: its own text, the spec's labels, page numbers."""
    parts = [report.display_title, "— 0123456789", *report.sections.values()]
    fmt = report.format
    parts += [s.title for s in fmt.sections]
    for table in fmt.tables:
        for block in table.blocks:
            parts += [block.caption or "", block.corner or ""]
            parts += [n.label for n, _ in block.row_nodes()] + [n.label for n, _ in block.column_nodes()]
    parts += [format_value(v) for v in report.cells.values()]
    return "".join(parts)


def fonts_used(data: bytes) -> set[str]:
    """Base font names, without the subset prefix (ReportLab cuts a TTF into 256-glyph subsets)."""
    names = {m.decode().split("+")[-1] for m in re.findall(rb"/BaseFont\s*/(\S+)", data)}
    return names - {"Helvetica"}  # ReportLab's canvas declares its initial font on every page


def test_an_embedded_truetype_font_draws_the_whole_report(tmp_path: Path) -> None:
    report = full_report()
    font = make_font(tmp_path / "all.ttf", report_chars(report))
    data = render(report, font=str(font))
    assert fonts_used(data) == {"DSTest-Regular"}
    assert b"/FontFile2" in data  # embedded
    text = document_text(data)
    assert_in_order(text, expected_tokens(report))
    assert render(report, font=str(font)) == data  # deterministic with an embedded subset too


def test_a_character_missing_from_the_font_is_named_with_its_place(tmp_path: Path) -> None:
    report = full_report().with_text("other", "无。\n另有丙事项")
    font = make_font(tmp_path / "no-bing.ttf", report_chars(report).replace("丙", ""))
    with pytest.raises(RenderError) as info:
        render(report, font=str(font))
    message = str(info.value)
    assert "section 'other' line 2, character 3: U+4E19 '丙'" in message
    assert "no-bing.ttf" in message


def test_a_fallback_font_draws_what_the_main_font_lacks(tmp_path: Path) -> None:
    report = full_report().with_text("other", "无。\n另有丙事项")
    main = make_font(tmp_path / "no-bing.ttf", report_chars(report).replace("丙", ""))
    fallback = make_font(tmp_path / "bing.ttf", "丙", name="DSFallback")
    data = render(report, font=str(main), fallback_font=str(fallback))
    assert fonts_used(data) == {"DSTest-Regular", "DSFallback-Regular"}
    assert "另有丙事项" in document_text(data)


def test_a_fallback_font_draws_extension_b_next_to_the_cid_font(tmp_path: Path) -> None:
    report = full_report().with_text("other", "生僻字𠀀在此")
    fallback = make_font(tmp_path / "extb.ttf", "𠀀", name="DSExtB")
    data = render(report, font="STSong-Light", fallback_font=str(fallback))
    assert fonts_used(data) == {"STSong-Light", "DSExtB-Regular"}
    assert "生僻字𠀀在此" in document_text(data)


@pytest.fixture
def font_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Converted fonts go to a folder of the test's own."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("DISCLOSURE_SCHEMA_CACHE", str(cache))
    return cache / "fonts"


def test_a_font_with_postscript_outlines_is_converted_once_and_embedded(
        tmp_path: Path, font_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = full_report()
    font = make_font(tmp_path / "cff.otf", report_chars(report), cff=True, name="DSCff")
    data = render(report, font=str(font))
    assert fonts_used(data) == {"DSCff-Regular"}
    assert b"/FontFile2" in data  # embedded as TrueType
    assert_in_order(document_text(data), expected_tokens(report))
    assert [p.suffix for p in font_cache.iterdir()] == [".ttf"]
    # The second time (another process would find the same file) nothing is converted.
    from disclosure_schema_pdf import convert, fonts

    fonts._TTF_CACHE.clear()

    def no_conversion(path: str, index: int) -> bytes:
        raise AssertionError("converted again")

    monkeypatch.setattr(convert, "_convert", no_conversion)
    assert render(report, font=str(font)) == data


def test_a_font_whose_licence_forbids_embedding_is_refused_with_the_reason(tmp_path: Path) -> None:
    report = full_report()
    font = make_font(tmp_path / "restricted.ttf", report_chars(report), fs_type=0x0002)
    with pytest.raises(RenderError, match=r"restricted\.ttf.*cannot be embedded.*licence.*0x0002"):
        render(report, font=str(font))
    bitmap = make_font(tmp_path / "bitmap.ttf", report_chars(report), fs_type=0x0200)
    with pytest.raises(RenderError, match=r"bitmaps only"):
        render(report, font=str(bitmap))
    # 0x0004 / 0x0008 (preview & print, editable) allow embedding
    assert b"/FontFile2" in render(report, font=str(make_font(tmp_path / "print.ttf", report_chars(report),
                                                                  fs_type=0x0004)))


def test_a_file_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font at all")
    with pytest.raises(RenderError, match=r"bogus\.ttf.*not a TrueType font"):
        render(full_report(), font=str(bogus))


def test_cli_render_with_font(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = full_report()
    source = tmp_path / "report.json"
    source.write_bytes(jsonio.dumps(report))
    font = make_font(tmp_path / "all.ttf", report_chars(report))
    out = tmp_path / "report.pdf"
    # exit 1 only says the made-up numbers break the format's rules; the PDF is written
    assert cli_main(["render", str(source), "--to", "pdf", "--font", str(font), "-o", str(out)]) in (0, 1)
    assert fonts_used(out.read_bytes()) == {"DSTest-Regular"}
    restricted = make_font(tmp_path / "restricted.ttf", report_chars(report), fs_type=0x0002)
    code = cli_main(["render", str(source), "--to", "pdf", "--font", str(restricted), "-o", str(tmp_path / "x.pdf")])
    assert code == 2
    assert re.search(r"restricted\.ttf.*licence", capsys.readouterr().err)


@pytest.mark.skipif(not ARPHIC.exists() and not os.environ.get("CI"),
                    reason="fonts-arphic-gbsn00lp is not installed here (CI installs it)")
def test_the_arphic_song_font_when_installed() -> None:
    report = full_report("gov-2019")
    data = render(report, font=str(ARPHIC))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 4
    assert_in_order(document_text(data), expected_tokens(report))


def test_latin1_symbols_the_cid_font_lacks_are_drawn_by_the_declared_base_font() -> None:
    from pypdf import PdfReader

    from disclosure_schema import Report
    from disclosure_schema.plugins import get_renderer

    report = Report.create("gov-2019", "某局", 2019).with_text("overview", "中国·呈贡网站，中国•呈贡。")
    data = get_renderer("pdf").render(report, {"font": "STSong-Light"})
    assert b"/Helvetica" in data
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "中国·呈贡网站" in text
