"""Who said it: the people a document names, and the speaker a passage is attributed to.

Minutes attribute answers by initials ("(JG) The mental health crisis ...") and name the
person elsewhere ("Jim Gamble, Independent Commissioner for Child Safeguarding"), or open a
sentence with the speaker ("Mayor Glanville stated that ..."). Only what the document says
is used: initials resolve to a name only when exactly one named person has them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline import transcripts
from pipeline.models import Document
from pipeline.text import TITLES, wordset

# A capitalised word of a name: "Gamble", "Fajana-Thomas", "O'Neill", "McLeod"; never a
# possessive ("Everyone's").
NAME_WORD = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)*|O['’][A-Z][a-z]+|Mc[A-Z][a-z]+)(?!['’]s\b)"
NAME = rf"(?:{NAME_WORD})(?: (?:{NAME_WORD})){{1,2}}"
# A person in context: after a title, or before ", <Role>", or before a speech verb.
TITLED_RE = re.compile(rf"\b(?P<title>{TITLES})\.? (?P<name>(?:{NAME_WORD})(?: (?:{NAME_WORD}))?)")
ROLE_RE = re.compile(rf"\b(?P<name>{NAME}), (?:the )?[A-Z][a-z]+")
SPEECH_VERBS = (
    "said|stated|stressed|emphasised|emphasized|explained|highlighted|noted|suggested|argued|"
    "commented|considered|told|added|warned|indicated|confirmed|reported|asked|clarified|"
    "welcomed|queried|replied|responded|observed|believed|felt|acknowledged|referred"
)
SPEAKER_OPEN_RE = re.compile(
    rf"^(?P<who>(?:(?:{TITLES})\.? )?(?:{NAME_WORD})(?: (?:{NAME_WORD})){{0,2}}|He|She|They)"
    r"(?:, [^,]{3,80},)? (?:also |further |then |had |has )?(?P<verb>[a-z]+)\b(?P<that> that\b)?\s*"
)
QUOTE_VERBS = frozenset(SPEECH_VERBS.split("|"))
NOT_PEOPLE = wordset(
    "The This That These Those Members Officers Commission Board Committee Council Cabinet "
    "Hackney London City Borough Service Services Partnership Report Chair It There"
)


@dataclass(frozen=True)
class Attribution:
    """A speaker named by the source, and where the naming is.

    ``reported`` is true for "X stated that <clause>": the clause (from ``clause_start`` in
    the collapsed sentence) is what the source reports X as saying.
    """

    speaker: str
    verb: str
    clause_start: int
    reported: bool


class People:
    """Names of people in one document, to resolve initials and pronouns."""

    def __init__(self, document: Document) -> None:
        self.names: set[str] = set()
        text = document.text
        for match in TITLED_RE.finditer(text):
            self.names.add(match["name"])
        for match in ROLE_RE.finditer(text):
            self.names.add(match["name"])
        for turn in document.turns:
            if turn.speaker:
                self.names.add(turn.speaker)
        self.names = {n for n in self.names if n.split()[0] not in NOT_PEOPLE}

    def resolve_tag(self, tag: str) -> str:
        """``"JG"`` -> ``"Jim Gamble"`` when exactly one named person has those initials."""
        if not re.fullmatch(r"[A-Z]{2,4}", tag):
            return tag
        matches = {n for n in self.names if _initials(n) == tag}
        full = {n for n in matches if len(n.split()) >= 2}
        return next(iter(full)) if len(full) == 1 else tag


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def opening_speaker(sentence_text: str, previous: str | None) -> Attribution | None:
    """The speaker a sentence opens with ("Mayor Glanville stated that ..."), if any.

    "He"/"She"/"They" take ``previous`` (the speaker of the sentence before in the same
    block) or nothing: we never guess across paragraphs.
    """
    match = SPEAKER_OPEN_RE.match(sentence_text)
    if match is None:
        return None
    who = match["who"]
    if who in ("He", "She", "They"):
        if previous is None:
            return None
        who = previous
    elif who.split()[0] in NOT_PEOPLE or len(who.split()) < 2:
        return None
    reported = match["verb"] in QUOTE_VERBS and match["that"] is not None
    return Attribution(who, match["verb"], match.end(), reported)


def turn_at(document: Document, offset: int) -> tuple[str | None, float | None] | None:
    """Speaker and time of the transcript turn holding ``offset`` (``None`` outside turns).

    The time is the latest time anchor at or before ``offset`` when the document has
    anchors (finer than the turn), else the turn's start.
    """
    turn = transcripts.turn_at(document, offset)
    if turn is None:
        return None
    seconds = turn.time_start
    anchors = document.time_anchors
    i = bisect_right(anchors, offset, key=lambda anchor: anchor.offset) - 1
    # Unlike transcripts.time_at, an anchor of an earlier turn never times this one.
    if i >= 0 and anchors[i].offset >= turn.start:
        seconds = anchors[i].seconds
    return turn.speaker, seconds
