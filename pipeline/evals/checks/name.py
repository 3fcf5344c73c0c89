"""Name check: people, organisations and roles of the clause must be in the source, and a
person must be near the passage the clause rests on (see :mod:`pipeline.evals.names`)."""

from __future__ import annotations

import re

from pipeline.evals import attribution, claims, names
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.text import content_stems


class NameCheck:
    kind = "name"
    scope = "clause"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        return _check_names(
            ctx.checker, ctx.unquoted, ctx.support, ctx.regions, ctx.settings, ctx.speaker
        )


def _anchored(sentence: str, runs: list[names.NameRun]) -> bool:
    """True when the sentence says something besides its names: only then is there a
    claim whose passage a person's name must be near. A bare title in a list of items
    ("...; Action Tracker; ...") just has to be in the source."""
    rest = sentence
    for run in reversed(runs):
        rest = rest[: run.start] + " " + rest[run.end :]
    return bool(content_stems(rest))


def _check_names(
    checker,
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
    anchored = _anchored(sentence, runs)
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
        if _is_shouted(run):
            continue  # a heading copied in capitals ("OFFICIAL MINUTES OF THE COUNCIL")
        if run.start == _first_word_start(sentence):
            run = _drop_sentence_initial_word(run, name_index)
            if run is None:
                continue
        if name_index.known(run.text):
            parts = [run.text]
        else:
            parts = run.parts
            unknown = [
                p
                for p in parts
                if not name_index.known(p)
                and not name_index.known_loose(p)
                and not _vouched(checker, p)
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
            # A swap between two people or bodies of one meeting shows as a name far from
            # the passage; a titled thing in ordinary words ("Child Q") is not checked so.
            person_like = (len(part.split()) >= 2 or run.titled) and not name_index.common_words(
                part
            )
            if sup.from_union:
                # An overview lists items and bodies from all over: only people must be
                # near what the sentence rests on.
                person_like = run.titled or attribution.person_from(part).is_person_like
            if (
                not anchored
                or not person_like
                or not sup.region
                or sup.score < settings.support_threshold
            ):
                continue
            if _near(checker, part, window_ranges) or _names_the_meeting(checker, part):
                continue
            issues.append(
                Issue(
                    kind="name",
                    detail=f"“{part}” is in the source, but not near the passage "
                    "this sentence rests on",
                    check="name:elsewhere",
                    evidence=checker.evidence(sup.region.start, sup.region.end),
                )
            )
    return issues


# The opening of a document (its title block) names the meeting: council, body, chair.
HEADER_CHARS = 400


def _names_the_meeting(checker, part: str) -> bool:
    """The council or body whose meeting the document records, as its header or metadata
    states it: the meeting's own fact, near every passage ("Napier City Council held ...")."""
    meta = checker.source.metadata
    low = part.lower()
    stated = [meta.council, meta.body, meta.title, checker.index.text[:HEADER_CHARS]]
    return any(s and low in s.lower() for s in stated)


def _vouched(checker, part: str) -> bool:
    """A name the source writes another way: "Nipissing Council" where the source has
    "Nipissing" and councils; "Hackney Education's SEND Strategy" whose possessive joins two
    known names; "OPP" where the source spells out "Ontario Provincial Police"."""
    name_index = checker.names
    pieces = [p for p in re.split(r"[’']s\b", part) if p.strip()]
    if len(pieces) >= 2:
        return all(name_index.known(p.strip()) or _vouched(checker, p.strip()) for p in pieces)
    words = part.split()
    own = [w for w in words if w.lower() not in attribution.ORG_WORDS]
    if own and len(own) < len(words) and name_index.known(" ".join(own)):
        return True  # "Nipissing Council": the source's Nipissing, as a council
    if re.fullmatch(r"[A-Z]{2,6}", part):
        spelled = r"\W+(?:(?:of|and|for|the|&)\W+)*".join(rf"{c}[a-z]+" for c in part)
        return re.search(rf"\b{spelled}\b", checker.index.text) is not None
    return False


def _is_shouted(run: names.NameRun) -> bool:
    """Three or more words in capitals: a heading, not a name (acronyms stay names)."""
    words = run.text.split()
    return len(words) >= 3 and all(not w.isalpha() or w.isupper() for w in words)


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


def _near(checker, part: str, ranges: list[tuple[int, int]]) -> bool:
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
    if len(words) == 1:
        # "Mr Gamble" where the minutes write him "(JG)" and name Jim Gamble elsewhere.
        surname = words[0].lower()
        for short, surnames in checker.speakers.expansions.items():
            if surname in surnames and any(
                re.search(rf"\b{short}\b", text[lo:hi]) for lo, hi in ranges
            ):
                return True
    if checker.source.turns:
        key = names.lookup_key(part)
        for turn in checker.source.turns:
            if turn.speaker and inside(turn.start):
                label = names.lookup_key(turn.speaker)
                if key in label or (person and words[-1].lower() in label):
                    return True
    return False


CHECK = NameCheck()
