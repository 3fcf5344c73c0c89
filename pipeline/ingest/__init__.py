"""Ingest: a file on disk -> :class:`~pipeline.models.Document`.

The format is detected from the content (magic bytes, markup, cue syntax), the file
extension only breaks ties. Each format's reader (registered in
:mod:`pipeline.ingest.readers`) normalises its text (see :mod:`pipeline.ingest.normalise`),
builds the page map and layout, and :func:`finish_document` reads the meeting metadata
the document states.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.ingest.normalise import normalise_text
from pipeline.ingest.options import IngestOptions, ProgressCallback
from pipeline.ingest.sniff import sniff_format
from pipeline.limits import InputLimits, read_regular_file
from pipeline.models import Document, PageSpan

PAGE_SEPARATOR = "\n\n"


def load_document(
    path: str | Path,
    options: IngestOptions | None = None,
    progress: ProgressCallback | None = None,
    limits: InputLimits | None = None,
) -> Document:
    """Read, detect, normalise and describe one document; raises :class:`InputError`.

    ``options`` are the ``[ingest]`` settings (OCR of scanned pages); ``progress`` is
    called with (done, total) during long work such as OCR. Only a regular file within
    ``limits`` (the ``[limits]`` config) is read. Text that reads as instructions to an AI
    is marked (:mod:`pipeline.ingest.injection`).
    """
    from pipeline.ingest.injection import detect as detect_injections

    path = Path(path)
    data = read_regular_file(path, limits, what="document")
    if not data.strip():
        raise InputError(path, "empty file")
    fmt = sniff_format(path, data)
    return detect_injections(build_document(path, fmt, data, options, progress))


def build_document(
    path: Path,
    fmt: str,
    data: bytes,
    options: IngestOptions | None = None,
    progress: ProgressCallback | None = None,
) -> Document:
    """Turn the bytes of a detected format into a normalised :class:`Document`."""
    from pipeline.ingest.readers import reader_for

    return reader_for(fmt)(path, fmt, data, options or IngestOptions(), progress)


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
    from pipeline.ingest.metadata import extract_metadata

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
    document.metadata = extract_metadata(document)
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
