"""``run.py segment --score``: the matching rules, the output, and the regression guard.

The guard scores the real-document corpora (``../shared/corpus/dev`` and the project's
``evals/corpus`` dev split, when present) and fails when a figure falls below the floor
recorded in BENCHMARKS.md's "Segment: real documents" table, the one place floors live.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest.options import IngestOptions
from pipeline.segment.score import (
    default_segmenter,
    format_score,
    load_truth,
    match_items,
    score_corpus,
)

ROOT = Path(__file__).resolve().parent.parent
MINUTES = """Northbridge Borough Council

Licensing Committee - Tuesday 12 March 2024 7.00 pm

Present: Councillors Jane Okafor and Tom Whitfield

1. Apologies for Absence

None.

2. Declarations of Interest

None were declared.

3. Premises Licence - The Copper Kettle

RESOLVED: That the licence be granted.

4. Date of Next Meeting

9 April 2024.
"""


def _corpus(tmp_path: Path, truth: dict) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    path = tmp_path / "truth.json"
    path.write_text(json.dumps(truth), encoding="utf-8")
    return path


def _truth(items: list[dict], split: str = "dev", **facts: str | None) -> dict:
    want = {
        "council": "Northbridge Borough Council",
        "body": "Licensing Committee",
        "date": "2024-03-12",
        "kind": "minutes",
        "split": split,
        "items": items,
    }
    want.update(facts)
    return {"docs/minutes.txt": want}


ITEMS = [
    {"number": "1", "title": "Apologies for Absence", "parent": None},
    {"number": "2", "title": "Declarations of Interest", "parent": None},
    {"number": ["Item 3", "3"], "title": "Premises Licence", "parent": None},
    {"number": None, "title": "Date of Next Meeting", "parent": None},
    {"number": "3a", "title": "A sub-item the segmenter need not find", "parent": "3"},
]


def test_every_item_and_fact_matched(tmp_path: Path) -> None:
    truth = _corpus(tmp_path, _truth(ITEMS))
    score = score_corpus(load_truth(truth), tmp_path)
    (row,) = score.documents
    # Sub-items (truth parent set) do not count; a null number accepts any number; a
    # title that is a prefix of the found one ("Premises Licence") matches.
    assert (row.matched, row.true, row.found) == (4, 4, 4)
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert all(ok for ok, _, _ in row.facts.values())
    assert "items: precision 1.00 recall 1.00 F1 1.00 (4 of 4 true, 4 found)" in format_score(score)


def test_misses_spurious_and_wrong_facts(tmp_path: Path) -> None:
    items = [
        {"number": "1", "title": "Apologies for Absence", "parent": None},
        {"number": "7", "title": "Declarations of Interest", "parent": None},  # wrong number
        {"number": "3", "title": "Budget Monitoring Report", "parent": None},  # wrong title
    ]
    truth = _corpus(tmp_path, _truth(items, date="2024-03-13", body="Cabinet"))
    score = score_corpus(load_truth(truth), tmp_path)
    (row,) = score.documents
    assert (row.matched, row.true, row.found) == (1, 3, 4)
    assert row.missed == ["7 Declarations of Interest", "3 Budget Monitoring Report"]
    assert row.spurious == [
        "2 Declarations of Interest",
        "3 Premises Licence - The Copper Kettle",
        "4 Date of Next Meeting",
    ]
    assert row.facts["date"] == (False, "2024-03-12", "2024-03-13")
    assert row.facts["body"][0] is False and row.facts["kind"][0] is True
    assert round(score.precision, 2) == 0.25 and round(score.recall, 2) == 0.33
    report = format_score(score, verbose=True)
    assert "     missed   7 Declarations of Interest" in report
    assert "date='2024-03-12' (want '2024-03-13')" in report


def test_the_start_time_is_scored_only_where_the_truth_states_it(tmp_path: Path) -> None:
    truth = _corpus(tmp_path, _truth(ITEMS))
    assert "time_correct" not in score_corpus(load_truth(truth), tmp_path).total()
    (tmp_path / "timed").mkdir()
    truth = _corpus(tmp_path / "timed", _truth(ITEMS, start_time="19:30"))
    score = score_corpus(load_truth(truth), tmp_path / "timed")
    (row,) = score.documents
    assert row.facts["time"] == (False, "19:00", "19:30")
    assert score.total()["time_correct"] == "0/1"
    assert "time='19:00' (want '19:30')" in format_score(score)


def test_split_filter_and_failed_documents(tmp_path: Path) -> None:
    truth = _truth(ITEMS)
    truth["docs/missing.pdf"] = {**truth["docs/minutes.txt"], "split": "test"}
    path = _corpus(tmp_path, truth)
    assert list(load_truth(path, "dev")) == ["docs/minutes.txt"]
    score = score_corpus(load_truth(path), tmp_path)
    failed = [row for row in score.documents if row.failed]
    assert [row.path for row in failed] == ["docs/missing.pdf"]
    assert "no such file" in failed[0].failed
    assert score.failed == 1 and score.correct("date") == 1


def test_any_split_the_truth_names_is_kept_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    truth = _truth(ITEMS, split="test2")
    truth["docs/other.txt"] = {**truth["docs/minutes.txt"], "split": "dev"}
    path = _corpus(tmp_path, truth)
    assert list(load_truth(path, "test2")) == ["docs/minutes.txt"]
    assert list(load_truth(path, "dev")) == ["docs/other.txt"]
    with pytest.raises(InputError, match=r"no split 'tset2' \(its splits: dev, test2\)"):
        load_truth(path, "tset2")


def test_cli_scores_a_split_of_any_name_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    path = _corpus(tmp_path, _truth(ITEMS, split="test2"))
    command = [sys.executable, "run.py", "segment", "--score", str(path), "--json", "--split"]
    run = subprocess.run([*command, "test2"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert [row["split"] for row in data["documents"]] == ["test2"]
    assert data["total"]["f1"] == 1.0
    run = subprocess.run(
        [*command, "holdout"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        f"error: {path}: no split 'holdout' (its splits: test2)"
    ]


def test_transcript_items_must_start_within_30_seconds() -> None:
    truth = [{"number": "2", "title": "Consent calendar", "parent": None, "time": [700.0, 900.0]}]
    near = [{"number": "2", "title": "Consent calendar", "parent": None, "time": [725.0, 900.0]}]
    far = [{"number": "2", "title": "Consent calendar", "parent": None, "time": [745.0, 900.0]}]
    assert match_items(truth, near, timed=True)[0] == 1
    assert match_items(truth, far, timed=True)[0] == 0


def test_cli_json_and_bad_truth(tmp_path: Path) -> None:
    truth = _corpus(tmp_path, _truth(ITEMS))
    run = subprocess.run(
        [sys.executable, "run.py", "segment", "--score", str(truth), "--split", "dev", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["total"]["f1"] == 1.0 and data["total"]["date_correct"] == "1/1"
    assert data["documents"][0]["doc"] == "docs/minutes.txt"
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "run.py", "segment", "--score", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.strip().startswith("error: ") and len(run.stderr.strip().splitlines()) == 1


# --- the regression guard -------------------------------------------------------------

_FLOORS = re.compile(r"<!-- segment-floors -->\n(?P<table>(?:\|.*\n)+)")


def floors() -> list[dict]:
    """The floor rows of BENCHMARKS.md's segment table (one place for the figures)."""
    match = _FLOORS.search((ROOT / "BENCHMARKS.md").read_text(encoding="utf-8"))
    assert match, "BENCHMARKS.md has no <!-- segment-floors --> table"
    rows = [line.strip("|").split("|") for line in match["table"].strip().splitlines()[2:]]
    names = ["truth", "split", "documents", "f1", "failed", "date", "kind", "council", "body"]
    return [
        dict(zip(names, (cell.strip().strip("`") for cell in row), strict=True)) for row in rows
    ]


@pytest.mark.parametrize("floor", floors(), ids=lambda f: f"{f['truth']}:{f['split']}")
def test_scores_stay_above_the_recorded_floors(floor: dict) -> None:
    truth = (ROOT / floor["truth"]).resolve()
    if not truth.is_file():
        pytest.skip(f"{floor['truth']} is not in this checkout")
    split = None if floor["split"] == "all" else floor["split"]
    options = IngestOptions(ocr_cache_dir=ROOT / ".cache" / "council-digest" / "ocr")
    score = score_corpus(load_truth(truth, split), truth.parent, default_segmenter(options))
    assert round(score.f1, 2) >= float(floor["f1"]), format_score(score, verbose=True)
    assert score.failed <= int(floor["failed"]), format_score(score)
    for fact in ("date", "kind", "council", "body"):
        assert score.correct(fact) >= int(floor[fact]), (fact, format_score(score))
