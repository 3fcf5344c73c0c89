"""The evals report as a page of the site: what a reviewer acts on first, first.

Flagged sentences come first, each with why, the page of the source its evidence is on,
and a link to the evidence highlighted in the source text (on whole words); then every
sentence with its verdict; then the source text. The page links back to the meeting it
checks (``index.html`` beside it on the site). Built from the evals stage's report (its
output contract) and the document the summary was checked against.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from pipeline.models import Document
from pipeline.render.citations import segments

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "evals" / "report.html.j2"


def evals_page_html(
    report, document: Document | None = None, meeting_href: str = "index.html"
) -> str:
    """The report (an ``EvalReport``) as one self-contained HTML page.

    ``document`` gives the page of each piece of evidence (PDFs); ``meeting_href`` the
    meeting page the report checks.
    """
    marks = report.evidence_marks()
    pages: dict[int, int] = {}
    for s in report.sentences:
        evidence = next((i.evidence for i in s.issues if i.evidence), None) or s.evidence
        if evidence is not None and document is not None:
            page = document.page_at(evidence.start)
            if page is not None:
                pages[s.index] = page
    text = report.source_text or (document.text if document is not None else "")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        report=report,
        counts=report.counts(),
        quotes_found=sum(1 for q in report.quotes if q.found),
        segments=segments(text, marks),
        flagged=[s for s in report.sentences if s.flagged],
        pages=pages,
        meeting_href=meeting_href,
    )
