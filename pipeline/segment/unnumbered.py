"""Unnumbered headings: items told apart by typography when nothing is numbered."""

from __future__ import annotations

from pipeline.segment.layouts import Found, Source


def unnumbered_headings(source: Source) -> Found | None:
    """The :class:`~pipeline.segment.layouts.Layout` of documents with unnumbered headings."""
    return None
