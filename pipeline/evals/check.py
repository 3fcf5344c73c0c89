"""Check a summary against its source: every sentence, quote, figure, name and decision."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from pipeline.evals import attribution, claims, figures, names, quotes, roster, verbatim
from pipeline.evals.alignment import STRONG_MATCH, claim_match
from pipeline.evals.calibration import load_calibration
from pipeline.evals.context import SentenceContext
from pipeline.evals.registry import checks_of_scope
from pipeline.evals.report import (
    Coverage,
    EvalReport,
    Evidence,
    Issue,
    QuoteResult,
    SentenceResult,
    Verdict,
)
from pipeline.evals.retrieval import SourceIndex
from pipeline.evals.sentences import clauses, list_parts
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summary_input import SummaryInput, SummaryUnit
from pipeline.evals.text import QUOTED, content_stems, shorten, stem, tokenize
from pipeline.ingest.injection import masked, rests_on_injection
from pipeline.models import AgendaItem, Document, Segmentation

# Passages kept per sentence for the optional LLM judge.
JUDGE_PASSAGES = 3


class Checker:
    """The per-document indexes every check shares; build once, check many summaries."""

    def __init__(self, source: Document, segmentation: Segmentation | None = None) -> None:
        self.source = source
        self.segmentation = segmentation
        self.index = SourceIndex(source)

    @cached_property
    def figures(self) -> figures.FigureIndex:
        return figures.FigureIndex.build(self.index.text, self.index.token_starts)

    @cached_property
    def names(self) -> names.NameIndex:
        labels = [t.speaker for t in self.source.turns if t.speaker]
        return names.NameIndex(self.index.tokens, self.index.text, labels)

    @cached_property
    def speakers(self) -> attribution.SpeakerIndex:
        return attribution.SpeakerIndex.build(self.index.text, self.source.turns)

    @cached_property
    def roster(self) -> roster.Roster:
        return roster.build_roster(self.index.text)

    def item_at(self, offset: int) -> AgendaItem | None:
        """The innermost segmented item holding ``offset``."""
        if self.segmentation is None:
            return None
        best = None
        for item in self.segmentation.items:
            if item.start <= offset < item.end and (
                best is None or item.end - item.start < best.end - best.start
            ):
                best = item
        return best

    def passage(self, start: int, end: int, limit: int = 1200) -> Evidence:
        """A retrieved passage as the judge reads it (at most ``limit`` characters)."""
        end = min(end, start + limit)
        return Evidence(start=start, end=end, text=self.index.text[start:end])

    def evidence(self, start: int, end: int) -> Evidence:
        end = min(end, start + 600) if end - start > 600 else end
        return Evidence(start=start, end=end, text=self.index.text[start:end])


@dataclass
class _UnitResult:
    sentence: SentenceResult
    quotes: list[QuoteResult]
    anchor: int | None


def check_summary(
    source: Document,
    segmentation: Segmentation | None,
    summary: SummaryInput,
    settings: EvalsSettings,
    checker: Checker | None = None,
) -> EvalReport:
    """Check every unit of ``summary`` against ``source``; see the module docstring."""
    # Text that reads as instructions to an AI is never evidence (blanked, offsets kept).
    checker = checker or Checker(masked(source), segmentation)
    results: list[_UnitResult] = []
    previous: list[str] = []
    for unit in summary.units:
        results.append(check_unit(checker, unit, previous, settings))
        previous.append(unit.sentence)
        _flag_injection(results[-1].sentence, source, unit)
    report = EvalReport(
        source=source.path,
        summary=summary.path,
        sentences=[r.sentence for r in results],
        quotes=[q for r in results for q in r.quotes],
        segmentation="available" if segmentation is not None else "unavailable",
        source_text=source.text,
    )
    if segmentation is not None:
        report.coverage = coverage(checker, summary, results, settings)
    return report


def _flag_injection(result: SentenceResult, source: Document, unit: SummaryUnit) -> None:
    """Flag a unit that rests on injected instructions (see pipeline/ingest/injection.py)."""
    span = rests_on_injection(source, unit.text, unit.spans)
    if span is not None:
        evidence = Evidence(start=span.start, end=span.end, text=source.text[span.start : span.end])
        detail = f"rests on text that reads as instructions to an AI ({span.reason})"
        result.issues.append(Issue(kind="injection", detail=detail, evidence=evidence))
        result.verdict = "unsupported"


def check_unit(
    checker: Checker, unit: SummaryUnit, previous: list[str], settings: EvalsSettings
) -> _UnitResult:
    """All registered checks on one unit of the summary, and its verdict.

    The sentence-scope checks (quotes, attribution) run on the whole sentence. A sentence
    the source holds word for word is supported as it stands; otherwise each clause of it
    (one, or several for "considered A; B; and C") is checked against its own evidence
    passages by the clause-scope checks (figures, names, decisions, claim support).
    """
    index = checker.index
    full = unit.text if unit.kind != "quote" else " ".join(unit.block_quotes)
    sentence = unit.sentence if unit.kind != "quote" else ""
    regions = index.evidence(full, unit.spans, k=settings.search_k)
    sup = claims.support(full, index, regions)
    if sup.score < settings.support_threshold:
        # A list ("met to consider A; B; C", "moved X to reserve, added Y and approved Z")
        # is as supported as its parts, each against its own passages.
        parts = list_parts(full)
        if len(parts) >= 2:
            scores = [
                claims.support(p, index, index.evidence(p, k=settings.search_k)).score
                for p in parts
            ]
            listed = sum(scores) / len(scores)
            if listed > sup.score:
                sup = replace(sup, score=listed, from_union=True)
    speakers = (
        [unit.speaker] if unit.speaker else attribution.summary_speakers(unit.sentence, previous)
    )
    ctx = SentenceContext(
        checker=checker,
        unit=unit,
        settings=settings,
        previous=previous,
        full=full,
        sentence=sentence,
        unquoted=QUOTED.sub(" ", sentence),
        regions=regions,
        support=sup,
        speakers=speakers,
        quote_texts=quotes.extract_quotes(sentence, unit.block_quotes),
    )
    issues: list[Issue] = []
    verbatim_at = None
    if unit.kind != "quote" and not unit.block_quotes:
        verbatim_at = verbatim.verbatim_span(sentence, index, regions)
    for check in checks_of_scope("sentence"):
        if verbatim_at is not None and check.kind != "quote":
            continue
        # Who said quoted words is settled where the quote is found (its turn or
        # paragraph), not by how many of the sentence's words that passage repeats.
        found = check.run(ctx)
        issues.extend(found if check.kind == "attribution" else _scored(ctx, found))
    evidence = ctx.evidence
    if verbatim_at is not None:
        evidence = checker.evidence(*verbatim_at)
        sup = replace(sup, score=1.0, sentence_span=verbatim_at)
    else:
        issues.extend(_check_clauses(ctx))

    # A check whose dev precision is too low warns; only the others decide the verdict.
    calibration = load_calibration()
    warnings = [i for i in issues if calibration.action(i.check) == "warn"]
    issues = [i for i in issues if calibration.action(i.check) == "flag"]
    checkable = bool(content_stems(QUOTED.sub(" ", full) if not unit.block_quotes else full))
    checkable = checkable or bool(ctx.quote_texts)
    verdict: Verdict
    if not checkable:
        verdict = "unverifiable"
    elif any(i.severity == "contradicted" for i in issues):
        verdict = "contradicted"
    elif issues:
        verdict = "unsupported"
    else:
        verdict = "supported"
    result = SentenceResult(
        index=unit.index,
        text=unit.text,
        verdict=verdict,
        issues=issues,
        warnings=warnings,
        heading=unit.heading,
        support=round(sup.score, 3),
        evidence=evidence,
        passages=[checker.passage(r.start, r.end) for r in regions[:JUDGE_PASSAGES]],
    )
    anchor = (
        sup.sentence_span[0]
        if sup.sentence_span and sup.score >= settings.support_threshold
        else None
    )
    return _UnitResult(result, ctx.quote_results, anchor)


def _run_clause_checks(ctx: SentenceContext) -> list[Issue]:
    """The clause-scope checks on one clause, conflicts scored (see :func:`_scored`)."""
    return _scored(ctx, [i for check in checks_of_scope("clause") for i in check.run(ctx)])


def _scored(ctx: SentenceContext, issues: list[Issue]) -> list[Issue]:
    """``issues``, each conflict scored by how strongly its evidence states the claim. A
    conflicting value in a passage that does not state the claim (below
    :data:`~pipeline.evals.alignment.STRONG_MATCH`) contradicts nothing: the claim is only
    ``unsupported`` there."""
    for issue in issues:
        if issue.severity != "contradicted":
            continue
        if issue.evidence is None:
            issue.severity = "unsupported"
            continue
        issue.match = claim_match(
            ctx.checker.index, ctx.unquoted, issue.evidence.start, issue.evidence.end
        )
        if issue.match < STRONG_MATCH:
            issue.severity = "unsupported"
    return issues


def _check_clauses(ctx: SentenceContext) -> list[Issue]:
    """Clause-scope checks on each clause of the sentence, each with its own evidence."""
    parts = clauses(ctx.sentence) if ctx.sentence and not ctx.unit.block_quotes else []
    if len(parts) < 2:
        return _run_clause_checks(ctx)
    checker, settings = ctx.checker, ctx.settings
    issues: list[Issue] = []
    for part in parts:
        # The sentence's citations are not the clause's: each clause finds its own passages.
        regions = checker.index.evidence(part, k=settings.search_k)
        if verbatim.verbatim_span(part, checker.index, regions) is not None:
            continue
        clause_ctx = replace(
            ctx,
            full=part,
            sentence=part,
            unquoted=QUOTED.sub(" ", part),
            regions=regions,
            support=claims.support(part, checker.index, regions),
            is_clause=True,
            quote_texts=quotes.extract_quotes(part, []),
        )
        issues.extend(_run_clause_checks(clause_ctx))
    return issues


def coverage(
    checker: Checker, summary: SummaryInput, results: list[_UnitResult], settings: EvalsSettings
) -> Coverage:
    """Substantive items and recorded decisions the summary covers."""
    assert checker.segmentation is not None
    items = [i for i in checker.segmentation.items if i.kind == "substantive"]
    anchors = [r.anchor for r in results if r.anchor is not None]
    covered_items: list[AgendaItem] = []
    missing_items: list[str] = []
    for item in items:
        hit = item.number in summary.item_numbers or any(
            item.start <= a < item.end for a in anchors
        )
        (covered_items if hit else missing_items).append(
            item if hit else f"{item.number} {item.title}"
        )  # type: ignore[arg-type]
    all_text_terms = [set(content_stems(u.text)) for u in summary.units]
    decisions_total = 0
    decisions_covered = 0
    missing_decisions: list[str] = []
    for item in items:
        for decision in item.decisions:
            decisions_total += 1
            wanted = set(content_stems(decision))
            # Half the decision's words, or three of them: summaries state decisions short.
            need = min(0.5 * len(wanted), 3)
            ok = bool(wanted) and any(len(wanted & terms) >= need for terms in all_text_terms)
            if ok:
                decisions_covered += 1
            else:
                missing_decisions.append(f"{item.number}: {shorten(decision, 80)}")
    return Coverage(
        items_total=len(items),
        items_covered=len(covered_items),
        decisions_total=decisions_total,
        decisions_covered=decisions_covered,
        missing_items=missing_items,
        missing_decisions=missing_decisions,
    )


__all__ = ["Checker", "check_summary", "check_unit", "coverage", "stem", "tokenize"]
