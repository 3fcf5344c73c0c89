"""Dropped-negation check: the clause states something the aligned source sentence denies
("there is a pending item to fund ..." where the source says "there is no pending item in
terms of funding ..."; "was being weighed" for "is not being weighed in on").

The clause's words are read against the source sentences of its passages that share the
most of the words around them; a word those sentences only ever state negated ("no
*pending* item", "not being *weighed*") is denied there. A clause that negates or declines
anything itself is left to the claim check, since "declined to comment" and "did not
comment" say the same.
"""

from __future__ import annotations

from pipeline.evals.alignment import aligned, evidence_sentences, negated_at, word_context
from pipeline.evals.checks.opposite import OPPOSITE_WORDS
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.text import is_negation, stem, tokenize

# Words that deny or refuse without a negation word: a clause with one is not read here.
_NEGATIVE = frozenset(
    stem(w)
    for w in [
        "declined",
        "refused",
        "failed",
        "denied",
        "lacked",
        "lacking",
        "without",
        "unable",
        "absent",
        "neither",
        "nor",
        "never",
        "none",
        "nothing",
        "nobody",
        "instead",
        "rather",
        "rejected",
        "avoided",
    ]
)
# The source sentence must share at least this many of the words around the word, and
# this share of them (pipeline/evals/alignment.py).
MIN_SHARED = 3
MIN_SHARE = 0.5


class DroppedNegationCheck:
    kind = "claim"
    scope = "clause"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        tokens = tokenize(ctx.unquoted)
        if not tokens or not ctx.regions:
            return []
        if any(is_negation(t.raw) or t.stem in _NEGATIVE for t in tokens):
            return []
        index = ctx.checker.index
        sentences = evidence_sentences(index, ctx.regions)
        for i, word in enumerate(tokens):
            if not word.is_content or word.raw[:1].isdigit():
                continue
            if word.raw.lower() in OPPOSITE_WORDS:
                continue  # directions and stances are the opposite check's
            context = word_context(tokens, i)
            for k in aligned(context, sentences, MIN_SHARED, MIN_SHARE):
                src = sentences[k]
                if word.stem not in src.stems:
                    continue
                toks = src.tokens
                places = [j for j, t in enumerate(toks) if t.stem == word.stem]
                if all(negated_at(toks, j) for j in places):
                    j = places[0]
                    lo = toks[max(0, j - 3)].start
                    phrase = index.text[lo : toks[min(len(toks) - 1, j + 1)].end]
                    return [
                        Issue(
                            kind="claim",
                            detail=f"the source says “{phrase}” but the summary drops the negation",
                            evidence=ctx.checker.evidence(src.start, src.end),
                            severity="contradicted",
                        )
                    ]
        return []


CHECK = DroppedNegationCheck()
