#!/usr/bin/env python3
"""Bench: segmenting dev documents again after their line structure is taken away.

Text extracted from a PDF by some tools (and the Markdown copies parish websites publish)
has no line structure: headings run into their body on one line, numbers are escaped
("1\\."). The dev corpus holds few such documents, so this bench makes them from every
dev document that has one: each document is read as usual, then its text is flattened
and segmented again as a plain-text or Markdown file, and scored against the same truth
(:mod:`pipeline.segment.score`). A segmenter that holds up here reads items from the
text's own numbering and wording, not from where the lines of one council's PDFs break.

Variants:

* ``paragraphs``: each paragraph (text between blank lines) joined into one line, as
  word processors' "save as text" and many PDF-to-text tools give it;
* ``flat``: the whole text on one line;
* ``markdown``: ``paragraphs`` with a number that started a line escaped ("4\\."), as
  HTML-to-Markdown converters write it.

Transcripts are left out (they have no lines to lose). Only the ``dev`` split is read.

Usage::

    .venv/bin/python bench/segment_flattened.py [--truth evals/corpus/truth.json]
        [--variant paragraphs|flat|markdown] [--only TEXT] [-v] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.errors import PipelineError  # noqa: E402
from pipeline.ingest import load_document  # noqa: E402
from pipeline.ingest.options import IngestOptions  # noqa: E402
from pipeline.ingest.transcript import TRANSCRIPT_FORMATS  # noqa: E402
from pipeline.segment import segment_document  # noqa: E402
from pipeline.segment.score import (  # noqa: E402
    CorpusScore,
    format_score,
    load_truth,
    score_document,
)

_LINE_NUMBER = re.compile(r"(?m)^(\d{1,3})\.(?=\s)")
_FRONT_MATTER = re.compile(r"^---\n.*?\n---\n+", re.DOTALL)
VARIANTS = ("paragraphs", "flat", "markdown")


def flatten(text: str, variant: str) -> str:
    """``text`` without its line structure, as ``variant`` (see the module docstring).

    A Markdown copy's front matter ("---" ... "---") keeps its lines: it is the page's
    metadata, not the extracted text.
    """
    front = _FRONT_MATTER.match(text)
    if front is not None:
        return front.group(0) + flatten(text[front.end() :], variant)
    if variant == "markdown":
        text = _LINE_NUMBER.sub(r"\1\\.", text)
    if variant == "flat":
        return " ".join(text.split())
    paragraphs = re.split(r"\n\s*\n", text)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def main() -> int:
    """Score the flattened dev documents and print the report."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--truth", default=str(ROOT / "evals" / "corpus" / "truth.json"))
    ap.add_argument("--variant", choices=VARIANTS, default="paragraphs")
    ap.add_argument("--only", default=None, help="score only paths containing this text")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    truth_path = Path(args.truth)
    truth = load_truth(truth_path, "dev" if "split" in truth_path.read_text() else None)
    options = IngestOptions()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for rel, want in truth.items():
            if args.only and args.only not in rel:
                continue
            try:
                document = load_document(truth_path.parent / rel, options)
            except PipelineError:
                continue
            if document.format in TRANSCRIPT_FORMATS or document.turns:
                continue
            suffix = ".md" if args.variant == "markdown" else ".txt"
            copy = Path(tmp) / (Path(rel).stem + suffix)
            copy.write_text(flatten(document.text, args.variant), encoding="utf-8")

            def segment(path: Path):
                return segment_document(load_document(path, options))

            rows.append(score_document(rel, want, copy, segment))
    score = CorpusScore(rows)
    if args.json:
        rows_json = [row.to_json() for row in score.documents]
        print(json.dumps({"variant": args.variant, "total": score.total(), "documents": rows_json}))
    else:
        print(f"variant: {args.variant}")
        print(format_score(score, verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
