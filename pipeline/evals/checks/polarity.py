"""Polarity check: a negation in the clause that the aligned source clause lacks, or a
source negation ("not *mentioned*"; "Pecuniary interest: None") whose predicate the
clause states without it (:func:`pipeline.evals.claims.negation_conflict`). Read only
against a passage that supports the sentence (a weak passage is not the claim's own)."""

from __future__ import annotations

from pipeline.evals import claims
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue

# Below this support the passage is not the clause's own: no polarity is read from it.
POLARITY_MIN_SUPPORT = 0.4


class PolarityCheck:
    kind = "claim"
    scope = "sentence"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        if ctx.support.score < POLARITY_MIN_SUPPORT:
            return []
        conflict = claims.negation_conflict(ctx.unquoted, ctx.checker.index, ctx.support.region)
        if not conflict:
            return []
        return [
            Issue(kind="claim", detail=conflict, evidence=ctx.evidence, severity="contradicted")
        ]


CHECK = PolarityCheck()
