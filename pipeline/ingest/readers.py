"""Readers: one per document format, registered by name.

A reader turns the bytes of one detected format into a :class:`~pipeline.models.Document`
(normalised text, page map, layout, metadata). Adding a format takes one module with a
function of the :class:`Reader` shape and one line in :data:`READERS` (plus, when its
bytes need their own signature, a test in :mod:`pipeline.ingest.sniff`). Entries name
``module:function`` so that a command loads only the reader it uses.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Protocol

from pipeline.ingest.options import IngestOptions, ProgressCallback
from pipeline.models import Document


class Reader(Protocol):
    """Reads one format: ``fmt`` is the detected format name, ``data`` the file's bytes."""

    def __call__(
        self,
        path: Path,
        fmt: str,
        data: bytes,
        options: IngestOptions,
        progress: ProgressCallback | None,
    ) -> Document: ...


READERS: dict[str, str] = {
    "pdf": "pipeline.ingest.pdf:read_pdf",
    "html": "pipeline.ingest.html:read_html",
    "text": "pipeline.ingest.text:read_text",
    "markdown": "pipeline.ingest.text:read_text",
    "vtt": "pipeline.ingest.readers:read_captions",
    "srt": "pipeline.ingest.readers:read_captions",
    "transcript-json": "pipeline.ingest.readers:read_captions",
    "transcript-tsv": "pipeline.ingest.readers:read_captions",
    "transcript-text": "pipeline.ingest.readers:read_captions",
}


def reader_for(fmt: str) -> Reader:
    """The registered reader of ``fmt`` (formats come from sniffing, so one exists)."""
    module, _, name = READERS[fmt].partition(":")
    return getattr(importlib.import_module(module), name)


def read_captions(
    path: Path,
    fmt: str,
    data: bytes,
    options: IngestOptions,
    progress: ProgressCallback | None,
) -> Document:
    """Transcripts and caption files (:mod:`pipeline.ingest.transcript`)."""
    from pipeline.ingest.transcript import read_transcript

    return read_transcript(path, fmt, data)
