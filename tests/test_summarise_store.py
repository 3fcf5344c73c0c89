"""summary.json: where it goes, how it is written and read, and its published schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.models import MeetingInfo, MeetingSummary, Provenance
from pipeline.summarise.store import (
    SCHEMA_PATH,
    load_summary,
    save_summary,
    schema_json,
    slugify,
    summary_path,
)


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
        "docs/summary.schema.json is stale: run `python -m pipeline.summarise.store`"
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
    assert slugify("Children & Young People’s Scrutiny Commission") == (
        "children-young-peoples-scrutiny-commission"
    )


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
