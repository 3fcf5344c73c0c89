#!/usr/bin/env python3
"""Evals retrieval: our BM25 inverted index against rank-bm25 and bm25s, on one document.

All three rank the same passages (our sentence windows) of the 437 KB corpus pack with
the same tokens (our content-word stems), for the same query sentences (every distinct
sentence of the corpus-v1 summaries of the pack). Reported per library: index build
time, queries per second, and how often its top passage is ours (agreement at 1) and
ours is in its top 6 (the passages a check reads). The libraries are not dependencies of
the project: install them to run this (`pip install rank-bm25 bm25s`).

Usage: python bench/evals_retrieval.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals_speed import PACK, sentences_for_pack  # noqa: E402

from pipeline.evals.retrieval import SourceIndex  # noqa: E402
from pipeline.evals.text import content_stems  # noqa: E402
from pipeline.ingest import load_document  # noqa: E402

K = 6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    document = load_document(PACK)
    queries = [content_stems(u.text) for u in sentences_for_pack()]
    t0 = time.perf_counter()
    index = SourceIndex(document)
    ours_build = time.perf_counter() - t0
    corpus = [[t.stem for t in index.tokens[p.t0 : p.t1] if t.is_content] for p in index.passages]
    t0 = time.perf_counter()
    ours = [[pid for pid, _ in index.search(q, K)] for q in queries]
    ours_q = time.perf_counter() - t0
    result: dict = {
        "passages": len(corpus),
        "queries": len(queries),
        "ours": {"build_s": round(ours_build, 3), "queries_per_s": round(len(queries) / ours_q)},
    }
    try:
        from rank_bm25 import BM25Okapi

        t0 = time.perf_counter()
        bm = BM25Okapi(corpus, k1=1.2, b=0.75)
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        tops = []
        for q in queries:
            scores = bm.get_scores(q)
            tops.append(sorted(range(len(scores)), key=lambda i: -scores[i])[:K])
        result["rank_bm25"] = _compare(build, time.perf_counter() - t0, tops, ours)
    except ImportError:
        result["rank_bm25"] = "not installed"
    try:
        import bm25s

        t0 = time.perf_counter()
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        retriever.index(bm25s.tokenization.Tokenized(*_vocab(corpus)), show_progress=False)
        build = time.perf_counter() - t0
        vocab = _vocab(corpus)[1]
        t0 = time.perf_counter()
        tops = []
        for q in queries:
            ids = [[vocab[t] for t in q if t in vocab] or [0]]
            docs, _ = retriever.retrieve(ids, k=K, show_progress=False)
            tops.append(list(docs[0]))
        result["bm25s"] = _compare(build, time.perf_counter() - t0, tops, ours)
    except ImportError:
        result["bm25s"] = "not installed"
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:10} {value}")
    return 0


def _vocab(corpus: list[list[str]]) -> tuple[list[list[int]], dict[str, int]]:
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in corpus]
    return ids, vocab


def _compare(build: float, query_s: float, tops: list[list[int]], ours: list[list[int]]) -> dict:
    n = len(ours)
    first = sum(1 for a, b in zip(tops, ours, strict=True) if a and b and a[0] == b[0])
    within = sum(1 for a, b in zip(tops, ours, strict=True) if b and b[0] in a)
    return {
        "build_s": round(build, 3),
        "queries_per_s": round(n / query_s),
        "top1_same_as_ours": f"{first}/{n}",
        "ours_top1_in_its_top6": f"{within}/{n}",
    }


if __name__ == "__main__":
    raise SystemExit(main())
