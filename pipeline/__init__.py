"""Council Digest: council meeting documents in, faithful checked summaries out.

Public API (each stage is a plain function over pydantic models):

- ``load_document(path)`` -> :class:`Document` (ingest)
- ``segment_document(document)`` -> :class:`Segmentation` (segment)
"""

from pathlib import Path
from typing import Any

from pipeline.errors import InputError, PipelineError
from pipeline.models import AgendaItem, Chunk, Document, MeetingMetadata, PageSpan, Segmentation

__all__ = [
    "AgendaItem",
    "Chunk",
    "Document",
    "InputError",
    "MeetingMetadata",
    "PageSpan",
    "PipelineError",
    "Segmentation",
    "load_document",
    "segment_document",
]


def load_document(path: str | Path) -> Document:
    """Read one document from disk (see :func:`pipeline.ingest.load_document`)."""
    from pipeline.ingest import load_document as _load

    return _load(path)


def segment_document(document: Document, **kwargs: Any) -> Segmentation:
    """Split a document into agenda items (see :func:`pipeline.segment.segment_document`)."""
    from pipeline.segment import segment_document as _segment

    return _segment(document, **kwargs)
