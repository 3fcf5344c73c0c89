"""Ingest: a file on disk -> :class:`~pipeline.models.Document`.

The format is detected from the content (magic bytes, markup, cue syntax), the file
extension only breaks ties. Each format's reader (registered in
:mod:`pipeline.ingest.readers`) normalises its text (see :mod:`pipeline.ingest.normalise`),
builds the page map and layout, and :func:`finish_document` reads the meeting metadata
the document states.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.document import PAGE_SEPARATOR, finish_document, join_pages
from pipeline.ingest.options import IngestOptions, ProgressCallback
from pipeline.ingest.sniff import sniff_format
from pipeline.limits import InputLimits, read_regular_file
from pipeline.models import Document


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


__all__ = ["PAGE_SEPARATOR", "build_document", "finish_document", "join_pages", "load_document"]
