"""Reports a reviewer can act on: a terminal table and a self-contained HTML page."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from rich.console import Console
from rich.table import Table

from pipeline.evals.report import EvalReport
from pipeline.render.citations import segments

_STYLE = {
    "supported": "green",
    "unsupported": "yellow",
    "contradicted": "red",
    "unverifiable": "dim",
}


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
    state = f"ran ({judge.prompt})" if judge.ran else "did not run"
    console.print(f"judge: {state}: {judge.reason}", highlight=False)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# Package data (pyproject: pipeline/templates/**), kept as plain HTML to edit.
_TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "templates" / "evals" / "report.html.j2"


@lru_cache(maxsize=2)
def _report_template(mtime_ns: int) -> jinja2.Template:
    # Compiling the template costs more than rendering one report: once per process (and
    # again only if the file changes), not once per meeting of a weekly run.
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(_TEMPLATE_PATH.read_text(encoding="utf-8"))


def render_html(report: EvalReport) -> str:
    """The report as one HTML page: no scripts, no network, source text included."""
    pieces = segments(report.source_text, report.evidence_marks(), word_aligned=False)
    return _report_template(_TEMPLATE_PATH.stat().st_mtime_ns).render(
        report=report,
        counts=report.counts(),
        quotes_found=sum(1 for q in report.quotes if q.found),
        segments=pieces,
    )
