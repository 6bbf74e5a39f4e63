"""Page and type sizes after GB/T 9704-2012 (党政机关公文格式), in PostScript points.

Layout works top-down: ``y`` is measured from the top of the page.
"""

from __future__ import annotations

MM = 72 / 25.4
PAGE_WIDTH = 210 * MM  # A4
PAGE_HEIGHT = 297 * MM
LEFT = 28 * MM  # 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm
TOP = 37 * MM
BODY_WIDTH = 156 * MM
BODY_HEIGHT = 225 * MM
BODY_BOTTOM = TOP + BODY_HEIGHT

TITLE_SIZE = 22.0  # 2号
BODY_SIZE = 16.0  # 3号
LINE_PITCH = BODY_HEIGHT / 22  # 22 lines to the page
TITLE_PITCH = 1.3 * TITLE_SIZE
PAGE_NUMBER_SIZE = 14.0  # 4号
PAGE_NUMBER_GAP = 7 * MM  # from the text block's lower edge to the top of the "—"

# Tables: 五号 (10.5 pt), stepping down to 小五号 (9 pt) when the labels would otherwise wrap.
TABLE_SIZES = (10.5, 10.0, 9.5, 9.0)
MIN_VALUE_SIZE = 7.5  # a long number is set down to this size before it is wrapped
CELL_PAD_X = 3.0
CELL_PAD_Y = 3.5
RULE_WIDTH = 0.6
