"""Ingest: a file on disk -> :class:`~pipeline.models.Document`.

The format is detected from the content (magic bytes, markup, cue syntax), the file
extension only breaks ties. Every reader returns raw text (per page for PDFs); this module
normalises it (see :mod:`pipeline.ingest.normalise`), builds the page map and reads the
meeting metadata the document states.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.injection import detect as detect_injections
from pipeline.ingest.normalise import normalise_text
from pipeline.ingest.sniff import sniff_format
from pipeline.ingest.transcript import TRANSCRIPT_FORMATS
from pipeline.limits import InputLimits, read_regular_file
from pipeline.models import Document, PageSpan
from pipeline.unreadable import record_unreadable_pages

PAGE_SEPARATOR = "\n\n"


def load_document(path: str | Path, limits: InputLimits | None = None) -> Document:
    """Read, detect, normalise and describe one document; raises :class:`InputError`.

    Only a regular file within ``limits`` (the ``[limits]`` config) is read.
    """
    path = Path(path)
    data = read_regular_file(path, limits, what="document")
    if not data.strip():
        raise InputError(path, "empty file")
    fmt = sniff_format(path, data)
    return detect_injections(build_document(path, fmt, data))


def build_document(path: Path, fmt: str, data: bytes) -> Document:
    """Turn the bytes of a detected format into a normalised :class:`Document`."""
    from pipeline.ingest.metadata import extract_metadata

    pages: list[PageSpan] = []
    unreadable: list[tuple[int, str]] = []
    if fmt == "pdf":
        from pipeline.ingest.pdf import read_pdf_pages

        text, pages = join_pages(read_pdf_pages(path, data, unreadable))
    elif fmt == "html":
        from pipeline.ingest.html import html_to_text

        text = normalise_text(html_to_text(path, data))
    elif fmt in TRANSCRIPT_FORMATS:
        from pipeline.ingest.transcript import read_transcript

        return read_transcript(path, fmt, data)
    else:
        from pipeline.ingest.text import decode_text

        text = normalise_text(decode_text(path, data))
    if not text.strip():
        raise InputError(path, "no text in the document")
    document = Document(
        path=str(path),
        format=fmt,  # type: ignore[arg-type]
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        pages=pages,
    )
    record_unreadable_pages(document, unreadable)
    document.metadata = extract_metadata(document)
    if fmt == "html":
        from pipeline.ingest.html import html_facts
        from pipeline.ingest.metadata import council_in

        facts = html_facts(path, data)
        # What the text itself states wins over what the markup says.
        document.metadata.urls = {**facts.urls, **document.metadata.urls}
        if document.metadata.council is None and facts.title:
            document.metadata.council = council_in(facts.title)
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
