"""The weekly job: ingest -> segment -> summarise -> evals -> render -> digest.

One council, one ISO week. Each stage is driven through its public contract: documents are
read in-process to pick the week's meetings; ``summarise`` and ``evals check`` run as
``run.py`` subprocesses (their CLI contracts), so this module depends on nothing private of
theirs; render and digest run in-process. Every stage is idempotent: the summariser reuses
finished summaries, evals are skipped when the summary text they checked is unchanged
(``evals.stamp``), pages are rewritten only when their bytes change, and the send log
never sends an email twice. A second run therefore does no new work.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field

from pipeline.config import Settings
from pipeline.errors import InputError, PipelineError
from pipeline.fileio import write_atomic
from pipeline.limits import InputLimits, configured_limits, describe_failure, skipped_problems
from pipeline.models import Document
from pipeline.render.catalog import (
    EVALS_HTML,
    EVALS_JSON,
    EvalsSummary,
    load_summary,
    parse_date,
    parse_week,
    read_evals,
    slugify,
    week_label,
)

EVALS_STAMP = "evals.stamp"
DOCUMENT_SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md", ".vtt", ".srt", ".json"}
# One document per meeting: the minutes record what happened, an agenda pack what was planned.
KIND_PRIORITY = ["minutes", "decision", "agenda_pack", "agenda", "agenda_item", "transcript"]


class WeeklySettings(BaseModel):
    """The ``[weekly]`` config section."""

    # Folder of meeting documents the job reads.
    sources: str = "samples"
    # Also read documents in subfolders.
    recursive: bool = False
    # Seconds allowed for each summarise / evals subprocess.
    stage_timeout_s: float = Field(default=1800.0, gt=0)


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


def _cli(args: list[str], settings: Settings, timeout: float) -> subprocess.CompletedProcess:
    """Run ``run.py ARGS`` with the same config files, capturing output."""
    command = [sys.executable, "-c", "from pipeline.cli import main; main()"]
    user_files = [s for s in settings.sources[1:] if s not in ("environment", "flags")]
    if user_files:
        command += ["--config", user_files[-1]]
    try:
        return subprocess.run(
            command + args, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise PipelineError(f"{args[0]} took longer than {timeout:.0f}s") from None


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def evals_installed() -> bool:
    """Is the evals stage part of this build?"""
    return _installed("pipeline.commands.evals")


# --- choosing the week's documents ------------------------------------------------------


def council_name_in(document: Document, council: str) -> str | None:
    """The council's full name as the document prints it, if it names ``council``."""
    stated = document.metadata.council
    wanted = slugify(council)
    if stated:
        have = slugify(stated)
        return stated if have == wanted or have.startswith(wanted + "-") else None
    head = document.text[:4000]
    words = re.escape(council.strip()).replace(r"\ ", r"\s+")
    pattern = rf"\b{words}(?:\s+(?:Borough|District|County|City|Town|Parish|Metropolitan))*"
    match = re.search(pattern + r"(?:\s+Council)?\b", head, flags=re.IGNORECASE)
    if not match:
        return None
    found = " ".join(match.group(0).split())
    return found.title() if found.isupper() or found.islower() else found


def pick_documents(
    sources: Path,
    council: str,
    week: str,
    result: WeeklyResult,
    *,
    recursive: bool = False,
    limits: InputLimits | None = None,
) -> list[tuple[Path, str]]:
    """The documents of ``council``'s meetings in ``week``: one (path, council name) each."""
    from pipeline.ingest import load_document

    if not sources.is_dir():
        raise InputError(sources, "no such folder of source documents")
    candidates: dict[tuple[str, str], list[tuple[int, Path, str]]] = {}
    found = sources.rglob("*") if recursive else sources.iterdir()
    for path in sorted(p for p in found if p.is_file()):
        if path.suffix.lower() not in DOCUMENT_SUFFIXES or path.name.startswith("."):
            continue
        try:
            document = load_document(path, limits)
        except Exception as exc:  # one bad file never stops the week: skipped, reported
            result.skipped_documents[str(path)] = f"unreadable: {describe_failure(exc)}"
            continue
        meta = document.metadata
        day = parse_date(meta.date)
        if day is None or week_label(day) != week:
            continue
        name = council_name_in(document, council)
        if name is None:
            continue
        rank = KIND_PRIORITY.index(meta.kind) if meta.kind in KIND_PRIORITY else 99
        key = (slugify(meta.body or path.stem), day.isoformat())
        candidates.setdefault(key, []).append((rank, path, name))
    # Documents name their council more or less fully ("Northbridge", "Northbridge Borough
    # Council"): use the fullest name any of them gives, so all meetings land together.
    names = [name for group in candidates.values() for _, _, name in group]
    fullest = max(names, key=len, default=council)
    chosen: list[tuple[Path, str]] = []
    for key in sorted(candidates):
        ranked = sorted(candidates[key], key=lambda c: (c[0], str(c[1])))
        name = ranked[0][2]
        chosen.append(
            (ranked[0][1], fullest if slugify(fullest).startswith(slugify(name)) else name)
        )
        for _, other, _ in ranked[1:]:
            result.skipped_documents[str(other)] = f"same meeting as {ranked[0][1].name}"
    return chosen


# --- stages -----------------------------------------------------------------------------


def summarise_documents(
    paths: list[Path], out: Path, settings: Settings, timeout: float
) -> tuple[list[dict], list[str]]:
    """``run.py summarise --json --out OUT PATHS``: its per-document reports, and problems."""
    if not paths:
        return [], []
    proc = _cli(["summarise", "--json", "--out", str(out), *map(str, paths)], settings, timeout)
    if proc.returncode == 2 or not proc.stdout.strip():
        message = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise PipelineError(f"summarise failed: {message}")
    try:
        reports = json.loads(proc.stdout)["summaries"]
    except (ValueError, KeyError, TypeError):
        raise PipelineError("summarise printed something other than its JSON report") from None
    problems = [
        f"{r['source']}: items {', '.join(r['failed'])} failed to summarise"
        for r in reports
        if r.get("failed")
    ]
    return reports, problems


def set_council(summary_path: Path, council: str) -> None:
    """Record the council on a summary whose source did not state it."""
    summary = load_summary(summary_path)
    if summary.meeting.council:
        return
    summary.meeting.council = council
    from pipeline.review import save

    save(summary_path, summary)


def evals_stamp(summary_path: Path) -> str:
    """A hash of what evals check: the summary's text and the source it rests on."""
    summary = load_summary(summary_path)
    checked = summary.model_dump(mode="json", include={"overview", "items"})
    key = json.dumps([summary.provenance.source_sha256, checked], sort_keys=True)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def evals_up_to_date(summary_path: Path) -> bool:
    """Did evals already check exactly this summary text against this source?"""
    folder = summary_path.parent
    stamp_file = folder / EVALS_STAMP
    if not stamp_file.is_file() or read_evals(folder / EVALS_JSON) is None:
        return False
    return stamp_file.read_text(encoding="utf-8").strip() == evals_stamp(summary_path)


def run_evals_for(
    summary_path: Path,
    *,
    settings: Settings | None = None,
    timeout: float = 1800.0,
    force: bool = True,
) -> EvalsSummary:
    """``evals check`` the summary against its source; writes evals.json/.html beside it."""
    from pipeline.config import load_settings

    settings = settings or load_settings()
    if not evals_installed():
        raise PipelineError("the evals stage is not installed in this build")
    folder = summary_path.parent
    stamp = evals_stamp(summary_path)
    stamp_file = folder / EVALS_STAMP
    current = read_evals(folder / EVALS_JSON)
    if not force and current is not None and evals_up_to_date(summary_path):
        return current
    summary = load_summary(summary_path)
    source = Path(summary.provenance.source_path)
    if not source.is_file():
        raise InputError(source, "source document of the summary is gone; cannot run evals")
    html_tmp = folder / f".{EVALS_HTML}.partial"
    proc = _cli(
        [
            "evals",
            "check",
            "--source",
            str(source),
            "--summary",
            str(summary_path),
            "--json",
            "--html",
            str(html_tmp),
        ],
        settings,
        timeout,
    )
    if proc.returncode not in (0, 1):
        html_tmp.unlink(missing_ok=True)
        message = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise PipelineError(f"evals failed on {summary_path}: {message}")
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        html_tmp.unlink(missing_ok=True)
        raise PipelineError(f"evals printed no JSON report for {summary_path}") from None
    write_atomic(folder / EVALS_JSON, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if html_tmp.is_file():
        os.replace(html_tmp, folder / EVALS_HTML)
    write_atomic(stamp_file, stamp + "\n")
    result = read_evals(folder / EVALS_JSON)
    if result is None:
        raise PipelineError(f"evals report for {summary_path} does not follow the contract")
    return result


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
    fetch: bool = False,
) -> WeeklyResult:
    """Run every stage for ``council`` and ``week``; returns where everything went."""
    from pipeline.commands.publish import PathsSettings
    from pipeline.digest import DigestSettings, connect, prepare_configured_digest, run_digest
    from pipeline.digest.lock import run_lock
    from pipeline.render import RenderSettings, ReviewSettings, build_site, load_catalog
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

    # One weekly run per (council, week) at a time (the send step has its own lock too).
    with run_lock(digest_cfg, "weekly", council, week), _Progress(progress, echo) as bar:
        bar.stage("ingest")
        fetched = None
        if fetch:  # the council's site -> the sources store: one document per meeting
            from pipeline.fetch import fetch_week, record_links

            fetched = fetch_week(settings, council, week, echo=echo)
            result.problems += fetched.problems
            chosen = fetched.chosen
        else:
            chosen = pick_documents(
                Path(sources or config.sources),
                council,
                week,
                result,
                recursive=config.recursive,
                limits=configured_limits(settings),
            )
            result.problems += skipped_problems(result.skipped_documents)
        result.documents = [str(p) for p, _ in chosen]
        echo(f"documents: {len(chosen)} for {council} in {week}")
        for path in result.documents:
            echo(f"  {path}")

        bar.stage("segment + summarise")
        if _installed("pipeline.commands.summarise"):
            reports, problems = summarise_documents(
                [p for p, _ in chosen], summaries, settings, config.stage_timeout_s
            )
            result.problems += problems
            by_source = {r["source"]: r for r in reports}
            for path, name in chosen:
                report = by_source.get(str(path))
                if report is None:
                    continue
                target = Path(report["summary"])
                set_council(target, name)
                if fetched is not None:  # "View on council website" and the source link
                    record_links(target, fetched.links.get(str(path)))
                result.summaries.append(str(target))
                result.summaries_written += bool(report.get("written"))
        else:
            result.problems.append("the summarise stage is not installed in this build")
        echo(f"summaries: {len(result.summaries)} ({result.summaries_written} new or changed)")

        bar.stage("evals")
        if evals_installed():
            for target in map(Path, result.summaries):
                result.evals_run += not evals_up_to_date(target)
                counts = run_evals_for(
                    target, settings=settings, timeout=config.stage_timeout_s, force=False
                )
                result.evals_flagged[str(target)] = counts.flagged + counts.quotes_missing
                echo(
                    f"  evals {target.parent / EVALS_HTML}: {counts.checked} checked, "
                    f"{counts.flagged} flagged, {counts.quotes_missing} quotes not found"
                )
        else:
            result.evals_note = "evals stage not installed: drafts cannot pass the evals gate"
            echo(f"evals: {result.evals_note}")

        bar.stage("render")
        out = Path(render_cfg.out_dir)
        site = build_site(load_catalog(summaries), out, render_cfg, review_cfg.publish)
        sync_index(summaries, settings)  # search hook: pipeline/search
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


class _Progress:
    """A rich progress bar over the stages on a TTY; nothing otherwise."""

    STAGES = 5

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
