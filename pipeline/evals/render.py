"""Reports a reviewer can act on: a terminal table and a self-contained HTML page."""

from __future__ import annotations

import jinja2
from rich.console import Console
from rich.table import Table

from pipeline.evals.report import EvalReport

_STYLE = {"supported": "green", "unsupported": "yellow", "contradicted": "red", "unverifiable": "dim"}


def print_table(report: EvalReport, console: Console) -> None:
    """Flagged sentences with their reasons, then one summary line."""
    flagged = report.flagged
    if flagged:
        table = Table(title=f"Flagged sentences: {report.summary}", show_lines=True)
        table.add_column("#", justify="right")
        table.add_column("Verdict")
        table.add_column("Sentence", ratio=3)
        table.add_column("Why", ratio=3)
        for s in flagged:
            reasons = "\n".join(f"{i.kind}: {i.detail}" for i in s.issues)
            table.add_row(
                str(s.index),
                f"[{_STYLE[s.verdict]}]{s.verdict}[/]",
                _clip(s.text, 240),
                reasons,
            )
        console.print(table)
    missing = [q for q in report.quotes if not q.found]
    counts = report.counts()
    line = (
        f"{len(report.sentences)} sentences: {counts['supported']} supported, "
        f"{counts['unsupported']} unsupported, {counts['contradicted']} contradicted, "
        f"{counts['unverifiable']} unverifiable; quotes {len(report.quotes) - len(missing)}"
        f"/{len(report.quotes)} found"
    )
    if report.coverage is not None:
        c = report.coverage
        line += (
            f"; items {c.items_covered}/{c.items_total}, decisions "
            f"{c.decisions_covered}/{c.decisions_total} covered"
        )
    console.print(line, highlight=False)
    judge = report.judge
    console.print(
        f"judge: {'ran (' + (judge.prompt or '') + ')' if judge.ran else 'did not run'}: {judge.reason}",
        highlight=False,
    )


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evals: {{ report.summary }}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; }
header, main { max-width: 70rem; margin: 0 auto; padding: 0 1rem; }
.counts span { margin-right: 1rem; }
.sentence { border-left: 4px solid #2e7d32; padding: .4rem .8rem; margin: .6rem 0; background: #f6fbf6; }
.sentence.unsupported { border-color: #b26a00; background: #fff8e6; }
.sentence.contradicted { border-color: #c62828; background: #fdecec; }
.sentence.unverifiable { border-color: #999; background: #f4f4f4; }
.verdict { font-weight: 600; text-transform: uppercase; font-size: .8rem; }
.issue { margin: .2rem 0 0 1rem; font-size: .95rem; }
.heading { color: #555; font-size: .85rem; }
blockquote { margin: .3rem 0 .3rem 1rem; font-style: italic; }
pre.source { white-space: pre-wrap; font: 14px/1.45 ui-monospace, monospace; background: #fafafa; padding: 1rem; border: 1px solid #ddd; }
mark { background: #ffe082; }
mark.contradicted { background: #ffab91; }
a:target + * , a:target { outline: 3px solid #1565c0; }
</style>
</head>
<body>
<header>
<h1>Evals report</h1>
<p>Summary <code>{{ report.summary }}</code> checked against <code>{{ report.source }}</code>.</p>
<p class="counts">{% for k, v in counts.items() %}<span>{{ k }}: <b>{{ v }}</b></span>{% endfor %}
<span>quotes found: <b>{{ quotes_found }}/{{ report.quotes|length }}</b></span></p>
<p>LLM judge: {{ "ran" if report.judge.ran else "did not run" }} ({{ report.judge.reason }}).</p>
{% if report.coverage %}<p>Coverage: {{ report.coverage.items_covered }}/{{ report.coverage.items_total }} substantive items,
{{ report.coverage.decisions_covered }}/{{ report.coverage.decisions_total }} decisions.
{% if report.coverage.missing_items %}Missing items: {{ report.coverage.missing_items|join("; ") }}.{% endif %}
{% if report.coverage.missing_decisions %}Missing decisions: {{ report.coverage.missing_decisions|join("; ") }}.{% endif %}</p>{% endif %}
</header>
<main>
<h2>Summary</h2>
{% for s in report.sentences %}
<div class="sentence {{ s.verdict }}" id="s{{ s.index }}">
{% if s.heading %}<div class="heading">{{ s.heading }}</div>{% endif %}
<span class="verdict">{{ s.verdict }}</span> {{ s.text.split("\\n\\n")[0] }}
{% for q in s.text.split("\\n\\n")[1:] %}<blockquote>{{ q }}</blockquote>{% endfor %}
{% for issue in s.issues %}<div class="issue">{{ issue.kind }}: {{ issue.detail }}
{% if issue.evidence %} <a href="#ev{{ s.index }}-{{ loop.index }}">evidence</a>{% endif %}</div>{% endfor %}
{% if not s.issues and s.evidence %}<div class="issue"><a href="#ev{{ s.index }}-0">source</a></div>{% endif %}
</div>
{% endfor %}
<h2>Source text</h2>
<pre class="source">{% for seg in segments %}{% if seg.marked %}<mark class="{{ seg.cls }}">{% for i in seg.ids %}<a id="{{ i }}"></a>{% endfor %}{{ seg.text }}</mark>{% else %}{{ seg.text }}{% endif %}{% endfor %}</pre>
</main>
</body>
</html>
"""


def render_html(report: EvalReport) -> str:
    """The report as one HTML page: no scripts, no network, source text included."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    marks: list[tuple[int, int, str, str]] = []
    for s in report.sentences:
        for n, issue in enumerate(s.issues, start=1):
            if issue.evidence:
                marks.append((issue.evidence.start, issue.evidence.end, f"ev{s.index}-{n}", issue.severity))
        if not s.issues and s.evidence:
            marks.append((s.evidence.start, s.evidence.end, f"ev{s.index}-0", "supported"))
    segments = _segments(report.source_text, marks)
    return env.from_string(_TEMPLATE).render(
        report=report,
        counts=report.counts(),
        quotes_found=sum(1 for q in report.quotes if q.found),
        segments=segments,
    )


def _segments(text: str, marks: list[tuple[int, int, str, str]]) -> list[dict]:
    """Cut ``text`` at mark boundaries; each piece knows which marks cover it."""
    cuts = {0, len(text)}
    for start, end, _, _ in marks:
        cuts.add(max(0, min(start, len(text))))
        cuts.add(max(0, min(end, len(text))))
    points = sorted(cuts)
    started: set[str] = set()
    segments = []
    for a, b in zip(points, points[1:], strict=False):
        covering = [m for m in marks if m[0] <= a and b <= m[1] and m[0] < m[1]]
        # Each anchor appears once: on the first piece of its span.
        ids = [m[2] for m in covering if m[2] not in started]
        started.update(ids)
        cls = "contradicted" if any(m[3] == "contradicted" for m in covering) else ""
        segments.append({"text": text[a:b], "ids": ids, "cls": cls, "marked": bool(covering)})
    return segments
