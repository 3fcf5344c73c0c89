"""Cue candidates in a transcript: where they are, what they say, and their turn.

Cue events (:mod:`pipeline.segment.transcript_cues`) close together in one sentence form
one :class:`Candidate`; its position is the start of its sentence (the whole turn, label
included, when the cue is in the turn's first sentence), or the cue itself when the
sentence began more than :data:`SENTENCE_REACH` characters earlier (unpunctuated
auto-captions). Each candidate carries what it read out (number, docket, title, the
section it opened) and the window of speech the cue model scores.

Turns: a paragraph marked ``continued`` (unnamed speech cut at a pause) belongs to the
turn before it, so "item 2.2" at the head of such a paragraph is still deep inside a
public speaker's turn. A transcript with no speaker changes at all (a Whisper text with
no ``>>`` and no names) has no turn evidence, and none is used.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline.models import Document
from pipeline.numbers import TENS, UNITS
from pipeline.segment.transcript_cues import (
    ADJOURN,
    BUSINESS_NOUN,
    CITATION,
    CLOSE,
    DOCKET,
    DOTTED,
    EMPTY,
    NUM,
    READ,
    SECTION,
    STRONG,
    STRUCK,
    SUB_ITEM,
    TRANSITION_NUMBER,
    WEAK,
    TurnContext,
    is_adjournment,
    is_chair,
    section_at,
    section_opened,
    window_features,
)
from pipeline.text import (
    SPOKEN_TITLE_STOPWORDS,
    SentenceRules,
    sentence_ends,
    sentence_spans,
    wordset,
)

SENTENCE_REACH = 150
MAX_SENTENCE = 400  # longer "sentences" are unpunctuated captions: items start at the cue
CLUSTER_GAP = 60
WINDOW_CHARS = 400
LEAD_CHARS = 80  # words said just before a mid-sentence cue ("I want to comment on ...")
TITLE_MIN = 75.0
TURN_START_WORDS = 15
DEEP_WORDS = 60
LONG_TURN_WORDS = 120
# "we will go to appointments to boards, commissions, and advisory committees"
WEAK_PHRASE_WORDS = 8
STRUCK_REACH = 120  # "items 19B and 21G have been withdrawn by the sponsor"

# A sentence ends at ".", "?" or "!" and a blank, but not after "Inc." or "Mr.".
# Abbreviations (any case) and initials ("J. Smith"; "P.M." and "p.m." end sentences). The
# checks look back from the punctuation, so they run only where there is some.
_NOT_AFTER = (
    "".join(
        rf"(?<!\b(?i:{word})[.])"
        for word in ("inc", "ltd", "co", "mr", "ms", "mrs", "dr", "st", "no", "vs", "jr", "sr")
    )
    + r"(?<!(?<![.])\b[A-Z][.])"
)
# Spoken sentences: captions may go on in lower case after an end.
SPOKEN_SENTENCE = SentenceRules(
    closers="\"')]",
    max_closers=1,
    follow="word",
    abbreviations=wordset("inc ltd co mr ms mrs dr st no vs jr sr"),
    initials="capitals",
    after_digits=False,
)
_TITLE_STOP = re.compile(
    rf"[.?!]{_NOT_AFTER}(?=\s|$)|;|\s[-–—]\s|\n|\b(?:starting|beginning)\s+with\b"
    r"|\bi\s+(?:see|am|will|want)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:[\s,:;.\-–—]|is\b|are\b|will\s+be\b|which\s+is\b|that\s+is\b|this\s+is\b|it'?s\b|"
    r"the\b|an?\b|our\b|this\b|item\b|number\b|please\b|related\s+to\b|regarding\b|"
    r"for\b(?=\s+(?:an?|the)\b)|discussion\b|agenda\b|to\b|receive\b|consider\b)+",
    re.IGNORECASE,
)
_REPEATED_CUE = re.compile(
    r"^[\s,:;.-]*(?:docket|file|agenda\s+item|item)\s+(?:number\s+|no\.?\s*|#\s*)?\d[\d-]*\w?",
    re.IGNORECASE,
)
_NOT_ITEMS = re.compile(
    r"^(?:the\s+)?(?:next\s+)?(?:slide|page|question|point|speaker|caller|person|one|thing)"
)
# "items 19B and 21G", "item 20-0 and 20-X", "items 6F through 6K": numbers named together.
_ITEM_LIST = re.compile(
    r"(?:-\w{1,3})?\s*(?:,|and\b|through\b|to\b|&|-)\s*(?:items?\s+)?(?:\d|[a-z]\b(?!'))",
    re.IGNORECASE,
)
# A phrase ending in these is the start of a clause ("the further modifications that I will
# request"), not the name of an item.
_CLAUSE_END = re.compile(
    r"\b(?:that|which|who|to|of|the|a|an|and|or|i|we|you|is|are|was|be|for|with|my|our)$",
    re.IGNORECASE,
)
# Words that acknowledge, not titles: "next item." "Yes."
_NOT_TITLES = re.compile(
    r"^(?:yes|no|okay|ok|sure|right|all\s+right|thank\s+you|thanks|please|great|good|aye"
    r"|so\s+moved|second)\W*$",
    re.IGNORECASE,
)
_THAT_IS = re.compile(r"\b(?:that|which)\s+is\s+(?:to\s+)?", re.IGNORECASE)
_BEFORE_NUMBER = re.compile(
    r"\bitem\s+(?:on|about|regarding|from|for)\s+(?:the\s+)?(?P<title>[^.?!,;]{3,60}?)\s+"
    r"(?:of|on|number|no\.?|,)?\s*$",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    """Cues that may announce one piece of business, at one position of the text."""

    pos: int
    end: int
    sentence_end: int
    numbers: dict[str, float] = field(default_factory=dict)
    number_at: dict[str, int] = field(default_factory=dict)
    dockets: set[str] = field(default_factory=set)
    transition: float = 0.0
    weak_phrase: str | None = None
    titles: dict[int, float] = field(default_factory=dict)
    chair: bool = False
    read_title: str | None = None
    read_number: str | None = None
    only_context: bool = True  # only titles, closes and sections named, not opened
    read_request: bool = False
    section: str | None = None  # the section it opens ("public comment", "roll call")
    section_phrase: str | None = None  # as said ("open forum")
    section_named: bool = False
    adjourn: bool = False
    close: bool = False
    first_asked: bool = False  # "we'll hear the public forum first"
    probability: float = 0.0
    parent: str | None = None
    list_item: bool = False
    struck: bool = False  # "item 7A has been deleted": named, but not taken
    features: dict[str, float] = field(default_factory=dict)
    read_as_sub: bool = False  # "14A is a resolution ...", not "comment on item 2.2"
    empty: bool = False  # "We have no board nominations.": an item passed over


class CueFinder:
    """Finds cue candidates in a transcript; title evidence is added per agenda.

    ``use_turns=False`` ignores who speaks (the cue model is also trained that way, for
    captions that mark no speaker changes).
    """

    def __init__(self, document: Document, *, use_turns: bool = True) -> None:
        self.document = document
        self.text = document.text
        self.key = _key_text(self.text)
        turns = document.turns
        self.turn_starts = [t.start for t in turns] or [0]
        self.turn_body = {
            t.start: t.start + (len(t.speaker) + 2 if t.speaker else 0) for t in turns
        }
        self.speakers = {t.start: t.speaker for t in turns}
        # Logical turns: a "continued" paragraph belongs to the turn before it.
        self.logical_start: dict[int, int] = {}
        current = 0
        for turn in turns:
            if not turn.continued:
                current = turn.start
            self.logical_start[turn.start] = current
        logical = sorted(set(self.logical_start.values()))
        self.logical_starts = logical or [0]
        self.has_turns = use_turns and len(logical) >= 3
        self.sentence_starts = self._sentence_starts()
        # Auto-captions carry no punctuation: their "sentences" are whole paragraphs, so
        # an item starts at its cue, and titles read out are cut shorter.
        self.punctuated = self.is_punctuated(self.text)
        self.title_words = 15 if self.punctuated else 8
        self.events: list[tuple[int, int, str, object]] = self._cue_events()
        self._words: tuple[list[str], dict[str, list[int]]] | None = None

    @staticmethod
    def is_punctuated(text: str) -> bool:
        """At least one sentence end per 40 words (auto-captions have none)."""
        return len(sentence_ends(text, rules=SPOKEN_SENTENCE)) * 40 >= max(1, text.count(" "))

    def _sentence_starts(self) -> list[int]:
        # A paragraph cut at a pause goes on with the sentence before it; a new speaker
        # starts a new sentence.
        starts = {t.start for t in self.document.turns if not t.continued} or {0}
        starts.update(start for start, _ in sentence_spans(self.text, rules=SPOKEN_SENTENCE)[1:])
        return sorted(starts)

    def _cue_events(self) -> list[tuple[int, int, str, object]]:
        text = self.text
        events: list[tuple[int, int, str, object]] = []
        said: set[int] = set()
        for match in NUM.finditer(text):
            said.add(match.start("num"))
            if _ITEM_LIST.match(text, match.end()):
                continue  # named together with others, not announced
            number = normalise_number(match.group("num"))
            if number is not None:
                extra = 0.5 if (match.group("agenda") or match.group("no")) else 0.0
                events.append((match.start(), match.end(), "num", (number, extra, match.start())))
        for match in DOTTED.finditer(text):
            if not NUM.match(text, match.start()):
                payload = (match["num"], 0.0, match.start("num"))
                events.append((match.start(), match.end("num"), "num", payload))
        for match in SUB_ITEM.finditer(text):
            if CITATION.search(text, max(0, match.start() - 15), match.start()):
                continue
            if match["num"] and match.start("num") not in said:
                number = match["num"].lower()
            elif match["word"] and normalise_number(match["word"]):
                number = f"{normalise_number(match['word'])}{match['letter'].lower()}"
            else:
                continue
            events.append((match.start(), match.end(), "sub", (number, 0.5, match.start())))
        for match in TRANSITION_NUMBER.finditer(text):
            payload = (match["num"], 0.0, match.start("num"))
            events.append((match.start(), match.end(), "num", payload))
        for match in DOCKET.finditer(text):
            events.append((match.start(), match.end(), "docket", match.group("id")))
        for match in STRONG.finditer(text):
            events.append((match.start(), match.end(), "strong", None))
        for match in WEAK.finditer(text):
            events.append((match.start(), match.end(), "weak", None))
        for match in EMPTY.finditer(text):
            if match.group(0)[:2].lower() == "no" and text[: match.start()].rstrip().endswith("?"):
                continue  # "Is there a report? No report.": an answer
            events.append((match.start(), match.end(), "empty", None))
        for match in READ.finditer(text):
            events.append((match.start(), match.end(), "read", None))
        for match in SECTION.finditer(text):
            opened = section_opened(text, match)
            events.append((match.start(), match.end(), "section", (section_at(match), opened)))
        for match in ADJOURN.finditer(text):
            if is_adjournment(text, match):
                events.append((match.start(), match.end(), "adjourn", None))
        for match in CLOSE.finditer(text):
            events.append((match.start(), match.end(), "close", None))
        return events

    def title_events(self, titles: list[str]) -> list[tuple[int, int, str, object]]:
        """Where each agenda title is read out: ``(start, end, "title", (index, sim))``."""
        events: list[tuple[int, int, str, object]] = []
        for index, title in enumerate(titles):
            key = title_key(title)
            words = sorted(
                {w for w in key.split() if len(w) >= 4 and w not in SPOKEN_TITLE_STOPWORDS},
                key=len,
                reverse=True,
            )[:3]
            if not words:
                continue
            seen_until = -1
            hits = sorted(offset for word in words for offset in self._word_starts(word))
            for hit in hits:
                if hit < seen_until:
                    continue
                lo = max(0, hit - len(key) - 10)
                hi = min(len(self.key), hit + len(key) + 10)
                alignment = fuzz.partial_ratio_alignment(
                    key, self.key[lo:hi], score_cutoff=TITLE_MIN
                )
                if alignment is None:
                    continue
                start = lo + alignment.dest_start
                events.append((start, lo + alignment.dest_end, "title", (index, alignment.score)))
                seen_until = lo + alignment.dest_end
        return events

    def _word_starts(self, prefix: str) -> list[int]:
        """Where words beginning with ``prefix`` start in the key text (an index built once)."""
        if self._words is None:
            index: dict[str, list[int]] = {}
            for match in re.finditer(r"\w+", self.key):
                index.setdefault(match.group(0), []).append(match.start())
            self._words = (sorted(index), index)
        ordered, index = self._words
        found: list[int] = []
        at = bisect_left(ordered, prefix)
        while at < len(ordered) and ordered[at].startswith(prefix):
            found.extend(index[ordered[at]])
            at += 1
        return found

    def candidates(self, extra: list[tuple[int, int, str, object]] = ()) -> list[Candidate]:
        """Cue events grouped into candidates, in text order."""
        events = sorted([*self.events, *extra], key=lambda e: (e[0], e[1]))
        result: list[Candidate] = []
        current: Candidate | None = None
        last_end = -1
        for start, end, kind, payload in events:
            sentence = self.sentence_start(start)
            new = current is None or start - last_end > CLUSTER_GAP or sentence > current.pos
            context = kind in ("title", "close") or (kind == "section" and not payload[1])
            if not new and not context and current is not None and current.only_context:
                new = True  # "public comment is closed madam clerk please read docket ..."
            numbered = kind in ("num", "sub", "docket")
            if not new and numbered and current is not None and current.section:
                new = start - last_end > 10  # "... to order it is 6:02 pm item 2 roll call"
            # "... and we have no agenda related comments, so we'll move on to comments from
            # the mayor": the item passed over and the next one, in one sentence
            after_empty = (
                not new
                and current is not None
                and current.empty
                and (
                    kind in ("weak", "strong", "num", "sub", "docket", "empty")
                    or (kind == "section" and payload[1])  # type: ignore[index]
                )
                and start >= last_end
            )
            if new or after_empty:
                short = self.sentence_end(start) - sentence <= MAX_SENTENCE
                near = start - sentence <= SENTENCE_REACH and short and not after_empty
                if near:
                    pos = sentence
                elif after_empty:
                    pos = _clause_start(self.text, sentence, start)
                else:
                    pos = word_start(self.text, start)
                turn = self.turn_start(pos)
                if pos == self.turn_body.get(turn):
                    pos = turn  # a cue opening the turn: the item starts at the label
                current = Candidate(pos=pos, end=end, sentence_end=self.sentence_end(start))
                current.chair = is_chair(self.speakers.get(turn))
                # within its sentence, and near the cue (an unpunctuated caption file is one
                # "sentence": a "withdrawn" an hour later strikes nothing here)
                reach = min(current.sentence_end, end + STRUCK_REACH)
                current.struck = bool(STRUCK.search(self.text, pos, reach))
                result.append(current)
            current.end = max(current.end, end)
            current.only_context = current.only_context and context
            last_end = max(last_end, end)
            self._add(current, start, end, kind, payload)
        return result

    def _add(self, cand: Candidate, start: int, end: int, kind: str, payload: object) -> None:
        if kind == "sub":  # "14A is a resolution ...": read out as an item is
            cand.read_as_sub = True
            kind = "num"
        if kind == "num":
            number, extra, said_at = payload  # type: ignore[misc]
            initial = start - cand.pos <= 2 or self.text[cand.pos : start].strip(" ,") == ""
            strength = 2.0 + extra + (0.5 if initial else 0.0)
            cand.numbers[number] = max(cand.numbers.get(number, 0.0), strength)
            cand.number_at.setdefault(number, start)
            if cand.read_number is None:
                cand.read_number = number
                cand.read_title = (
                    self.read_title(end, cand.sentence_end, follow=False)
                    or self._title_before(cand.pos, said_at)
                    or self.read_title(end, cand.sentence_end)
                )
        elif kind == "docket":
            cand.dockets.add(str(payload))
            if cand.read_number is None:
                cand.read_number = str(payload)
                cand.read_title = self.read_title(end, cand.sentence_end)
        elif kind == "strong":
            cand.transition = 2.0
            cand.read_title = cand.read_title or self.read_title(end, cand.sentence_end)
        elif kind in ("weak", "read"):
            cand.transition = max(cand.transition, 1.0)
            cand.read_request = cand.read_request or kind == "read"
            if kind == "weak":
                phrase = self.read_title(end, cand.sentence_end, follow=False)
                if (
                    phrase
                    and len(phrase.split()) <= WEAK_PHRASE_WORDS
                    and not _NOT_ITEMS.match(phrase.lower())
                    and not _CLAUSE_END.search(phrase)
                ):
                    cand.weak_phrase = cand.weak_phrase or phrase
        elif kind == "section":
            name, opened = payload  # type: ignore[misc]
            cand.section_named = True
            if opened and cand.section is None:
                cand.section = name
                cand.section_phrase = " ".join(self.text[start:end].split())
                tail = self.text[end : cand.sentence_end].lower()
                cand.first_asked = bool(re.search(r"\b(?:first|before)\b", tail))
                if name == "single item":  # "... a single item on our agenda: that is to ..."
                    cand.read_number = cand.read_number or "1"
                    said = _THAT_IS.search(self.text, end, min(len(self.text), end + 300))
                    cand.read_title = (
                        self.read_title(said.end(), self.sentence_end(said.end())) if said else None
                    )
                    cand.section_phrase = None
        elif kind == "empty":
            phrase = self._passed_over(end, cand.sentence_end)
            if phrase:
                cand.transition = max(cand.transition, 1.0)
                cand.empty = not cand.read_number and not cand.section
                cand.weak_phrase = phrase
        elif kind == "adjourn":
            cand.adjourn = True
        elif kind == "close":
            cand.close = True
        elif kind == "title":
            index, sim = payload  # type: ignore[misc]
            cand.titles[index] = max(cand.titles.get(index, 0.0), sim)

    def context(self, offset: int) -> TurnContext:
        """Where ``offset`` sits in its (logical) speaker turn."""
        if not self.has_turns:
            return TurnContext()
        start = self.logical_starts[max(0, bisect_right(self.logical_starts, offset) - 1)]
        index = bisect_right(self.logical_starts, offset)
        end = self.logical_starts[index] if index < len(self.logical_starts) else len(self.text)
        before = len(self.text[start:offset].split())
        total = len(self.text[start:end].split())
        return TurnContext(
            turn_start=before <= TURN_START_WORDS or offset <= self._first_sentence_end(start),
            deep_in_turn=before >= DEEP_WORDS and total >= LONG_TURN_WORDS,
            chair_speaking=is_chair(self.speakers.get(self.turn_start(offset))),
        )

    def same_speaker(self, first: int, second: int) -> bool:
        """Both offsets lie in one (logical) turn; unknown turns count as one speaker."""
        if not self.has_turns:
            return True
        index = bisect_right(self.logical_starts, first)
        return index == bisect_right(self.logical_starts, second)

    def _first_sentence_end(self, start: int) -> int:
        index = bisect_right(self.sentence_starts, start)
        return self.sentence_starts[index] if index < len(self.sentence_starts) else len(self.text)

    def window(self, cand: Candidate, limit: int | None = None) -> str:
        """The speech a candidate's features are read from: its sentence and the next, up to
        ``limit`` (where the next candidate starts)."""
        end = self.sentence_end(max(cand.end - 1, cand.pos))
        end = self.sentence_end(end) if end < len(self.text) else end
        end = min(end, cand.end + WINDOW_CHARS, max(limit or len(self.text), cand.end))
        return self.text[cand.pos : end]

    def features(self, cand: Candidate, limit: int | None = None) -> dict[str, float]:
        """The cue model's features of a candidate (see :meth:`window`)."""
        sentence = max(self.sentence_start(cand.pos), cand.pos - LEAD_CHARS)
        lead = self.text[sentence : cand.pos]
        cand.features = window_features(self.window(cand, limit), self.context(cand.pos), lead)
        return cand.features

    def read_title(self, start: int, sentence_end: int, *, follow: bool = True) -> str | None:
        """What was read out after a cue, up to the end of its clause (at most 15 words).

        When the clause is empty ("... discussion item number 22. This is related to a
        contract with ..."), the next sentence is read (``follow``).
        """
        title = self._clause(start, sentence_end)
        if title is None and follow and sentence_end < len(self.text):
            title = self._clause(sentence_end, self.sentence_end(sentence_end))
        return title

    def _clause(self, start: int, end: int) -> str | None:
        tail = self.text[start:end]
        if start == self.turn_start(start) and self.speakers.get(start):
            tail = tail[len(self.speakers[start] or "") + 2 :]  # the next turn's "Name: "
        tail = _LEADING.sub("", _REPEATED_CUE.sub("", tail)).lstrip(" ,:;-–—")
        stop = _TITLE_STOP.search(tail)
        if stop:
            tail = tail[: stop.start()]
        tail = _LEADING.sub("", tail).strip(" ,:;-–—")
        words = tail.split()
        if not words or _NOT_TITLES.match(tail):
            return None
        return clean_title(" ".join(words[: self.title_words]))

    def _passed_over(self, start: int, end: int) -> str | None:
        """The item named after "we have no": up to the end of its clause."""
        clause = re.split(r"[,;:]|\s(?:so|and\s+(?:so|this|that|we))\s", self.text[start:end])[0]
        words = clause.strip(" .?!").split()
        if not self.punctuated:
            words = _passed_over_words(words)  # captions with no sentence ends
        if not words or len(words) > 10:
            return None
        title = " ".join(words)
        title = title.lower() if title.isupper() else title
        return title[:1].upper() + title[1:]

    def _title_before(self, sentence: int, number_at: int) -> str | None:
        """ "the item on the traffic committee of 10.1": the words before the number."""
        match = _BEFORE_NUMBER.search(self.text[sentence:number_at])
        return clean_title(match.group("title")) if match else None

    def sentence_start(self, offset: int) -> int:
        """The start of the sentence holding ``offset``."""
        index = bisect_right(self.sentence_starts, offset) - 1
        return self.sentence_starts[max(0, index)]

    def sentence_end(self, offset: int) -> int:
        """The start of the sentence after the one holding ``offset``."""
        index = bisect_right(self.sentence_starts, offset)
        if index < len(self.sentence_starts):
            return self.sentence_starts[index]
        return len(self.text)

    def turn_start(self, offset: int) -> int:
        """The start of the paragraph (turn) holding ``offset``."""
        return self.turn_starts[max(0, bisect_right(self.turn_starts, offset) - 1)]


def clean_title(raw: str) -> str:
    """A title as read out: no trailing punctuation, capitalised, all-caps captions calmed."""
    title = raw.strip().rstrip(",;:-–— ")
    title = _LEADING.sub("", title) or title
    if title.isupper():
        title = title.lower()
    return title[:1].upper() + title[1:]


def normalise_number(raw: str | None) -> str | None:
    """An item number as compared: "5", "5a", "5.1"; words become digits ("five" -> "5")."""
    if not raw:
        return None
    value = raw.strip().lower()
    value = re.sub(r"^(?:agenda\s+)?(?:item|minute)\s*(?:no\.?|number|#)?\s*", "", value)
    value = re.sub(r"[\s()-]", "", value).rstrip(".")
    if value.isdigit():
        return value.lstrip("0") or "0"
    if value in UNITS:
        return str(UNITS.index(value))
    if value in TENS:
        return str(TENS[value])
    tens = re.fullmatch(
        r"(twenty|thirty|forty|fifty)(one|two|three|four|five|six|seven|eight|nine)", value
    )
    if tens:
        return str(TENS[tens[1]] + UNITS.index(tens[2]))
    if re.fullmatch(r"[a-z]+", value):
        return None
    return value


def _key_text(text: str) -> str:
    """Lower case with punctuation blanked, the same length as ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return re.sub(r"[^\w]", " ", lowered)


def title_key(title: str) -> str:
    """An agenda title as compared with speech: lower case, no number, no punctuation."""
    key = re.sub(
        r"^\s*(?:(?:agenda\s+)?item\s+)?(?:docket|file)?\s*(?:no\.?|number|#)?\s*[\d.]*[a-z]?\b"
        r"\s*[-–—:.]?\s*",
        "",
        title.lower(),
    )
    key = re.sub(r"[^\w]", " ", key or title.lower())
    return " ".join(re.sub(r"^the\s+", "", " ".join(key.split())).split())


_BUSINESS_WORD = re.compile(BUSINESS_NOUN + "$", re.IGNORECASE)
# Words that start the next clause in unpunctuated captions ("... from the mayor the
# council has ...", "... presentations no matters ...").
_NEXT_CLAUSE = frozenset(
    [
        "we",
        "i",
        "you",
        "is",
        "are",
        "was",
        "there",
        "so",
        "that",
        "this",
        "it",
        "they",
        "he",
        "she",
        "thank",
        "okay",
        "ok",
        "uh",
        "um",
        "if",
        "no",
        "has",
        "have",
        "the",
    ]
)


def _passed_over_words(words: list[str]) -> list[str]:
    """The name of an item passed over, in captions with no punctuation: up to its
    business word ("board nominations"), then at most four more words until the next clause
    starts ("board appointments to be voted on", "special recognitions from the mayor")."""
    noun = next((i for i, w in enumerate(words[:8]) if _BUSINESS_WORD.match(w)), None)
    if noun is None:
        return []
    taken = words[: noun + 1]
    for index in range(noun + 1, min(len(words), noun + 5)):
        lowered = words[index].lower()
        if lowered in _NEXT_CLAUSE and not (lowered == "the" and taken[-1].lower() == "from"):
            break
        if lowered in ("and", "or") and not any(
            _BUSINESS_WORD.match(w) for w in words[index + 1 : index + 3]
        ):
            break  # "utility items and also please remember ..."
        taken.append(words[index])
    while taken and taken[-1].lower() in ("and", "or", "of", "to", "from", "for", "the"):
        taken.pop()
    return taken


def _clause_start(text: str, sentence: int, offset: int) -> int:
    """Where the clause holding ``offset`` starts: after the last comma or semicolon."""
    cut = max(text.rfind(",", sentence, offset), text.rfind(";", sentence, offset))
    if cut < 0:
        return word_start(text, offset)
    while cut + 1 < offset and text[cut + 1].isspace():
        cut += 1
    return cut + 1


def word_start(text: str, offset: int) -> int:
    """Where the word holding ``offset`` starts."""
    while offset > 0 and not text[offset - 1].isspace():
        offset -= 1
    return offset
