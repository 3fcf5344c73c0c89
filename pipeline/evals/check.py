"""Check a summary against its source: every sentence, quote, figure, name and decision."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from pipeline.evals import attribution, claims, decisions, figures, names, quotes
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
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summary_input import SummaryInput, SummaryUnit
from pipeline.evals.text import content_stems, stem, tokenize
from pipeline.ingest.injection import masked, rests_on_injection
from pipeline.models import AgendaItem, Document, Segmentation

MAX_FIGURE_CANDIDATES = 40
# Outcome passages scoring at least this share of the best one are read together.
DECISION_SCORE_SHARE = 0.6
# With no speaker mention near the evidence, the named speaker must at least be this close.
FALLBACK_WINDOW = 600
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?<![A-Za-z])‘[^’]*’(?![A-Za-z])")


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
    """All checks on one unit of the summary."""
    index = checker.index
    full = unit.text if unit.kind != "quote" else " ".join(unit.block_quotes)
    sentence = unit.sentence if unit.kind != "quote" else ""
    issues: list[Issue] = []
    regions = index.evidence(full, unit.spans, k=settings.search_k)
    sup = claims.support(full, index, regions)
    parts = [p for p in full.split(";") if content_stems(p)]
    if len(parts) >= 2 and sup.score < settings.support_threshold:
        # A list ("met to consider A; B; C") is as supported as its parts, each on its own.
        scores = [
            claims.support(p, index, index.evidence(p, k=settings.search_k)).score for p in parts
        ]
        listed = sum(scores) / len(scores)
        if listed > sup.score:
            sup = replace(sup, score=listed, from_union=True)
    evidence = checker.evidence(*sup.sentence_span) if sup.sentence_span else None

    # Quotes.
    quote_texts = quotes.extract_quotes(sentence, unit.block_quotes)
    quote_results: list[QuoteResult] = []
    matches: list[quotes.QuoteMatch] = []
    speakers = (
        [unit.speaker] if unit.speaker else attribution.summary_speakers(unit.sentence, previous)
    )
    speaker = speakers[0] if speakers else None
    for q in quote_texts:
        match = quotes.match_quote(
            q,
            index,
            threshold=settings.quote_threshold,
            word_ratio=settings.quote_word_ratio,
            transcript_threshold=settings.transcript_quote_threshold,
            regions=[(r.start, r.end) for r in regions[:3]],
        )
        matches.append(match)
        quote_results.append(
            QuoteResult(
                text=q,
                found=match.found,
                score=match.score,
                start=match.start if match.found else None,
                end=match.end if match.found else None,
                method=match.method,
                sentence_index=unit.index,
                speaker=speaker,
            )
        )
        if not match.found:
            near = checker.evidence(match.start, match.end) if match.start is not None else None
            why = match.detail or "not in the source"
            issues.append(
                Issue(kind="quote", detail=f"quote “{_short(q)}” not found: {why}", evidence=near)
            )

    # Attribution.
    if speakers:
        issue = _check_attribution(checker, speakers, matches, sup, settings)
        if issue is not None:
            issues.append(issue)

    unquoted = _QUOTED.sub(" ", sentence)
    issues.extend(_check_figures(checker, unquoted, sup, settings))
    issues.extend(_check_names(checker, unquoted, sup, regions, settings, speaker))
    decision_issue = _check_decision(checker, unit, unquoted, sup, settings)
    if decision_issue is not None:
        issues.append(decision_issue)

    # Claim support and polarity.
    terms = content_stems(_QUOTED.sub(" ", full) if not unit.block_quotes else full)
    checkable = bool(terms) or bool(quote_texts)
    if terms and not quote_texts and sup.score < settings.support_threshold:
        missing = ", ".join(sup.missing[:5])
        issues.append(
            Issue(
                kind="claim",
                detail=f"weak support ({sup.score:.0%}) in the best source passage"
                + (f"; not there: {missing}" if missing else ""),
                evidence=evidence,
            )
        )
    negation = claims.negation_conflict(unquoted, index, sup.region) if sup.score >= 0.4 else None
    if negation:
        issues.append(
            Issue(kind="claim", detail=negation, evidence=evidence, severity="contradicted")
        )

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
        heading=unit.heading,
        support=round(sup.score, 3),
        evidence=evidence,
    )
    anchor = (
        sup.sentence_span[0]
        if sup.sentence_span and sup.score >= settings.support_threshold
        else None
    )
    return _UnitResult(result, quote_results, anchor)


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _check_attribution(
    checker: Checker,
    speaker_texts: list[str],
    matches: list[quotes.QuoteMatch],
    sup: claims.Support,
    settings: EvalsSettings,
) -> Issue | None:
    known_shorthand = {p.initials for p in checker.speakers.people if p.shorthand}
    people = [
        attribution.person_from(s, shorthand=s.strip() in known_shorthand) for s in speaker_texts
    ]
    # A bare acronym is a speaker only where the source writes speakers that way ("(JB)").
    people = [p for p in people if p.is_person_like or (p.names and not p.initials)]
    if not people:
        return None
    speaker = " or ".join(p.text for p in people)
    aliases = checker.speakers.aliases

    def matches_any(other: attribution.Person) -> bool:
        return any(attribution.same_person(p, other, aliases) for p in people)

    spans: list[tuple[int, int, int | None]] = [
        (m.start, m.end, m.turn)
        for m in matches
        if m.found and m.start is not None and m.end is not None
    ]
    if not spans and sup.sentence_span and sup.score >= settings.support_threshold:
        spans = [(sup.sentence_span[0], sup.sentence_span[1], None)]
    if not spans:
        return None
    speakers = checker.speakers
    turns = checker.source.turns
    for start, end, turn in spans:
        if turns:
            t = turn if turn is not None else _turn_at(turns, start)
            label = turns[t].speaker if t is not None else None
            if label and not matches_any(attribution.person_from(label)):
                return Issue(
                    kind="attribution",
                    detail=f"the source gives these words to {label}, not {speaker}",
                    evidence=checker.evidence(start, end),
                    severity="contradicted",
                )
            continue
        sent_start = _sentence_start(checker.index.text, start)
        said_here = checker.index.text[sent_start:end].lower()
        if any(p.text.lower() in said_here for p in people):
            continue  # the source sentence itself names the speaker
        inside = [
            p
            for pos, p in zip(speakers.positions, speakers.people, strict=True)
            if sent_start <= pos <= end and p.is_person_like
        ]
        before = speakers.nearest_before(sent_start, sent_start - settings.attribution_window)
        candidates = inside + [p for _, p in before[:1]]
        if any(matches_any(p) for p in candidates):
            continue
        if candidates:
            other = (inside or [before[0][1]])[0].text
            return Issue(
                kind="attribution",
                detail=f"the source gives this to {other}, not {speaker}",
                evidence=checker.evidence(start, end),
                severity="contradicted",
            )
        window = checker.index.text[max(0, sent_start - FALLBACK_WINDOW) : end]
        surnames = [p.names[-1] for p in people if p.names]
        if surnames and not any(n in window.lower() for n in surnames):
            return Issue(
                kind="attribution",
                detail=f"{speaker} is not named near the passage",
                evidence=checker.evidence(start, end),
            )
    return None


def _turn_at(turns: list, offset: int) -> int | None:
    for i, t in enumerate(turns):
        if t.start <= offset < t.end:
            return i
    return None


def _sentence_start(text: str, offset: int) -> int:
    """Start of the source sentence or bullet holding ``offset``."""
    floor = max(0, offset - 600)
    cut = floor
    for m in re.finditer(r"[.!?]\s+|\n", text[floor:offset]):
        cut = floor + m.end()
    return cut


def _check_figures(
    checker: Checker, sentence: str, sup: claims.Support, settings: EvalsSettings
) -> list[Issue]:
    found = figures.parse_figures(sentence)
    if not found:
        return []
    index = checker.index
    fig_index = checker.figures
    s_terms = set(content_stems(sentence))
    issues: list[Issue] = []
    region = sup.region
    for fig in found:
        matching = fig_index.matching(fig)
        local = figures.local_context(sentence, fig.start, fig.end)
        best_support, best_pos = 0.0, None
        candidates = matching
        if len(matching) > MAX_FIGURE_CANDIDATES and region is not None:
            # A common number ("2", "2022") occurs hundreds of times: look nearest first.
            centre = region.start
            candidates = sorted(matching, key=lambda i: abs(fig_index.figures[i].start - centre))[
                :MAX_FIGURE_CANDIDATES
            ]
        for i in candidates:
            ti = fig_index.token_index[i]
            ctx = {t.stem for t in index.tokens[max(0, ti - 40) : ti + 40] if t.is_content}
            score = _weighted(index, s_terms & ctx, s_terms)
            if score > best_support:
                best_support, best_pos = score, i
        # In a sentence drawing on several passages, any passage it rests on may hold it.
        need = 2 if sup.from_union else max(2, len(local) // 2)
        local_ok = len(local) >= 2 and any(
            _local_overlap(checker, i, local, width=12) >= need for i in candidates
        )
        in_region = local_ok or (
            region is not None
            and any(
                region.start <= fig_index.figures[i].start < region.end
                and _local_overlap(checker, i, local) >= 1
                for i in matching
            )
        )
        ok = in_region or best_support >= settings.figure_context
        # The source figure whose own words best match the words around this one.
        conflict = None if fig.soft else _conflicting_figure(checker, fig, local, matching, region)
        if conflict is not None:
            src = fig_index.figures[conflict]
            issues.append(
                Issue(
                    kind="figure",
                    detail=f"“{fig.text}” but the source says “{src.text}” here",
                    evidence=checker.evidence(*_around(index.text, src.start, src.end)),
                    severity="contradicted",
                )
            )
            continue
        if ok or fig.soft:
            continue
        if matching:
            where = fig_index.figures[best_pos if best_pos is not None else matching[0]]
            issues.append(
                Issue(
                    kind="figure",
                    detail=f"“{fig.text}” is in the source, but not where this sentence's claim is",
                    evidence=checker.evidence(*_around(index.text, where.start, where.end)),
                )
            )
        else:
            issues.append(Issue(kind="figure", detail=f"“{fig.text}” is not in the source"))
    # "from A to B": the order is part of the claim.
    for a, b in figures.from_to_pairs(sentence, found):
        issue = _check_order(checker, a, b)
        if issue is not None:
            issues.append(issue)
    return issues


_SENTENCE_BREAK = re.compile(r"[.!?;](?=\s)|\n")


def _local_overlap(checker: Checker, i: int, local: set[str], width: int = 8) -> int:
    """Words shared by a summary figure's neighbourhood and source figure ``i``'s own
    neighbourhood, which stops at the end of the source sentence holding it."""
    fig = checker.figures.figures[i]
    text = checker.index.text
    lo = max(0, fig.start - 250)
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, lo, fig.start)]
    left = breaks[-1] if breaks else lo
    after = _SENTENCE_BREAK.search(text, fig.end, fig.end + 250)
    right = after.start() if after else fig.end + 250
    ti = checker.figures.token_index[i]
    tokens = checker.index.tokens[max(0, ti - width) : ti + width + 1]
    return len(local & {t.stem for t in tokens if t.is_content and left <= t.start < right})


def _weighted(index: SourceIndex, hit: set[str], total: set[str]) -> float:
    denominator = sum(index.weight(t) for t in total)
    return sum(index.weight(t) for t in hit) / denominator if denominator else 0.0


def _around(text: str, start: int, end: int, pad: int = 120) -> tuple[int, int]:
    return max(0, start - pad), min(len(text), end + pad)


def _conflicting_figure(
    checker: Checker, fig: figures.Figure, local: set[str], matching: list[int], region
) -> int | None:
    """A same-kind source figure in the region whose words match better, with another value."""
    if region is None or len(local) < 2 or fig.kind == "ref":
        return None  # a different reference number is another thing, not a wrong value
    fig_index = checker.figures
    index = checker.index
    lo = region.start
    hi = region.end
    matched = set(matching)

    def local_overlap(i: int) -> int:
        return _local_overlap(checker, i, local)

    best_same = max(
        (local_overlap(i) for i in matching if lo <= fig_index.figures[i].start < hi), default=-1
    )
    best_other, best_i = 0, None
    for i, src in enumerate(fig_index.figures):
        if src.start < lo:
            continue
        if src.start >= hi:
            break
        if i in matched or src.family != fig.family or src.kind in ("word", "ref"):
            continue
        if _is_paragraph_number(index.text, src):
            continue
        if fig.family == "amount" and (src.kind == "money") != (fig.kind == "money"):
            continue
        overlap = local_overlap(i)
        if overlap > best_other:
            best_other, best_i = overlap, i
    if best_i is None or best_other < 2:
        return None
    if best_same < 0 or best_other >= best_same + 1:
        return best_i
    return None


def _is_paragraph_number(text: str, fig: figures.Figure) -> bool:
    """ "4.3 The Director ..." opening a line numbers a paragraph; it is not a figure."""
    if fig.kind != "number" or "." not in fig.text:
        return False
    line_start = text.rfind("\n", 0, fig.start) + 1
    return not text[line_start : fig.start].strip(" \t-·•*")


def _check_order(checker: Checker, a: figures.Figure, b: figures.Figure) -> Issue | None:
    fig_index = checker.figures
    ma, mb = fig_index.matching(a), fig_index.matching(b)
    if not ma or not mb or set(ma) & set(mb):
        return None  # one source figure holds both ("2022-2025"): a range, in order
    forward = any(
        0 < fig_index.token_index[j] - fig_index.token_index[i] <= 12 for i in ma for j in mb
    )
    backward = [
        (j, i)
        for i in ma
        for j in mb
        if 0 < fig_index.token_index[i] - fig_index.token_index[j] <= 12
    ]
    if forward or not backward:
        return None
    j, i = backward[0]
    src_a, src_b = fig_index.figures[j], fig_index.figures[i]
    return Issue(
        kind="figure",
        detail=f"“from {a.text} to {b.text}” is reversed: "
        f"the source goes from {src_a.text} to {src_b.text}",
        evidence=checker.evidence(*_around(checker.index.text, src_a.start, src_b.end, 60)),
        severity="contradicted",
    )


def _check_names(
    checker: Checker,
    sentence: str,
    sup: claims.Support,
    regions: list,
    settings: EvalsSettings,
    speaker: str | None,
) -> list[Issue]:
    issues: list[Issue] = []
    name_index = checker.names
    # Only the best supporting region counts: the other retrieved regions were found
    # *because* they hold the name, so they cannot vouch for it.
    window_ranges: list[tuple[int, int]] = []
    runs = names.name_runs(sentence)
    if sup.from_union and runs:
        # A sentence joining several passages (an overview) may name what each one holds.
        # Those passages are found again without the names' own words, so a passage is
        # not retrieved just because it holds the name being checked.
        masked = sentence
        for run in reversed(runs):
            masked = masked[: run.start] + " " * (run.end - run.start) + masked[run.end :]
        window_ranges += [
            (max(0, r.start - settings.name_window), r.end + settings.name_window)
            for r in checker.index.evidence(masked, k=settings.search_k)[:3]
        ]
    if sup.region is not None:
        window_ranges.append(
            (max(0, sup.region.start - settings.name_window), sup.region.end + settings.name_window)
        )
        item = checker.item_at(sup.region.start)
        if item is not None and item.end - item.start <= 20 * settings.name_window:
            window_ranges.append((item.start, item.end))
    for run in runs:
        if run.start == _first_word_start(sentence):
            run = _drop_sentence_initial_word(run, name_index)
            if run is None:
                continue
        if name_index.known(run.text):
            parts = [run.text]
        else:
            parts = run.parts
            unknown = [
                p for p in parts if not name_index.known(p) and not name_index.known_loose(p)
            ]
            # A part found only with words in between cannot be located: no nearness test.
            parts = [p for p in parts if name_index.known(p)]
            if unknown:
                issues.append(
                    Issue(
                        kind="name",
                        detail=f"“{unknown[0]}” is not in the source",
                        severity="unsupported",
                    )
                )
                continue
        for part in parts:
            tokens = part.split()
            person_like = len(tokens) >= 2 or run.titled
            if sup.from_union:
                # An overview lists items and bodies from all over: only people must be
                # near what the sentence rests on.
                person_like = run.titled or attribution.person_from(part).is_person_like
            if not person_like or not sup.region or sup.score < settings.support_threshold:
                continue
            if _near(checker, part, window_ranges):
                continue
            issues.append(
                Issue(
                    kind="name",
                    detail=f"“{part}” is in the source, but not near the passage "
                    "this sentence rests on",
                    evidence=checker.evidence(sup.region.start, sup.region.end),
                )
            )
    return issues


def _first_word_start(sentence: str) -> int:
    m = re.search(r"[A-Za-z0-9]", sentence)
    return m.start() if m else 0


def _drop_sentence_initial_word(
    run: names.NameRun, name_index: names.NameIndex
) -> names.NameRun | None:
    """A capital that opens a sentence says nothing: unless the source writes the word as a
    proper noun mid-sentence ("Hackney"), it is an ordinary word ("Recruiting")."""
    first = run.text.split()[0]
    if first.lower() in name_index.proper or first.lower() in names.TITLE_WORDS:
        return run
    if len(first) <= 1 or first.isupper():
        return run
    rest = run.text[len(first) :].lstrip()
    if not rest or rest.split()[0].lower() in names.CONNECTORS:
        return None
    return names._make_run(rest, run.end - len(rest), run.end, rest.split())


def _near(checker: Checker, part: str, ranges: list[tuple[int, int]]) -> bool:
    """True when ``part`` (or, for a person, the surname or initials) is in ``ranges``."""
    name_index = checker.names
    text = checker.index.text
    words = part.split()

    def inside(pos: int) -> bool:
        return any(lo <= pos < hi for lo, hi in ranges)

    if any(inside(pos) for pos in name_index.positions(part)):
        return True
    person = len(words) >= 2 and attribution.person_from(part).is_person_like
    if person:
        given, surname = words[0].lower(), words[-1]
        for pos in name_index.positions(surname):
            if not inside(pos):
                continue
            # "Raynor Griffiths" near the evidence does not vouch for "Nina Griffiths".
            before = re.findall(r"([A-Za-z'’\-]+)\s*$", text[max(0, pos - 40) : pos])
            prev = before[0] if before else ""
            if (
                prev[:1].isupper()
                and prev.lower() not in names.TITLE_WORDS
                and prev.lower() != given
            ):
                continue
            return True
        initials = names.initials(part)
        for lo, hi in ranges:
            if re.search(rf"\b{re.escape(initials)}\b", text[lo:hi]):
                return True
    if checker.source.turns:
        key = names.lookup_key(part)
        for turn in checker.source.turns:
            if turn.speaker and inside(turn.start):
                label = names.lookup_key(turn.speaker)
                if key in label or (person and words[-1].lower() in label):
                    return True
    return False


def _check_decision(
    checker: Checker, unit: SummaryUnit, sentence: str, sup: claims.Support, settings: EvalsSettings
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
    return Issue(
        kind="decision",
        detail=f"the summary says {decisions.describe(stated - recorded)}; the source records "
        f"{decisions.describe(recorded)}",
        evidence=checker.evidence(*(shown or sup.sentence_span or (region.start, region.end))),
        severity="contradicted",
    )


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
                missing_decisions.append(f"{item.number}: {_short(decision, 80)}")
    return Coverage(
        items_total=len(items),
        items_covered=len(covered_items),
        decisions_total=decisions_total,
        decisions_covered=decisions_covered,
        missing_items=missing_items,
        missing_decisions=missing_decisions,
    )


__all__ = ["Checker", "check_summary", "check_unit", "coverage", "stem", "tokenize"]
