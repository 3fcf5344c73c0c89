"""The real-document labelled set (real-v1): deterministic build, labels, splits and sizes.

The set is labelled data over council documents written by others; the checker is tuned on
its dev split and measured on its test split, so these tests hold the data to its contract.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.evals.summary_input import parse_summary

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "evals" / "datasets"
DATASET = DATASETS / "real-v1.jsonl"
BUILDER = DATASETS / "build_real_v1.py"
KINDS = {
    "figure",
    "name",
    "fabricated_quote",
    "misattributed_quote",
    "decision",
    "negation",
    "invented",
    "date",
    "speaker",
}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines()]


def _faithful_sentences(record: dict) -> list[str]:
    return [u.text for u in parse_summary(record["summary"], fmt="markdown").units]


def test_committed_dataset_is_what_the_builder_writes(tmp_path: Path) -> None:
    out = tmp_path / "rebuilt.jsonl"
    subprocess.run(
        [sys.executable, str(BUILDER), "--out", str(out)], check=True, capture_output=True
    )
    assert out.read_bytes() == DATASET.read_bytes()


def test_every_kind_has_at_least_25_errors_in_both_splits(records: list[dict]) -> None:
    kinds = Counter(r["kind"] for r in records if r["kind"])
    assert set(kinds) == KINDS
    assert min(kinds.values()) >= 25
    for split in ("dev", "test"):
        assert {r["kind"] for r in records if r["kind"] and r["split"] == split} == KINDS


def test_at_least_400_labelled_sentences_split_about_evenly(records: list[dict]) -> None:
    per_split: Counter[str] = Counter()
    faithful = 0
    for r in records:
        n = len(_faithful_sentences(r)) if r["kind"] is None else 1
        per_split[r["split"]] += n
        faithful += n if r["kind"] is None else 0
    assert faithful >= 200
    assert sum(per_split.values()) >= 400
    assert 0.4 <= per_split["dev"] / sum(per_split.values()) <= 0.6


def test_split_is_by_document_and_each_family_is_in_both_splits(records: list[dict]) -> None:
    split_of: dict[str, set[str]] = {}
    for r in records:
        split_of.setdefault(r["source"], set()).add(r["split"])
    assert all(len(splits) == 1 for splits in split_of.values())
    for family in ("minutes", "agenda", "transcript", "report"):
        assert {r["split"] for r in records if r["family"] == family} == {"dev", "test"}


def test_sources_are_real_documents_referenced_not_copied(records: list[dict]) -> None:
    for r in records:
        assert r["source"].startswith("../../../shared/corpus/")
        assert (DATASETS / r["source"]).resolve().is_file(), r["source"]


def test_each_injection_changes_one_sentence_of_its_faithful_summary(records: list[dict]) -> None:
    faithful = {r["source"]: r for r in records if r["kind"] is None}
    assert len(faithful) == len({r["source"] for r in records})
    for r in records:
        if r["kind"] is None:
            continue
        original = set(_faithful_sentences(faithful[r["source"]]))
        injected = _faithful_sentences(r)
        assert r["target"] in injected, r["id"]
        assert r["target"] not in original, r["id"]
        assert [s for s in injected if s not in original] == [r["target"]], r["id"]
