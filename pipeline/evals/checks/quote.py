"""Quote check: every quoted span of the sentence must be in the source (see
:mod:`pipeline.evals.quotes` for the exact -> normalised -> fuzzy ladder)."""

from __future__ import annotations

from pipeline.evals import quotes
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue, QuoteResult
from pipeline.evals.text import shorten


class QuoteCheck:
    kind = "quote"
    scope = "sentence"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        issues: list[Issue] = []
        settings = ctx.settings
        for q in ctx.quote_texts:
            match = quotes.match_quote(
                q,
                ctx.checker.index,
                threshold=settings.quote_threshold,
                word_ratio=settings.quote_word_ratio,
                transcript_threshold=settings.transcript_quote_threshold,
                regions=[(r.start, r.end) for r in ctx.regions[:3]],
            )
            ctx.quote_matches.append(match)
            ctx.quote_results.append(
                QuoteResult(
                    text=q,
                    found=match.found,
                    score=match.score,
                    start=match.start if match.found else None,
                    end=match.end if match.found else None,
                    method=match.method,
                    sentence_index=ctx.unit.index,
                    speaker=ctx.speaker,
                )
            )
            if not match.found:
                near = (
                    ctx.checker.evidence(match.start, match.end)
                    if match.start is not None and match.end is not None
                    else None
                )
                why = match.detail or "not in the source"
                issues.append(
                    Issue(
                        kind="quote", detail=f"quote “{shorten(q)}” not found: {why}", evidence=near
                    )
                )
        return issues


CHECK = QuoteCheck()
