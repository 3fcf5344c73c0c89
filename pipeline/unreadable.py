"""Documents read only in part: damaged PDF pages, and the items they leave incomplete.

pypdf reads a page whose content stream is damaged as empty text and says so only in its
log. Such a page is recorded on the :class:`~pipeline.models.Document`
(``unreadable_pages``, plus a warning); segmenting marks the items it may have held
(``truncated`` and a warning), and each item's summary lists the pages
(``ItemSummary.unreadable_pages``), so a summary of a partly read document is never
published as if complete (:meth:`~pipeline.render.catalog.StoredSummary.publishable`).
"""

from __future__ import annotations

import re

from pipeline.models import AgendaItem, Document, Segmentation

# pypdf's complaints that mean the page's content could not be decoded (zlib errors,
# broken streams, unknown objects), as opposed to harmless font notes.
_DAMAGE = re.compile(
    r"decompress|decod|invalid|corrupt|damaged|error|cannot|can't|unable|missing|not found",
    re.IGNORECASE,
)


def damaged_page(text: str, messages: list[str]) -> str | None:
    """Why a page that came out empty is damaged (pypdf's first complaint), else ``None``.

    A page with text, or an empty page pypdf read without complaint (a blank page), is
    not damaged.
    """
    if text.strip():
        return None
    for message in messages:
        if _DAMAGE.search(message):
            line = " ".join(message.split())
            return line if len(line) <= 100 else line[:97] + "..."
    return None


def record_unreadable_pages(document: Document, unreadable: list[tuple[int, str]]) -> None:
    """Note damaged pages on ``document`` (``unreadable_pages`` and one warning each)."""
    for number, reason in unreadable:
        document.unreadable_pages.append(number)
        document.warnings.append(f"page {number} could not be read ({reason})")


def unreadable_pages_of(segmentation: Segmentation, item: AgendaItem) -> list[int]:
    """The unreadable pages ``item`` covers, or that directly follow its last page when it
    is the last item before them (its text may have continued there)."""
    document = segmentation.document
    if not document.unreadable_pages or item.pages is None:
        return []
    first, last = item.pages
    found = []
    for page in document.unreadable_pages:
        if first <= page <= last:
            found.append(page)
            continue
        before = [i for i in segmentation.items if i.pages is not None and i.pages[1] < page]
        if before and before[-1] is item and _next_readable_gap(document, last, page):
            found.append(page)
    return found


def _next_readable_gap(document: Document, last: int, page: int) -> bool:
    """Are all pages between ``last`` and ``page`` unreadable (so nothing else began)?"""
    return all(p in document.unreadable_pages for p in range(last + 1, page))


def with_document_warnings(segmentation: Segmentation) -> Segmentation:
    """Carry what ingest noticed (damaged pages, text addressed to an AI) into the
    segmentation's warnings, and mark the items damaged pages may have held
    (``truncated``, with a warning each)."""
    document = segmentation.document
    # A layout may have carried them already: each is said once.
    segmentation.warnings[:0] = [w for w in document.warnings if w not in segmentation.warnings]
    for item in segmentation.items if document.unreadable_pages else []:
        pages = unreadable_pages_of(segmentation, item)
        if pages:
            item.truncated = True
            listed = ("pages " if len(pages) > 1 else "page ") + ", ".join(map(str, pages))
            segmentation.warnings.append(
                f"item {item.number} may be incomplete: {listed} could not be read"
            )
    return segmentation
