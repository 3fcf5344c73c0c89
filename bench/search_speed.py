#!/usr/bin/env python3
"""Search speed: query latency over 1,000 meetings, and indexing time as the corpus grows.

The meetings are the real corpus summaries (``bench/search_corpus.py``, 58 meetings of 20+
councils) repeated under new councils and dates until there are N of them, each with its
source text indexed in passages, exactly as ``run.py search --reindex`` indexes them
(source documents are read once up front and shared, so the timings are the index's own).

Reported, in one run:
  * indexing time (wall and CPU) for N = 250, 500, 1000 meetings, and per meeting (linear
    growth means a flat per-meeting time; CPU time is the steadier figure on a shared
    machine);
  * the median and 90th percentile time of a query through the search function over 1,000
    meetings (the 40 labelled resident queries, plain and with a council, a date or a kind
    filter), against the baseline of a plain substring scan of the same entries;
  * the median wall time of ``run.py search`` as a process (Python start-up included).

Usage: python bench/search_speed.py [--summaries DIR] [--sizes 250,500,1000] [--rounds N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_corpus import build_summaries  # noqa: E402
from search_quality import load_queries, substring_search  # noqa: E402

from pipeline.ingest import load_document  # noqa: E402
from pipeline.models import MeetingSummary  # noqa: E402
from pipeline.render.catalog import find_summaries, load_summary  # noqa: E402
from pipeline.search.index import IndexTarget, update_index  # noqa: E402
from pipeline.search.query import SearchQuery, search  # noqa: E402
from pipeline.search.schema import open_index  # noqa: E402
from pipeline.search.settings import SearchSettings  # noqa: E402
from pipeline.store import to_json  # noqa: E402


def grow(base: list[MeetingSummary], count: int, out: Path) -> None:
    """``count`` meetings: the base ones again and again, under new councils and dates."""
    for i in range(count):
        summary = base[i % len(base)].model_copy(deep=True)
        copy = i // len(base)
        council = summary.meeting.council or "Council"
        summary.meeting.council = f"{council} {copy}" if copy else council
        year, day = 2000 + (i % 25), 1 + (i * 7) % 28
        summary.meeting.date = f"{year}-{1 + i % 12:02d}-{day:02d}"
        folder = out / f"m{i:04d}"
        folder.mkdir(parents=True)
        (folder / "summary.json").write_text(to_json(summary), encoding="utf-8")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summaries", type=Path, help="Reuse corpus summaries built earlier.")
    parser.add_argument("--sizes", default="250,500,1000")
    parser.add_argument("--rounds", type=int, default=3, help="Times each query is run.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    queries = load_queries()
    with tempfile.TemporaryDirectory(prefix="search-speed-") as tmp:
        corpus = args.summaries or Path(tmp) / "corpus"
        if args.summaries is None:
            build_summaries(corpus)
        base = [load_summary(p) for p in find_summaries(corpus)]
        started = time.perf_counter()
        documents = {}
        for summary in base:
            source = Path(summary.provenance.source_path).resolve()
            if source not in documents:
                documents[source] = load_document(source)
        read_s = time.perf_counter() - started

        indexing = []
        for size in sizes:
            folder = Path(tmp) / f"n{size}"
            grow(base, size, folder)
            target = IndexTarget(
                Path(tmp) / f"n{size}.sqlite3", folder, "approved", SearchSettings()
            )
            started, cpu_started = time.perf_counter(), time.process_time()
            report = update_index(target, create=True, documents=documents)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            indexing.append(
                {
                    "meetings": len(report.added),
                    "entries": report.entries,
                    "seconds": round(seconds, 2),
                    "ms_per_meeting": round(1000 * seconds / size, 2),
                    "cpu_s": round(cpu, 2),
                    "cpu_ms_per_meeting": round(1000 * cpu / size, 2),
                    "index_mb": round(target.index.stat().st_size / 1e6, 1),
                }
            )
        largest = Path(tmp) / f"n{sizes[-1]}.sqlite3"

        requests = []
        for query in queries:
            text = query["query"]
            requests += [
                SearchQuery(text=text),
                SearchQuery(text=text, council="hackney"),
                SearchQuery(text=text, since="2010-01-01", until="2019-12-31"),
                SearchQuery(text=text, kinds=("decision", "summary")),
            ]
        conn = open_index(largest)
        ours, plain = [], []
        for _ in range(args.rounds):
            for request in requests:
                started = time.perf_counter()
                search(conn, request)
                ours.append(1000 * (time.perf_counter() - started))
            for query in queries:
                started = time.perf_counter()
                substring_search(conn, query["query"], 10)
                plain.append(1000 * (time.perf_counter() - started))
        conn.close()

        cli = []
        for query in queries[:5]:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, str(ROOT / "run.py"), "search", query["query"], "--json"],
                env={"COUNCIL_DIGEST__SEARCH__INDEX": str(largest), "PATH": "/usr/bin:/bin"},
                capture_output=True,
                check=False,
            )
            cli.append(1000 * (time.perf_counter() - started))

    result = {
        "corpus_meetings": len(base),
        "source_read_s": round(read_s, 1),
        "indexing": indexing,
        "queries": {
            "meetings": sizes[-1],
            "runs": len(ours),
            "search_median_ms": round(statistics.median(ours), 2),
            "search_p90_ms": round(percentile(ours, 0.9), 2),
            "substring_median_ms": round(statistics.median(plain), 2),
            "substring_p90_ms": round(percentile(plain, 0.9), 2),
            "cli_process_median_ms": round(statistics.median(cli), 1),
        },
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus: {len(base)} real meetings; sources read once in {result['source_read_s']} s")
    for row in indexing:
        print(
            f"index {row['meetings']:5} meetings: {row['seconds']:7.2f} s "
            f"({row['ms_per_meeting']:.2f} ms/meeting; CPU {row['cpu_s']:.2f} s, "
            f"{row['cpu_ms_per_meeting']:.2f} ms/meeting; {row['entries']} entries, "
            f"{row['index_mb']} MB)"
        )
    q = result["queries"]
    ratio = q["search_median_ms"] / q["substring_median_ms"] if q["substring_median_ms"] else 0
    print(
        f"query over {q['meetings']} meetings ({q['runs']} runs): median "
        f"{q['search_median_ms']} ms, p90 {q['search_p90_ms']} ms; substring scan median "
        f"{q['substring_median_ms']} ms, p90 {q['substring_p90_ms']} ms (ratio {ratio:.2f})"
    )
    print(f"run.py search as a process: median {q['cli_process_median_ms']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
