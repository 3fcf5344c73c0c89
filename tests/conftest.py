"""Shared fixtures: paths to the real corpus and the project's own samples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "hackney"
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The folder of real Hackney documents (``../shared/corpus/hackney``)."""
    if not CORPUS.is_dir():
        pytest.fail(f"corpus not found at {CORPUS}: clone the project beside ../shared")
    return CORPUS


@pytest.fixture(scope="session")
def samples() -> Path:
    """The project's own fictional sample documents."""
    return SAMPLES


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """Small hand-written documents for layouts the corpus lacks."""
    return FIXTURES
