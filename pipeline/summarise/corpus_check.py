"""The built-in engine over a corpus of real documents, each summary read for readability
(:mod:`.readability`): what ``bench/readability.py`` reports and the corpus test asserts.

A corpus folder lists its documents in ``truth.json`` (with each one's ``split``), or, with
none, every document file in it counts (``dev``). A document the current ingest cannot
read (a scanned PDF with no text layer) is reported as unreadable, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.summarise.readability import Problem, check_summary, page_texts
from pipeline.summarise.text import WORD_RE

DOCUMENT_SUFFIXES = frozenset({".pdf", ".txt", ".md", ".vtt", ".json", ".tsv", ".srt", ".html"})
NOT_DOCUMENTS = frozenset({"truth.json", "sources.json", "README.md", "SOURCES.md"})


@dataclass(frozen=True)
class CorpusDocument:
    """A real document of a corpus folder and the split it belongs to."""

    path: str
    split: str


def corpus_documents(root: str) -> list[CorpusDocument]:
    """The documents of a corpus folder: the keys of its ``truth.json`` (with their
    ``split``, ``dev`` when unstated), or, without one, every document file in it (``dev``).
    Summaries of others (``opencouncil-summary-*``) are not documents."""
    import json
    from pathlib import Path

    folder = Path(root)
    truth = folder / "truth.json"
    if truth.is_file():
        entries = json.loads(truth.read_text(encoding="utf-8"))
        return [
            CorpusDocument(str(folder / name), str(entry.get("split") or "dev"))
            for name, entry in sorted(entries.items())
        ]
    return [
        CorpusDocument(str(path), "dev")
        for path in sorted(folder.rglob("*"))
        if path.suffix in DOCUMENT_SUFFIXES
        and path.name not in NOT_DOCUMENTS
        and not path.name.startswith("opencouncil-summary")
    ]


@dataclass
class DocumentReport:
    """The built-in engine's summary of one document, read for readability."""

    path: str
    split: str
    kind: str = "unknown"
    sentences: int = 0
    overview_words: int = 0
    problems: list[Problem] | None = None
    unreadable: str | None = None  # why the current ingest cannot read the document
    seconds: float = 0.0

    def to_json(self) -> dict:
        """Plain data for ``bench/readability.py --json``."""
        return {
            "path": self.path,
            "split": self.split,
            "kind": self.kind,
            "sentences": self.sentences,
            "overview_words": self.overview_words,
            "problems": [p.to_json() for p in self.problems or []],
            "unreadable": self.unreadable,
            "seconds": round(self.seconds, 3),
        }


def check_document(document_path: str, split: str = "dev") -> DocumentReport:
    """Ingest, segment and summarise ``document_path`` with the built-in engine and check
    the summary; a document the ingest cannot read is reported as ``unreadable``."""
    import time

    from pipeline.errors import PipelineError
    from pipeline.ingest import load_document
    from pipeline.segment import segment_document
    from pipeline.summarise.extractive import ExtractiveEngine
    from pipeline.summarise.orchestrate import summarise_meeting
    from pipeline.summarise.settings import SummariseSettings

    report = DocumentReport(document_path, split)
    started = time.monotonic()
    try:
        segmentation = segment_document(load_document(document_path))
    except PipelineError as exc:
        report.unreadable = str(exc)
        return report
    settings = SummariseSettings()
    summary = summarise_meeting(segmentation, engine=ExtractiveEngine(settings), settings=settings)
    report.seconds = time.monotonic() - started
    report.kind = summary.meeting.kind
    shown = page_texts(summary)
    report.sentences = sum(1 for s in shown if s.role != "title")
    report.overview_words = sum(len(WORD_RE.findall(s.text)) for s in summary.overview)
    report.problems = check_summary(summary, segmentation.document, segmentation)
    return report
