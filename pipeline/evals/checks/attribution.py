"""Attribution check: words given to a person must be near that person in the source
(see :mod:`pipeline.evals.attribution` for how speakers are read)."""

from __future__ import annotations

from pipeline.evals import attribution, claims, quotes, roster
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
        issue = None
        if ctx.speakers:
            issue = _check_attribution(
                ctx.checker, ctx.speakers, ctx.quote_matches, _speaker_support(ctx), ctx.settings
            )
        if issue is None or issue.check is not None:
            # No verdict from the reporting verb (or only a soft one): ask who acts in the
            # sentence the source has for it, as the document's structure says.
            issue = _check_actor(ctx) or issue
        return [issue] if issue is not None else []


def _check_actor(ctx: SentenceContext) -> Issue | None:
    """The person the summary sentence says acted against the subject of the source
    sentence it rests on ("Councillor Garnett offered" where the minutes have "Councillor
    Williams offered", "Pam Bullas found" where they have "PW reported"). Silent unless
    both sides name a person the document knows and the source sentence does not name
    the summary's person at all."""
    checker = ctx.checker
    people = roster.stated_actors(ctx.unquoted, checker.roster)
    if not people:
        return None
    surnames = {surname for _, surname in people}
    clause = roster.actor_clause(ctx.unquoted, people[0][0])
    index = checker.index
    found = [
        (m.start, m.end) for m in ctx.quote_matches if m.found and m.start is not None and m.end
    ]
    if found:
        at, end = found[0]
    else:
        sup = ctx.support
        if clause != ctx.unquoted:
            # A passage found because it holds the name names the person and so gives
            # no verdict below; only a clause of the sentence needs a search of its own.
            claim = clause
            for written, _ in people:
                claim = claim.replace(written, " ")
            sup = claims.support(claim, index, index.evidence(claim, k=ctx.settings.search_k))
        if sup.sentence_span is None or sup.score < ctx.settings.support_threshold:
            return None
        at, end = sup.sentence_span
    text = index.text
    opening = roster.sentence_open(text, at)
    # The source sentence itself naming the summary's person (as object, apposition or
    # initials) leaves who acted open: no verdict.
    if roster.names_any(text[opening : max(end, at + roster.SUBJECT_REACH)], people):
        return None
    actor = roster.sentence_actor(text, at, checker.roster)
    if actor is None or actor in surnames:
        return None
    stated = " or ".join(written for written, _ in people)
    return Issue(
        kind="attribution",
        detail=f"the source gives this to {actor.title()}, not {stated}",
        evidence=checker.evidence(opening, min(len(text), at + 300)),
        severity="contradicted",
    )


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
        # The roster's reading first: the person the source sentence opens with (or its
        # pronoun stands for), known to the document as a person, initials or role holder.
        actor = roster_actor(checker, start)
        if actor is not None:
            stated = _surnames(checker.roster, people)
            if actor in stated:
                continue
            window = text[max(0, sent_start - roster.SUBJECT_REACH) : end]
            if stated and not roster.names_any(window, [(w, s) for s, w in stated.items()]):
                return Issue(
                    kind="attribution",
                    detail=f"the source gives this to {actor.title()}, not {speaker}",
                    evidence=checker.evidence(start, end),
                    severity="contradicted",
                )
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


def roster_actor(checker, offset: int) -> str | None:
    """The surname of who acts in the source sentence holding ``offset`` (roster reading)."""
    return roster.sentence_actor(checker.index.text, offset, checker.roster)


def _surnames(known: roster.Roster, people: list[attribution.Person]) -> dict[str, str]:
    """Surname -> written form of each summary person the roster can place: by name, or
    the one holder of a role ("the Chair" is Claire Cann when the minutes say so)."""
    found: dict[str, str] = {}
    for person in people:
        if person.names:
            found[person.names[-1]] = person.text
        for role in person.roles:
            holder = known.holder(role)
            if holder:
                found[holder] = person.text
    return found


def _turn_at(turns: list, offset: int) -> int | None:
    for i, t in enumerate(turns):
        if t.start <= offset < t.end:
            return i
    return None


CHECK = AttributionCheck()
