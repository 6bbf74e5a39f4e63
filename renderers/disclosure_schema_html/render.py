"""The report as an HTML page or a paste-ready fragment, built as text (no DOM library needed).

Tables are the shared stacked layout (:func:`disclosure_schema.stacked_layout`):
label cells are ``<th>`` with an ``id`` and a ``scope``, every number's ``<td>``
names its caption, column and row headers in ``headers``. A table with more
than five data columns (table B) gets a minimum width, so on a phone it scrolls
sideways inside its own box, and its label columns stay put (``position:
sticky``) while the numbers move.
"""

from __future__ import annotations

import itertools
import re
from html import escape

from disclosure_schema import Report, Table, stacked_layout
from disclosure_schema.layout import LayoutCell, Role

from .embed import DATA_ATTRIBUTE, SCRIPT_ID, embedded_json
from .style import DATA_MIN_WIDTH, FIRST_GROUP_WIDTH, GROUP_WIDTH, LEAF_WIDTH, STYLES, stylesheet

WIDE_TABLE = 5  # more data columns than this: the table scrolls on a phone
LABEL_SHARE_PER_EM, LABEL_SHARE_MAX = 2.5, 40.0  # percent of a table's width its label columns take
# A narrative line that is only a sub-heading such as "（一）主动公开" (ASCII brackets too).
SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)][^。；;]{0,40}$")
# What HTML cannot show: control characters (not tab or newline) and non-characters.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def text(value: str) -> str:
    """Text for an element's content: escaped, unshowable characters as U+FFFD, line breaks kept."""
    return escape(_UNSHOWABLE.sub("\ufffd", value), quote=False).replace("\n", "<br>")


class Styler:
    """``class`` attributes (a page with one ``<style>``) or ``style`` attributes (a fragment)."""

    def __init__(self, inline: bool) -> None:
        self.inline = inline
        self.used: dict[str, str] = {}

    def __call__(self, *names: str, extra: str = "") -> str:
        if self.inline:
            decl = ";".join([*(STYLES[n] for n in names), *([extra] if extra else [])])
            return f' style="{escape(decl)}"'
        for n in names:
            self.used[n] = STYLES[n]
        style = f' style="{escape(extra)}"' if extra else ""
        return f' class="{" ".join("ds-" + n for n in names)}"{style}'


def _label_widths(depth: int) -> list[float]:
    if depth == 0:
        return []
    groups = [FIRST_GROUP_WIDTH if d == 0 else GROUP_WIDTH for d in range(depth - 1)]
    return [*groups, LEAF_WIDTH]


def _table(report: Report, table: Table, s: Styler, out: list[str]) -> None:
    lay = stacked_layout(table)
    prefix = f"ds-{table.id}-"
    widths = _label_widths(lay.label_columns)
    label_em = sum(widths)
    data_columns = max(len(b.column_leaves) for b in table.blocks)
    wide = data_columns > WIDE_TABLE and lay.label_columns > 0
    table_extra = f"min-width:{label_em + DATA_MIN_WIDTH * data_columns:g}em" if wide else ""
    out.append(f'<div{s("scroll")}><table id="{prefix}table"{s("table", extra=table_extra)}>')
    out.append(f"<caption{s('caption')}>{text(table.label)}</caption>")
    out.append("<colgroup>")
    shares = [float(b - a) for a, b in itertools.pairwise(lay.data_edges)]
    if wide or len(set(shares)) == 1:
        # Label columns in em (the sticky offsets are in em); equal data columns share the rest.
        out += [f'<col style="width:{w:g}em">' for w in widths]
        out += ["<col>"] * len(shares)
    else:
        # Unequal data columns (table A's blocks of 3 and 2): every column a percentage, since a
        # <col> takes no calc().
        labels_pct = min(LABEL_SHARE_MAX, LABEL_SHARE_PER_EM * label_em)
        out += [f'<col style="width:{labels_pct * w / label_em:.3f}%">' for w in widths]
        out += [f'<col style="width:{(100 - labels_pct) * s:.3f}%">' for s in shares]
    out.append("</colgroup>")
    rows: list[list[tuple[int, LayoutCell]]] = [[] for _ in range(lay.rows)]
    for i, cell in enumerate(lay.cells):
        rows[cell.row].append((i, cell))
    head_end = lay.block_rows[0][1]
    lefts = [sum(widths[:c]) for c in range(len(widths))]
    for r, row in enumerate(rows):
        if r == 0:
            out.append("<thead>")
        if r == head_end:
            out.append("</thead><tbody>")
        out.append("<tr>")
        for i, cell in sorted(row, key=lambda x: x[1].col):
            out.append(_cell(report, cell, f"{prefix}{i}", prefix, s, wide, lefts))
        out.append("</tr>")
    out.append("</tbody></table></div>" if head_end < lay.rows else "</thead></table></div>")


def _cell(report: Report, cell: LayoutCell, ident: str, prefix: str, s: Styler, wide: bool,
          lefts: list[float]) -> str:
    span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + \
        (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
    role = cell.role
    if role is Role.VALUE:
        headers = " ".join(f"{prefix}{h}" for h in cell.headers)
        return f'<td headers="{headers}"{span}{s("cell")}>{text(cell.text_in(report))}</td>'
    sticky = wide and role in (Role.ROW, Role.CORNER)
    names = ["cell", *(["sticky"] if sticky else [])]
    extra = f"left:{lefts[cell.col]:g}em" if sticky else ""
    if role is Role.CORNER or cell.hidden:
        if len(cell.text) > 12:
            names.append("note")
        return f"<td{span}{s(*names, extra=extra)}>{text(cell.text)}</td>"
    if role is Role.CAPTION:
        return f'<th id="{ident}" scope="colgroup"{span}{s(*names, "blockcap")}>{text(cell.text)}</th>'
    if role is Role.COLUMN:
        scope = "colgroup" if cell.is_group else "col"  # a leaf over two grid columns is still one column
        return f'<th id="{ident}" scope="{scope}"{span}{s(*names)}>{text(cell.text)}</th>'
    scope = "rowgroup" if cell.is_group else "row"
    if not cell.is_group:
        names.append("left")
    return f'<th id="{ident}" scope="{scope}"{span}{s(*names, extra=extra)}>{text(cell.text)}</th>'


def _narrative(body: str, s: Styler, out: list[str]) -> None:
    for line in body.split("\n"):
        stripped = line.strip(" \u3000\t")
        if not stripped:
            continue
        tag = "h3" if SUB_HEADING.match(stripped) else "p"
        out.append(f"<{tag}{s(tag)}>{text(stripped)}</{tag}>")


def _body(report: Report, s: Styler) -> list[str]:
    fmt = report.format
    out = [f"<h1{s('title')}>{text(report.display_title)}</h1>"]
    for section in fmt.sections:
        out.append(f'<section id="ds-{section.id}">')
        out.append(f"<h2{s('h2')}>{text(section.title)}</h2>")
        if section.table is None:
            _narrative(report.sections.get(section.id, ""), s, out)
        else:
            _table(report, fmt.table(section.table), s, out)
        out.append("</section>")
    return out


def render_page(report: Report) -> str:
    s = Styler(inline=False)
    body = _body(report, s)
    s("report")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="disclosure-schema">',
        f"<title>{text(report.display_title)}</title>",
        f"<style>\nbody{{margin:0;background:#fff}}\n{stylesheet(s.used)}</style>",
        "</head>",
        "<body>",
        f'<article{s("report")} data-format="{escape(report.format.id)}">',
        *body,
        "</article>",
        f'<script type="application/json" id="{SCRIPT_ID}">{embedded_json(report)}</script>',
        "</body>",
        "</html>",
        "",
    ])


def render_fragment(report: Report) -> str:
    s = Styler(inline=True)
    data = escape(embedded_json(report))
    return "\n".join([
        f'<section lang="zh-CN" class="ds-report" {DATA_ATTRIBUTE}="{data}"{s("report")}>',
        *_body(report, s),
        "</section>",
        "",
    ])
