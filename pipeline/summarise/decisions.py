"""The decisions of an item as the summary states them: segment's decisions, each located
at its exact span, with the outcome its words state.

Segmenting finds the decisions an item records ("RESOLVED: ...", "Agreed: ...", "Members
noted and agreed the letter.") as verbatim text of the document; this module places each
one at its characters (a decision that runs over a page break spans the page's footer and
running header, which its text leaves out) and reads its outcome. It finds no decisions of
its own, so the summary, the pages and ``segment --json`` always agree.
"""

from __future__ import annotations

import re

from pipeline.models import AgendaItem, Decision, Document, Outcome, SourceSpan
from pipeline.summarise.facts import find_movers, find_vote
from pipeline.summarise.text import find_cut
from pipeline.text import collapse

LABEL_RE = re.compile(r"\b(?P<label>RESOLVED|Resolved|AGREED|Agreed|DECIDED|Decided)\b")
# How far back a label ("RESOLVED:" above a list of resolutions) still speaks for a decision.
LABEL_REACH = 400
# How far after a decision its vote ("Carried 6-0", "(Y-5)") may stand, within its paragraph;
# and how far before it its mover and seconder ("Moved by ...", "R2024-214 D. Yemm, S. Foote:").
VOTE_REACH = 400
MOVER_REACH = 300


def outcome_of(text: str, label: str | None = None) -> Outcome:
    """The outcome a decision's words state; a bare "Agreed:" label means agreed."""
    t = text.lower()
    if re.search(r"\b(reject|refus|not (?:be )?(?:agreed|approved))", t):
        return "rejected"
    if re.search(r"\b(defer|postpone)", t):
        return "deferred"
    if re.search(r"\b(approv|endorse|adopt|carrie[sd]\b|pass(?:es|ed)\b)", t):
        return "approved"
    if re.search(r"\bagree", t):
        return "agreed"
    if re.search(r"\bnot(e|es|ed|ing)\b", t):
        return "noted"
    if label and label.lower().startswith("agree"):
        return "agreed"
    return "other"


def find_decisions(document: Document, item: AgendaItem) -> list[Decision]:
    """``item``'s decisions as segmenting found them, in source order, each with its span.

    An agenda (or agenda pack) records no decisions of its own meeting, which has not
    happened yet; text after a "view the full minutes text" cut is not the item's.
    """
    if document.metadata.kind in ("agenda", "agenda_pack"):
        return []
    text = document.text
    cut = find_cut(text, item.start, item.end)
    stop = cut if cut is not None else item.end
    found: list[Decision] = []
    pos = item.start
    for listed in item.decisions:
        span = _span_of(text, listed, pos, stop)
        if span is None:
            continue
        start, end = span
        if any(d.span and d.span.start < end and start < d.span.end for d in found):
            continue
        words = collapse(listed).rstrip(" ;,")
        label = _label_before(text, max(item.start, start - LABEL_REACH), start + 1)
        found.append(
            Decision(
                text=words, outcome=outcome_of(words, label), span=SourceSpan(start=start, end=end)
            )
        )
        pos = start
    found.sort(key=lambda d: d.span.start if d.span else 0)
    return [_with_vote(text, found, i, stop) for i in range(len(found))]


def vote_window(text: str, decisions: list[Decision], index: int, stop: int) -> tuple[int, int]:
    """Where the vote on ``decisions[index]`` may be recorded: from the decision's start to
    the end of its paragraph (at most :data:`VOTE_REACH` characters past it), never into the
    next decision or past ``stop``."""
    span = decisions[index].span
    assert span is not None
    limit = min(stop, span.end + VOTE_REACH)
    if index + 1 < len(decisions) and decisions[index + 1].span is not None:
        limit = min(limit, decisions[index + 1].span.start)  # type: ignore[union-attr]
    blank = text.find("\n\n", span.end, limit)
    if blank != -1:
        # A vote on a line of its own after a blank line still belongs to the decision.
        after = text[blank:limit].lstrip()
        if not re.match(r"(?:\(?(?:Motion|CARRIED|Carried|LOST|Lost|Y-|Yeas?|Ayes?)\b)", after):
            limit = blank
    return span.start, max(span.end, limit)


def _with_vote(text: str, decisions: list[Decision], index: int, stop: int) -> Decision:
    decision = decisions[index]
    span = decision.span
    assert span is not None
    start, end = vote_window(text, decisions, index, stop)
    vote = find_vote(text, start, end)
    before = max(0, span.start - MOVER_REACH)
    if index > 0 and decisions[index - 1].span is not None:
        before = max(before, decisions[index - 1].span.end)  # type: ignore[union-attr]
    mover, seconder = find_movers(text, before, end)
    update: dict = {"vote": vote, "moved_by": mover, "seconded_by": seconder}
    if vote is not None and vote.result == "lost" and decision.outcome in ("approved", "agreed"):
        update["outcome"] = "rejected"  # "That the motion be approved. LOST 3-5"
    return decision.model_copy(update=update)


def _span_of(text: str, decision: str, start: int, stop: int) -> tuple[int, int] | None:
    """Where ``decision`` lies in ``text[start:stop]``, trailing ";" or "," left out.

    A decision joined across a page break is found by its first and last lines.
    """
    decision = decision.strip()
    at = text.find(decision, start, stop)
    if at != -1:
        begin, end = at, at + len(decision)
    else:
        lines = [line for line in decision.split("\n") if line.strip()]
        if not lines:
            return None
        begin = text.find(lines[0], start, stop)
        if begin == -1:
            return None
        last = text.find(lines[-1], begin + len(lines[0]), stop)
        if last == -1:
            return None
        end = last + len(lines[-1])
    while end > begin and text[end - 1] in " \n;,":
        end -= 1
    return (begin, end) if end > begin else None


def _label_before(text: str, start: int, end: int) -> str | None:
    """The last decision label ("RESOLVED", "Agreed") in ``text[start:end]``, if any."""
    label = None
    for match in LABEL_RE.finditer(text, start, end):
        label = match["label"]
    return label
