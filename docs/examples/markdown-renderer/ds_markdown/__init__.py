"""A minimal Markdown renderer: the title, the narratives, and each table block as a pipe table."""

from __future__ import annotations

from collections.abc import Mapping

from disclosure_schema import Report
from disclosure_schema.plugins import check_options, format_value


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class MarkdownRenderer:
    name = "markdown"
    extension = ".md"
    media_type = "text/markdown"
    description = "Markdown with pipe tables (example plugin)"

    def render(self, report: Report, options: Mapping[str, str]) -> bytes:
        check_options(self.name, options)
        fmt = report.format
        lines = [f"# {report.display_title}", ""]
        for section in fmt.sections:
            lines += [f"## {section.title}", ""]
            if section.table is None:
                lines += [report.sections.get(section.id, ""), ""]
                continue
            table = fmt.table(section.table)
            for block in table.blocks:
                cols = block.column_leaves
                if block.caption:
                    lines += [f"**{block.caption}**", ""]
                lines.append("| " + " | ".join([_cell(block.corner or ""), *(_cell(c.label) for c in cols)]) + " |")
                lines.append("|" + "---|" * (len(cols) + 1))
                for row in block.row_leaves:
                    values = [format_value(report.cells.get((table.id, row.id, c.id))) for c in cols]
                    label = "" if row.hidden else row.label
                    lines.append("| " + " | ".join(_cell(x) for x in [label, *values]) + " |")
                lines.append("")
        return "\n".join(lines).encode("utf-8")
