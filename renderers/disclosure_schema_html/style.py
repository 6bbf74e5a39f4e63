"""The page's look: one set of declarations per element role, used as classes or inline.

A full page gets one ``<style>`` (with the phone and print rules); a fragment gets
the same declarations inline, since a CMS keeps ``style`` attributes but drops
``<style>`` and ``<head>``. Font names follow the official roles (title 方正小标宋,
headings 黑体/楷体, body 仿宋, tables 宋体), each with common fallbacks.
"""

from __future__ import annotations

TITLE_FONT = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "SimSun", serif'
HEADING_FONT = '"黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif'
SUBHEADING_FONT = '"楷体_GB2312", "楷体", "KaiTi", "STKaiti", "AR PL UKai CN", serif'
BODY_FONT = '"仿宋_GB2312", "仿宋", "FangSong", "STFangsong", serif'
TABLE_FONT = '"宋体", "SimSun", "Songti SC", "AR PL SungtiL GB", "Noto Serif CJK SC", serif'

# Widths of the label columns, in em: a top-level group (三、本年度办理结果 over 22 rows) is
# one character wide, deeper groups a few characters, the innermost column the most.
FIRST_GROUP_WIDTH = 1.6
GROUP_WIDTH = 5.5
LEAF_WIDTH = 9.5
DATA_MIN_WIDTH = 3.4  # a wide table's data column on a phone: then the table scrolls

STYLES: dict[str, str] = {
    "report": f"font-family:{BODY_FONT};font-size:16px;line-height:1.75;color:#000;background:#fff;"
              "max-width:52em;margin:0 auto;padding:1em",
    "title": f"font-family:{TITLE_FONT};font-size:1.6em;font-weight:normal;text-align:center;"
             "line-height:1.4;margin:0.5em 0 1em",
    "h2": f"font-family:{HEADING_FONT};font-size:1em;font-weight:normal;margin:1em 0 0.3em;text-indent:2em",
    "h3": f"font-family:{SUBHEADING_FONT};font-size:1em;font-weight:normal;margin:0;text-indent:2em",
    "p": "margin:0;text-indent:2em;overflow-wrap:anywhere",
    "scroll": "overflow-x:auto;margin:0.5em 0 1em;-webkit-overflow-scrolling:touch",
    "table": f"font-family:{TABLE_FONT};font-size:13px;line-height:1.35;border-collapse:separate;"
             "border-spacing:0;border-top:1px solid #000;border-left:1px solid #000;width:100%;table-layout:fixed",
    "caption": "caption-side:top;text-align:center;font-weight:bold;padding:0.3em 0",
    "cell": "border-right:1px solid #000;border-bottom:1px solid #000;padding:3px 2px;text-align:center;"
            "vertical-align:middle;font-weight:normal;overflow-wrap:anywhere;word-break:break-all;background:#fff",
    "left": "text-align:left",
    "blockcap": "text-align:left;font-weight:bold",
    "note": "text-align:left;font-size:12px",
    "sticky": "position:sticky;z-index:1",
}

PAGE_CSS = """
@media (max-width: 40em) {
  .ds-caption { text-align: left; }
}
@media print {
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
  .ds-report { max-width: none; padding: 0; font-size: 16pt; }
  .ds-scroll { overflow: visible; }
  .ds-table { font-size: 10pt; min-width: 0 !important; }
  .ds-sticky { position: static; }
  tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def stylesheet(classes: dict[str, str]) -> str:
    rules = [f".ds-{name}{{{decl}}}" for name, decl in STYLES.items() if name in classes]  # fixed order
    return "\n".join(rules) + PAGE_CSS
