"""The batch for people: reports per agency and year, clean / with errors / unreadable, frequent findings.

:func:`summarise` counts; :func:`summary_text` prints it; :func:`summary_html`
makes one page with charts (matplotlib, drawn as SVG with the text left as text,
so the browser draws Chinese with its own fonts) for an office's leadership.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from collections.abc import Sequence

import attrs

from ..cli import Outcome
from ..errors import ReadError

NO_AGENCY = "（未写机关 no agency）"


@attrs.frozen
class FileLine:
    outcome: Outcome
    agency: str | None
    year: int | None


@attrs.frozen
class Summary:
    files: int
    clean: int  # read, no error (warnings allowed)
    with_errors: int
    unreadable: int
    with_warnings: int
    years: tuple[int, ...]
    per_agency: tuple[tuple[str, dict[int, int], int, int], ...]  # agency, reports per year, errors, warnings
    rules: tuple[tuple[str, str, int, int], ...]  # rule, severity, findings, reports with it (failed only)


def summarise(lines: Sequence[FileLine]) -> Summary:
    per: dict[str, tuple[Counter[int], list[int]]] = {}
    rules: Counter[tuple[str, str]] = Counter()
    reports_with: Counter[tuple[str, str]] = Counter()
    for line in lines:
        o = line.outcome
        if o.error or line.agency is None:
            continue
        counts, totals = per.setdefault(line.agency.strip() or NO_AGENCY, (Counter(), [0, 0]))
        if line.year is not None:
            counts[line.year] += 1
        failed = [f for f in o.findings if f["status"] == "failed"]
        totals[0] += sum(1 for f in failed if f["severity"] == "error")
        totals[1] += sum(1 for f in failed if f["severity"] != "error")
        seen = {(str(f["rule"]), str(f["severity"])) for f in failed}
        rules.update((str(f["rule"]), str(f["severity"])) for f in failed)
        reports_with.update(seen)
    years = sorted({y for c, _ in per.values() for y in c})
    return Summary(
        files=len(lines),
        clean=sum(1 for x in lines if not x.outcome.error and not x.outcome.n_errors),
        with_errors=sum(1 for x in lines if not x.outcome.error and x.outcome.n_errors),
        unreadable=sum(1 for x in lines if x.outcome.error),
        with_warnings=sum(1 for x in lines if not x.outcome.error and any(
            f["status"] == "failed" and f["severity"] == "warning" for f in x.outcome.findings)),
        years=tuple(years),
        per_agency=tuple((a, dict(c), t[0], t[1]) for a, (c, t) in sorted(per.items())),
        rules=tuple((r, s, n, reports_with[(r, s)]) for (r, s), n in
                    sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def summary_text(s: Summary, lang: str = "zh", top: int = 10) -> str:
    zh = lang == "zh"
    lines = [
        f"报告文件 {s.files} 份：无错误 {s.clean}，有错误 {s.with_errors}，无法读取 {s.unreadable}（有警告 {s.with_warnings}）"
        if zh else f"{s.files} file(s): {s.clean} without errors, {s.with_errors} with errors, "
        f"{s.unreadable} unreadable ({s.with_warnings} with warnings)",
    ]
    if s.per_agency:
        head = "机关" if zh else "agency"
        lines.append("\t".join([head, *map(str, s.years), "错误" if zh else "errors", "警告" if zh else "warnings"]))
        for agency, counts, errors, warnings in s.per_agency:
            lines.append("\t".join([agency, *(str(counts.get(y, 0)) for y in s.years), str(errors), str(warnings)]))
    if s.rules:
        lines.append("最常见的问题：" if zh else "Most frequent findings:")
        for rule, severity, n, reports in s.rules[:top]:
            sev = ("错误" if severity == "error" else "警告") if zh else severity
            lines.append(f"  {rule} ({sev}): {n} 项，{reports} 份报告" if zh else
                         f"  {rule} ({sev}): {n} finding(s) in {reports} report(s)")
    return "\n".join(lines)


def _chart(labels: Sequence[str], errors: Sequence[int], warnings: Sequence[int], title: str) -> str:
    """A horizontal stacked bar chart as inline SVG."""
    import logging
    import warnings as _warnings

    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "disclosure-schema",
                                "font.family": ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "AR PL UMing CN",
                                                "DejaVu Sans"]}), _warnings.catch_warnings():
        _warnings.simplefilter("ignore")  # missing glyphs: the SVG keeps the text, the browser draws it
        fonts = logging.getLogger("matplotlib.font_manager")
        level, fonts.level = fonts.level, logging.ERROR
        fig, ax = plt.subplots(figsize=(8, 0.4 * len(labels) + 1.2))
        ys = list(range(len(labels)))[::-1]
        ax.barh(ys, errors, color="#c0392b", label="errors / 错误")
        ax.barh(ys, warnings, left=errors, color="#e6a23c", label="warnings / 警告")
        ax.set_yticks(ys, labels)
        ax.set_title(title)
        ax.legend(loc="lower right")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        plt.close(fig)
        fonts.setLevel(level)
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]


def summary_html(s: Summary, title: str = "政府信息公开工作年度报告 批量核查") -> str:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ReadError("--report", "", "needs matplotlib: pip install 'disclosure-schema[report]'") from None
    e = html.escape
    charts = []
    top_rules = s.rules[:15]
    if top_rules:
        by_rule: dict[str, list[int]] = {}
        for rule, severity, n, _ in top_rules:
            by_rule.setdefault(rule, [0, 0])[0 if severity == "error" else 1] += n
        charts.append(_chart(list(by_rule), [v[0] for v in by_rule.values()], [v[1] for v in by_rule.values()],
                             "Findings by rule / 按规则"))
    agencies = sorted(s.per_agency, key=lambda a: (-(a[2] + a[3]), a[0]))[:20]
    agencies = [a for a in agencies if a[2] + a[3]]
    if agencies:
        charts.append(_chart([a[0] for a in agencies], [a[2] for a in agencies], [a[3] for a in agencies],
                             "Findings by agency / 按机关"))
    rows = "".join(
        f"<tr><td>{e(a)}</td>" + "".join(f"<td>{c.get(y, 0) or ''}</td>" for y in s.years)
        + f"<td>{err}</td><td>{warn}</td></tr>" for a, c, err, warn in s.per_agency)
    rule_rows = "".join(f"<tr><td><code>{e(r)}</code></td><td>{'错误' if sev == 'error' else '警告'}</td>"
                        f"<td>{n}</td><td>{k}</td></tr>" for r, sev, n, k in s.rules)
    years = "".join(f"<th>{y}</th>" for y in s.years)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:60em}}table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #bbb;padding:.2em .6em;text-align:right}}td:first-child,th:first-child{{text-align:left}}
.k{{display:inline-block;margin-right:2em;font-size:1.4em}}.k b{{display:block;font-size:.6em;color:#555}}</style>
</head><body>
<h1>{e(title)}</h1>
<p><span class="k"><b>报告文件 files</b>{s.files}</span><span class="k"><b>无错误 without errors</b>{s.clean}</span>
<span class="k"><b>有错误 with errors</b>{s.with_errors}</span><span class="k"><b>无法读取 unreadable</b>{s.unreadable}</span>
<span class="k"><b>有警告 with warnings</b>{s.with_warnings}</span></p>
{"".join(f'<figure>{c}</figure>' for c in charts)}
<h2>各机关各年度报告 Reports per agency and year</h2>
<table><tr><th>机关 agency</th>{years}<th>错误 errors</th><th>警告 warnings</th></tr>{rows}</table>
<h2>问题按规则 Findings by rule</h2>
<table><tr><th>规则 rule</th><th>级别</th><th>问题 findings</th><th>报告 reports</th></tr>{rule_rows}</table>
</body></html>
"""
