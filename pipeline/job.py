"""One meeting, document to checked summary, in one process: the task the weekly job runs.

:func:`run_meeting` ingests the document (or takes the one the caller already read),
segments it once, summarises it into the store (finished work reused), and checks the
summary against the same :class:`~pipeline.models.Document` and segmentation, writing
``evals.json``, ``evals.html`` and ``evals.stamp`` beside ``summary.json``. Evals run again
only when the summary's text or its source changed (the stamp).

A task is independent and idempotent: its inputs are plain data (:class:`MeetingTask`,
:class:`JobSettings`), its output is plain data (:class:`MeetingResult`), and running it
twice does no new work. So any executor may run tasks in any order, in this process, in
a pool of processes or on a cluster (:mod:`pipeline.executors`), with the same result.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from pipeline.config import Settings
from pipeline.errors import InputError, PipelineError
from pipeline.fileio import write_atomic
from pipeline.models import Document, MeetingSummary, Segmentation
from pipeline.store import (
    EVALS_HTML,
    EVALS_JSON,
    EVALS_STAMP,
    PathsSettings,
    load_summary,
    run_started,
)
from pipeline.summarise.settings import SummariseSettings

if TYPE_CHECKING:
    from pipeline.segment.settings import SegmentSettings

# Fields of an item summary that say how it was made, not what it says.
UNCHECKED = {"duration_s", "usage"}


def evals_available() -> bool:
    """Is the evals stage part of this build?"""
    try:
        return importlib.util.find_spec("pipeline.evals.check") is not None
    except ModuleNotFoundError:
        return False


@dataclass
class JobSettings:
    """Everything a meeting task needs to know, resolved once by the caller (plain data:
    it travels to worker processes and machines as it is)."""

    #: The merged configuration; each stage reads its own section from it.
    settings: Settings
    engine: str = "extractive"
    #: ``LLMSettings`` for the ``openai`` engine.
    llm: Any = None
    #: Run evals on the summary (when the evals stage is installed).
    evals: bool = True
    #: When the run started: the ``created_at`` of every summary it makes.
    started: str = field(default_factory=run_started)

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> JobSettings:
        """The engine chosen as ``summarise`` would (a bad LLM config fails here, early)."""
        from pipeline.summarise.stage import choose_engine

        engine, llm = choose_engine(
            settings, settings.section("summarise", SummariseSettings), None, None
        )
        return cls(settings=settings, engine=engine, llm=llm, **overrides)

    @cached_property
    def summarise(self) -> SummariseSettings:
        """The ``[summarise]`` section."""
        return self.settings.section("summarise", SummariseSettings)

    @cached_property
    def segment(self) -> SegmentSettings:
        """The ``[segment]`` section."""
        from pipeline.segment.settings import SegmentSettings

        return self.settings.section("segment", SegmentSettings)

    @cached_property
    def paths(self) -> PathsSettings:
        """The ``[paths]`` section."""
        return self.settings.section("paths", PathsSettings)


class MeetingTask(BaseModel):
    """One meeting to bring up to date: its document, and the council to record on it."""

    source: str
    council: str | None = None
    document: Document | None = Field(default=None, description="already read, if so")


class EvalsCounts(BaseModel):
    """What the checks found in a summary."""

    checked: int
    flagged: int
    quotes_total: int
    quotes_missing: int


class MeetingResult(BaseModel):
    """What a meeting task did."""

    source: str
    summary: str
    written: bool
    failed: list[str] = Field(default_factory=list, description="item numbers")
    overview_failed: bool = False
    llm_calls: int = 0
    evals: EvalsCounts | None = None
    evals_run: bool = False
    warnings: list[str] = Field(default_factory=list)


def run_meeting(
    task: MeetingTask, job: JobSettings, slots: AbstractContextManager | None = None
) -> MeetingResult:
    """Bring one meeting's summary and evals up to date (see the module docstring).

    ``slots`` bounds LLM requests in flight across every task of a run.
    """
    from pipeline.ingest import load_document
    from pipeline.segment import segment_document
    from pipeline.summarise.stage import open_engine, summarise_to_store

    document = task.document or load_document(task.source)
    segmentation = segment_document(
        document, chunk_tokens=job.segment.chunk_tokens, encoding=job.segment.encoding
    )
    with open_engine(
        job.engine,
        job.summarise,
        job.llm,  # type: ignore[arg-type]
        segment=job.segment,
        command="weekly",
        slots=slots,
    ) as engine:
        outcome = summarise_to_store(
            segmentation,
            engine=engine,
            config=job.summarise,
            out=job.paths.summaries,
            source=task.source,
            council=task.council,
            created_at=job.started,
        )
    result = MeetingResult(
        source=task.source,
        summary=str(outcome.path),
        written=outcome.written,
        failed=[item.number for item in outcome.failed],
        overview_failed=outcome.result.overview_status == "failed",
        llm_calls=outcome.llm_calls,
        warnings=outcome.warnings,
    )
    if job.evals and evals_available():
        result.evals_run = not evals_up_to_date(outcome.path, outcome.summary)
        result.evals = check_into_store(
            document, segmentation, outcome.summary, outcome.path, job.settings
        )
    return result


# --- evals beside the summary -------------------------------------------------------------


def evals_stamp(summary: MeetingSummary) -> str:
    """A hash of what evals check: the summary's text and the source it rests on (not how
    long it took or what it cost, which differ between two runs of the same summary)."""
    checked = summary.model_dump(
        mode="json", include={"overview", "items"}, exclude={"items": {"__all__": UNCHECKED}}
    )
    key = json.dumps([summary.provenance.source_sha256, checked], sort_keys=True)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def read_counts(folder: Path) -> EvalsCounts | None:
    """The counts of the ``evals.json`` in ``folder``; ``None`` when absent or unreadable."""
    from pipeline.render.catalog import read_evals

    found = read_evals(folder / EVALS_JSON)
    if found is None:
        return None
    return EvalsCounts(
        checked=found.checked,
        flagged=found.flagged,
        quotes_total=found.quotes_total,
        quotes_missing=found.quotes_missing,
    )


def evals_up_to_date(summary_path: Path, summary: MeetingSummary) -> bool:
    """Did evals already check exactly this summary text against this source?"""
    folder = summary_path.parent
    stamp_file = folder / EVALS_STAMP
    if not stamp_file.is_file() or read_counts(folder) is None:
        return False
    return stamp_file.read_text(encoding="utf-8").strip() == evals_stamp(summary)


def check_into_store(
    document: Document,
    segmentation: Segmentation | None,
    summary: MeetingSummary,
    summary_path: Path,
    settings: Settings,
    *,
    force: bool = False,
) -> EvalsCounts:
    """Check ``summary`` against ``document``; write ``evals.json``/``.html``/``.stamp``
    beside it. Without ``force`` an up-to-date report is kept as it is."""
    from pipeline.evals import check_meeting
    from pipeline.render.evals_page import evals_page_html

    folder = summary_path.parent
    if not force and evals_up_to_date(summary_path, summary):
        counts = read_counts(folder)
        assert counts is not None
        return counts
    report = check_meeting(document, segmentation, summary, str(summary_path), settings)
    html = evals_page_html(report, document)
    write_atomic(
        folder / EVALS_JSON,
        json.dumps(report.to_contract(), indent=2, ensure_ascii=False) + "\n",
    )
    write_atomic(folder / EVALS_HTML, html)
    write_atomic(folder / EVALS_STAMP, evals_stamp(summary) + "\n")
    counts = read_counts(folder)
    if counts is None:
        raise PipelineError(f"evals report for {summary_path} does not follow the contract")
    return counts


def check_stored(summary_path: Path, settings: Settings) -> EvalsCounts:
    """Check a stored summary against its source document again (after an edit)."""
    from pipeline.ingest import load_document
    from pipeline.segment import segment_document

    if not evals_available():
        raise PipelineError("the evals stage is not installed in this build")
    summary = load_summary(summary_path)
    source = Path(summary.provenance.source_path)
    if not source.is_file():
        raise InputError(source, "source document of the summary is gone; cannot run evals")
    document = load_document(source)
    from pipeline.segment.settings import SegmentSettings

    segment = settings.section("segment", SegmentSettings)
    try:
        segmentation = segment_document(
            document, chunk_tokens=segment.chunk_tokens, encoding=segment.encoding
        )
    except PipelineError:
        segmentation = None  # evals still check every sentence, without item coverage
    return check_into_store(document, segmentation, summary, summary_path, settings, force=True)
