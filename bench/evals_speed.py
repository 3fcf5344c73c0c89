#!/usr/bin/env python3
"""Evals speed: summary sentences checked per second against the 437 KB corpus agenda pack.

Measures, in one run and on the same sentences:
  * ours: the full deterministic layer (retrieval, quotes, figures, names, attribution,
    decisions, claim support) per sentence, with the document indexed once (index build
    time reported separately);
  * baseline A: a bare ``str.find`` of each sentence's words in the lower-cased text
    (the cheapest possible "is it there" check: a floor, not a checker);
  * baseline B: a naive fuzzy scan, rapidfuzz ``partial_ratio`` of each sentence against
    every paragraph of the document (what a checker without an index would do).
Peak memory is the process's peak resident set size.

Usage: python bench/evals_speed.py [--sentences N] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from pipeline.evals.check import Checker, check_unit  # noqa: E402
from pipeline.evals.dataset import load_dataset  # noqa: E402
from pipeline.evals.settings import EvalsSettings  # noqa: E402
from pipeline.evals.summary_input import parse_summary  # noqa: E402
from pipeline.ingest import load_document  # noqa: E402

PACK = ROOT.parent / "shared" / "corpus" / "hackney" / "agenda-pack-hwb-2023-01-26.txt"
DATASET = ROOT / "evals" / "datasets" / "corpus-v1.jsonl"


def sentences_for_pack() -> list:
    """Every distinct sentence of the dataset's summaries of the pack (faithful and injected)."""
    records, _ = load_dataset(DATASET)
    units, seen = [], set()
    for record in records:
        if not record.source.endswith(PACK.name):
            continue
        for unit in parse_summary(record.summary or "", fmt="markdown").units:
            if unit.text not in seen:
                seen.add(unit.text)
                units.append(unit)
    return units


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=600, help="sentences to check")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    document = load_document(PACK)
    base = sentences_for_pack()
    units = [base[i % len(base)] for i in range(args.sentences)]
    settings = EvalsSettings()

    t0 = time.perf_counter()
    checker = Checker(document)
    _ = checker.figures, checker.names, checker.speakers, checker.index.folded
    index_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    previous: list[str] = []
    flagged = 0
    for unit in units:
        result = check_unit(checker, unit, previous[-3:], settings)
        flagged += result.sentence.verdict in ("unsupported", "contradicted")
        previous.append(unit.sentence)
    ours_s = time.perf_counter() - t0

    lowered = document.text.lower()
    t0 = time.perf_counter()
    hits = 0
    for unit in units:
        hits += sum(lowered.find(w.lower()) >= 0 for w in unit.text.split())
    find_s = time.perf_counter() - t0

    paragraphs = [p for p in document.text.split("\n\n") if p.strip()]
    sample = units[: max(5, len(units) // 20)]
    t0 = time.perf_counter()
    for unit in sample:
        max(fuzz.partial_ratio(unit.text, p) for p in paragraphs)
    fuzzy_per_sentence = (time.perf_counter() - t0) / len(sample)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(units)
    result = {
        "document": str(PACK.relative_to(ROOT.parent)),
        "document_kb": round(len(document.text.encode("utf-8")) / 1024, 1),
        "sentences": n,
        "distinct_sentences": len(base),
        "index_build_s": round(index_s, 3),
        "ours_sentences_per_s": round(n / ours_s, 1),
        "ours_with_index_sentences_per_s": round(n / (ours_s + index_s), 1),
        "baseline_str_find_sentences_per_s": round(n / find_s, 1),
        "baseline_fuzzy_scan_sentences_per_s": round(1 / fuzzy_per_sentence, 2),
        "ratio_vs_str_find": round((n / ours_s) / (n / find_s), 4),
        "ratio_vs_fuzzy_scan": round((n / ours_s) * fuzzy_per_sentence, 1),
        "flagged": flagged,
        "peak_rss_mb": round(peak_mb, 1),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:38} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
