"""The end every reader shares: normalised text -> :class:`Document` with its facts.

Kept apart from :mod:`pipeline.ingest` so readers import it without importing the package
that imports them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.ingest.normalise import normalise_text
from pipeline.models import Document, PageSpan

PAGE_SEPARATOR = "\n\n"


def finish_document(
    path: Path,
    fmt: str,
    text: str,
    pages: list[PageSpan] | None = None,
    **fields: Any,
) -> Document:
    """A :class:`Document` of normalised ``text`` with its stated meeting metadata.

    ``fields`` are further :class:`Document` fields a reader knows (layout, OCR pages,
    warnings).
    """
    from pipeline.ingest.facts import meeting_facts

    if not text.strip():
        raise InputError(path, "no text in the document")
    document = Document(
        path=str(path),
        format=fmt,  # type: ignore[arg-type]
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        pages=pages or [],
        **fields,
    )
    document.metadata = meeting_facts(document)
    return document


def join_pages(raw_pages: list[tuple[str, str | None]]) -> tuple[str, list[PageSpan]]:
    """Normalise each page and join them, recording where each page's text lies.

    ``raw_pages`` holds ``(raw_text, printed_label)`` per physical page.
    """
    parts: list[str] = []
    spans: list[PageSpan] = []
    offset = 0
    for number, (raw, label) in enumerate(raw_pages, start=1):
        page_text = normalise_text(raw)
        if parts:
            offset += len(PAGE_SEPARATOR)
        spans.append(
            PageSpan(number=number, start=offset, end=offset + len(page_text), label=label)
        )
        parts.append(page_text)
        offset += len(page_text)
    return PAGE_SEPARATOR.join(parts), spans
