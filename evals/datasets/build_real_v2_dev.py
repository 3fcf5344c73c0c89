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

from pathlib import Path

from labelled_set import Summaries, build_main

HERE = Path(__file__).resolve().parent
CORPUS = "../corpus"  # relative to this folder, where the dataset file lives
SUMMARY_DIR = HERE / "real-v2-dev" / "summaries"

# summary id: (source document under CORPUS, split, family); all are dev documents.
SUMMARIES: Summaries = {
    "milburn-2018-11-06": ("uk-milburn/minutes-2018-11-06.pdf", "dev", "minutes"),
    "newbiggin-2019-09-03": ("uk-newbiggin/minutes-2019-09-03.pdf", "dev", "minutes"),
    "napier-2019-04-02": (
        "nz-napier/extraordinary-council-minutes-2019-04-02.txt",
        "dev",
        "minutes",
    ),
    "bristol-decisions-2025-05-15": (
        "uk-bristol/transport-connectivity-committee-decisions-2025-05-15.pdf",
        "dev",
        "report",
    ),
    "lomita-agenda-2022-12-06": ("us-lomita/city-council-agenda-2022-12-06.pdf", "dev", "agenda"),
    "knox-county-2022-06-01": (
        "us-knox-county/commission-special-session-2022-06-01.md",
        "dev",
        "transcript",
    ),
    "wairoa-2019-02-05": ("nz-wairoa/council-minutes-2019-02-05.txt", "dev", "minutes"),
    "sutton-coldfield-amenities-2018-03-13": (
        "uk-sutton-coldfield/amenities-committee-minutes-2018-03-13.pdf",
        "dev",
        "minutes",
    ),
}


def main(argv: list[str] | None = None) -> int:
    return build_main(
        argv,
        HERE / "real-v2-dev.jsonl",
        SUMMARIES,
        [],
        SUMMARY_DIR,
        CORPUS,
        check_truth_split=True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
