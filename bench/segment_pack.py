#!/usr/bin/env python3
"""Bench: segmenting the corpus agenda pack against pypdf's bare text extraction.

Three cases, each timed in a fresh Python process so that peak memory (RSS high-water
mark) belongs to that case alone:

* ``pypdf``        ``[p.extract_text() for p in PdfReader(pdf).pages]``: the baseline;
* ``segment-pdf``  ``segment_document(load_document(pdf))``: our ingest + segment;
* ``segment-txt``  the same for the 437 KB text copy of the pack.

Every round runs the three cases once, in alternating order (forwards, then backwards), so
that drift of a shared 2-core machine hits them alike. Times cover the work only, not
interpreter start-up or imports; each is the first call in its process, as a
``run.py segment`` invocation pays it (lazy loads such as the tiktoken encoding included).
Reported: the median wall-clock seconds of each case, the ratio segment-pdf / pypdf of
the medians (target at most 1.5), with the median of each round's own ratio and the ratio
of CPU seconds beside it (steadier when other work shares the machine), and each case's
peak RSS next to the input's size.

Usage::

    .venv/bin/python bench/segment_pack.py [--rounds 5] [--json] [--pdf PATH] [--txt PATH]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "hackney"
DEFAULT_PDF = CORPUS / "agenda-pack-hwb-2023-01-26.pdf"
DEFAULT_TXT = CORPUS / "agenda-pack-hwb-2023-01-26.txt"
CASES = ("pypdf", "segment-pdf", "segment-txt")
TARGET_RATIO = 1.5


# --- Child: one case, one measurement ---------------------------------------------------


def run_case(case: str, path: Path) -> dict:
    """Run ``case`` once on ``path`` in this process; seconds, peak RSS and a sanity count."""
    import resource

    if case == "pypdf":
        from pypdf import PdfReader

        started, cpu_started = time.perf_counter(), time.process_time()
        pages = [p.extract_text() for p in PdfReader(path).pages]
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        counts = {"pages": len(pages), "chars": sum(len(p) for p in pages)}
    else:
        sys.path.insert(0, str(ROOT))
        from pipeline.ingest import load_document
        from pipeline.segment import segment_document

        started, cpu_started = time.perf_counter(), time.process_time()
        result = segment_document(load_document(path))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        counts = {
            "pages": len(result.document.pages),
            "chars": len(result.document.text),
            "items": len([i for i in result.items if not i.parent]),
        }
    # ru_maxrss is in KiB on Linux: the high-water mark of this process alone.
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "case": case,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mib": peak_kib / 1024,
        **counts,
    }


# --- Parent: rounds, medians, ratio -----------------------------------------------------


def measure(case: str, path: Path) -> dict:
    """Run one case in a fresh interpreter and return its measurement."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", case, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"error: {case} on {path.name} failed: {last}")
    return json.loads(proc.stdout)


def run_bench(pdf: Path, txt: Path, rounds: int, progress: bool) -> dict:
    """All rounds; returns per-case samples, medians, peaks and the ratio."""
    paths = {"pypdf": pdf, "segment-pdf": pdf, "segment-txt": txt}
    samples: dict[str, list[dict]] = {case: [] for case in CASES}
    for round_no in range(rounds):
        order = CASES if round_no % 2 == 0 else tuple(reversed(CASES))
        for case in order:
            samples[case].append(measure(case, paths[case]))
        if progress:
            print(f"round {round_no + 1}/{rounds} done", file=sys.stderr)
    cases = {}
    for case, runs in samples.items():
        seconds = [r["seconds"] for r in runs]
        cases[case] = {
            "input": str(paths[case]),
            "input_bytes": paths[case].stat().st_size,
            "median_s": statistics.median(seconds),
            "median_cpu_s": statistics.median(r["cpu_seconds"] for r in runs),
            "min_s": min(seconds),
            "max_s": max(seconds),
            "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
            "runs_s": seconds,
            **{k: runs[0][k] for k in ("pages", "chars", "items") if k in runs[0]},
        }
    ratio = cases["segment-pdf"]["median_s"] / cases["pypdf"]["median_s"]
    # Each round's own ratio: both runs of a round saw the same load on a shared machine.
    paired = statistics.median(
        b["seconds"] / a["seconds"]
        for a, b in zip(samples["pypdf"], samples["segment-pdf"], strict=True)
    )
    cpu_ratio = cases["segment-pdf"]["median_cpu_s"] / cases["pypdf"]["median_cpu_s"]
    return {
        "bench": "segment_pack",
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": _cpu_count(),
        },
        "rounds": rounds,
        "cases": cases,
        "ratio_segment_pdf_to_pypdf": ratio,
        "ratio_segment_pdf_to_pypdf_paired": paired,
        "ratio_segment_pdf_to_pypdf_cpu": cpu_ratio,
        "ratio_segment_txt_to_pypdf": cases["segment-txt"]["median_s"] / cases["pypdf"]["median_s"],
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio <= TARGET_RATIO,
    }


def _cpu_count() -> int | None:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count()


def print_table(report: dict) -> None:
    """The human-readable summary."""
    print(
        f"segment_pack: {report['rounds']} rounds, median of fresh-process runs "
        f"(Python {report['machine']['python']}, {report['machine']['cpus']} CPUs)"
    )
    header = (
        f"{'case':<13}{'input':>9}{'median s':>10}{'min s':>8}{'max s':>8}{'CPU s':>8}"
        f"{'peak RSS':>11}"
    )
    print(header)
    print("-" * len(header))
    for case, row in report["cases"].items():
        size = f"{row['input_bytes'] / 1024:.0f} KB"
        print(
            f"{case:<13}{size:>9}{row['median_s']:>10.3f}{row['min_s']:>8.3f}"
            f"{row['max_s']:>8.3f}{row['median_cpu_s']:>8.3f}{row['peak_rss_mib']:>7.0f} MiB"
        )
    items = report["cases"]["segment-pdf"].get("items")
    pages = report["cases"]["pypdf"]["pages"]
    verdict = "meets" if report["meets_target"] else "MISSES"
    print(
        f"ratio segment-pdf / pypdf = {report['ratio_segment_pdf_to_pypdf']:.2f}x "
        f"({verdict} the {report['target_ratio']}x target); "
        f"segment-txt / pypdf = {report['ratio_segment_txt_to_pypdf']:.2f}x"
    )
    print(
        f"  per-round median {report['ratio_segment_pdf_to_pypdf_paired']:.2f}x, "
        f"CPU time {report['ratio_segment_pdf_to_pypdf_cpu']:.2f}x; {pages} pages, {items} items"
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: run the bench (or, internally, one child measurement)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the 3 cases (5)")
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF, help="agenda pack PDF")
    parser.add_argument("--txt", type=Path, default=DEFAULT_TXT, help="its text copy")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_case(args.child[0], Path(args.child[1]))))
        return 0
    for path in (args.pdf, args.txt):
        if not path.is_file():
            print(f"error: {path}: not found (clone the project beside ../shared)", file=sys.stderr)
            return 2
    if args.rounds < 1:
        print("error: --rounds must be at least 1", file=sys.stderr)
        return 2
    report = run_bench(args.pdf, args.txt, args.rounds, progress=sys.stderr.isatty())
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
