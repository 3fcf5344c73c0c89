"""Attribution check: words given to a person must be near that person in the source
(see :mod:`pipeline.evals.attribution` for how speakers are read)."""

from __future__ import annotations

from pipeline.evals import attribution, claims, quotes
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.text import content_stems, sentence_start

# Content words before the speaker that make a clause of their own.
CLAUSE_WORDS = 4
# With no speaker mention near the evidence, the named speaker must at least be this close.
FALLBACK_WINDOW = 600


class AttributionCheck:
    kind = "attribution"
    scope = "sentence"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        if not ctx.speakers:
            return []
        issue = _check_attribution(
            ctx.checker, ctx.speakers, ctx.quote_matches, _speaker_support(ctx), ctx.settings
        )
        return [issue] if issue is not None else []


def _speaker_support(ctx: SentenceContext) -> claims.Support:
    """Where the source says what the speaker's own clause says. In "A resident complained
    about X, and the Chairman said Y" the Chairman's words are Y, not the resident's X: the
    words after the speaker find their own evidence."""
    at = ctx.unquoted.find(ctx.speakers[0]) if ctx.speakers else -1
    if at <= 0 or len(content_stems(ctx.unquoted[:at])) < CLAUSE_WORDS:
        return ctx.support
    # Without the name: a passage found because it holds the name cannot vouch for it.
    tail = ctx.unquoted[at + len(ctx.speakers[0]) :]
    index = ctx.checker.index
    return claims.support(tail, index, index.evidence(tail, k=ctx.settings.search_k))


def _check_attribution(
    checker,
    speaker_texts: list[str],
    matches: list[quotes.QuoteMatch],
    sup: claims.Support,
    settings: EvalsSettings,
) -> Issue | None:
    known_shorthand = {p.initials for p in checker.speakers.people if p.shorthand}
    people = [
        attribution.person_from(p, shorthand=p.strip() in known_shorthand)
        for s in speaker_texts
        for p in attribution.split_joint(s)
    ]
    # A bare acronym is a speaker only where the source writes speakers that way ("(JB)").
    people = [p for p in people if p.is_person_like or (p.names and not p.initials)]
    if not people:
        return None
    speaker = " or ".join(p.text for p in people)

    def matches_any(other: attribution.Person) -> bool:
        return any(checker.speakers.same(p, other) for p in people)

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
        text = checker.index.text
        sent_start = sentence_start(text, start)
        said_here = text[sent_start:end].lower()
        if any(p.text.lower() in said_here for p in people):
            continue  # the source sentence itself names the speaker
        # Who the source sentence's structure says is speaking: its subject before the
        # quoted words (or at its start), or the person its pronoun stands for.
        limit = start if start > sent_start else min(end, sent_start + attribution.SUBJECT_REACH)
        resolved = speakers.resolve(text, sent_start, limit, settings.attribution_window)
        if resolved:
            if any(matches_any(p) for p in resolved):
                continue
            return Issue(
                kind="attribution",
                detail=f"the source gives this to {resolved[0].text}, not {speaker}",
                evidence=checker.evidence(start, end),
                severity="contradicted",
            )
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
                check="attribution:elsewhere",
                evidence=checker.evidence(start, end),
            )
    return None


def _turn_at(turns: list, offset: int) -> int | None:
    for i, t in enumerate(turns):
        if t.start <= offset < t.end:
            return i
    return None


CHECK = AttributionCheck()
