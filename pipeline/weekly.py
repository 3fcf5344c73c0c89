"""The weekly job: ingest -> segment -> summarise -> evals -> render -> digest.

One council, one ISO week, in one process: the week's documents are read once, and each
meeting is one task (:func:`pipeline.job.run_meeting`) that passes the
:class:`~pipeline.models.Document`, its segmentation and its summary from stage to stage
in memory. Then the site is rendered and the digest sent, once, last. Every stage is
idempotent: finished summaries are reused, evals are skipped when the summary text they
checked is unchanged (``evals.stamp``), pages are rewritten only when their bytes change,
and the send log never sends an email twice. A second run therefore does no new work.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from pipeline.config import Settings
from pipeline.errors import InputError, PipelineError
from pipeline.job import JobSettings, MeetingResult, MeetingTask, evals_available, run_meeting
from pipeline.models import Document
from pipeline.render.catalog import parse_date, parse_week, week_label
from pipeline.store import EVALS_HTML, PathsSettings, record_rank
from pipeline.text import slugify

DOCUMENT_SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md", ".vtt", ".srt", ".json"}


class WeeklySettings(BaseModel):
    """The ``[weekly]`` config section."""

    # Folder of meeting documents the job reads.
    sources: str = "samples"
    # Also read documents in subfolders.
    recursive: bool = False


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


HEAD_CHARS = 4000


def council_named(stated: str | None, head: str, council: str) -> str | None:
    """``council``'s full name from a document that states ``stated`` as its council, or,
    stating none, names it in ``head`` (its first characters); ``None`` otherwise."""
    wanted = slugify(council)
    if stated:
        have = slugify(stated)
        return stated if have == wanted or have.startswith(wanted + "-") else None
    words = re.escape(council.strip()).replace(r"\ ", r"\s+")
    pattern = rf"\b{words}(?:\s+(?:Borough|District|County|City|Town|Parish|Metropolitan))*"
    match = re.search(pattern + r"(?:\s+Council)?\b", head, flags=re.IGNORECASE)
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


def pick_documents(
    sources: Path, council: str, week: str, result: WeeklyResult, *, recursive: bool = False
) -> list[MeetingTask]:
    """The documents of ``council``'s meetings in ``week``: one task per meeting, each
    carrying the document already read (it is not read again)."""
    from pipeline.ingest import load_document

    candidates: dict[tuple[str, str], list[tuple[int, Path, str, Document]]] = {}
    for path in source_files(sources, recursive=recursive):
        try:
            document = load_document(path)
        except PipelineError as exc:
            result.skipped_documents[str(path)] = f"unreadable: {exc}"
            continue
        meta = document.metadata
        day = parse_date(meta.date)
        if day is None or week_label(day) != week:
            continue
        name = council_name_in(document, council)
        if name is None:
            continue
        key = (slugify(meta.body or path.stem), day.isoformat())
        candidates.setdefault(key, []).append((record_rank(meta.kind), path, name, document))
    # Documents name their council more or less fully ("Northbridge", "Northbridge Borough
    # Council"): use the fullest name any of them gives, so all meetings land together.
    names = [name for group in candidates.values() for _, _, name, _ in group]
    fullest = max(names, key=len, default=council)
    chosen: list[MeetingTask] = []
    for key in sorted(candidates):
        ranked = sorted(candidates[key], key=lambda c: (c[0], str(c[1])))
        _, path, name, document = ranked[0]
        recorded = fullest if slugify(fullest).startswith(slugify(name)) else name
        chosen.append(MeetingTask(source=str(path), council=recorded, document=document))
        for _, other, _, _ in ranked[1:]:
            result.skipped_documents[str(other)] = f"same meeting as {path.name}"
    return chosen


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
) -> WeeklyResult:
    """Run every stage for ``council`` and ``week``; returns where everything went."""
    from pipeline.digest import DigestSettings, connect, prepare_configured_digest, run_digest
    from pipeline.render import RenderSettings, ReviewSettings, build_site, load_catalog

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

    with _Progress(progress, echo) as bar:
        bar.stage("ingest")
        tasks = pick_documents(
            Path(sources or config.sources), council, week, result, recursive=config.recursive
        )
        result.documents = [t.source for t in tasks]
        echo(f"documents: {len(tasks)} for {council} in {week}")
        for path in result.documents:
            echo(f"  {path}")

        bar.stage("segment + summarise + evals")
        outcomes = [run_meeting(task, job) for task in tasks]
        record_meetings(result, outcomes, echo)

        bar.stage("render")
        out = Path(render_cfg.out_dir)
        site = build_site(load_catalog(summaries), out, render_cfg, review_cfg.publish)
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
