"""The summary store: where summary.json goes, how it is written and read, its published
schema, and which document's summary a meeting keeps."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.models import (
    AgendaItem,
    Document,
    MeetingInfo,
    MeetingMetadata,
    MeetingSummary,
    Provenance,
    Segmentation,
)
from pipeline.store import (
    SCHEMA_PATH,
    load_summary,
    record_rank,
    save_summary,
    schema_json,
    summary_path,
)
from pipeline.summarise import ExtractiveEngine, SummariseSettings
from pipeline.summarise.stage import summarise_to_store
from pipeline.text import slugify


def make(
    body: str | None = "Planning Committee", date: str | None = "2024-03-05"
) -> MeetingSummary:
    return MeetingSummary(
        meeting=MeetingInfo(council="Northbridge Borough Council", body=body, date=date),
        provenance=Provenance(
            engine="extractive",
            source_path="samples/northbridge-planning-minutes.html",
            source_sha256="a" * 64,
            created_at="2024-03-06T10:00:00+00:00",
        ),
    )


def test_the_published_schema_is_current():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_json(), (
        "docs/summary.schema.json is stale: run `python -m pipeline.store`"
    )
    schema = json.loads(schema_json())
    assert {"meeting", "overview", "items", "provenance", "review"} <= set(schema["properties"])


def test_summary_path_is_body_slug_then_date_or_undated(tmp_path: Path):
    assert summary_path(tmp_path, make()) == tmp_path / "planning-committee/2024-03-05/summary.json"
    undated = summary_path(tmp_path, make(date=None))
    assert undated.parent.name == "undated-northbridge-planning-minutes"
    other = make(date=None)
    other.provenance.source_path = "samples/another-agenda-item.html"
    assert summary_path(tmp_path, other) != undated  # undated pages never overwrite each other
    assert summary_path(tmp_path, make(body=None)).parts[-3] == "northbridge-borough-council"
    # One slug rule for folders, page addresses and subscriptions: an apostrophe, typed
    # or printed, joins its word.
    for name in ("Children & Young People’s Scrutiny Commission", "Young People's Scrutiny"):
        assert "peoples-scrutiny" in slugify(name)


def test_save_then_load_round_trips_and_leaves_no_temporary_file(tmp_path: Path):
    summary = make()
    path = save_summary(tmp_path, summary)
    assert load_summary(path) == summary
    assert [p.name for p in path.parent.iterdir()] == ["summary.json"]


@pytest.mark.parametrize("content", ["{not json", '{"meeting": {}}', ""])
def test_a_bad_summary_file_is_an_input_error(tmp_path: Path, content: str):
    path = tmp_path / "summary.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"summary\.json"):
        load_summary(path)


def test_one_rule_ranks_the_documents_that_record_a_meeting():
    kinds = ["agenda", "unknown", "agenda_pack", "transcript", "decision", "minutes", "agenda_item"]
    assert sorted(kinds, key=record_rank) == [
        "minutes",
        "transcript",
        "decision",
        "agenda_item",
        "agenda_pack",
        "agenda",
        "unknown",
    ]


def _meeting_document(kind: str, text: str) -> Segmentation:
    document = Document(
        path=f"samples/cabinet-{kind}.txt",
        format="text",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    document.metadata = MeetingMetadata(body="Cabinet", date="2024-09-09", kind=kind)
    item = AgendaItem(number="1", title="Budget", kind="substantive", start=0, end=len(text))
    return Segmentation(document=document, items=[item])


@pytest.mark.parametrize(
    "first, second, kept",
    [
        ("minutes", "transcript", "minutes"),
        ("transcript", "minutes", "minutes"),
        ("agenda_pack", "decision", "decision"),
    ],
)
def test_a_meeting_keeps_the_summary_of_its_best_record(tmp_path, first, second, kept):
    config = SummariseSettings()
    engine = ExtractiveEngine(config)
    for kind in (first, second):
        text = f"The Cabinet considered the budget report in the {kind} of the meeting today."
        outcome = summarise_to_store(
            _meeting_document(kind, text), engine=engine, config=config, out=tmp_path
        )
    assert load_summary(outcome.path).meeting.kind == kept
    assert outcome.written == (kept == second)
    assert outcome.warnings  # keeping or replacing another document's summary is said
