"""Drafts -> :class:`~pipeline.models.AgendaItem`: ends, trimming, fields, chunks."""

from __future__ import annotations

import re

from pipeline.models import AgendaItem, Document
from pipeline.segment.chunking import chunk_span
from pipeline.segment.decisions import find_decisions
from pipeline.segment.draft import Draft
from pipeline.segment.kinds import classify
from pipeline.segment.lines import Line, line_at
from pipeline.segment.titles import clean_title

# Lines that end an item's content without being part of it: page furniture, section
# dividers between items ("PART B - EXEMPT ITEMS") and ModernGov's document lists.
_TRAILER = re.compile(
    r"^(?:part\s+[a-z1-3](?:\b.{0,80})?|(?:supporting|additional|accompanying|background)"
    r"\s+(?:documents?|papers?)\s*:?|attachments?\s*:?)$",
    re.IGNORECASE,
)
_DOCUMENT_LIST = re.compile(
    r"^(?:supporting|accompanying|background)\s+(?:documents?|papers?)\s*:?$", re.I
)
_TRUNCATED = re.compile(r"\.\.\.\s+view\s+the\s+full\s+minutes\s+text\s+for\s+item", re.I)
_DOCUMENT_LIST_LINES = 40


def assemble(
    document: Document,
    lines: list[Line],
    drafts: list[Draft],
    *,
    chunk_tokens: int,
    encoding: str,
    decisions: bool,
) -> list[AgendaItem]:
    """Fill in every draft; drafts without an end run until the next draft starts."""
    text = document.text
    starts = sorted(d.start for d in drafts)
    items: list[AgendaItem] = []
    for draft in drafts:
        end = draft.end
        if end is None:
            later = [s for s in starts if s > draft.start]
            end = later[0] if later else len(text)
        is_last = end >= len(text)
        end = _trim_end(lines, draft.start, end, document_end=is_last)
        parts = clean_title(draft.raw_title, table_row=draft.table_row)
        title = parts.title or draft.raw_title.strip() or f"Item {draft.number}"
        items.append(
            AgendaItem(
                number=draft.number,
                title=title,
                kind=classify(title),
                start=draft.start,
                end=end,
                pages=document.page_range(draft.start, end),
                decisions=find_decisions(text, lines, draft.start, end) if decisions else [],
                scheduled_time=parts.scheduled_time,
                presenter=parts.presenter,
                duration=parts.duration,
                printed_pages=draft.printed_pages,
                parent=draft.parent,
                truncated=bool(_TRUNCATED.search(text, draft.start, end)),
                chunks=chunk_span(
                    text, draft.start, end, max_tokens=chunk_tokens, encoding=encoding
                ),
            )
        )
    return items


def _trim_end(lines: list[Line], start: int, end: int, *, document_end: bool) -> int:
    """Pull ``end`` back over trailing blank lines, page furniture and dividers.

    At the end of the document a ModernGov document list ("Supporting documents:" and
    its links) is dropped as well.
    """
    if end <= start:
        return end
    first = line_at(lines, start)
    index = line_at(lines, end - 1)
    if document_end:
        for k in range(index, max(first, index - _DOCUMENT_LIST_LINES), -1):
            if _DOCUMENT_LIST.match(lines[k].text):
                index = k - 1
                break
    while index > first:
        line = lines[index]
        if line.text and not line.chrome and not _TRAILER.match(line.text):
            break
        index -= 1
    return max(start + 1, min(end, lines[index].end))
