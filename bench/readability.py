"""Readability of the built-in engine's summaries over real documents.

Each document is ingested, segmented and summarised with the built-in engine, and the
summary is read by :mod:`pipeline.summarise.readability` as a meeting page shows it:
fragments, unquoted first- or second-person sentences, glued headings, repeats, run-on
overviews, and the other kinds that module reports. Prints, per split, the documents
read, the sentences shown and the problems of each kind (``--show`` lists them).

    .venv/bin/python bench/readability.py [--corpus DIR ...] [--split dev|test|all]
        [--show] [--json]

Default corpora: ``../shared/corpus/dev``, ``../shared/corpus/hackney`` and the project's
``evals/corpus`` (its ``truth.json`` gives each document's split; the shared folders are
dev). Tune on ``dev``; ``test`` is reported once, in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.summarise.corpus_check import (  # noqa: E402
    CorpusDocument,
    DocumentReport,
    check_document,
    corpus_documents,
)

DEFAULT_CORPORA = [
    ROOT.parent / "shared" / "corpus" / "dev",
    ROOT.parent / "shared" / "corpus" / "hackney",
    ROOT / "evals" / "corpus",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", help="a corpus folder (repeatable)")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--only", help="only documents whose path contains this")
    parser.add_argument("--show", action="store_true", help="print every problem")
    parser.add_argument("--json", action="store_true", help="one JSON report")
    args = parser.parse_args()
    folders = [Path(c) for c in args.corpus] if args.corpus else DEFAULT_CORPORA
    documents: list[CorpusDocument] = []
    for folder in folders:
        if folder.is_dir():
            documents += corpus_documents(str(folder))
        else:
            print(f"skipped: no corpus at {folder}", file=sys.stderr)
    if args.split != "all":
        documents = [d for d in documents if d.split == args.split]
    if args.only:
        documents = [d for d in documents if args.only in d.path]
    reports: list[DocumentReport] = []
    for document in documents:
        report = check_document(document.path, document.split)
        reports.append(report)
        if args.show and not args.json:
            _print_one(report)
    if args.json:
        print(json.dumps([r.to_json() for r in reports], indent=1, ensure_ascii=False))
        return
    _print_totals(reports)


def _print_one(report: DocumentReport) -> None:
    name = report.path.split("corpus/")[-1]
    if report.unreadable:
        print(f"## {name}: unreadable ({report.unreadable})")
        return
    problems = report.problems or []
    print(f"## {name} [{report.kind}]: {report.sentences} shown, {len(problems)} problems")
    for p in problems:
        print(f"  - {p.kind} ({p.where}): {p.detail}\n      {p.text[:160]}")


def _print_totals(reports: list[DocumentReport]) -> None:
    for split in sorted({r.split for r in reports}):
        mine = [r for r in reports if r.split == split]
        read = [r for r in mine if not r.unreadable]
        kinds: Counter[str] = Counter(p.kind for r in read for p in r.problems or [])
        shown = sum(r.sentences for r in read)
        print(
            f"{split}: {len(read)} documents read ({len(mine) - len(read)} unreadable), "
            f"{shown} texts shown, {sum(kinds.values())} problems"
            f" in {sum(1 for r in read if r.problems)} documents"
        )
        for kind, n in sorted(kinds.items()):
            print(f"  {kind}: {n}")
        for r in mine:
            if r.unreadable:
                print(f"  unreadable: {r.path.split('corpus/')[-1]}: {r.unreadable}")
        slowest = max(read, key=lambda r: r.seconds, default=None)
        if slowest is not None:
            print(f"  slowest: {slowest.path.split('corpus/')[-1]} {slowest.seconds:.1f}s")


if __name__ == "__main__":
    main()
