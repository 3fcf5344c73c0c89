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
:data:`pipeline.segment.transcript_cues.FEATURES`. The data is split in two:

* **fit**: the first three fifths of the Seattle meeting (blocks 0-2) and the transcripts
  of the shared dev corpus;
* **calibration**: the last two fifths of Seattle (blocks 3-4) and the dev transcripts of
  the project corpus.

Every row gets an out-of-fold probability (leave one group out: Seattle in
:data:`SEATTLE_FOLDS` contiguous blocks, as its windows overlap, each transcript a group
of its own). The regularisation strength is the one with the best mean F1 of the two
parts of the calibration split (Seattle's windows and the transcripts' candidates are
different populations: one must not drown the other). The final model is fitted on
everything; its threshold is calibrated on the calibration split (:data:`THRESHOLDS`):
the best item F1 the pipeline reaches on the calibration transcripts with that model, ties
broken by Seattle's window F1 (out of fold), the middle of the best plateau. The fit split
is reported at that threshold as a check.
``--check`` recomputes and fails when the committed file differs (weights rounded to 4
places, so the file is stable).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
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
CALIBRATION_BLOCKS = ("seattle-3", "seattle-4")  # Seattle's last two fifths
BEFORE, AFTER = 10.0, 30.0
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
THRESHOLDS = tuple(step / 100 for step in range(5, 55, 5))


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
    """The cue candidates of the dev transcripts of ``truth_path``, labelled from its times;
    each row's group is the transcript's path under the project root."""
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
                group = _relative(root / rel)
                out.append((group, finder.features(cand, limit), int(boundary)))
    return out


def matrix(rows):
    return [[row[1][name] for name in FEATURES] for row in rows], [row[2] for row in rows]


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
    """Each row's probability from a model fitted without its group."""
    from sklearn.model_selection import LeaveOneGroupOut

    x, y = matrix(rows)
    groups = [row[0] for row in rows]
    probabilities = [0.0] * len(rows)
    for train, test in LeaveOneGroupOut().split(x, y, groups):
        model = fit(c, [x[i] for i in train], [y[i] for i in train])
        for i, p in zip(test, model.predict_proba([x[i] for i in test])[:, 1], strict=True):
            probabilities[i] = float(p)
    return probabilities


def _relative(path: Path) -> str:
    path = path.resolve()
    for base in (ROOT, ROOT.parent):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


def is_calibration(group: str) -> bool:
    """The calibration split: Seattle's last blocks and the project corpus's transcripts."""
    return group in CALIBRATION_BLOCKS or group.startswith("evals/")


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
    labels = [row[2] for row in rows]
    splits = {
        "calibration": [i for i, row in enumerate(rows) if is_calibration(row[0])],
        "fit": [i for i, row in enumerate(rows) if not is_calibration(row[0])],
    }
    calibration = _by_source(rows, splits["calibration"])
    best: tuple[float, float, list[float]] | None = None  # mean F1, C, probabilities
    for c in C_GRID:
        probabilities = out_of_fold(c, rows)
        for step in range(5, 96):
            mean = _mean_f1(probabilities, labels, calibration.values(), step / 100)
            if best is None or mean > best[0]:
                best = (mean, c, probabilities)
    assert best is not None
    _, c, probabilities = best
    model = fit(c, *matrix(rows))
    weights = {
        "weights": {
            name: round(float(w), 4) for name, w in zip(FEATURES, model.coef_[0], strict=True)
        },
        "intercept": round(float(model.intercept_[0]), 4),
    }
    # The threshold: the item F1 the pipeline reaches on the calibration transcripts with
    # this model first, Seattle's calibration windows (out of fold) to break ties; the
    # middle of the best plateau, so that it does not sit on the edge of a cliff.
    curve = {}
    for threshold in THRESHOLDS:
        seattle = _subset(probabilities, labels, calibration["seattle"], threshold)["f1"]
        items = items_f1(truths, {**weights, "threshold": threshold})
        curve[threshold] = {"seattle_windows_f1": seattle, "transcript_items_f1": items}
    best_items = max(v["transcript_items_f1"] for v in curve.values())
    ties = {t: v for t, v in curve.items() if v["transcript_items_f1"] >= best_items - 0.005}
    best_windows = max(v["seattle_windows_f1"] for v in ties.values())
    plateau = [t for t, v in ties.items() if v["seattle_windows_f1"] >= best_windows - 0.005]
    threshold = plateau[(len(plateau) - 1) // 2]
    figures = {
        split: {
            source: {
                **_subset(probabilities, labels, part, threshold),
                "examples": len(part),
                "boundaries": sum(labels[i] for i in part),
            }
            for source, part in _by_source(rows, indices).items()
        }
        for split, indices in splits.items()
    }
    return {
        "model": "logistic regression (scikit-learn), L2",
        "features": list(FEATURES),
        **weights,
        "threshold": threshold,
        "C": c,
        "split": {
            "fit": sorted({rows[i][0] for i in splits["fit"]}),
            "calibration": sorted({rows[i][0] for i in splits["calibration"]}),
        },
        "calibration_curve": {str(t): v for t, v in curve.items()},
        "out_of_fold": {
            "scheme": "leave one group out: Seattle in 5 contiguous blocks, each dev transcript",
            **figures,
        },
        "data_sha256": sources,
        "generated_by": "scripts/train_transcript_cues.py",
    }


def items_f1(truths: list[Path], model: dict) -> float:
    """Item F1 of the pipeline on the calibration split's transcripts with ``model``."""
    from pipeline.segment import transcript_cues
    from pipeline.segment.score import score_corpus

    saved = transcript_cues.WEIGHTS_PATH
    matched = found = true = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cues.json"
        path.write_text(json.dumps(model), encoding="utf-8")
        transcript_cues.WEIGHTS_PATH = path
        transcript_cues.cue_model.cache_clear()
        try:
            for truth in truths:
                if not truth.is_file():
                    continue
                entries = {
                    rel: want
                    for rel, want in dev_transcripts(truth).items()
                    if is_calibration(_relative(truth.parent / rel))
                }
                for row in score_corpus(entries, truth.parent).documents:
                    matched, found, true = matched + row.matched, found + row.found, true + row.true
        finally:
            transcript_cues.WEIGHTS_PATH = saved
            transcript_cues.cue_model.cache_clear()
    precision = matched / found if found else 0.0
    recall = matched / true if true else 0.0
    return round(2 * precision * recall / (precision + recall), 3) if matched else 0.0


def _mean_f1(probabilities, labels, parts, threshold) -> float:
    parts = list(parts)
    return sum(_subset(probabilities, labels, part, threshold)["f1"] for part in parts) / len(parts)


def _by_source(rows, indices) -> dict[str, list[int]]:
    """``indices`` parted into Seattle's windows and the transcripts' candidates."""
    return {
        "seattle": [i for i in indices if rows[i][0].startswith("seattle")],
        "transcripts": [i for i in indices if not rows[i][0].startswith("seattle")],
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
    print(f"C={result['C']} threshold={result['threshold']} (calibrated on the calibration split)")
    rows = {
        f"{split} {source} (out of fold)": f
        for split, parts in result["out_of_fold"].items()
        if isinstance(parts, dict)
        for source, f in parts.items()
    }
    for name, f in rows.items():
        if not isinstance(f, dict):
            continue
        print(
            f"  {name:28s} precision {f['precision']:.2f} recall {f['recall']:.2f} "
            f"F1 {f['f1']:.2f} ({f['boundaries']} boundaries in {f['examples']} examples)"
        )
    print("weights: " + ", ".join(f"{k} {v:+.2f}" for k, v in result["weights"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
