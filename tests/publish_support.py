"""Builders for summary.json files used by the render, digest, review and browser tests.

Summaries are made from the real MeetingSummary model (not hand-written JSON), for the
fictional Northbridge Borough Council and Southby District Council.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pipeline.models import (
    Decision,
    ItemSummary,
    MeetingInfo,
    MeetingSummary,
    Provenance,
    Quote,
    Review,
    SourceSpan,
    SummarySentence,
)
from pipeline.render.catalog import slugify

SOURCE_TEXT = (
    "NORTHBRIDGE BOROUGH COUNCIL\nCabinet\nMinutes of the meeting held on 11 September 2024.\n"
    "4. Housing Allocations Policy\nThe Cabinet Member for Housing, Councillor Amira Patel, "
    "introduced the revised allocations policy. She said that families in temporary "
    "accommodation had waited far too long. RESOLVED: that the revised policy be approved.\n"
    "5. Library Opening Hours\nThe Cabinet noted the consultation on library opening hours.\n"
)


def make_summary(
    *,
    council: str = "Northbridge Borough Council",
    body: str = "Cabinet",
    date: str = "2024-09-11",
    status: str = "draft",
    engine: str = "extractive",
    model: str | None = None,
    video_url: str | None = "https://www.youtube.com/watch?v=abc123XYZ",
    source_url: str | None = None,
    page_url: str | None = "https://democracy.northbridge.example/ieListDocuments.aspx?MId=42",
    source_path: str = "samples/northbridge-cabinet-minutes.txt",
    overview: list[str] | None = None,
    items: list[ItemSummary] | None = None,
) -> MeetingSummary:
    """A two-item cabinet summary with a timed, attributed quote and a decision."""
    if overview is None:
        overview = [
            "The Cabinet approved a revised housing allocations policy.",
            "It also noted a consultation on library opening hours.",
        ]
    if items is None:
        items = [
            ItemSummary(
                number="1",
                title="Apologies for absence",
                kind="procedural",
                start=0,
                end=10,
                sentences=[SummarySentence(text="Apologies were received.")],
            ),
            ItemSummary(
                number="4",
                title="Housing Allocations Policy",
                kind="substantive",
                start=90,
                end=330,
                sentences=[
                    SummarySentence(
                        text="Councillor Amira Patel introduced the revised allocations policy.",
                        spans=[SourceSpan(start=90, end=200)],
                    )
                ],
                quotes=[
                    Quote(
                        text="families in temporary accommodation had waited far too long",
                        speaker="Councillor Amira Patel",
                        span=SourceSpan(start=210, end=270),
                        time=754.0,
                    )
                ],
                decisions=[Decision(text="The revised policy was approved.", outcome="approved")],
            ),
            ItemSummary(
                number="5",
                title="Library Opening Hours",
                kind="substantive",
                start=330,
                end=420,
                sentences=[
                    SummarySentence(
                        text="The Cabinet noted the consultation on library opening hours."
                    )
                ],
                decisions=[Decision(text="The consultation was noted.", outcome="noted")],
            ),
        ]
    return MeetingSummary(
        meeting=MeetingInfo(
            council=council,
            body=body,
            date=date,
            time="19:00",
            venue="Council Chamber, Northbridge Town Hall",
            title=f"{body} minutes",
            kind="minutes",
            source_url=source_url,
            video_url=video_url,
            page_url=page_url,
        ),
        overview=[SummarySentence(text=t) for t in overview],
        items=items,
        provenance=Provenance(
            engine=engine,  # type: ignore[arg-type]
            model=model,
            prompt_id="meeting-summary",
            prompt_version=1,
            prompt_hash="0123456789abcdef0123",
            source_path=source_path,
            source_sha256="f" * 64,
            created_at="2024-09-12T08:00:00+00:00",
        ),
        review=Review(status=status),  # type: ignore[arg-type]
    )


def write_summary(root: Path, summary: MeetingSummary) -> Path:
    """Store ``summary`` the way the summariser does: root/<body-slug>/<date>/summary.json."""
    path = root / slugify(summary.meeting.body or "meeting") / (summary.meeting.date or "x")
    path.mkdir(parents=True, exist_ok=True)
    target = path / "summary.json"
    target.write_text(summary.model_dump_json(indent=2), encoding="utf-8")
    return target


def write_evals(summary_path: Path, *, flagged: int = 0, missing_quotes: int = 0) -> Path:
    """An evals.json (the evals output contract) and evals.html next to a summary."""
    sentences = [
        {"index": i, "text": f"sentence {i}", "verdict": "supported", "issues": []}
        for i in range(5)
    ]
    for i in range(flagged):
        sentences[i]["verdict"] = "unsupported"
    quotes = [{"text": "q", "found": True, "score": 100.0, "start": 0, "end": 1}]
    quotes += [
        {"text": "made up", "found": False, "score": 40.0, "start": None, "end": None}
    ] * missing_quotes
    data = {"summary_sentences": sentences, "quotes": quotes, "coverage": None}
    target = summary_path.parent / "evals.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    (summary_path.parent / "evals.html").write_text(
        "<!doctype html><title>evals</title><p>report</p>", encoding="utf-8"
    )
    return target


ROOT = Path(__file__).resolve().parent.parent


def run_cli(folder: Path, *args: str, secret: str) -> subprocess.CompletedProcess:
    """``run.py ARGS`` in ``folder`` with a fixed signing secret and approved-only publishing.

    Approved-only, so what is emailed depends on the editor's review alone, not on whether
    the evals happen to flag a draft. Exit 0 or 1 is expected (1: something flagged).
    """
    env = {
        **os.environ,
        "COUNCIL_DIGEST_SECRET": secret,
        "COUNCIL_DIGEST__REVIEW__PUBLISH": "approved",
    }
    env.pop("COUNCIL_DIGEST_CONFIG", None)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "run.py"), *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc
