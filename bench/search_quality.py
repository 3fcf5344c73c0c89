#!/usr/bin/env python3
"""Search quality: recall@5 and MRR of `run.py search` on labelled resident queries.

The queries (``evals/search/queries.jsonl``: a question, and the meetings and agenda items
a resident would expect, keyed by source document and item number) run against summaries
of the real corpus documents made by the built-in extractive engine
(``bench/search_corpus.py``), all approved, indexed in a temporary folder. In the same run
the baseline is a plain substring search: entries whose text contains the query
(case-insensitive), most occurrences first.

recall@5: share of a query's expected items among the first 5 hits (averaged over
queries); MRR: 1/rank of the first expected item within the first 10 hits (0 if none).
Queries are split dev (tuning) / test (reported once); both are printed.

Usage: python bench/search_quality.py [--summaries DIR] [--json] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_corpus import build_summaries  # noqa: E402

from pipeline.render.catalog import find_summaries, load_summary  # noqa: E402
from pipeline.search.index import IndexTarget, update_index  # noqa: E402
from pipeline.search.query import SearchQuery, search  # noqa: E402
from pipeline.search.schema import open_index  # noqa: E402
from pipeline.search.settings import SearchSettings  # noqa: E402

QUERIES = ROOT / "evals" / "search" / "queries.jsonl"
K_RECALL, K_MRR = 5, 10


def document_key(source_path: str) -> str:
    """A corpus document as the labels name it: ``shared/corpus/...`` or ``evals/corpus/...``."""
    path = Path(source_path).resolve()
    for base in (ROOT, ROOT.parent):
        if base in path.parents:
            return path.relative_to(base).as_posix()
    return path.as_posix()


def load_queries(path: Path = QUERIES) -> list[dict]:
    """The labelled queries."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(queries: list[dict], results: dict[str, list[tuple[str, str | None]]]) -> dict:
    """recall@5 and MRR@10 per split and overall."""
    per_split: dict[str, list[tuple[float, float]]] = {}
    rows = []
    for query in queries:
        expected = {(r["document"], r["item"]) for r in query["relevant"]}
        ranked = results[query["id"]]
        top = set(ranked[:K_RECALL])
        recall = len(expected & top) / len(expected)
        rank = next((i for i, hit in enumerate(ranked[:K_MRR], 1) if hit in expected), None)
        reciprocal = 1 / rank if rank else 0.0
        per_split.setdefault(query["split"], []).append((recall, reciprocal))
        per_split.setdefault("all", []).append((recall, reciprocal))
        rows.append({"id": query["id"], "recall@5": recall, "rank": rank})
    summary = {
        split: {
            "queries": len(values),
            "recall@5": round(sum(r for r, _ in values) / len(values), 3),
            "mrr": round(sum(m for _, m in values) / len(values), 3),
        }
        for split, values in per_split.items()
    }
    return {"splits": summary, "queries": rows}


def substring_search(conn, text: str, limit: int) -> list[tuple[str, str | None]]:
    """The baseline: entries containing the whole query, case-insensitive, most hits first."""
    needle = text.lower()
    rows = conn.execute(
        "SELECT m.summary_path, e.item_number, e.text FROM entries e"
        " JOIN meetings m ON m.id = e.meeting_id WHERE instr(lower(e.text), ?) > 0",
        (needle,),
    ).fetchall()
    rows = sorted(rows, key=lambda r: -r["text"].lower().count(needle))
    return [(r["summary_path"], r["item_number"]) for r in rows[:limit]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summaries", type=Path, help="Reuse summaries built earlier.")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="Per-query ranks.")
    args = parser.parse_args()
    queries = load_queries()
    with tempfile.TemporaryDirectory(prefix="search-quality-") as tmp:
        summaries = args.summaries or Path(tmp) / "summaries"
        started = time.perf_counter()
        if args.summaries is None:
            build_summaries(summaries)
        built_s = time.perf_counter() - started
        target = IndexTarget(Path(tmp) / "index.sqlite3", summaries, "approved", SearchSettings())
        started = time.perf_counter()
        report = update_index(target, create=True)
        index_s = time.perf_counter() - started
        sources = {str(p.resolve()): load_summary(p) for p in find_summaries(summaries)}
        source_of = {path: document_key(s.provenance.source_path) for path, s in sources.items()}
        known = {(source_of[path], item.number) for path, s in sources.items() for item in s.items}
        missing = [
            (q["id"], r["document"], r["item"])
            for q in queries
            for r in q["relevant"]
            if (r["document"], r["item"]) not in known
        ]
        conn = open_index(target.index)
        ours, baseline = {}, {}
        for query in queries:
            hits = search(conn, SearchQuery(text=query["query"], limit=K_MRR))
            ours[query["id"]] = [
                (source_of[h.summary_path], h.item and h.item["number"]) for h in hits
            ]
            plain = substring_search(conn, query["query"], K_MRR)
            baseline[query["id"]] = [(source_of[p], n) for p, n in plain]
        conn.close()
    result = {
        "corpus": {
            "meetings": len(report.added),
            "entries": report.entries,
            "summarise_s": round(built_s, 1),
            "index_s": round(index_s, 1),
        },
        "labels_missing": missing,
        "search": score(queries, ours),
        "substring_baseline": score(queries, baseline),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    corpus = result["corpus"]
    print(
        f"corpus: {corpus['meetings']} meetings, {corpus['entries']} entries "
        f"(summarised in {corpus['summarise_s']} s, indexed in {corpus['index_s']} s)"
    )
    for name in ("search", "substring_baseline"):
        for split, figures in sorted(result[name]["splits"].items()):
            print(
                f"{name:20} {split:5} {figures['queries']:3} queries  "
                f"recall@5 {figures['recall@5']:.3f}  MRR {figures['mrr']:.3f}"
            )
    if missing:
        print(f"warning: {len(missing)} labelled items not in the summaries: {missing}")
    if args.verbose:
        base = {r["id"]: r for r in result["substring_baseline"]["queries"]}
        for query, row in zip(queries, result["search"]["queries"], strict=True):
            print(
                f"  {row['id']} [{query['split']}] rank {row['rank']} "
                f"(substring {base[row['id']]['rank']})  {query['query']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
