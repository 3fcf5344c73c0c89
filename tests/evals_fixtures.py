"""Fictional Northbridge documents for the evals tests (no corpus text)."""

# ruff: noqa: E501 - long lines here are data (summary text, hand-written injections).

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pytest

from pipeline.evals.check import Checker, check_summary
from pipeline.evals.report import SentenceResult
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summary_input import parse_summary
from pipeline.ingest import load_document
from pipeline.ingest.injection import masked
from pipeline.models import Document, Speaker

MINUTES = """Northbridge Borough Council

Minutes of the Housing and Regeneration Scrutiny Committee - Tuesday 14 March 2023 6.30 pm

Venue: Committee Room 2, Northbridge Civic Centre.

1. Apologies for Absence

1.1 Apologies were received from Cllr Priya Raman and Cllr Tom Ellery.

2. Temporary Accommodation Update

2.1 The Director of Housing, Helen Okafor, introduced the report. The number of households in temporary accommodation had risen from 812 to 948 over the year.

2.2 Spending on nightly paid accommodation was projecting an overspend of £2.3m for 2022/23. The most significant pressure was bed and breakfast use, with an overspend of £0.8m.

2.3 Cllr Dev Malik asked how families placed outside the borough were supported.

· (HO) Each family placed outside the borough has a named caseworker. "We will not place a child more than an hour from their school unless the family asks us to," she said.

2.4 Cllr Sarah Quinn said that the report "does not yet show the human cost of these moves" and asked for case studies.

RESOLVED: That the Committee note the report and request case studies for the meeting on 20 June 2023.

3. Riverside Estate Regeneration

3.1 Marcus Bell, Head of Regeneration, said that 40% of the new homes would be for social rent. Demolition is scheduled to start in September 2024.

3.2 Cllr Dev Malik said residents had "not been listened to" at the first ballot.

RESOLVED: The Committee agreed the recommendations, subject to a second resident ballot.

4. Any Other Business

4.1 There was no other business. The meeting closed at 8.45pm.
"""


def minutes_document() -> Document:
    """The fictional minutes as a :class:`Document` (plain text)."""
    return Document(
        path="northbridge-housing-2023-03-14.txt",
        format="text",
        text=MINUTES,
        sha256=hashlib.sha256(MINUTES.encode()).hexdigest(),
    )


_TURNS = [
    (
        "Chair Alison Grant",
        "Item five, the library opening hours. Um, I'll hand over to the officer.",
    ),
    (
        "Ravi Patel",
        "Thank you Chair. So, uh, we are proposing to, you know, extend opening hours at "
        "Eastgate library to eight pm on Thursdays from April.",
    ),
    (
        "Councillor Mary Holt",
        "I I welcome this. But um the the staffing budget has to follow, otherwise we're "
        "setting the libraries up to fail.",
    ),
    ("Chair Alison Grant", "Thank you. All in favour? That's agreed."),
]


def transcript_document() -> Document:
    """A timed transcript with speaker turns (as the transcript reader builds it)."""
    text_parts: list[str] = []
    turns: list[Speaker] = []
    pos = 0
    for n, (speaker, words) in enumerate(_TURNS):
        if text_parts:
            text_parts.append("\n\n")
            pos += 2
        turns.append(
            Speaker(
                speaker=speaker,
                start=pos,
                end=pos + len(words),
                time_start=n * 20.0,
                time_end=n * 20.0 + 18,
            )
        )
        text_parts.append(words)
        pos += len(words)
    text = "".join(text_parts)
    return Document(
        path="northbridge-cabinet.vtt",
        format="vtt",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        turns=turns,
    )


# A real timed transcript of the shared dev corpus (a Minneapolis committee's captions).
MINNEAPOLIS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "corpus"
    / "dev"
    / "transcripts"
    / "minneapolis-aeo-committee-2024-10-07.json"
)


@cache
def corpus_checker(path: Path) -> Checker:
    """One checker per real document, shared by the tests that ask about it."""
    return Checker(masked(load_document(str(path))))


def sentence_result(path: Path, sentence: str) -> SentenceResult:
    """The checker's result on one summary sentence about the real document at ``path``
    (skipped when the document is not in this checkout)."""
    if not path.exists():
        pytest.skip(f"{path} is not in this checkout")
    checker = corpus_checker(path)
    report = check_summary(
        checker.source, None, parse_summary(sentence, fmt="text"), EvalsSettings(), checker
    )
    [found] = report.sentences
    return found
