"""Write a summary.json as the Markdown a resident reads on its meeting page: the overview,
decisions at a glance, then each substantive item's sentences, quotes and decisions. Used
to keep the before/after examples in ``docs/examples/``.

    .venv/bin/python scripts/example_briefs.py SUMMARY.json [--title TEXT] > brief.md
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.models import MeetingSummary
from pipeline.summarise.overview import UNDERTAKING_RE
from pipeline.summarise.readability import heading_decision, on_page, same_text

OUTCOMES = {
    "approved": "Approved",
    "agreed": "Agreed",
    "noted": "Noted",
    "rejected": "Rejected",
    "deferred": "Deferred",
}


def brief(summary: MeetingSummary, title: str) -> str:
    """The page's text as Markdown."""
    lines = [f"# {title}", ""]
    lines += [" ".join(s.text for s in summary.overview) or "_(no overview)_", ""]
    glance = []
    for item in summary.items:
        decided = [d for d in item.decisions if not UNDERTAKING_RE.match(d.text)]
        if on_page(item) and decided:
            glance.append((item, decided[0], len(decided) - 1))
    if glance:
        lines += ["**Decisions at a glance**", ""]
        for item, d, more in glance[:12]:
            vote = f", {d.vote.text}" if getattr(d, "vote", None) else ""
            others = f", and {more} more" if more else ""
            outcome = OUTCOMES.get(d.outcome or "", "Decided")
            lines.append(f"- {item.title}: {outcome}{vote}{others}")
        lines.append("")
    for item in summary.items:
        if not on_page(item):
            continue
        lines += [f"## {item.title}", ""]
        lines += [s.text for s in item.sentences]
        for q in item.quotes:
            who = f" ({q.speaker})" if q.speaker else ""
            if q.kind == "reported":
                lines.append(f"- Reported in the minutes{who}: {q.text}")
            else:
                lines.append(f"> {q.text}{' — ' + q.speaker if q.speaker else ''}")
        for d in item.decisions:
            if heading_decision(d.text, item.title):
                words = "(as in the heading)"
            elif any(same_text(d.text, s.text) for s in summary.overview):
                words = "(as stated in the summary above)"
            else:
                words = d.text
            vote = f" ({d.vote.text})" if getattr(d, "vote", None) else ""
            lines.append(f"- **{OUTCOMES.get(d.outcome or '', 'Decided')}{vote}:** {words}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("summary")
    parser.add_argument("--title", default=None)
    args = parser.parse_args()
    summary = MeetingSummary.model_validate_json(Path(args.summary).read_bytes())
    title = (
        args.title or f"{summary.meeting.body or 'Meeting'}, {summary.meeting.date or 'undated'}"
    )
    sys.stdout.write(brief(summary, title))


if __name__ == "__main__":
    main()
