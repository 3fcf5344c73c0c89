"""The real-document labelled sets (real-v1, real-v3, real-v4): deterministic builds, labels,
splits, sizes, and quotes that are the source's own words (real-v4-test's held-out documents
are not read by these tests: its quotes were checked once when it was built).

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

from pipeline.evals.dataset import ERROR_KINDS, load_dataset
from pipeline.evals.quotes import extract_quotes
from pipeline.evals.summary_input import parse_summary
from pipeline.ingest import load_document
from pipeline.text import fold

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "evals" / "datasets"
DATASET = DATASETS / "real-v1.jsonl"
BUILDER = DATASETS / "build_real_v1.py"
KINDS = set(ERROR_KINDS)


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


# --- real-v3: a dev set to tune on and a held-out test set, over evals/corpus documents ---

V3_SETS = {"dev": DATASETS / "real-v3-dev.jsonl", "test": DATASETS / "real-v3-test.jsonl"}
FAMILIES = {"minutes", "agenda", "transcript", "report"}


def _v3_records(split: str) -> list[dict]:
    text = V3_SETS[split].read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def _council(record: dict) -> str:
    return record["source"].removeprefix("../corpus/").split("/")[0]


@pytest.mark.parametrize("split", sorted(V3_SETS))
def test_v3_set_is_what_its_builder_writes(split: str, tmp_path: Path) -> None:
    out = tmp_path / "rebuilt.jsonl"
    builder = DATASETS / f"build_real_v3_{split}.py"
    subprocess.run(
        [sys.executable, str(builder), "--out", str(out)], check=True, capture_output=True
    )
    assert out.read_bytes() == V3_SETS[split].read_bytes()


@pytest.mark.parametrize("split", sorted(V3_SETS))
def test_v3_set_loads_with_its_split_and_every_kind(split: str) -> None:
    records, base = load_dataset(V3_SETS[split])
    assert {r.split for r in records} == {split}
    kinds = Counter(r.kind for r in records if r.kind)
    assert set(kinds) == KINDS and min(kinds.values()) >= 15
    assert sum(kinds.values()) >= 180
    faithful = [r for r in records if r.kind is None]
    assert sum(len(_faithful_sentences(r.model_dump())) for r in faithful) >= 220
    for r in records:
        assert (base / r.source).resolve().is_file(), r.source


@pytest.mark.parametrize("split", sorted(V3_SETS))
def test_v3_documents_are_of_their_truth_split_and_new_to_the_other_sets(split: str) -> None:
    truth = json.loads((ROOT / "evals" / "corpus" / "truth.json").read_text(encoding="utf-8"))
    records = _v3_records(split)
    sources = {r["source"] for r in records}
    assert len(sources) >= 12
    assert len({_council(r) for r in records}) >= 8
    assert {r["family"] for r in records} == FAMILIES
    for source in sources:
        assert truth[source.removeprefix("../corpus/")]["split"] == split, source
    earlier = set()
    for name in ("real-v1.jsonl", "real-v2-dev.jsonl", *(p.name for p in V3_SETS.values())):
        if name != V3_SETS[split].name:
            earlier |= {
                (DATASETS / json.loads(line)["source"]).resolve()
                for line in (DATASETS / name).read_text(encoding="utf-8").splitlines()
            }
    assert not {(DATASETS / s).resolve() for s in sources} & earlier


@pytest.mark.parametrize("split", sorted(V3_SETS))
def test_v3_injections_change_one_sentence_each(split: str) -> None:
    records = _v3_records(split)
    faithful = {r["source"]: set(_faithful_sentences(r)) for r in records if r["kind"] is None}
    for r in records:
        if r["kind"] is not None:
            changed = [s for s in _faithful_sentences(r) if s not in faithful[r["source"]]]
            assert changed == [r["target"]], r["id"]


@pytest.mark.parametrize("split", sorted(V3_SETS))
def test_v3_quotes_of_faithful_summaries_are_the_sources_words(split: str) -> None:
    """The spans a faithful sentence cites are its direct quotes: each is in the source
    (up to case, whitespace and curly quotes); a fabricated quote is not."""
    records = _v3_records(split)
    sources = {
        r["source"]: fold(load_document(DATASETS / r["source"]).text)
        for r in records
        if r["kind"] is None
    }
    quoted = 0
    for r in records:
        if r["kind"] is None:
            for sentence in _faithful_sentences(r):
                for quote in extract_quotes(sentence, []):
                    quoted += 1
                    assert fold(quote) in sources[r["source"]], (r["id"], quote)
        elif r["kind"] == "fabricated_quote":
            changed = extract_quotes(r["target"], [])
            assert any(fold(q) not in sources[r["source"]] for q in changed), r["id"]
    assert quoted >= 15


# --- real-v4-test: a fresh held-out set over the test3 documents; never scored by a test ---

V4_TEST = DATASETS / "real-v4-test.jsonl"


def _v4_records() -> list[dict]:
    return [json.loads(line) for line in V4_TEST.read_text(encoding="utf-8").splitlines()]


def test_v4_test_set_is_what_its_builder_writes(tmp_path: Path) -> None:
    out = tmp_path / "rebuilt.jsonl"
    builder = DATASETS / "build_real_v4_test.py"
    subprocess.run(
        [sys.executable, str(builder), "--out", str(out)], check=True, capture_output=True
    )
    assert out.read_bytes() == V4_TEST.read_bytes()


def test_v4_test_set_loads_as_test_records_of_every_kind() -> None:
    records, base = load_dataset(V4_TEST)
    assert {r.split for r in records} == {"test"}
    kinds = Counter(r.kind for r in records if r.kind)
    assert set(kinds) == KINDS and min(kinds.values()) >= 20
    assert sum(kinds.values()) >= 250
    faithful = [r for r in records if r.kind is None]
    assert sum(len(_faithful_sentences(r.model_dump())) for r in faithful) >= 250
    for r in records:
        assert (base / r.source).resolve().is_file(), r.source


def test_v4_test_documents_are_test3_and_new_to_every_other_set() -> None:
    """Only documents collected for this set (truth split ``test3``) of five councils and
    more; none of them is the source of an earlier labelled set."""
    truth = json.loads((ROOT / "evals" / "corpus" / "truth.json").read_text(encoding="utf-8"))
    records = _v4_records()
    sources = {r["source"] for r in records}
    assert len(sources) >= 8
    assert len({truth[s.removeprefix("../corpus/")]["council"] for s in sources}) >= 5
    assert len({truth[s.removeprefix("../corpus/")]["country"] for s in sources}) >= 3
    for source in sources:
        assert truth[source.removeprefix("../corpus/")]["split"] == "test3", source
    earlier = {
        (DATASETS / json.loads(line)["source"]).resolve()
        for path in DATASETS.glob("*.jsonl")
        if path != V4_TEST
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    assert not {(DATASETS / s).resolve() for s in sources} & earlier


def test_v4_test_injections_change_one_sentence_each() -> None:
    records = _v4_records()
    faithful = {r["source"]: set(_faithful_sentences(r)) for r in records if r["kind"] is None}
    for r in records:
        if r["kind"] is not None:
            changed = [s for s in _faithful_sentences(r) if s not in faithful[r["source"]]]
            assert changed == [r["target"]], r["id"]
