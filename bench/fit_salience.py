"""Calibrate the salience score of the built-in engine, and measure the calibration.

Labels come from the faithful summaries of an evals dataset (``real-v1``: written by
reading each real document in full): in each substantive item, the publishable sentence
the summary restates best (content-word F1 with its closest summary sentence, at least
0.35) is the positive, every other candidate a negative: the sentence to publish first.
The weighted score of the prior weights is calibrated by Platt scaling (two parameters,
the scale kept positive; gradient descent, no dependencies) on the ``dev`` documents; log
loss, Brier score, AUC and a reliability table are reported for ``dev`` and ``test``,
beside those of the values in ``salience.py`` now.

    .venv/bin/python bench/fit_salience.py [--dataset evals/datasets/real-v1.jsonl] [--json]

Copy the printed values into ``pipeline/summarise/salience.py`` (``SCALE``, ``OFFSET``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.errors import PipelineError  # noqa: E402
from pipeline.ingest import load_document  # noqa: E402
from pipeline.segment import segment_document  # noqa: E402
from pipeline.summarise.extractive import readable, without_heading  # noqa: E402
from pipeline.summarise.salience import (  # noqa: E402
    OFFSET,
    SCALE,
    ItemContext,
    centrality,
    content_words,
    features,
    probability,
    score,
)
from pipeline.summarise.text import chrome_lines, item_sentences  # noqa: E402
from pipeline.text import sentence_spans  # noqa: E402


def summary_sentences(markdown: str) -> list[set[str]]:
    """Content words of each sentence of a Markdown summary (headings left out)."""
    body = "\n".join(line for line in markdown.splitlines() if not line.startswith("#"))
    return [set(content_words(body[a:b])) for a, b in sentence_spans(body)]


def examples(source: str, summary: list[set[str]]) -> list[tuple[dict, int]]:
    """(features, label) for every candidate sentence of the document's substantive items."""
    document = load_document(source)
    segmentation = segment_document(document)
    chrome = chrome_lines(document.text) if document.pages else frozenset()
    out = []
    for item in segmentation.items:
        if item.kind != "substantive":
            continue
        raw, _ = item_sentences(document.text, item.start, item.end, bool(document.turns), chrome)
        sentences = [without_heading(document.text, s, item.title, chrome) for s in raw]
        candidates = [s for s in sentences if readable(s) and not s.speech]
        if not candidates:
            continue
        context = ItemContext.of(item.title, item.start, item.end, sentences)
        top = max(centrality(s.text, context.vocabulary) for s in candidates)
        # The item's sentence the summary leans on most (content-word F1 with its closest
        # summary sentence, at least MATCH_F1) is the positive: what the engine should
        # publish first. Every other candidate of the item is a negative.
        overlap = [
            max((_f1(set(content_words(s.text)), t) for t in summary), default=0.0)
            for s in candidates
        ]
        best = max(range(len(candidates)), key=lambda i: (overlap[i], -i))
        for rank, s in enumerate(candidates):
            label = int(rank == best and overlap[best] >= MATCH_F1)
            out.append((features(s, rank, context, top), label))
    return out


MATCH_F1 = 0.35


def _f1(a: set[str], b: set[str]) -> float:
    shared = len(a & b)
    if not shared:
        return 0.0
    precision, recall = shared / len(a), shared / len(b)
    return 2 * precision * recall / (precision + recall)


def fit(data: list[tuple[dict, int]], steps: int = 4000) -> tuple[float, float]:
    """Platt scaling: ``scale`` (at least ``MIN_SCALE``) and ``offset`` of the weighted
    score, by gradient descent."""
    scores = [(score(x), y) for x, y in data]
    scale, offset, rate = 1.0, 0.0, 0.5
    for _ in range(steps):
        g_scale = g_offset = 0.0
        for z, y in scores:
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, scale * z + offset))))
            g_scale += (p - y) * z
            g_offset += p - y
        # Monotone: a sentence the priors rank higher is never made less likely (a small
        # dev split must not turn the score upside down).
        scale = max(MIN_SCALE, scale - rate * g_scale / len(scores))
        offset -= rate * g_offset / len(scores)
    return round(scale, 3), round(offset, 3)


MIN_SCALE = 0.25


def measures(data: list[tuple[dict, int]], scale: float, offset: float) -> dict:
    """Log loss, Brier score, AUC and a five-bin reliability table."""
    if not data:
        return {}
    scored = [(probability(x, scale, offset), y) for x, y in data]
    eps = 1e-9
    log_loss = -sum(y * math.log(p + eps) + (1 - y) * math.log(1 - p + eps) for p, y in scored)
    brier = sum((p - y) ** 2 for p, y in scored) / len(scored)
    positives = [p for p, y in scored if y]
    negatives = [p for p, y in scored if not y]
    pairs = sum((p > q) + 0.5 * (p == q) for p in positives for q in negatives)
    auc = pairs / max(1, len(positives) * len(negatives))
    bins = []
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8):
        inside = [(p, y) for p, y in scored if lo <= p < lo + 0.2 or (lo == 0.8 and p == 1.0)]
        if inside:
            bins.append(
                {
                    "bin": f"{lo:.1f}-{lo + 0.2:.1f}",
                    "n": len(inside),
                    "predicted": round(sum(p for p, _ in inside) / len(inside), 3),
                    "observed": round(sum(y for _, y in inside) / len(inside), 3),
                }
            )
    return {
        "sentences": len(scored),
        "positives": len(positives),
        "log_loss": round(log_loss / len(scored), 4),
        "brier": round(brier, 4),
        "auc": round(auc, 4),
        "reliability": bins,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", default=str(ROOT / "evals" / "datasets" / "real-v1.jsonl"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    dataset = Path(args.dataset)
    rows = [json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines()]
    faithful = [r for r in rows if r.get("kind") is None]
    split_data: dict[str, list] = {"dev": [], "test": []}
    skipped = []
    for row in faithful:
        source = (dataset.parent / row["source"]).resolve()
        text = row.get("summary")
        if text is None:
            text = (dataset.parent / row["summary_path"]).read_text(encoding="utf-8")
        try:
            found = examples(str(source), summary_sentences(text))
        except PipelineError as exc:
            skipped.append(f"{source.name}: {exc}")
            continue
        split_data.setdefault(row["split"], []).extend(found)
    scale, offset = fit(split_data["dev"])
    report = {
        "fitted_on": "dev",
        "scale": scale,
        "offset": offset,
        "fitted": {s: measures(d, scale, offset) for s, d in split_data.items()},
        "current": {s: measures(d, SCALE, OFFSET) for s, d in split_data.items()},
        "skipped": skipped,
    }
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"Platt scaling fitted on dev: SCALE = {scale}, OFFSET = {offset}")
    for name in ("fitted", "current"):
        for split, m in report[name].items():
            if not m:
                continue
            print(
                f"{name} calibration on {split}: {m['sentences']} sentences, {m['positives']}"
                f" positive; log loss {m['log_loss']}, Brier {m['brier']}, AUC {m['auc']}"
            )
            for b in m["reliability"]:
                print(
                    f"    {b['bin']}: n={b['n']} predicted {b['predicted']}"
                    f" observed {b['observed']}"
                )
    for s in skipped:
        print(f"skipped: {s}")


if __name__ == "__main__":
    main()
