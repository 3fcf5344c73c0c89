"""Count check: a number and the thing it counts ("three minutes", "five ayes", "78 experts")
must be a count the source states for that thing.

A count is a whole number, in digits or words, followed by the noun it counts. The summary's
count is wrong when the source never states that number of that thing, while the passages
the clause rests on state another number of it ("up to two minutes" for a summary's "three
minutes"; "six ayes" for "five ayes"). This catches what the figure check cannot: a number
written as a word, and a value the clause also uses elsewhere ("78 contract holders with a
team of 78 experts"), because the thing counted is compared, not the words around it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from pipeline.evals import figures
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.retrieval import SourceIndex
from pipeline.evals.text import Token, around, tokenize

# Evidence passages searched for another count of the same thing, and the characters
# either side of each (a count is often stated just before the passage that matched).
EVIDENCE_PASSAGES = 3
EVIDENCE_PAD = 300
# What may follow a number without being counted by it.
_NOT_COUNTED = frozenset({"per", "percent", "cent", "am", "pm", "th", "st", "nd", "rd"})


@dataclass(frozen=True)
class Count:
    """A whole number, the stems of what it counts ("rates figures": rat, figur) and the
    stem of the noun itself (the last of them)."""

    value: float
    phrase: tuple[str, ...]
    start: int
    end: int
    text: str


def counted_phrase(text: str, tokens: list[Token], after: int, end: int) -> tuple[str, ...]:
    """What a number ending at ``end`` counts: the (at most two) content words right after
    it, with nothing but spaces between ("three minutes", "78 contract holders"; not "six
    ayes, two"); the noun is the last of them."""
    phrase: list[str] = []
    for tok in tokens[after : after + 2]:
        low = tok.raw.lower()
        if text[end : tok.start].strip() or not tok.is_content or low in _NOT_COUNTED:
            break
        if low[:1].isdigit() or low in figures.WORD_NUMBERS:
            break
        phrase.append(tok.stem)
        end = tok.end
    return tuple(phrase)


def _is_count(text: str, tokens: list[Token], starts: list[int], fig: figures.Figure) -> bool:
    """A whole number that counts something (not a year, label, reference or part of one)."""
    if fig.kind not in ("number", "word") or any(r[0] != "amount" for r in fig.readings):
        return False
    value = fig.readings[0][1]
    if value != int(value) or value < 2:
        return False
    i = bisect.bisect_left(starts, fig.start)
    if i > 0 and tokens[i - 1].raw.lower() in figures.LABEL_WORDS:
        return False
    return not (fig.start > 0 and text[fig.start - 1] in "#-/.")


def stated_counts(sentence: str) -> list[Count]:
    """The counts a summary sentence states."""
    tokens = tokenize(sentence)
    starts = [t.start for t in tokens]
    counts = []
    for fig in figures.parse_figures(sentence):
        if not _is_count(sentence, tokens, starts, fig):
            continue
        phrase = counted_phrase(sentence, tokens, bisect.bisect_left(starts, fig.end), fig.end)
        if phrase:
            counts.append(Count(fig.readings[0][1], phrase, fig.start, fig.end, fig.text))
    return counts


def source_counts(index: SourceIndex, noun: str) -> list[Count]:
    """Every count of ``noun`` the source states, found through the passages holding it."""
    counts = []
    tokens, text = index.tokens, index.text
    for pid, _tf in index.postings.get(noun, ()):
        passage = index.passages[pid]
        for k in range(passage.t0, passage.t1):
            if tokens[k].stem != noun:
                continue
            # "six ayes", or "78 contract holders": the number is one or two words before.
            for back in (1, 2):
                j = k - back
                if j < passage.t0 or (back == 2 and not tokens[k - 1].is_content):
                    break
                lo = max(0, tokens[j].start - 25)
                found = figures.parse_figures(text[lo : tokens[j].end])
                if not found or lo + found[-1].end != tokens[j].end:
                    continue
                fig = found[-1]
                shifted = replace(fig, start=lo + fig.start, end=lo + fig.end)
                if _is_count(text, tokens, index.token_starts, shifted) and (
                    (phrase := counted_phrase(text, tokens, j + 1, shifted.end))
                    and phrase[-1] == noun
                ):
                    counts.append(
                        Count(fig.readings[0][1], phrase, shifted.start, shifted.end, fig.text)
                    )
                break
    return counts


class CountCheck:
    kind = "figure"
    scope = "clause"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        stated = stated_counts(ctx.unquoted)
        if not stated or not ctx.regions:
            return []
        index = ctx.checker.index
        near = [
            (max(0, r.start - EVIDENCE_PAD), r.end + EVIDENCE_PAD)
            for r in ctx.regions[:EVIDENCE_PASSAGES]
        ]
        issues: list[Issue] = []
        for count in stated:
            said = source_counts(index, count.phrase[-1])
            if any(c.value == count.value for c in said):
                continue  # the source states this count of this noun somewhere
            # Another count of the sentence may be the one the source states here ("four ayes
            # to two nays" against "two nays"): only a value the sentence never states
            # conflicts.
            others = {c.value for c in stated if c is not count}
            # Only a count of the very same thing conflicts ("two rates figures" is no other
            # value of "three waters figure").
            conflicting = [
                c
                for c in said
                if c.phrase == count.phrase
                and c.value not in others
                and any(lo <= c.start < hi for lo, hi in near)
            ]
            if not conflicting:
                continue
            src = conflicting[0]
            issues.append(
                Issue(
                    kind="figure",
                    detail=f"“{count.text}” but the source counts “{src.text}” here",
                    evidence=ctx.checker.evidence(*around(index.text, src.start, src.end)),
                    severity="contradicted",
                )
            )
        return issues


CHECK = CountCheck()
