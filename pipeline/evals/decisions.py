"""Decisions: "agreed / approved / rejected / deferred / noted" against the recorded outcome.

Outcome words form a small closed vocabulary in every council's minutes, so both the
summary and the source are read with the same lexicon. A summary outcome must be among
the outcomes the source records for that item (the item's decisions when segmentation is
available, else the passage that supports the sentence).
"""

from __future__ import annotations

import re

from pipeline.evals.text import is_negation
from pipeline.text import MONTH_PATTERN

OUTCOME_WORDS: dict[str, str] = {}
for _cls, _words in {
    "approve": "agree agreed agrees agreeing approve approved approves approving endorse endorsed"
    " endorses adopt adopted adopts ratify ratified carried accept accepted accepts granted",
    # ("grant" is left out: councils write of "a community grant" far more than "grant it".)
    "reject": "reject rejected rejects rejecting refuse refused refuses declined",
    # "adjourned" is left out: a meeting adjourns at its end, a deferral names an item.
    "defer": "defer deferred defers deferring postpone postponed postpones",
    "note": "note noted notes noting",
}.items():
    for _w in _words.split():
        OUTCOME_WORDS[_w] = _cls

SUMMARY_OUTCOMES = {
    "agreed": "approve",
    "approved": "approve",
    "rejected": "reject",
    "deferred": "defer",
    "noted": "note",
}
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "some",
        "several",
    ]
)
_WORD = re.compile(r"[A-Za-z']+")
# "defer to the May 23, 2005 Council meeting", "defer to next month": a deferral to a time.
_DEFERRED_TO = re.compile(
    rf"defer\s+to\s+(?:the\s+|a\s+|its\s+)?(?:{MONTH_PATTERN}|next|later|future|following|"
    r"special|\d|council\s+meeting|meeting)",
    re.I,
)


def outcomes_in(text: str) -> set[str]:
    """Outcome classes stated in ``text`` ("noted that ..." is reporting, not an outcome)."""
    found: set[str] = set()
    words = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    for i, (word, pos) in enumerate(words):
        low = word.lower()
        cls = OUTCOME_WORDS.get(low)
        if cls is None:
            continue
        nxt = words[i + 1][0].lower() if i + 1 < len(words) else ""
        if cls == "note" and nxt == "that" and word != "Note":
            continue  # "noted that ..." reports; a resolution's "Note that ..." resolves
        if low == "carried" and nxt in _DETERMINERS:
            continue  # "carried a deadline": carrying something, not a motion carried
        if (
            cls == "note"
            and low in {"note", "notes"}
            and i > 0
            and words[i - 1][0].lower() in {"a", "the", "this"}
        ):
            continue  # "a note", "the notes": nouns
        if cls == "defer" and nxt == "to" and low == "defer" and not _DEFERRED_TO.match(text, pos):
            continue  # "defer to someone's judgement"; "defer to the May 23 meeting" defers
        negated = any(is_negation(w) for w, _ in words[max(0, i - 3) : i])
        if negated:
            if cls == "approve":
                found.add("reject")
            elif cls == "reject":
                found.add("approve")
            continue
        found.add(cls)
    return found


def describe(classes: set[str]) -> str:
    """Human wording of outcome classes for a report line."""
    names = {
        "approve": "agreed/approved",
        "reject": "rejected",
        "defer": "deferred",
        "note": "noted",
    }
    return ", ".join(names[c] for c in sorted(classes))
