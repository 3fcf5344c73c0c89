"""Clause alignment: which source sentence a word of the summary is about.

A word of a clause ("lower", "pending", "five", "approved") is read against the source
sentences of the clause's evidence passages. The sentence it aligns with is the one
sharing the most of the content words around it (what the word is about: the subject,
the thing counted, the item decided); it aligns only when that sentence shares at least
``min_shared`` of them and ``min_share`` of all. A check may call a value *conflicting*
only in an aligned sentence: a passage that merely shares the topic says nothing about
this clause's value (the verdict policy, ``evals/README.md``).

One definition for the checks that read a value against the source (negation, opposite,
count, decision).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.evals import claims
from pipeline.evals.retrieval import Region, SourceIndex
from pipeline.evals.text import Token, content_stems

#: Content words either side of a word that say what it is about.
CONTEXT = 6
#: A passage "strongly matches" a claim when its sentences state at least this share of the
#: claim's weighted words (claim_match); only such a passage can contradict the claim.
STRONG_MATCH = 0.4
#: Evidence passages whose sentences a clause is aligned with.
ALIGN_PASSAGES = 3


@dataclass(frozen=True)
class SourceSentence:
    """One source sentence: its span, tokens and content stems."""

    start: int
    end: int
    tokens: list[Token]
    stems: frozenset[str]


def evidence_sentences(
    index: SourceIndex, regions: list[Region], passages: int = ALIGN_PASSAGES
) -> list[SourceSentence]:
    """The source sentences of the ``passages`` best evidence regions, in order."""
    found = []
    for region in regions[:passages]:
        for s, e in claims.source_sentences(index, region.start, region.end):
            toks = index.tokens_between(s, e)
            found.append(
                SourceSentence(s, e, toks, frozenset(t.stem for t in toks if t.is_content))
            )
    return found


def word_context(
    tokens: list[Token],
    i: int,
    width: int = CONTEXT,
    skip: frozenset[str] = frozenset(),
    figures: bool = False,
) -> set[str]:
    """The content stems of up to ``width`` words either side of ``tokens[i]`` (not the word
    itself, nor words whose lower-case form is in ``skip``; figures only if ``figures``)."""
    usable = [
        k
        for k, t in enumerate(tokens)
        if t.is_content
        and k != i
        and t.raw.lower() not in skip
        and (figures or not t.raw[:1].isdigit())
    ]
    before = [tokens[k].stem for k in usable if k < i][-width:]
    after = [tokens[k].stem for k in usable if k > i][:width]
    return set(before + after) - {tokens[i].stem}


def negated_at(tokens: list[Token], i: int) -> bool:
    """A negation that negates (not "not only", "No. 3") in the three words before ``i``."""
    return any(claims._negates(tokens, j) for j in range(max(0, i - 3), i))


def aligned(
    context: set[str],
    sentences: list[SourceSentence],
    min_shared: int,
    min_share: float = 0.5,
) -> list[int]:
    """Indices of the sentences sharing the most of ``context``, when they share at least
    ``min_shared`` words and ``min_share`` of it; else none."""
    shared = [len(context & s.stems) for s in sentences]
    best = max(shared, default=0)
    if not context or best < max(min_shared, min_share * len(context)):
        return []
    return [k for k, n in enumerate(shared) if n == best]


def aligns_at(
    context: set[str],
    tokens: list[Token],
    position: int,
    min_shared: int,
    min_share: float = 0.5,
    width: int = CONTEXT,
) -> bool:
    """Whether the source words around ``tokens[position]`` share enough of ``context``
    (a source value is about what the clause's value is about)."""
    near = word_context(tokens, position, width)
    shared = len(context & near)
    return bool(context) and shared >= max(min_shared, min_share * len(context))


def claim_match(index: SourceIndex, claim: str, start: int, end: int) -> float:
    """How strongly the source around ``[start, end)`` states the claim: the IDF-weighted
    share of the claim's content words (values the source never states aside) in the source
    sentences holding that span and one sentence either side (inside its passage). A
    conflicting value is a contradiction only where this is high: the passage is about the
    claim, not merely near it."""
    # A value the source never states ("9.15pm" against "closed at 8.45pm") is what the
    # conflict is about: no passage can hold it, so it does not count against the match.
    # A value the source states elsewhere still counts: it may be where the claim is.
    terms = {t for t in content_stems(claim) if t in index.idf or not any(c.isdigit() for c in t)}
    total = sum(index.weight(t) for t in terms)
    if not total:
        return 0.0
    first = index.passages[index.passage_at(start)]
    last = index.passages[index.passage_at(max(start, end - 1))]
    spans = claims.source_sentences(index, first.start, max(last.end, end))
    inside = [k for k, (s, e) in enumerate(spans) if s < end and e > start]
    if not inside:
        return 0.0
    lo = spans[max(0, inside[0] - 1)][0]
    hi = spans[min(len(spans) - 1, inside[-1] + 1)][1]
    present = {t.stem for t in index.tokens_between(lo, hi) if t.is_content}
    return sum(index.weight(t) for t in terms & present) / total
