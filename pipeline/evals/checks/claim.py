"""Claim check: how much of the sentence the best passages say (support; a sentence joining
several passages is as supported as its clauses, each on its own), and its polarity (a
negation the aligned source clause lacks, or a source negation the summary drops)."""

from __future__ import annotations

from pipeline.evals import claims
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.text import QUOTED, content_stems

# Below this support the passage is not the clause's own: no polarity is read from it.
POLARITY_MIN_SUPPORT = 0.4


class ClaimCheck:
    kind = "claim"
    scope = "sentence"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        issues: list[Issue] = []
        sup = ctx.support
        full = ctx.full
        terms = content_stems(QUOTED.sub(" ", full) if not ctx.unit.block_quotes else full)
        if terms and not ctx.quote_texts and sup.score < ctx.settings.support_threshold:
            missing = ", ".join(sup.missing[:5])
            issues.append(
                Issue(
                    kind="claim",
                    detail=f"weak support ({sup.score:.0%}) in the best source passage"
                    + (f"; not there: {missing}" if missing else ""),
                    evidence=ctx.evidence,
                )
            )
        if sup.score >= POLARITY_MIN_SUPPORT:
            negation = claims.negation_conflict(ctx.unquoted, ctx.checker.index, sup.region)
            if negation:
                issues.append(
                    Issue(
                        kind="claim",
                        detail=negation,
                        evidence=ctx.evidence,
                        severity="contradicted",
                    )
                )
        return issues


CHECK = ClaimCheck()
