"""The labelled dataset: size, labels, deterministic build, and the checker's scores on it."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.evals.dataset import ERROR_KINDS, load_dataset
from pipeline.evals.harness import TARGET_KINDS, run_dataset
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summary_input import parse_summary

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "evals" / "datasets" / "corpus-v1.jsonl"


def test_dataset_size_and_labels(corpus: Path) -> None:
    records, base = load_dataset(DATASET)
    kinds = Counter(r.kind for r in records if r.kind)
    # corpus-v1 has the seven kinds it was built with; "date" and "speaker" came later.
    assert set(kinds) == set(ERROR_KINDS) - {"date", "speaker"}
    assert min(kinds.values()) >= 20
    faithful = sum(
        len(parse_summary(r.summary or "", fmt="markdown").units) for r in records if r.kind is None
    )
    assert faithful + sum(kinds.values()) >= 200
    assert {r.split for r in records} == {"dev", "test"}
    for r in records:
        assert (base / r.source).resolve().is_file()
        if r.kind:
            assert r.target and r.target in r.summary


def test_injected_sentence_differs_from_every_faithful_sentence() -> None:
    records, _ = load_dataset(DATASET)
    faithful: dict[str, set[str]] = {}
    for r in records:
        if r.kind is None:
            units = parse_summary(r.summary or "", fmt="markdown").units
            faithful.setdefault(r.source, set()).update(u.text for u in units)
    for r in records:
        if r.kind:
            assert r.target not in faithful[r.source], r.id


def test_build_is_deterministic(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "rebuilt.jsonl"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "evals" / "datasets" / "build_corpus_v1.py"),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == DATASET.read_bytes()


@pytest.mark.slow
def test_checker_meets_targets_on_the_corpus_dataset(corpus: Path) -> None:
    result = run_dataset(DATASET, EvalsSettings())
    overall = result["splits"]["all"]
    assert overall["false_alarm_rate"] <= 0.05
    # A regression guard at the measured figures (0.926 overall, names 26/31 the lowest):
    # the calibrated policy only warns for check types under 70% dev precision ("name
    # found, but not near the passage"), which costs catches on this set of our own
    # writing and buys fewer false alarms on writing nobody here did (BENCHMARKS.md).
    assert overall["recall_target_kinds"] >= 0.92
    for kind in TARGET_KINDS:
        assert overall["recall"][kind]["recall"] >= 0.83, kind
