"""Claim check: how much of the sentence the best passages say (support; a sentence joining
several passages is as supported as its clauses, each on its own). Below
``support_threshold`` the sentence is ``unsupported``. (Its polarity is the polarity
check's.)"""

from __future__ import annotations

from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.text import QUOTED, content_stems


class ClaimCheck:
    kind = "claim"
    scope = "sentence"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        sup = ctx.support
        full = ctx.full
        terms = content_stems(QUOTED.sub(" ", full) if not ctx.unit.block_quotes else full)
        if not terms or ctx.quote_texts or sup.score >= ctx.settings.support_threshold:
            return []
        missing = ", ".join(sup.missing[:5])
        return [
            Issue(
                kind="claim",
                detail=f"weak support ({sup.score:.0%}) in the best source passage"
                + (f"; not there: {missing}" if missing else ""),
                evidence=ctx.evidence,
            )
        ]


CHECK = ClaimCheck()
