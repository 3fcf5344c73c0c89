"""The summarise stage: a segmented document into the summary store, reusing finished work.

- :func:`choose_engine` picks the engine (``extractive`` unless an LLM is configured) and
  fails before any work when the choice is impossible;
- :func:`open_engine` builds it (for an LLM: one client, its cache and run log);
- :func:`summarise_to_store` summarises one document with what the store already holds
  for it (finished items are reused), keeps the better record when two documents of one
  meeting land on the same folder (:func:`pipeline.store.record_rank`), and writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.config import Settings
from pipeline.errors import ConfigError
from pipeline.models import ItemSummary, MeetingSummary, Segmentation
from pipeline.store import (
    SUMMARY_NAME,
    load_existing,
    meeting_dir,
    record_rank,
    save,
    save_document,
    summary_path,
)
from pipeline.summarise.engine import Engine
from pipeline.summarise.settings import SummariseSettings

if TYPE_CHECKING:  # the engines and the segmenter load when there is work for them
    from pipeline.llm.settings import LLMSettings
    from pipeline.segment.settings import SegmentSettings

HOW_TO_CONFIGURE = (
    "--engine openai needs an LLM model: pass --model NAME, or set [llm] model (and base_url "
    "for a local server) in a config file, or COUNCIL_DIGEST__LLM__MODEL"
)


def choose_engine(
    settings: Settings, config: SummariseSettings, engine: str | None, model: str | None
) -> tuple[str, LLMSettings | None]:
    """The engine to run and, for ``openai``, the LLM settings; :class:`ConfigError` when
    ``openai`` is asked for and no model is configured."""
    llm = None
    wanted = engine or (config.engine if config.engine != "auto" else None)
    if wanted != "extractive":
        try:
            from pipeline.llm.settings import LLMSettings
        except ImportError:  # the LLM layer is not part of this build
            LLMSettings = None
        if LLMSettings is not None:
            llm = LLMSettings.from_settings(settings, model=model)
            if not llm.is_configured:
                llm = None
    if wanted == "openai" and llm is None:
        raise ConfigError(HOW_TO_CONFIGURE)
    if wanted is None:
        wanted = "openai" if llm is not None else "extractive"
    return wanted, llm


def with_prompt(config: SummariseSettings, ref: str) -> SummariseSettings:
    """``--prompt ID@vN`` replaces whichever of the three prompts has that id."""
    from pipeline.prompts import load_prompt

    prompt = load_prompt(ref)  # unknown refs fail here with a one-line PromptError
    for name in ("item_prompt", "chunk_prompt", "meeting_prompt"):
        if getattr(config, name).split("@")[0] == prompt.id:
            return config.model_copy(update={name: prompt.ref})
    raise ConfigError(
        f"--prompt {ref}: not a summarise prompt (expected summarise-item, summarise-chunk "
        "or summarise-meeting)"
    )


@contextmanager
def open_engine(
    name: str,
    config: SummariseSettings,
    llm: LLMSettings | None,
    *,
    segment: SegmentSettings,
    command: str = "summarise",
    slots: AbstractContextManager | None = None,
) -> Iterator[Engine]:
    """The engine ``name`` (``extractive`` or ``openai``), closed on exit.

    ``slots`` bounds the LLM requests in flight across every worker of a run.
    """
    if name == "extractive":
        from pipeline.summarise.extractive import ExtractiveEngine

        yield ExtractiveEngine(config)
        return
    if llm is None:
        raise ConfigError(HOW_TO_CONFIGURE)
    from pipeline.llm import open_client
    from pipeline.summarise.llm_engine import LLMEngine

    with open_client(llm, command=command, slots=slots) as client:
        yield LLMEngine(config, client, segment=segment)


@dataclass
class StoredOutcome:
    """What summarising one document did to the store."""

    source: str
    path: Path
    #: The summary the store holds for the meeting now (this document's, or a better one's).
    summary: MeetingSummary
    #: This run's summary of the document (equal to ``summary`` unless a better one was kept).
    result: MeetingSummary
    written: bool
    llm_calls: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[ItemSummary]:
        """Items of this run's summary that failed."""
        return [item for item in self.result.items if item.status == "failed"]

    def report(self) -> dict[str, Any]:
        """The per-document entry of ``summarise --json``."""
        result = self.result
        return {
            "source": self.source,
            "summary": str(self.path),
            "written": self.written,
            "engine": result.provenance.engine,
            "model": result.provenance.model,
            "items": len(result.items),
            "ok": sum(i.status == "ok" for i in result.items),
            "skipped": sum(i.status == "skipped" for i in result.items),
            "failed": [i.number for i in self.failed],
            "overview_status": result.overview_status,
            "llm_calls": self.llm_calls,
            "usage": result.provenance.usage.model_dump(),
        }


def previous_summary(out: str | Path, segmentation: Segmentation) -> MeetingSummary | None:
    """The summary already stored for this very source (same text), if any."""
    from pipeline.summarise.orchestrate import meeting_info

    document = segmentation.document
    folder = meeting_dir(out, meeting_info(segmentation), document.path)
    existing = load_existing(folder / SUMMARY_NAME)
    if existing is not None and existing.provenance.source_sha256 != document.sha256:
        return None
    return existing


def summarise_to_store(
    segmentation: Segmentation,
    *,
    engine: Engine,
    config: SummariseSettings,
    out: str | Path,
    source: str | None = None,
    council: str | None = None,
    progress: Callable[[ItemSummary], None] | None = None,
    created_at: str | None = None,
) -> StoredOutcome:
    """Summarise ``segmentation`` into the store under ``out``; see the module docstring.

    ``council`` is recorded on a summary whose document does not name its council (the
    weekly job knows it from the documents of the week). ``created_at``: when the run
    started (see :func:`pipeline.summarise.orchestrate.summarise_meeting`).
    """
    from pipeline.summarise.orchestrate import summarise_meeting

    previous = previous_summary(out, segmentation)
    calls_before = engine.calls_made() if hasattr(engine, "calls_made") else 0
    result = summarise_meeting(
        segmentation,
        engine=engine,
        settings=config,
        progress=progress,
        previous=previous,
        created_at=created_at,
    )
    calls = (engine.calls_made() if hasattr(engine, "calls_made") else 0) - calls_before
    # The folder follows what the document states; a council given here is recorded only.
    target = summary_path(out, result)
    if council and not result.meeting.council:
        result = result.model_copy(
            update={"meeting": result.meeting.model_copy(update={"council": council})}
        )
    outcome = StoredOutcome(
        source=source or segmentation.document.path,
        path=target,
        summary=result,
        result=result,
        written=False,
        llm_calls=calls,
    )
    if result is previous:
        save_document(target.parent, segmentation.document)  # pages cite it (added later)
        return outcome
    kept = _better_record(target, result, outcome.warnings)
    if kept is None:
        save(target, result)
        save_document(target.parent, segmentation.document)
        outcome.written = True
    else:
        if council and not kept.meeting.council:
            kept = kept.model_copy(
                update={"meeting": kept.meeting.model_copy(update={"council": council})}
            )
            save(target, kept)
        outcome.summary = kept
    return outcome


def _better_record(
    target: Path, result: MeetingSummary, warnings: list[str]
) -> MeetingSummary | None:
    """The summary at ``target`` when its document records the meeting better, else ``None``
    (``result`` may replace it). Replacing or keeping another document's summary is warned."""
    old = load_existing(target) if target.exists() else None
    if old is None or old.provenance.source_sha256 == result.provenance.source_sha256:
        return None
    if record_rank(old.meeting.kind) < record_rank(result.meeting.kind):
        warnings.append(
            f"{target}: kept the summary of {old.provenance.source_path} "
            f"({old.meeting.kind}) over {result.provenance.source_path} ({result.meeting.kind})"
        )
        return old
    warnings.append(
        f"{target}: replacing the summary of {old.provenance.source_path} (same body and date)"
    )
    return None
