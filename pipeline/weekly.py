"""The weekly job: ingest -> segment -> summarise -> evals -> render -> digest.

One council, one ISO week. The sources folder's manifest (:mod:`pipeline.sources`) says
which meeting each file records, so only new or changed files are read to pick the
week's documents. Each meeting is then one independent, idempotent task
(:func:`pipeline.job.run_meeting`) that passes the :class:`~pipeline.models.Document`,
its segmentation and its summary from stage to stage in memory; the tasks run on an
executor (:mod:`pipeline.executors`: this process, every core, or a Dask cluster) and
their results come back in the week's order, so the output is the same however many
workers ran them. Then the site is rendered and the digest sent, once, last.

Every stage is idempotent: finished summaries are reused, evals are skipped when the
summary text they checked is unchanged (``evals.stamp``), pages are rewritten only when
their bytes change, and the send log never sends an email twice. A meeting whose files,
settings and code are as a run left them is not even opened again (the manifest's
record of finished meetings), so a re-run does no new work and little reading.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from pipeline.config import Settings
from pipeline.errors import InputError, PipelineError
from pipeline.executors import Executor, default_workers, open_executor
from pipeline.fileio import write_atomic
from pipeline.job import (
    EvalsCounts,
    JobSettings,
    MeetingResult,
    MeetingTask,
    evals_available,
    run_meeting,
)
from pipeline.models import Document
from pipeline.render.catalog import parse_date, parse_week, week_label
from pipeline.sources import (
    HEAD_CHARS,
    MANIFEST_NAME,
    Manifest,
    SourceFacts,
    code_fingerprint,
    read_source,
    task_key,
)
from pipeline.store import EVALS_HTML, EVALS_JSON, EVALS_STAMP, PathsSettings, record_rank
from pipeline.text import slugify

DOCUMENT_SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md", ".vtt", ".srt", ".json"}


class WeeklySettings(BaseModel):
    """The ``[weekly]`` config section."""

    # Folder of meeting documents the job reads.
    sources: str = "samples"
    # Also read documents in subfolders.
    recursive: bool = False
    # Where meeting tasks run: "local" (this process), "processes" (a pool on this
    # machine) or "dask" (Dask distributed: a local cluster, or `scheduler`).
    executor: Literal["local", "processes", "dask"] = "processes"
    # Workers (processes; Dask: local cluster size); 0 = the number of cores.
    workers: int = Field(default=0, ge=0)
    # Dask scheduler address ("tcp://host:8786"); unset = a local cluster.
    scheduler: str | None = None
    # Remember each source file's meeting (and finished meetings) in [paths] cache.
    manifest: bool = True


@dataclass
class WeeklyResult:
    """Where everything went, for the job's report."""

    council: str
    week: str
    documents: list[str] = field(default_factory=list)
    skipped_documents: dict[str, str] = field(default_factory=dict)
    summaries: list[str] = field(default_factory=list)
    summaries_written: int = 0
    evals_run: int = 0
    evals_flagged: dict[str, int] = field(default_factory=dict)
    evals_note: str | None = None
    site: str | None = None
    pages: dict[str, str] = field(default_factory=dict)
    pages_written: int = 0
    week_page: str | None = None
    feed: str | None = None
    emails: dict[str, str] = field(default_factory=dict)
    emails_already_sent: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items()} | {"ok": self.ok}


# --- choosing the week's documents ------------------------------------------------------


def council_name_in(document: Document, council: str) -> str | None:
    """The council's full name as the document prints it, if it names ``council``."""
    return council_named(document.metadata.council, document.text[:HEAD_CHARS], council)


def council_named(stated: str | None, head: str | None, council: str) -> str | None:
    """``council``'s full name from a document that states ``stated`` as its council, or,
    stating none, names it in ``head`` (its first characters); ``None`` otherwise."""
    wanted = slugify(council)
    if stated:
        have = slugify(stated)
        return stated if have == wanted or have.startswith(wanted + "-") else None
    words = re.escape(council.strip()).replace(r"\ ", r"\s+")
    pattern = rf"\b{words}(?:\s+(?:Borough|District|County|City|Town|Parish|Metropolitan))*"
    match = re.search(pattern + r"(?:\s+Council)?\b", head or "", flags=re.IGNORECASE)
    if not match:
        return None
    found = " ".join(match.group(0).split())
    return found.title() if found.isupper() or found.islower() else found


def source_files(sources: Path, *, recursive: bool = False) -> list[Path]:
    """The meeting documents in ``sources`` (by suffix; hidden files left out), sorted."""
    if not sources.is_dir():
        raise InputError(sources, "no such folder of source documents")
    found = sources.rglob("*") if recursive else sources.iterdir()
    return sorted(
        p
        for p in found
        if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith(".")
    )


def in_week(facts: SourceFacts, council: str, week: str) -> str | None:
    """The council's name as the document gives it, when it records ``council``'s meeting
    in ``week``; else ``None``."""
    if facts.error is not None:
        return None
    day = parse_date(facts.date)
    if day is None or week_label(day) != week:
        return None
    return council_named(facts.council, facts.head, council)


def scan_source(
    path: str, slots: AbstractContextManager | None = None, *, council: str, week: str
) -> tuple[str, SourceFacts, Document | None]:
    """A task: read one source file; the document comes back only if it is in the week."""
    digest, facts, document = read_source(path)
    if document is not None and in_week(facts, council, week) is None:
        document = None  # not this week's: no need to send it back
    return digest, facts, document


@dataclass
class Picked:
    """One meeting's document, chosen for the week."""

    task: MeetingTask
    digest: str


def pick_documents(
    sources: Path,
    council: str,
    week: str,
    result: WeeklyResult,
    *,
    recursive: bool = False,
    manifest: Manifest | None = None,
    run: Callable[[Callable, Sequence[Any]], list[Any]] | None = None,
) -> list[Picked]:
    """The documents of ``council``'s meetings in ``week``, one per meeting (its best
    record). Files the manifest knows are not read; the others are read (by ``run``, on
    the job's executor) once, and a chosen one's document travels with its task."""
    manifest = manifest or Manifest(None)
    files = source_files(sources, recursive=recursive)
    known = {path: manifest.known(path) for path in files}
    unknown = [str(path) for path in files if known[path] is None]
    scan = partial(scan_source, council=council, week=week)
    read = (run or _run_here)(scan, unknown)
    documents: dict[Path, Document] = {}
    for path_text, (digest, facts, document) in zip(unknown, read, strict=True):
        path = Path(path_text)
        manifest.record(path, digest, facts)
        known[path] = (digest, facts)
        if document is not None:
            documents[path] = document

    candidates: dict[tuple[str, str], list[tuple[int, Path, str, str]]] = {}
    for path in files:
        digest, facts = known[path]  # type: ignore[misc]
        if facts.error is not None:
            result.skipped_documents[str(path)] = f"unreadable: {facts.error}"
            continue
        name = in_week(facts, council, week)
        if name is None:
            continue
        day = parse_date(facts.date)
        assert day is not None
        # The summary store's folder of the meeting (pipeline.store.meeting_dir): two
        # documents that would share a folder are one meeting, whose best record is kept.
        key = (slugify(facts.body or facts.council or path.stem), day.isoformat())
        candidates.setdefault(key, []).append((record_rank(facts.kind), path, name, digest))
    # Documents name their council more or less fully ("Northbridge", "Northbridge Borough
    # Council"): use the fullest name any of them gives, so all meetings land together.
    names = [name for group in candidates.values() for _, _, name, _ in group]
    fullest = max(names, key=len, default=council)
    chosen: list[Picked] = []
    for key in sorted(candidates):
        ranked = sorted(candidates[key], key=lambda c: (c[0], str(c[1])))
        _, path, name, digest = ranked[0]
        recorded = fullest if slugify(fullest).startswith(slugify(name)) else name
        task = MeetingTask(source=str(path), council=recorded, document=documents.get(path))
        chosen.append(Picked(task=task, digest=digest))
        for _, other, _, _ in ranked[1:]:
            result.skipped_documents[str(other)] = f"same meeting as {path.name}"
    return chosen


def fetched_task(path: Path, council_name: str) -> Picked:
    """A fetched meeting document as a task of the week (it is read by the task)."""
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return Picked(task=MeetingTask(source=str(path), council=council_name), digest=digest)


def check_council(council: str, manifest: Manifest, summaries: Path) -> None:
    """Fail (one line, exit 2) when no source document, in any week, and no stored summary
    names ``council``: a mistyped council, not a quiet week. The nearest known councils are
    suggested. Silent while the sources name no council to compare with."""
    from pipeline.render.catalog import load_catalog, resolve_council

    facts = [f for f in manifest.all_facts() if f.error is None]
    if not facts or any(council_named(f.council, f.head, council) for f in facts):
        return
    known = {f.council for f in facts if f.council}
    known |= {s.council for s in load_catalog(summaries)}
    resolve_council(council, known)


def _run_here(fn: Callable, items: Sequence[Any]) -> list[Any]:
    return [fn(item, None) for item in items]


# --- the job ----------------------------------------------------------------------------


def run_weekly(
    settings: Settings,
    *,
    council: str,
    week: str,
    sources: str | None = None,
    send: bool = True,
    progress: bool = False,
    echo: Callable[[str], None] = print,
    workers: int | None = None,
    executor: str | None = None,
    fetch: bool = False,
) -> WeeklyResult:
    """Run every stage for ``council`` and ``week``; returns where everything went.

    ``workers`` and ``executor`` override ``[weekly] workers`` and ``executor``; with
    ``fetch`` the week is first fetched from the council's site (:mod:`pipeline.fetch`).
    """
    from pipeline.digest import DigestSettings, connect, prepare_configured_digest, run_digest
    from pipeline.digest.lock import run_lock
    from pipeline.limits import skipped_problems
    from pipeline.render import RenderSettings, ReviewSettings
    from pipeline.search import sync_index

    try:
        parse_week(week)
    except ValueError as exc:
        raise PipelineError(f"--week: {exc}") from None
    config = settings.section("weekly", WeeklySettings)
    paths = settings.section("paths", PathsSettings)
    render_cfg = settings.section("render", RenderSettings)
    review_cfg = settings.section("review", ReviewSettings)
    digest_cfg = settings.section("digest", DigestSettings)
    summaries = Path(paths.summaries)
    result = WeeklyResult(council=council, week=week)
    job = JobSettings.from_settings(settings)
    manifest = Manifest(Path(paths.cache) / MANIFEST_NAME if config.manifest else None)
    pool = _Pool(
        executor or config.executor,
        workers or config.workers or default_workers(),
        slots=getattr(job.llm, "concurrency", 1),
        scheduler=config.scheduler,
    )

    # One weekly run per (council, week) at a time (the send step has its own lock too).
    with run_lock(digest_cfg, "weekly", council, week), _Progress(progress, echo) as bar, pool:
        bar.stage("ingest")
        fetched = None
        if fetch:  # the council's site -> the sources store: one document per meeting
            from pipeline.fetch import fetch_week

            fetched = fetch_week(settings, council, week, echo=echo)
            result.problems += fetched.problems
            picked = [fetched_task(path, name) for path, name in fetched.chosen]
        else:
            picked = pick_documents(
                Path(sources or config.sources),
                council,
                week,
                result,
                recursive=config.recursive,
                manifest=manifest,
                run=pool.run,
            )
            result.problems += skipped_problems(result.skipped_documents)
            if not picked:
                check_council(council, manifest, summaries)
        result.documents = [p.task.source for p in picked]
        echo(f"documents: {len(picked)} for {council} in {week}")
        for path in result.documents:
            echo(f"  {path}")

        bar.stage("segment + summarise + evals")
        outcomes = run_meetings(picked, job, manifest, pool.run)
        manifest.save()
        record_meetings(result, outcomes, echo)
        if fetched is not None:  # "View on council website" and the source link
            from pipeline.fetch import record_links

            for outcome in outcomes:
                record_links(Path(outcome.summary), fetched.links.get(outcome.source))

        bar.stage("render")
        # The week's documents read while picking them: the source pages and the search
        # index take them from here instead of reading the files again.
        documents = {
            Path(p.task.source).resolve(): p.task.document
            for p in picked
            if p.task.document is not None
        }
        out = Path(render_cfg.out_dir)
        site = render_site(
            summaries,
            out,
            render_cfg,
            review_cfg.publish,
            record=Path(paths.cache) / SITE_RECORD if config.manifest else None,
            documents=documents,
            run=pool.run if pool.started else None,  # no pool started for pages alone
        )
        pool.close()  # the workers' part is over: the index, digest and send happen here
        sync_index(summaries, settings, dict(documents))  # search hook: pipeline/search
        result.site = str(out / "index.html")
        result.pages_written = len(site.written)
        for target in result.summaries:
            page = site.meetings.get(target)
            if page:
                result.pages[target] = str(out / page)
        name = next((n for n in site.councils if slugify(n).startswith(slugify(council))), None)
        if name is not None:
            week_page = site.weeks.get((name, week))
            result.week_page = str(out / week_page) if week_page else None
            result.feed = str(out / site.feeds[name])
        echo(f"site: {result.site} ({len(site.written)} files written, {site.unchanged} unchanged)")
        for page in result.pages.values():
            echo(f"  page {page}")
        unpublished = [t for t in result.summaries if t not in result.pages]
        for target in unpublished:
            echo(f"  not published ({review_cfg.publish}): {target} (see `run.py review`)")
        if result.week_page:
            echo(f"  week {result.week_page}")

        bar.stage("digest")
        conn = connect(digest_cfg.database)
        with conn:
            run = prepare_configured_digest(
                summaries, council, week, conn, digest_cfg, review_cfg, render_cfg
            )
            if send:
                report = run_digest(run, conn, digest_cfg)
                result.emails = dict(report.locations)
                result.emails_already_sent = len(report.already_sent)
                result.problems += [f"email to {a} failed: {r}" for a, r in report.failed.items()]
                result.problems += [
                    f"email to {a} unconfirmed: {r}" for a, r in report.unconfirmed.items()
                ]
        conn.close()
        echo(
            f"digest {run.digest.digest_id}: {len(run.digest.meetings)} meetings, "
            f"{len(run.emails)} emails"
            + (
                f", {len(result.emails)} sent, {result.emails_already_sent} already sent"
                if send
                else " (not sent: --no-send)"
            )
        )
        for address, location in result.emails.items():
            echo(f"  email {address}: {location}")
    for problem in result.problems:
        echo(f"problem: {problem}")
    return result


SITE_RECORD = "site.json"


def render_site(
    summaries: Path,
    out: Path,
    settings: Any,
    policy: str,
    *,
    record: Path | None = None,
    documents: dict[Path, Document] | None = None,
    run: Callable[[Callable, Sequence[Any]], list[Any]] | None = None,
) -> Any:
    """The site rendered from ``summaries`` (:func:`pipeline.render.build_site`), unless
    nothing it is made from changed since the render ``record`` describes: the same
    summaries and evals files, settings, templates and code, and every file it wrote still
    as it was. Then the record stands for the render (nothing would be written).
    ``run`` maps the meeting pages over the job's workers."""
    from pipeline.render import build_site, load_catalog
    from pipeline.render.site import SiteReport
    from pipeline.store import find_summaries

    inputs: dict[str, list[int] | None] = {}
    for path in find_summaries(summaries):
        for name in (path.name, EVALS_JSON, EVALS_HTML):
            inputs[str(path.parent / name)] = _stamp(path.parent / name)
    key = task_key(
        {
            "inputs": inputs,
            "out": str(out.resolve()),
            "settings": settings.model_dump(mode="json"),
            "policy": policy,
            "code": code_fingerprint("pipeline/render", "pipeline/templates"),
        }
    )
    if record is not None and record.is_file():
        try:
            saved = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        files = saved.get("files", {})
        if saved.get("key") == key and all(_stamp(out / f) == v for f, v in files.items()):
            return SiteReport(
                out_dir=out,
                unchanged=len(files),
                meetings=saved["meetings"],
                councils=saved["councils"],
                weeks={(c, w): page for c, w, page in saved["weeks"]},
                feeds=saved["feeds"],
                skipped=saved["skipped"],
            )
    site = build_site(load_catalog(summaries), out, settings, policy, documents, run)
    if record is not None:
        files = {
            str(p.relative_to(out)): _stamp(p)
            for p in out.rglob("*")
            if p.is_file() and not p.name.startswith(".")
        }
        saved = {
            "key": key,
            "files": files,
            "meetings": site.meetings,
            "councils": site.councils,
            "weeks": [[c, w, page] for (c, w), page in site.weeks.items()],
            "feeds": site.feeds,
            "skipped": site.skipped,
        }
        with contextlib.suppress(OSError):  # a cache: the next run renders again
            write_atomic(record, json.dumps(saved))
    return site


def _stamp(path: Path) -> list[int] | None:
    """``[size, mtime_ns]`` of a file, ``None`` when it is missing."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def run_meetings(
    picked: list[Picked],
    job: JobSettings,
    manifest: Manifest,
    run: Callable[[Callable, Sequence[Any]], list[Any]],
) -> list[MeetingResult]:
    """Every picked meeting brought up to date, in the week's order. Meetings a run
    finished with the same files, settings and code are not opened again."""
    base = job_fingerprint(job)
    keys = [task_key([base, p.task.source, p.task.council]) for p in picked]
    outcomes: list[MeetingResult | None] = []
    todo: list[int] = []
    for index, (p, key) in enumerate(zip(picked, keys, strict=True)):
        done = manifest.finished(p.digest, key)
        if done is None:
            outcomes.append(None)
            todo.append(index)
            continue
        counts = EvalsCounts.model_validate(done.evals) if done.evals else None
        outcomes.append(
            MeetingResult(source=p.task.source, summary=done.summary, written=False, evals=counts)
        )
    ran = run(partial(meeting_task, job=job), [picked[i].task for i in todo])
    for index, outcome in zip(todo, ran, strict=True):
        outcomes[index] = outcome
        p = picked[index]
        if outcome.failed or outcome.overview_failed:
            manifest.forget(p.digest)  # failed items are retried next run
            continue
        folder = Path(outcome.summary).parent
        files = [Path(outcome.summary)]
        if outcome.evals is not None:
            files += [folder / EVALS_JSON, folder / EVALS_HTML, folder / EVALS_STAMP]
        evals = outcome.evals.model_dump() if outcome.evals else None
        manifest.finish(p.digest, keys[index], outcome.summary, files, evals)
    return [o for o in outcomes if o is not None]


def meeting_task(
    task: MeetingTask, slots: AbstractContextManager | None = None, *, job: JobSettings
) -> MeetingResult:
    """The executor's task: :func:`pipeline.job.run_meeting` with the run's LLM slots."""
    return run_meeting(task, job, slots)


def job_fingerprint(job: JobSettings) -> str:
    """What a meeting's result depends on besides its document: settings and code."""
    settings = job.settings
    return task_key(
        {
            "engine": job.engine,
            "llm": job.llm.model_dump(mode="json") if job.llm is not None else None,
            "summarise": job.summarise.model_dump(mode="json"),
            "segment": job.segment.model_dump(mode="json"),
            "summaries": str(Path(job.paths.summaries).resolve()),
            "evals": settings.raw("evals") if job.evals and evals_available() else None,
            "code": code_fingerprint("pipeline", "prompts"),
        }
    )


class _Pool:
    """The job's executor, started only when there is work for more than one worker."""

    def __init__(self, kind: str, workers: int, *, slots: int, scheduler: str | None) -> None:
        self.kind = kind
        self.workers = workers
        self.slots = slots
        self.scheduler = scheduler
        self._stack = ExitStack()
        self._executor: Executor | None = None
        self._here = threading.BoundedSemaphore(max(1, slots))

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def started(self) -> bool:
        """True once the executor runs (there was work for more than one worker)."""
        return self._executor is not None

    def close(self) -> None:
        self._stack.close()
        self._executor = None

    def run(self, fn: Callable, items: Sequence[Any]) -> list[Any]:
        """``[fn(item, slots) for item in items]`` on the executor; here, in order, for the
        local executor, or while one task would not pay for starting a pool."""
        if not items:
            return []
        if self._executor is None:
            here = self.kind == "local" or (
                self.kind == "processes" and (len(items) == 1 or self.workers == 1)
            )
            if here:
                return [fn(item, self._here) for item in items]
            self._executor = self._stack.enter_context(
                open_executor(
                    self.kind,  # type: ignore[arg-type]
                    workers=self.workers,
                    slots=self.slots,
                    scheduler=self.scheduler,
                )
            )
        return self._executor.map(fn, items)


def record_meetings(
    result: WeeklyResult, outcomes: list[MeetingResult], echo: Callable[[str], None]
) -> None:
    """Fold the meeting tasks' results (in the week's order) into the job's report."""
    for outcome in outcomes:
        result.summaries.append(outcome.summary)
        result.summaries_written += outcome.written
        if outcome.failed:
            result.problems.append(
                f"{outcome.source}: items {', '.join(outcome.failed)} failed to summarise"
            )
    echo(f"summaries: {len(result.summaries)} ({result.summaries_written} new or changed)")
    if not evals_available():
        result.evals_note = "evals stage not installed: drafts cannot pass the evals gate"
        echo(f"evals: {result.evals_note}")
        return
    for outcome in outcomes:
        counts = outcome.evals
        if counts is None:
            continue
        result.evals_run += outcome.evals_run
        result.evals_flagged[outcome.summary] = counts.flagged + counts.quotes_missing
        echo(
            f"  evals {Path(outcome.summary).parent / EVALS_HTML}: {counts.checked} checked, "
            f"{counts.flagged} flagged, {counts.quotes_missing} quotes not found"
        )


class _Progress:
    """A rich progress bar over the stages on a TTY; nothing otherwise."""

    STAGES = 4

    def __init__(self, enabled: bool, echo: Callable[[str], None]) -> None:
        self.enabled = enabled
        self._progress = None
        self._task = None
        self._started = 0

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import BarColumn, Progress, TextColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} stages"),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("weekly", total=self.STAGES)
        return self

    def stage(self, name: str) -> None:
        if self._progress is not None:
            done = self._started
            self._started += 1
            self._progress.update(self._task, completed=done, description=f"weekly: {name}")

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
