#!/usr/bin/env python3
"""Build ``real-v2-dev.jsonl``: faithful summaries of dev documents of the project corpus.

The faithful sentences of ``real-v1`` come from seven dev documents; a checker tuned on
them alone learns their phrasing. This set adds faithful summaries, written by reading
each document in full, of other documents of ``evals/corpus`` whose split in
``evals/corpus/truth.json`` is ``dev``: parish and city minutes, a decision record, an
agenda and a transcript, in a resident's words (overview sentences that join several
items, paraphrase, reported speech, figures written another way). Every sentence is
labelled faithful: each one flagged is a false alarm. Only dev documents are used, so
the set is for calibration; the held-out measure stays the test splits.

Run: ``python evals/datasets/build_real_v2_dev.py [--out FILE]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evals.summary_input import parse_summary  # noqa: E402

CORPUS = "../corpus"  # relative to this folder, where the dataset file lives
SUMMARY_DIR = HERE / "real-v2-dev" / "summaries"

# summary id: (source document under CORPUS, family); all are dev documents.
SUMMARIES: dict[str, tuple[str, str]] = {
    "milburn-2018-11-06": ("uk-milburn/minutes-2018-11-06.pdf", "minutes"),
    "newbiggin-2019-09-03": ("uk-newbiggin/minutes-2019-09-03.pdf", "minutes"),
    "napier-2019-04-02": ("nz-napier/extraordinary-council-minutes-2019-04-02.txt", "minutes"),
    "bristol-decisions-2025-05-15": (
        "uk-bristol/transport-connectivity-committee-decisions-2025-05-15.pdf",
        "report",
    ),
    "lomita-agenda-2022-12-06": ("us-lomita/city-council-agenda-2022-12-06.pdf", "agenda"),
    "knox-county-2022-06-01": (
        "us-knox-county/commission-special-session-2022-06-01.md",
        "transcript",
    ),
    "wairoa-2019-02-05": ("nz-wairoa/council-minutes-2019-02-05.txt", "minutes"),
    "sutton-coldfield-amenities-2018-03-13": (
        "uk-sutton-coldfield/amenities-committee-minutes-2018-03-13.pdf",
        "minutes",
    ),
}


def _split_of(doc: str) -> str:
    truth = json.loads((HERE.parent / "corpus" / "truth.json").read_text(encoding="utf-8"))
    return truth[doc]["split"]


def build() -> tuple[list[dict], list[str]]:
    """The dataset's records in a fixed order, and the problems found (empty when valid)."""
    records: list[dict] = []
    problems: list[str] = []
    for sid, (doc, family) in SUMMARIES.items():
        if _split_of(doc) != "dev":
            problems.append(f"{sid}: {doc} is not a dev document")
            continue
        text = (SUMMARY_DIR / f"{sid}.md").read_text(encoding="utf-8")
        records.append(
            {
                "id": f"{sid}/faithful",
                "source": f"{CORPUS}/{doc}",
                "split": "dev",
                "family": family,
                "format": "markdown",
                "kind": None,
                "target": None,
                "note": "faithful summary",
                "summary": text,
            }
        )
    return records, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build real-v2-dev.jsonl deterministically.")
    parser.add_argument("--out", type=Path, default=HERE / "real-v2-dev.jsonl")
    args = parser.parse_args(argv)
    records, problems = build()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    args.out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    sentences = sum(len(parse_summary(r["summary"], fmt="markdown").units) for r in records)
    print(f"wrote {args.out.name}: {len(records)} records, {sentences} faithful sentences (dev)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
