"""Shared by the segmenting tests: the project's corpus of real documents and a helper
that segments one of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.models import Segmentation
from pipeline.segment import segment_document

CORPUS = Path(__file__).resolve().parent.parent / "evals" / "corpus"


def segment_corpus(name: str) -> Segmentation:
    """Segment ``evals/corpus/<name>``; a missing document fails the test (the corpus is
    part of the repository)."""
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"{path} not found")
    return segment_document(load_document(path))
