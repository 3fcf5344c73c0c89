"""Decision check: an outcome the clause states (agreed, rejected, deferred, noted) must be
among those the source records where the decision is written (see
:mod:`pipeline.evals.decisions`)."""

from __future__ import annotations

from pipeline.evals import claims, decisions
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.sentences import list_parts
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summary_input import SummaryUnit
from pipeline.evals.text import content_stems

# A passage shorter than this (characters) is a table cell or a line of one.
TABLE_CELL = 200
# Outcome passages scoring at least this share of the best one are read together.
DECISION_SCORE_SHARE = 0.6


class DecisionCheck:
    kind = "decision"
    scope = "clause"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        parts = list_parts(ctx.unquoted) if ctx.unit.kind != "decision" else []
        if len(parts) < 2:
            issue = _check_decision(ctx.checker, ctx.unit, ctx.unquoted, ctx.support, ctx.settings)
            return [issue] if issue is not None else []
        # A sentence listing what the meeting did ("paid several invoices, declined a seat on
        # the hall committee and kept its policy"): each outcome is read with its own part,
        # against the passages that part rests on.
        index, settings = ctx.checker.index, ctx.settings
        issues = []
        for part in parts:
            if not decisions.outcomes_in(part):
                continue
            regions = index.evidence(part, k=settings.search_k)
            sup = claims.support(part, index, regions)
            issue = _check_decision(ctx.checker, ctx.unit, part, sup, settings)
            if issue is not None:
                issues.append(issue)
        return issues


def _check_decision(
    checker, unit: SummaryUnit, sentence: str, sup: claims.Support, settings: EvalsSettings
) -> Issue | None:
    if unit.kind == "quote":
        return None
    stated = decisions.outcomes_in(sentence)
    if unit.kind == "decision" and unit.outcome in decisions.SUMMARY_OUTCOMES:
        stated = {decisions.SUMMARY_OUTCOMES[unit.outcome]}
    if not stated or sup.region is None:
        return None
    region = sup.region
    index = checker.index
    recorded: set[str] = set()
    # The passages that both share the sentence's words and record an outcome are where
    # the decision is written down ("RESOLVED: To note the report", "Members noted and
    # agreed the letter"); the outcome is read there, not in the nearest discussion.
    terms = content_stems(sentence)
    ranked = index.search(terms, k=40)
    shown = None
    kept = 0
    top = None
    for span in unit.spans:
        # The summary cites where the decision is written: read the outcome there first.
        cited = decisions.outcomes_in(index.text[max(0, span.start) : span.end])
        if cited:
            recorded |= cited
            shown = shown or (span.start, span.end)
    if recorded:
        ranked = []
    for pid, score in ranked:
        p = index.passages[pid]
        nxt = index.passages[min(pid + 1, len(index.passages) - 1)]
        text = (
            index.text[p.start : nxt.end]
            if index.text[p.start : p.end].rstrip().endswith(":")
            else index.text[p.start : p.end]
        )
        if p.end - p.start < TABLE_CELL and not index.document.turns:
            # A cell of a table ("Rejected." beside "Does not meet the criteria") is read
            # with the cells around it: the row holds the outcome.
            prev = index.passages[max(0, pid - 1)]
            text = index.text[prev.start : max(nxt.end, p.end)]
        found = decisions.outcomes_in(text)
        if not found:
            continue
        top = top or score
        if score < DECISION_SCORE_SHARE * top:
            break
        recorded |= found
        shown = shown or (p.start, p.end)
        kept += 1
        if kept == settings.decision_passages:
            break
    item = checker.item_at(region.start)
    if item is not None:
        for text in item.decisions:
            recorded |= decisions.outcomes_in(text)
    if not recorded or stated <= recorded:
        return None
    evidence = shown or sup.sentence_span or (region.start, region.end)
    return Issue(
        kind="decision",
        detail=f"the summary says {decisions.describe(stated - recorded)}; the source records "
        f"{decisions.describe(recorded)}",
        evidence=checker.evidence(*evidence),
        severity="contradicted",
    )


CHECK = DecisionCheck()
