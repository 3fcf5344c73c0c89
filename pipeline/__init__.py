"""Council Digest: council meeting documents in, faithful checked summaries out.

Public API (each stage is a plain function over pydantic models):

- ``load_document(path)`` -> :class:`Document` (ingest)
- ``segment_document(document)`` -> :class:`Segmentation` (segment)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputError, PipelineError

if TYPE_CHECKING:
    from pipeline.models import Document, Segmentation

_MODELS = ("AgendaItem", "Chunk", "Document", "MeetingMetadata", "PageSpan", "Segmentation")

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


def __getattr__(name: str) -> Any:
    # The models load on first use: ``run.py --help`` and the errors need no pydantic.
    if name in _MODELS:
        from pipeline import models

        return getattr(models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
