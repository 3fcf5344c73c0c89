"""Recorded decisions of an item, found verbatim in its span.

Minutes record decisions in a few fixed shapes: a ``RESOLVED:`` label followed by one or
more resolutions, an ``Agreed:`` line, or a sentence whose subject is the body
("Members noted and agreed the letter.", "The minutes ... were noted and agreed."). The
segmenter may also have listed decision texts for the item; those are located here too.
"""

from __future__ import annotations

import re

from pipeline.models import AgendaItem, Decision, Document, Outcome, SourceSpan
from pipeline.summarise.locate import locate
from pipeline.summarise.text import blocks, chrome_lines, find_cut, item_sentences, visible

LABEL_RE = re.compile(
    r"^(?:It was )?(?P<label>RESOLVED|Resolved|AGREED|Agreed|DECIDED|Decided)"
    r"(?:\s*[:.-]\s*|\s+(?=that\b|That\b)|\s*$)",
)
BODY = (
    r"(?:Members|The (?i:members|commission|committee|board|panel|cabinet|council|"
    r"sub-committee|meeting)|Cabinet|Council)"
)
BODY_DECISION_RE = re.compile(
    rf"^{BODY}(?: also)? (?:unanimously )?(?:noted and agreed|agreed|approved|resolved|"
    r"endorsed|rejected|refused|deferred|noted|decided|adopted|accepted)\b(?! that\b)"
)
# "The minutes of the meeting ... were noted and agreed": passive decisions only where the
# subject is the business itself (not "a strategy which was approved by Cabinet").
PASSIVE_DECISION_RE = re.compile(
    r"^The (?:minutes|recommendations?|report|proposals?|work programme|letter|motion|"
    r"action plan|terms of reference|budget|plan|strategy|policy|order)\b[^.]*?"
    r"\b(?:were|was) (?:noted and agreed|agreed|approved|noted|endorsed|rejected|deferred|"
    r"adopted)\b"
)
# Lines that end a RESOLVED list on ModernGov decision pages.
META_RE = re.compile(r"^[A-Z][\w ?]{2,30}:\s*(?:\S|$)")


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
    """Decisions recorded in ``item``'s span, in source order, each with its exact span.

    An agenda (or agenda pack) records no decisions of its own meeting, which has not
    happened yet: what looks like one there belongs to earlier minutes or a report.
    """
    if document.metadata.kind in ("agenda", "agenda_pack"):
        return []
    text = document.text
    cut = find_cut(text, item.start, item.end)
    stop = cut if cut is not None else item.end
    found: list[Decision] = []

    def add(start: int, end: int, label: str | None = None) -> None:
        while end > start and text[end - 1] in " \n;,":
            end -= 1
        if end <= start or any(d.span and d.span.start < end and start < d.span.end for d in found):
            return
        body = visible(text[start:end], chrome)
        found.append(
            Decision(
                text=body, outcome=outcome_of(body, label), span=SourceSpan(start=start, end=end)
            )
        )

    labels = bool(document.turns)  # transcripts: "Name: " opens a turn
    chrome = chrome_lines(text) if document.pages else frozenset()
    item_blocks = blocks(text, item.start, stop, labels, chrome)
    i = 0
    while i < len(item_blocks):
        block = item_blocks[i]
        body = text[block.start : block.end]
        match = LABEL_RE.match(body)
        if match:
            label = match["label"]
            rest_start = block.start + match.end()
            if text[rest_start : block.end].strip():
                add(rest_start, block.end, label)
                i += 1
                continue
            # "RESOLVED:" alone: the resolutions are the following blocks, up to a heading,
            # a numbered minute or metadata ("Publication date: ...").
            j = i + 1
            while j < len(item_blocks) and j <= i + 8:
                nxt = item_blocks[j]
                line = text[nxt.start : nxt.end]
                raw_line_start = text.rfind("\n", 0, nxt.start) + 1
                numbered = re.match(r"\s*\d+\.", text[raw_line_start : nxt.start])
                if META_RE.match(line) or numbered or LABEL_RE.match(line):
                    break
                add(nxt.start, nxt.end, label)
                j += 1
            i = j
            continue
        i += 1

    sentences, _ = item_sentences(text, item.start, item.end, labels, chrome)
    for sentence in sentences:
        if not sentence.complete or "?" in sentence.text:
            continue
        passive = PASSIVE_DECISION_RE.match(sentence.text)
        if passive and re.search(r"\b(?:which|that|who)\b", passive.group(0)):
            passive = None  # "a strategy which was approved by Cabinet": a fact, not a decision
        if BODY_DECISION_RE.match(sentence.text) or passive:
            add(sentence.start, sentence.end)

    for listed in item.decisions:
        span = locate(text, listed, item.start, stop)
        if span is not None:
            add(span.start, span.end)
    return sorted(found, key=lambda d: d.span.start if d.span else 0)
