"""Drive an engine over a meeting: items concurrently, failures contained, work reused.

- Items run on up to ``engine.concurrency`` threads; results keep agenda order.
- An item that raises (invalid JSON, truncated answer, refusal, a call that failed after
  retries, anything else) is recorded as ``status="failed"`` with the error; the others
  complete and the overview is built from the items that succeeded.
- Given the previous ``summary.json`` of the same source (same sha256) made the same way
  (engine, model, prompts and their hashes, parameters), its ``ok`` and ``skipped`` items
  are reused and only the failed ones run again. With nothing left to do the previous
  summary is returned as is (the caller need not write it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed

from pipeline.models import (
    AgendaItem,
    ItemSummary,
    MeetingInfo,
    MeetingSummary,
    Provenance,
    Segmentation,
    Usage,
)
from pipeline.store import run_started
from pipeline.summarise.engine import Engine
from pipeline.summarise.extractive import base_item
from pipeline.summarise.settings import SummariseSettings
from pipeline.unreadable import unreadable_pages_of

ProgressFn = Callable[[ItemSummary], None]


def summarise_meeting(
    segmentation: Segmentation,
    *,
    engine: Engine,
    settings: SummariseSettings,
    progress: ProgressFn | None = None,
    previous: MeetingSummary | None = None,
    created_at: str | None = None,
) -> MeetingSummary:
    """Summarise every item of ``segmentation`` with ``engine``, then the meeting.

    ``progress`` is called (on this thread) with each item's summary as it finishes,
    reused items included. ``settings`` is the ``[summarise]`` section the engine was
    built from; it is recorded in the provenance. ``created_at`` (default: now) is when
    the run that makes the summary started: one time for every summary of a run, so that
    what is ordered by it (feeds) does not depend on which worker finished first.
    """
    started = time.monotonic()
    document = segmentation.document
    fixed = engine.provenance()
    params = {**fixed.get("params", {}), "summarise": settings.model_dump(mode="json")}
    reusable = _reusable(previous, segmentation, engine, fixed, params)
    results: list[ItemSummary | None] = [None] * len(segmentation.items)
    todo: list[int] = []
    for index, item in enumerate(segmentation.items):
        old = reusable.get(_key(item)) if reusable is not None else None
        if old is not None:
            results[index] = old
            if progress is not None:
                progress(old)
        else:
            todo.append(index)

    nothing_to_do = reusable is not None and previous is not None and not todo
    if nothing_to_do and previous is not None and previous.overview_status == "ok":
        info = _merged_info(meeting_info(segmentation), previous.meeting)
        if info == previous.meeting:
            return previous
        # Links given later (e.g. the video, once posted) update the meeting, no LLM call.
        return previous.model_copy(update={"meeting": info})

    workers = max(1, min(engine.concurrency, len(todo)))
    if workers == 1:
        for index in todo:
            results[index] = _run_item(engine, segmentation, segmentation.items[index])
            if progress is not None:
                progress(results[index])  # type: ignore[arg-type]
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="summarise") as pool:
            futures = {
                pool.submit(_run_item, engine, segmentation, segmentation.items[i]): i for i in todo
            }
            for future in as_completed(futures):
                index = futures[future]
                results[index] = future.result()  # _run_item never raises
                if progress is not None:
                    progress(results[index])  # type: ignore[arg-type]
    items = [r for r in results if r is not None]

    overview_usage = Usage()
    overview_status = "ok"
    overview_error = None
    try:
        overview, overview_usage = engine.summarise_meeting(document, items)
    except Exception as exc:  # the items stand even when the overview fails
        overview = []
        overview_status = "failed"
        overview_error = describe(exc)
        overview_usage = getattr(exc, "usage", None) or Usage()

    usage = Usage()
    for item in items:
        usage = usage.add(item.usage)
    usage = usage.add(overview_usage)
    provenance = Provenance(
        engine=engine.name,
        model=engine.model,
        prompt_id=fixed.get("prompt_id"),
        prompt_version=fixed.get("prompt_version"),
        prompt_hash=fixed.get("prompt_hash"),
        params=params,
        prompts=fixed.get("prompts", {}),
        source_path=document.path,
        source_sha256=document.sha256,
        created_at=created_at or run_started(),
        duration_s=round(time.monotonic() - started, 3),
        usage=usage,
        run_id=getattr(engine, "run_id", None),
    )
    summary = MeetingSummary(
        meeting=meeting_info(segmentation),
        overview=overview,
        overview_status=overview_status,  # type: ignore[arg-type]
        overview_error=overview_error,
        items=items,
        provenance=provenance,
    )
    if reusable is not None and previous is not None:
        summary.review = previous.review  # an editor's approval survives a retry
    return summary


def _merged_info(current: MeetingInfo, previous: MeetingInfo) -> MeetingInfo:
    """``previous`` with what this run states anew (e.g. a video link given later).

    Facts this run does not state are kept: other stages (the weekly job's council name,
    an earlier ``--video-url``) may have added them to the stored summary.
    """
    stated = {k: v for k, v in current.model_dump().items() if v not in (None, "", "unknown")}
    return previous.model_copy(update=stated)


def meeting_info(segmentation: Segmentation) -> MeetingInfo:
    """What the document says about its meeting, for pages and digests."""
    meta = segmentation.document.metadata
    return MeetingInfo(
        council=meta.council,
        body=meta.body,
        date=meta.date,
        time=meta.time,
        venue=meta.venue,
        title=meta.title,
        kind=meta.kind,
        source_url=meta.urls.get("source"),
        video_url=meta.urls.get("video"),
        page_url=meta.urls.get("page"),
    )


def describe(exc: BaseException) -> str:
    """One line naming the failure: ``"truncated: answer truncated at ..."``."""
    kind = getattr(exc, "kind", None) or type(exc).__name__
    message = " ".join(str(exc).split()) or type(exc).__name__
    return f"{kind}: {message}"[:500]


def failed(summary: MeetingSummary) -> list[ItemSummary]:
    """Items that failed (the overview's failure is reported separately)."""
    return [item for item in summary.items if item.status == "failed"]


def _run_item(engine: Engine, segmentation: Segmentation, item: AgendaItem) -> ItemSummary:
    started = time.monotonic()
    try:
        result = engine.summarise_item(segmentation.document, item)
    except Exception as exc:  # contained: one item's failure never sinks the meeting
        result = base_item(item)
        result.status = "failed"
        result.error = describe(exc)
        result.usage = getattr(exc, "usage", None) or Usage()
    result.duration_s = round(time.monotonic() - started, 3)
    result.unreadable_pages = unreadable_pages_of(segmentation, item)
    return result


def _key(item: AgendaItem | ItemSummary) -> tuple[str, int, int]:
    return (item.number, item.start, item.end)


def _reusable(
    previous: MeetingSummary | None,
    segmentation: Segmentation,
    engine: Engine,
    fixed: dict,
    params: dict,
) -> dict[tuple[str, int, int], ItemSummary] | None:
    """Items of ``previous`` that this run would produce identically, or ``None``."""
    if previous is None:
        return None
    p = previous.provenance
    same = (
        p.source_sha256 == segmentation.document.sha256
        and p.engine == engine.name
        and p.model == engine.model
        and p.prompt_id == fixed.get("prompt_id")
        and p.prompt_version == fixed.get("prompt_version")
        and p.prompt_hash == fixed.get("prompt_hash")
        and p.prompts == fixed.get("prompts", {})
        and p.params == params
    )
    if not same:
        return None
    wanted = {_key(item) for item in segmentation.items}
    return {
        _key(item): item
        for item in previous.items
        if item.status in ("ok", "skipped") and _key(item) in wanted
    }
