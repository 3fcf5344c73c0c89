"""Invented-detail check: a part of the clause whose specific words the source never uses
("... and broadcast on local radio", "... and would publish a league table of schools").

An invented detail is usually joined to a true claim ("and", "as well as", "including", a
comma), so the clause as a whole is well supported. Each joined part is read on its own:
it is unsupported when the passages the clause rests on lack most of its weight and at
least one of its words occurs nowhere in the document. The words a summary adds to report
a meeting ("said", "asked", "discussion", "session", "item") are not details, so they never
count as missing.
"""

from __future__ import annotations

import re

from pipeline.evals.checks.opposite import OPPOSITE_WORDS
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.text import Token, content_stems, shorten, stem, tokenize

# Where a clause joins another claim: a conjunction or a comma.
_JOIN = re.compile(
    r",\s*(?:and|but|while|which|who|where|with|including)\s+"
    r"|\s+(?:and|as well as|until|but)\s+|[;:]\s+|,\s+"
)


# The vocabulary of reporting a meeting: words a faithful summary adds around what was said.
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_REPORTING = frozenset(
    stem(w)
    for w in _word_set(
        "said say says told tell warned warn asked ask noted note stated state explained"
        " explain mentioned mention reported report added add recorded record covered cover"
        " discussed discuss discussion described describe highlighted highlight welcomed"
        " welcome raised raise responded respond answered answer confirmed confirm agreed"
        " agree presented present introduced introduce outlined outline summarised summarized"
        " mr ms mrs dr cllr councillor councilmember member members chair clerk officer"
        " officers also every each another set met meet meeting meetings session item items"
        " agenda month months year years week weeks day days today moved move moving seconded"
        " second named name naming council committee board"
        # and of reporting a call or a recording: the summary names the source itself
        " company document podcast episode speaker speakers call host guest conversation"
    )
)
# Before a noun: what makes a missing word a thing the clause adds ("on local radio", "a
# retention bonus"), not a verb the summary chose ("to purchase", "suggests contacting").
_BEFORE_NOUN = _word_set(
    "a an the its their his her this that these those some any on in at of for with by from"
    " into about"
)
# A part is unsupported when the evidence lacks at least this share of its weight.
MIN_MISSING_SHARE = 0.5
MIN_MISSING_WORDS = 2
# ... and the rest of the clause must be found in the evidence for at least this share.
MIN_REST_SUPPORT = 0.9


def _after_determiner(tokens: list[Token], k: int) -> bool:
    """A noun head: right after a determiner or preposition, or after one and a modifier."""
    before = [t.raw.lower() for t in tokens[max(0, k - 2) : k]]
    return bool(before) and (
        before[-1] in _BEFORE_NOUN
        or (len(before) == 2 and before[0] in _BEFORE_NOUN and tokens[k - 1].is_content)
    )


class InventedCheck:
    kind = "claim"
    scope = "clause"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        parts = [p for p in _JOIN.split(ctx.unquoted) if p.strip()]
        if len(parts) < 2 or not ctx.regions:
            return []
        index = ctx.checker.index
        present: set[str] = set()
        for region in ctx.regions[:3]:
            # The passages the clause rests on, with a neighbour either side.
            first = index.passage_at(region.start)
            last = index.passage_at(max(region.start, region.end - 1))
            lo = index.passages[max(0, first - 1)].start
            hi = index.passages[min(len(index.passages) - 1, last + 1)].end
            present.update(t.stem for t in index.tokens_between(lo, hi))
        for n, part in enumerate(parts):
            stems = set(content_stems(part))
            if not stems or n == 0:
                continue  # the first part is the claim; a detail is joined to it
            # Only a part that stands out from a clause otherwise told in the source's own
            # words: where the rest is paraphrased too, a missing word is a paraphrase.
            rest = {t for p in parts[:n] + parts[n + 1 :] for t in content_stems(p)} - stems
            rest_total = sum(index.weight(t) for t in rest)
            rest_found = sum(index.weight(t) for t in rest if t in present or t in _REPORTING)
            if not rest_total or rest_found / rest_total < MIN_REST_SUPPORT:
                continue
            missing = [t for t in stems if t not in present and t not in _REPORTING]
            tokens = tokenize(part)
            nowhere = [
                tok.stem
                for k, tok in enumerate(tokens)
                if tok.stem in missing
                and tok.stem not in index.postings
                and not tok.raw.isdigit()
                and tok.raw.lower() not in OPPOSITE_WORDS
                and _after_determiner(tokens, k)
            ]
            total = sum(index.weight(t) for t in stems)
            share = sum(index.weight(t) for t in missing) / total if total else 0.0
            if nowhere and len(missing) >= MIN_MISSING_WORDS and share >= MIN_MISSING_SHARE:
                return [
                    Issue(
                        kind="claim",
                        detail=f"“{shorten(part.strip(' .'))}” is not in the source "
                        f"(no {', '.join(sorted(set(nowhere)))})",
                        evidence=ctx.evidence,
                    )
                ]
        return []


CHECK = InventedCheck()
