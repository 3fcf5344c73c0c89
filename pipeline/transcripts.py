"""Who said it and when: transcript helpers for the summariser, evals and render stages.

A transcript :class:`~pipeline.models.Document` has ``turns`` (speaker, character span,
start and end seconds) and ``time_anchors`` (character offset -> seconds, one per caption
cue plus inline word stamps). These helpers answer the questions later stages ask:

- :func:`turn_at` – the speaker turn holding a character offset;
- :func:`time_at` – the moment (seconds into the recording) a character was spoken;
- :func:`locate_quote` – where a (possibly imperfect) quote is, who said it and when;
- :func:`video_link` – a video URL that starts playing at a given second.

For a quote whose span is known: ``turn_at(doc, span.start).speaker`` and
``time_at(doc, span.start)``; for a quote known only by its words: ``locate_quote``.
All of them work on any document: for a document without turns or times they return
``None`` rather than failing, so callers need no special case for minutes and agendas.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel
from rapidfuzz import fuzz

from pipeline.models import Document, Speaker
from pipeline.text import FILLERS

# Caption annotations that a faithful quote may leave out (or keep).
_ANNOTATION = re.compile(r"\[[^\]\n]{1,40}\]")
_WORD = re.compile(r"[\w'’%$£€.,-]+")
_YOUTUBE_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com")


def turn_at(document: Document, offset: int) -> Speaker | None:
    """The speaker turn whose span ``[start, end)`` holds ``offset``, else ``None``.

    ``None`` for offsets between turns (the blank line separating paragraphs), outside the
    text, or for documents that are not transcripts. The turn's ``speaker`` is the name as
    the transcript states it ("Cllr Amina Shah", "SPEAKER_01") or ``None`` when unnamed.
    """
    turns = document.turns
    index = bisect_right(turns, offset, key=lambda turn: turn.start) - 1
    if index >= 0 and offset < turns[index].end:
        return turns[index]
    return None


def time_at(document: Document, offset: int) -> float | None:
    """Seconds into the recording at which the character at ``offset`` was spoken.

    The answer is the start of the caption cue (or the inline word stamp) holding the
    character: the last time anchor at or before ``offset``, never a later one, so a video
    link built from it starts just before the words, not after them. Offsets in a turn's
    ``"Name: "`` label get the turn's start time. ``None`` when the document has no times
    (a plain-text transcript without stamps, minutes, agendas).
    """
    anchors = document.time_anchors
    turn = turn_at(document, offset)
    index = bisect_right(anchors, offset, key=lambda anchor: anchor.offset) - 1
    anchor = anchors[index] if index >= 0 else None
    in_label = turn is not None and (
        anchor is None or anchor.offset < turn.start or _before_body(document, turn, offset)
    )
    if in_label and turn is not None and turn.time_start is not None:
        return turn.time_start
    return anchor.seconds if anchor is not None else None


def _before_body(document: Document, turn: Speaker, offset: int) -> bool:
    """True inside the ``"Name: "`` label that opens a named turn."""
    if turn.speaker is None:
        return False
    return offset < turn.start + len(turn.speaker) + 2


def time_span(document: Document, start: int, end: int) -> tuple[float, float] | None:
    """Seconds covered by characters ``[start, end)``: (time of ``start``, time ``end`` is
    reached). ``end`` at the end of the text maps to the last turn's end time."""
    first = time_at(document, start)
    if first is None:
        return None
    if end >= len(document.text.rstrip()):
        last = next((t.time_end for t in reversed(document.turns) if t.time_end is not None), None)
        if last is None and document.time_anchors:
            last = document.time_anchors[-1].seconds
    else:
        last = time_at(document, end)
    last = first if last is None else max(first, last)
    return round(first, 3), round(last, 3)


class QuoteMatch(BaseModel):
    """Where a quote was found: characters ``[start, end)`` of the text, who, when, how well."""

    start: int
    end: int
    score: float
    speaker: str | None
    seconds: float | None


def locate_quote(
    document: Document,
    quote: str,
    *,
    speaker: str | None = None,
    threshold: float = 85.0,
) -> QuoteMatch | None:
    """Find ``quote`` in one speaker turn of ``document``, tolerating caption errors.

    Matching ignores case, punctuation, fillers (:data:`FILLERS`: "um", "uh", ...) and
    caption annotations ("[inaudible]"), then scores with rapidfuzz's
    ``partial_ratio_alignment`` (0-100); matches below ``threshold`` are not matches. With
    ``speaker``, only that speaker's turns are searched (names compared case-insensitively,
    "Cllr Shah" matches "Cllr Amina Shah"): the evals attribution check. Without it, every
    turn is searched and the best match says who spoke. Documents without turns are
    searched as one block. Returns the best match or ``None``.
    """
    needle = " ".join(_words(quote)[0])
    if not needle:
        return None
    turns = document.turns or [Speaker(speaker=None, start=0, end=len(document.text))]
    best: QuoteMatch | None = None
    for turn in turns:
        if speaker is not None and not same_speaker(speaker, turn.speaker):
            continue
        words, spans = _words(document.text[turn.start : turn.end])
        if not words:
            continue
        hay = " ".join(words)
        # rapidfuzz aligns the shorter string inside the longer one: keep the quote shorter.
        if len(hay) < len(needle):
            score = fuzz.ratio(needle, hay)
            lo, hi = 0, len(hay)
        else:
            alignment = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=threshold)
            if alignment is None:
                continue
            score, lo, hi = alignment.score, alignment.dest_start, alignment.dest_end
        if score < threshold or (best is not None and score <= best.score):
            continue
        start, end = _char_span(words, spans, lo, hi)
        best = QuoteMatch(
            start=turn.start + start,
            end=turn.start + end,
            score=round(score, 1),
            speaker=turn.speaker,
            seconds=time_at(document, turn.start + start),
        )
    return best


def same_speaker(claimed: str, stated: str | None) -> bool:
    """True when a claimed attribution names the stated speaker (case-insensitive; every
    word of the shorter name in the longer, so "Cllr Shah" matches "Cllr Amina Shah")."""
    if stated is None:
        return False
    a = set(re.findall(r"\w+", claimed.casefold()))
    b = set(re.findall(r"\w+", stated.casefold()))
    if not a or not b:
        return False
    return a <= b or b <= a


def _words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Comparable words (case-folded, bare) and each one's character span in ``text``."""
    text = _ANNOTATION.sub(lambda m: " " * len(m.group(0)), text)
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        word = match.group(0).strip(".,-").replace("’", "'").casefold()
        if not word or word in FILLERS:
            continue
        words.append(word)
        spans.append((match.start(), match.end()))
    return words, spans


def _char_span(words: list[str], spans: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int]:
    """Map a ``[lo, hi)`` range of the joined words back to characters of the turn text."""
    position = 0
    first = last = None
    for word, span in zip(words, spans, strict=True):
        word_end = position + len(word)
        if first is None and word_end > lo:
            first = span[0]
        if position < hi:
            last = span[1]
        position = word_end + 1
    return (spans[0][0] if first is None else first), (spans[-1][1] if last is None else last)


def video_link(url: str, seconds: float | None) -> str:
    """``url`` made to start playing at ``seconds`` (rounded down to a whole second).

    YouTube (``youtube.com/watch?v=...``, ``youtu.be/ID``, ``/live/``, ``/shorts/``): sets
    the ``t`` query parameter (``?t=90`` or ``&t=90``, replacing any earlier ``t``). Vimeo:
    the ``#t=90s`` fragment. Any other URL, or ``seconds`` of ``None``, is returned
    unchanged: we do not guess how unknown players take a start time.
    """
    if seconds is None or not url:
        return url
    second = max(0, int(seconds))
    parts = urlsplit(url)
    host = parts.netloc.lower().split("@")[-1].split(":")[0]
    if host in _YOUTUBE_HOSTS or host == "youtu.be":
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
        query.append(("t", str(second)))
        return urlunsplit(parts._replace(query=urlencode(query)))
    if host in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        return urlunsplit(parts._replace(fragment=f"t={second}s"))
    return url
