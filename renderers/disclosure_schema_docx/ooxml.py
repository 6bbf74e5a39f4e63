"""The fixed parts of the package and the names shared by the writer and the reader."""

from __future__ import annotations

import re

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REPORT_NS = "urn:disclosure-schema:report/1"
BOOKMARK_PREFIX = "_ds"  # a leading underscore: Word keeps the bookmark hidden
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

# Sizes in twentieths of a point (twips) and half points. GB/T 9704-2012: A4, 天头 37 mm,
# 订口 28 mm, 版心 156 mm × 225 mm, 22 lines of 3号 (16 pt) text; the page number in 4号.
MM = 1440 / 25.4
PAGE_W, PAGE_H = 11906, 16838
TOP, LEFT, RIGHT, BOTTOM = round(37 * MM), round(28 * MM), round(26 * MM), round(35 * MM)
BODY_W = PAGE_W - LEFT - RIGHT
FOOTER = round(23 * MM)  # the page number sits about 7 mm below the text block
LINE_PITCH = round(225 * MM / 22)
INDENT = 640  # two characters of 16 pt

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
TABLE_SIZE = 20  # half points: 10 pt, so that three label columns and seven applicant columns fit
TABLE_EM = 200  # twips
CELL_PAD = 57  # about 1 mm

# What XML 1.0 cannot carry, and a carriage return (a parser reads it as a line feed).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def visible(text: str) -> str:
    """Text as the document shows it: characters XML cannot carry become U+FFFD."""
    return NOT_XML.sub("\ufffd", text)


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" w:hint="eastAsia"/>'


XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = XML_DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/customXml/itemProps1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = XML_DECL + (
    f'<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = XML_DECL + (
    f'<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="rId4" Type="{REL}/footer" Target="footer2.xml"/>'
    f'<Relationship Id="rId5" Type="{REL}/customXml" Target="../customXml/item1.xml"/>'
    "</Relationships>"
)

ITEM_PROPS = XML_DECL + (
    '<ds:datastoreItem ds:itemID="{6F1B7C2E-52D4-4E0A-9C1D-0D15C105E5C4}" '
    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
    f'<ds:schemaRefs><ds:schemaRef ds:uri="{REPORT_NS}"/></ds:schemaRefs></ds:datastoreItem>'
)

ITEM_RELS = XML_DECL + (
    f'<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/customXmlProps" Target="itemProps1.xml"/>'
    "</Relationships>"
)

SETTINGS = XML_DECL + (
    f'<w:settings xmlns:w="{W}">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'  # schema order
    '<w:characterSpacingControl w:val="compressPunctuation"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat>'
    "</w:settings>"
)


def _style(kind: str, sid: str, name: str, ppr: str, rpr: str, extra: str = "") -> str:
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>{extra}'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>")


_BODY_SPACING = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
_BASED = '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'

STYLES = XML_DECL + (
    f'<w:styles xmlns:w="{W}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'{_fonts(BODY_FONT)}<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    f"{_BODY_SPACING}"
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    + _style("paragraph", "Normal", "Normal", f'{_BODY_SPACING}<w:jc w:val="both"/>',
             f"{_fonts(BODY_FONT)}<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>",
             '<w:qFormat/>').replace('<w:style w:type="paragraph"', '<w:style w:type="paragraph" w:default="1"', 1)
    + _style("paragraph", "Title", "Title",
             '<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="580" w:line="700" w:lineRule="exact"/>'
             '<w:jc w:val="center"/>'
             '<w:outlineLvl w:val="9"/>',
             f'{_fonts(TITLE_FONT)}<w:sz w:val="44"/><w:szCs w:val="44"/>', _BASED)
    + _style("paragraph", "Heading1", "heading 1",
             f'<w:keepNext/><w:ind w:firstLine="{INDENT}"/><w:outlineLvl w:val="0"/>',
             f'{_fonts(HEADING_FONT)}<w:sz w:val="32"/><w:szCs w:val="32"/>', _BASED)
    + _style("paragraph", "Heading2", "heading 2",
             f'<w:keepNext/><w:ind w:firstLine="{INDENT}"/><w:outlineLvl w:val="1"/>',
             f'{_fonts(SUBHEADING_FONT)}<w:sz w:val="32"/><w:szCs w:val="32"/>', _BASED)
    + _style("paragraph", "BodyText", "Body Text", f'<w:ind w:firstLine="{INDENT}"/>', "",
             '<w:basedOn w:val="Normal"/><w:qFormat/>')
    + _style("paragraph", "TableText", "Table Text",
             '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
             '<w:jc w:val="center"/>',
             f'{_fonts(TABLE_FONT)}<w:sz w:val="{TABLE_SIZE}"/><w:szCs w:val="{TABLE_SIZE}"/>',
             '<w:basedOn w:val="Normal"/><w:qFormat/>')
    + _style("paragraph", "Footer", "footer", '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
             f'{_fonts(TABLE_FONT)}<w:sz w:val="28"/><w:szCs w:val="28"/>', '<w:basedOn w:val="Normal"/>')
    + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    f'<w:left w:w="{CELL_PAD}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="{CELL_PAD}" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr></w:style>"
    "</w:styles>"
)


def footer(align: str) -> str:
    """A footer with "— page —", right on odd pages and left on even ones (one character in)."""
    side = "right" if align == "right" else "left"
    return XML_DECL + (
        f'<w:ftr xmlns:w="{W}"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:ind w:{side}="280"/>'
        f'<w:jc w:val="{align}"/></w:pPr>'
        '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'
    )
