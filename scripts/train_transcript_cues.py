#!/usr/bin/env python3
"""Fit the transcript cue model and write pipeline/segment/transcript_cues.json.

    pip install -e '.[train]'      # scikit-learn, for this script only
    .venv/bin/python scripts/train_transcript_cues.py [--truth TRUTH.json ...] [--check]

Data (all dev; no test-split transcript is read):

* the Seattle sentences, ``../shared/corpus/transcripts/seattle-textcat-train-v0.jsonl``:
  one council meeting, each row a window of three or four sentences that an annotator
  marked as holding an item boundary or not. A window is a boundary when the annotator
  accepted ``MINUTES-BOUNDARY`` or rejected ``OTHER``. Features come from the words
  only (the rows carry no speaker turns);
* the cue candidates of the dev transcripts of each ``--truth`` file (default: the shared
  dev corpus, and the project corpus's ``evals/corpus/truth.json`` entries with
  ``"split": "dev"``): a candidate is a boundary when it is said from
  :data:`BEFORE` seconds before to :data:`AFTER` seconds after the start of an item of the
  truth (sub-items included). Only candidates that name some business are used, as in
  the pipeline. A transcript that marks speaker turns is used twice, with and without
  them, so the model also serves captions that mark none (both copies sit in the same
  cross-validation group).

Model: L2-regularised logistic regression (scikit-learn) over
:data:`pipeline.segment.transcript_cues.FEATURES`. Cross-validation is grouped so that
overlapping windows never sit on both sides: the Seattle meeting in
:data:`SEATTLE_FOLDS` contiguous blocks, each dev transcript a group of its own. The
regularisation strength and the threshold are chosen on the out-of-fold probabilities
(best F1); the figures written are those out-of-fold precision, recall and F1. The final
model is fitted on everything. ``--check`` recomputes and fails when the committed file
differs (weights rounded to 4 places, so the file is stable across runs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import load_document  # noqa: E402
from pipeline.segment.transcript import names_business  # noqa: E402
from pipeline.segment.transcript_cues import (  # noqa: E402
    FEATURES,
    WEIGHTS_PATH,
    TurnContext,
    window_features,
)
from pipeline.segment.transcript_finder import CueFinder  # noqa: E402
from pipeline.transcripts import time_at  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
SEATTLE = SHARED / "transcripts" / "seattle-textcat-train-v0.jsonl"
DEFAULT_TRUTHS = [
    SHARED / "dev" / "truth.json",
    *sorted((ROOT / "evals" / "corpus").glob("truth*.json")),
]
SEATTLE_FOLDS = 5
BEFORE, AFTER = 10.0, 30.0
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)


def seattle_rows() -> list[tuple[str, dict[str, float], int]]:
    rows = [json.loads(line) for line in SEATTLE.read_text(encoding="utf-8").splitlines() if line]
    rows.sort(key=lambda r: r["meta"]["sentence_start_index"])
    block = max(1, len(rows) // SEATTLE_FOLDS + 1)
    out = []
    for index, row in enumerate(rows):
        boundary = (row["label"] == "MINUTES-BOUNDARY") == (row["answer"] == "accept")
        features = window_features(row["text"], TurnContext())
        out.append((f"seattle-{index // block}", features, int(boundary)))
    return out


def dev_transcripts(truth_path: Path) -> dict[str, dict]:
    """The dev-split transcript entries of a truth file (entries without a split are dev)."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    return {
        rel: want
        for rel, want in sorted(truth.items())
        if want.get("kind") == "transcript" and want.get("split", "dev") == "dev"
    }


def transcript_rows(truth_path: Path) -> list[tuple[str, dict[str, float], int]]:
    root = truth_path.parent
    out = []
    for rel, want in dev_transcripts(truth_path).items():
        starts = [item["time"][0] for item in want["items"] if item.get("time")]
        if not starts:
            continue
        document = load_document(root / rel)
        for use_turns in (True, False):
            finder = CueFinder(document, use_turns=use_turns)
            if not use_turns and not CueFinder(document).has_turns:
                continue  # no turns to hide: the same examples again
            candidates = finder.candidates()
            for index, cand in enumerate(candidates):
                if not names_business(cand):
                    continue
                limit = candidates[index + 1].pos if index + 1 < len(candidates) else None
                said = time_at(document, cand.pos)
                if said is None:
                    continue
                boundary = any(start - BEFORE <= said <= start + AFTER for start in starts)
                out.append((rel, finder.features(cand, limit), int(boundary)))
    return out


def matrix(rows):
    return [[row[1][name] for name in FEATURES] for row in rows], [row[2] for row in rows]


def best_threshold(probabilities, labels) -> tuple[float, dict]:
    best = (0.5, {"precision": 0.0, "recall": 0.0, "f1": -1.0})
    for step in range(5, 96):
        threshold = step / 100
        figures = prf(probabilities, labels, threshold)
        if figures["f1"] > best[1]["f1"]:
            best = (threshold, figures)
    return best


def prf(probabilities, labels, threshold) -> dict:
    tp = sum(1 for p, y in zip(probabilities, labels, strict=True) if p >= threshold and y)
    fp = sum(1 for p, y in zip(probabilities, labels, strict=True) if p >= threshold and not y)
    fn = sum(1 for p, y in zip(probabilities, labels, strict=True) if p < threshold and y)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def fit(c: float, x, y):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=2000).fit(x, y)


def out_of_fold(c: float, rows) -> list[float]:
    from sklearn.model_selection import LeaveOneGroupOut

    x, y = matrix(rows)
    groups = [row[0] for row in rows]
    probabilities = [0.0] * len(rows)
    for train, test in LeaveOneGroupOut().split(x, y, groups):
        model = fit(c, [x[i] for i in train], [y[i] for i in train])
        for i, p in zip(test, model.predict_proba([x[i] for i in test])[:, 1], strict=True):
            probabilities[i] = float(p)
    return probabilities


def train(truths: list[Path]) -> dict:
    rows = seattle_rows()
    used: dict[str, dict] = {}
    for truth in truths:
        if truth.is_file():
            rows += transcript_rows(truth)
            used.update(dev_transcripts(truth))
    # The entries used, not the files: the same transcripts give the same model wherever
    # their truth is kept.
    entries = json.dumps(used, sort_keys=True).encode("utf-8")
    sources = {
        "seattle": _sha256(SEATTLE),
        "dev_transcripts": hashlib.sha256(entries).hexdigest(),
        "dev_transcript_files": sorted(used),
    }
    best = None
    for c in C_GRID:
        probabilities = out_of_fold(c, rows)
        threshold, figures = best_threshold(probabilities, [row[2] for row in rows])
        if best is None or figures["f1"] > best[2]["f1"]:
            best = (c, threshold, figures, probabilities)
    assert best is not None
    c, threshold, figures, probabilities = best
    x, y = matrix(rows)
    model = fit(c, x, y)
    labels = [row[2] for row in rows]
    seattle = [i for i, row in enumerate(rows) if row[0].startswith("seattle")]
    dev = [i for i, row in enumerate(rows) if not row[0].startswith("seattle")]
    return {
        "model": "logistic regression (scikit-learn), L2",
        "features": list(FEATURES),
        "weights": {
            name: round(float(w), 4) for name, w in zip(FEATURES, model.coef_[0], strict=True)
        },
        "intercept": round(float(model.intercept_[0]), 4),
        "threshold": threshold,
        "C": c,
        "cross_validation": {
            "scheme": "leave one group out: Seattle in 5 contiguous blocks, each dev transcript",
            "all": {**figures, "examples": len(rows), "boundaries": sum(labels)},
            "seattle": {
                **_subset(probabilities, labels, seattle, threshold),
                "examples": len(seattle),
                "boundaries": sum(labels[i] for i in seattle),
            },
            "dev_transcripts": {
                **_subset(probabilities, labels, dev, threshold),
                "examples": len(dev),
                "boundaries": sum(labels[i] for i in dev),
            },
        },
        "data_sha256": sources,
        "generated_by": "scripts/train_transcript_cues.py",
    }


def _subset(probabilities, labels, indices, threshold) -> dict:
    return prf([probabilities[i] for i in indices], [labels[i] for i in indices], threshold)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--truth", type=Path, action="append", help="ground truth (dev entries)")
    parser.add_argument("--check", action="store_true", help="fail when the file is stale")
    args = parser.parse_args()
    result = train(args.truth or DEFAULT_TRUTHS)
    text = json.dumps(result, indent=1) + "\n"
    if args.check:
        current = WEIGHTS_PATH.read_text(encoding="utf-8") if WEIGHTS_PATH.exists() else ""
        if current != text:
            print(f"{WEIGHTS_PATH.name} is stale: run {result['generated_by']}", file=sys.stderr)
            return 1
        print("up to date")
        return 0
    from pipeline.fileio import write_atomic

    write_atomic(WEIGHTS_PATH, text)
    cv = result["cross_validation"]
    print(f"C={result['C']} threshold={result['threshold']}")
    for name in ("all", "seattle", "dev_transcripts"):
        f = cv[name]
        print(
            f"  {name:16s} precision {f['precision']:.2f} recall {f['recall']:.2f} "
            f"F1 {f['f1']:.2f} ({f['boundaries']} boundaries in {f['examples']} examples)"
        )
    print("weights: " + ", ".join(f"{k} {v:+.2f}" for k, v in result["weights"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
