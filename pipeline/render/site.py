"""Write the static site: meeting pages, council indexes, weekly pages and Atom feeds.

Layout under the output folder::

    index.html                                  councils
    <council>/index.html                        meetings by date, grouped by ISO week
    <council>/weeks/<YYYY-Www>.html             the weekly digest page
    <council>/feed.xml                          Atom feed
    <council>/<body>/<date>/index.html          meeting page
    <council>/<body>/<date>/summary.json        the data the page was made from
    <council>/<body>/<date>/evals.html|.json    the evals report, when there is one
    <council>/<body>/<date>/source.<ext>        the source document (when copied; an HTML
                                                source becomes a page of its text)
    <council>/<body>/<date>/text.html           the source text view the citations link to
    unsubscribe/index.html                      the page the emails' unsubscribe links open

Files are rewritten only when their bytes change, so a re-run does no new work; files a
previous run wrote that are no longer wanted (a summary rejected since) are removed, using
the ``.council-digest-manifest.json`` the run leaves behind.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from pipeline.errors import PipelineError
from pipeline.fileio import write_atomic
from pipeline.limits import read_regular_file
from pipeline.models import Document
from pipeline.render.catalog import PublishPolicy, StoredSummary, week_bounds
from pipeline.render.citations import TEXT_VIEW, segments
from pipeline.render.env import render, safe_url
from pipeline.render.views import MeetingView, meeting_folder, meeting_view
from pipeline.store import EVALS_JSON
from pipeline.text import slugify

# ``run(fn, items)``: ``[fn(item, slots) for item in items]`` on some executor.
MapTasks = Callable[[Callable[..., Any], Sequence[Any]], list[Any]]

MANIFEST = ".council-digest-manifest.json"
UNSUBSCRIBE_PAGE = "unsubscribe/index.html"
SOURCE_SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md", ".vtt", ".srt", ".json"}
HTML_SUFFIXES = {".html", ".htm"}


class RenderSettings(BaseModel):
    """The ``[render]`` config section."""

    out_dir: str = "site"
    site_title: str = "Council Digest"
    # Where the site is served (https://...). Feeds and emails need absolute links; without
    # it feed ids are stable URNs and links stay relative.
    base_url: str | None = None
    lang: str = "en-GB"
    # Also render summaries the public may not see yet (with a "Draft" notice): an editor
    # preview. Such pages are never listed in indexes, weekly pages or feeds.
    include_drafts: bool = False
    # Copy the source document next to the page when it has no source_url.
    copy_sources: bool = True
    feed_entries: int = Field(default=50, ge=1)


@dataclass
class SiteReport:
    """What a render produced (paths relative to ``out_dir``)."""

    out_dir: Path
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    meetings: dict[str, str] = field(default_factory=dict)  # summary.json -> page
    councils: dict[str, str] = field(default_factory=dict)  # council name -> index page
    weeks: dict[tuple[str, str], str] = field(default_factory=dict)  # (council, week) -> page
    feeds: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # summaries not public under the policy

    def to_json(self) -> dict:
        return {
            "out_dir": str(self.out_dir),
            "written": self.written,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "meetings": self.meetings,
            "councils": self.councils,
            "weeks": {f"{c} {w}": p for (c, w), p in self.weeks.items()},
            "feeds": self.feeds,
            "skipped": self.skipped,
        }


class _Writer:
    """Writes files under one folder only when their content changes."""

    def __init__(self, out_dir: Path, report: SiteReport) -> None:
        self.out_dir = out_dir
        self.report = report
        self.paths: set[str] = set()

    def write(self, rel: str, content: str | bytes) -> str:
        if rel in self.paths:
            raise AssertionError(f"{rel} written twice in one render")
        self.paths.add(rel)
        target = self.out_dir / rel
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.is_file() and target.read_bytes() == data:
            self.report.unchanged += 1
        else:
            write_atomic(target, data)
            self.report.written.append(rel)
        return rel


def meeting_page_html(
    view: MeetingView, settings: RenderSettings, *, public: bool = True, root: str = "../../../"
) -> str:
    """The HTML of one meeting page (``root``: relative path from the page to the site root)."""
    return render(
        "meeting.html",
        m=view,
        public=public,
        root=root,
        lang=settings.lang,
        site_title=settings.site_title,
    )


def build_site(
    catalog: list[StoredSummary],
    out_dir: Path,
    settings: RenderSettings,
    policy: PublishPolicy,
    documents: Mapping[Path, Document] | None = None,
    run: MapTasks | None = None,
) -> SiteReport:
    """Render every summary in ``catalog`` that the policy (or ``include_drafts``) allows.

    ``documents``: source documents the caller has read already (resolved path -> document),
    so a source page is not made by reading its file again. ``run(fn, items)``: maps
    ``fn(item, slots)`` over items on an executor (the weekly job's workers), for the
    meeting pages; they are made here, one after another, without it.
    """
    report = SiteReport(out_dir=out_dir)
    writer = _Writer(out_dir, report)
    public_by_council: dict[str, list[MeetingView]] = defaultdict(list)
    names: dict[str, str] = {}
    tasks: list[MeetingTask] = []
    folders: set[str] = set()
    for stored in catalog:
        public = stored.publishable(policy)
        if not public and not (settings.include_drafts and stored.status != "rejected"):
            report.skipped.append(str(stored.path))
            continue
        folder = default = meeting_folder(stored)
        suffix = 2
        while folder in folders:  # same body, same day: a second meeting
            folder = f"{default}-{suffix}"
            suffix += 1
        folders.add(folder)
        source = _source_file(stored) if settings.copy_sources else None
        document = (documents or {}).get(source.resolve()) if source is not None else None
        tasks.append(MeetingTask(stored, folder, settings, public, document))
    # Each meeting's pages are made apart from the others (on the job's workers when
    # ``run`` is given); writing them stays here, in catalogue order.
    made = run(meeting_files, tasks) if run is not None else [meeting_files(t) for t in tasks]
    for task, (view, files) in zip(tasks, made, strict=True):
        for rel, content in files:
            writer.write(rel, content)
        stored, public = task.stored, task.public
        report.meetings[str(stored.path)] = view.href
        if public:
            public_by_council[view.council_slug].append(view)
            names.setdefault(view.council_slug, view.council)
    councils = []
    for slug, views in sorted(public_by_council.items()):
        views.sort(key=lambda v: (v.date or dt.date.min, v.time_label or "", v.body))
        name = names[slug]
        report.councils[name] = _write_council(writer, slug, name, views, settings)
        for week, week_views in _by_week(views).items():
            report.weeks[(name, week)] = _write_week(writer, slug, name, week, week_views, settings)
        report.feeds[name] = _write_feed(writer, slug, name, views, settings)
        latest = views[-1].date_label if views and views[-1].date else None
        councils.append({"slug": slug, "name": name, "count": len(views), "latest": latest})
    # --- search: the Pagefind search page over the published pages (pipeline/search) ---
    from pipeline.search.site import write_search_site

    published = [v for views in public_by_council.values() for v in views]
    write_search_site(
        writer.write, out_dir, published, lang=settings.lang, site_title=settings.site_title
    )
    # --- end search ---
    writer.write(
        "index.html",
        render(
            "home.html",
            councils=sorted(councils, key=lambda c: c["name"].lower()),
            root="",
            lang=settings.lang,
            site_title=settings.site_title,
        ),
    )
    # The page the emails' unsubscribe links open (point [digest] unsubscribe_url at it).
    writer.write(
        UNSUBSCRIBE_PAGE,
        render("unsubscribe.html", root="../", lang=settings.lang, site_title=settings.site_title),
    )
    _remove_stale(out_dir, writer.paths, report)
    return report


@dataclass
class MeetingTask:
    """What one meeting's pages are made from: picklable, for the job's workers."""

    stored: StoredSummary
    folder: str  # site-relative folder of the page, free of other meetings
    settings: RenderSettings
    public: bool
    document: Document | None = None  # the source, if the caller read it already


def meeting_files(
    task: MeetingTask, _slots: object = None
) -> tuple[MeetingView, list[tuple[str, str | bytes]]]:
    """The view of one meeting and the files of its folder (site-relative path, content),
    in the order they are written; reads the stored files, writes nothing."""
    stored, folder, settings = task.stored, task.folder, task.settings
    files: list[tuple[str, str | bytes]] = []
    source_name = None
    if settings.copy_sources and safe_url(stored.summary.meeting.source_url) is None:
        copied = _source_copy(stored, settings, task.document)
        if copied is not None:
            source_name = copied[0].rsplit("/", 1)[-1]
            files.append((f"{folder}/{copied[0]}", copied[1]))
    evals_href = None
    if stored.evals_html is not None:
        files.append((f"{folder}/evals.html", stored.evals_html.read_bytes()))
        evals_href = "evals.html"
    evals_json = stored.folder / EVALS_JSON
    if evals_json.is_file():
        files.append((f"{folder}/{EVALS_JSON}", evals_json.read_bytes()))
    view = meeting_view(stored, source_name=source_name, evals_href=evals_href, path=folder)
    files.append((f"{folder}/summary.json", stored.path.read_bytes()))
    files.append((view.href, meeting_page_html(view, settings, public=task.public)))
    document = stored.document
    if view.text_view and view.text_marks and document is not None:
        files.append((f"{folder}/{TEXT_VIEW}", source_text_html(view, document.text, settings)))
    return view, files


def source_text_html(view: MeetingView, text: str, settings: RenderSettings) -> str:
    """The source text view of a meeting: its normalised text, each cited passage marked
    with the anchor the page's links point to."""
    marks = [(a, b, f"c{a}", "") for a, b in view.text_marks]
    return render(
        "source_text.html",
        m=view,
        segments=segments(text, marks),
        root="../../../",
        lang=settings.lang,
        site_title=settings.site_title,
    )


def _source_file(stored: StoredSummary) -> Path:
    """The summary's source document on disk (a relative path from here or its folder)."""
    source = Path(stored.summary.provenance.source_path)
    if not source.is_absolute():
        candidates = [Path.cwd() / source, stored.folder / source]
        source = next((c for c in candidates if c.is_file()), source)
    return source


def _source_copy(
    stored: StoredSummary, settings: RenderSettings, document: Document | None
) -> tuple[str, str | bytes] | None:
    """The copy of the source published beside the page: (file name, content)."""
    source = _source_file(stored)
    suffix = source.suffix.lower()
    if not source.is_file() or suffix not in SOURCE_SUFFIXES:
        return None
    if suffix in HTML_SUFFIXES:
        # A council page carries its own scripts, javascript: links and trackers: never
        # published as it is, only its text, as a page of ours under our CSP.
        page = source_page_html(source, meeting_view(stored), settings, document)
        return None if page is None else ("source.html", page)
    # Our own fixed file name: nothing from the document decides what the link points to.
    return f"source{suffix}", read_regular_file(source, what="source document")


def source_page_html(
    source: Path, view: MeetingView, settings: RenderSettings, document: Document | None = None
) -> str | None:
    """The text of an HTML source document (``document``, if read already) as a page of
    ours; ``None`` if unreadable."""
    from pipeline.ingest import load_document

    try:
        text = (document or load_document(source)).text
    except PipelineError:
        return None
    paragraphs = [block.split("\n") for block in text.split("\n\n") if block.strip()]
    return render(
        "source.html",
        m=view,
        paragraphs=paragraphs,
        root="../../../",
        lang=settings.lang,
        site_title=settings.site_title,
    )


def _by_week(views: list[MeetingView]) -> dict[str, list[MeetingView]]:
    weeks: dict[str, list[MeetingView]] = defaultdict(list)
    for view in views:
        if view.week:
            weeks[view.week].append(view)
    return dict(weeks)


def week_range(week: str) -> str:
    """``"9 to 15 September 2024"``."""
    first, last = week_bounds(week)
    if first.month == last.month:
        return f"{first.day} to {last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


def _write_council(
    writer: _Writer, slug: str, name: str, views: list[MeetingView], settings: RenderSettings
) -> str:
    weeks = [
        {"label": week, "range": week_range(week), "meetings": list(reversed(week_views))}
        for week, week_views in sorted(_by_week(views).items(), reverse=True)
    ]
    undated = [v for v in views if v.week is None]
    html = render(
        "council.html",
        council=name,
        council_slug=slug,
        weeks=weeks,
        undated=undated,
        root="../",
        lang=settings.lang,
        site_title=settings.site_title,
    )
    return writer.write(f"{slug}/index.html", html)


def week_page_html(
    slug: str, name: str, week: str, views: list[MeetingView], settings: RenderSettings
) -> str:
    """The weekly digest page of one council."""
    return render(
        "week.html",
        council=name,
        council_slug=slug,
        week=week,
        range=week_range(week),
        meetings=views,
        root="../../",
        lang=settings.lang,
        site_title=settings.site_title,
    )


def _write_week(
    writer: _Writer,
    slug: str,
    name: str,
    week: str,
    views: list[MeetingView],
    settings: RenderSettings,
) -> str:
    return writer.write(
        f"{slug}/weeks/{week}.html", week_page_html(slug, name, week, views, settings)
    )


def atom_time(value: dt.datetime) -> str:
    """RFC 3339 in UTC, as Atom wants: ``2024-09-12T10:00:00Z``."""
    return value.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_xml(slug: str, name: str, views: list[MeetingView], settings: RenderSettings) -> str:
    """The Atom feed of one council, newest meeting first."""
    base = safe_url(settings.base_url)
    base = base.rstrip("/") + "/" if base else None
    newest = sorted(views, key=lambda v: (v.date or dt.date.min, v.updated), reverse=True)
    newest = newest[: settings.feed_entries]
    entries = []
    for view in newest:
        key = f"council-digest:{view.path}"
        entries.append(
            {
                "id": f"{base}{view.href}" if base else uuid.uuid5(uuid.NAMESPACE_URL, key).urn,
                "title": f"{view.heading}, {view.date_label}",
                "updated": atom_time(view.updated),
                "href": f"{base}{view.href}" if base else f"../{view.href}",
                "summary": " ".join(view.overview)[:600] or view.ai_label,
                "content": render("feed_entry.html", m=view),
            }
        )
    updated = max((v.updated for v in views), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    feed_key = f"council-digest:{slug}/feed.xml"
    return render(
        "feed.xml",
        council=name,
        site_title=settings.site_title,
        lang=settings.lang,
        feed_id=f"{base}{slug}/feed.xml" if base else uuid.uuid5(uuid.NAMESPACE_URL, feed_key).urn,
        updated=atom_time(updated),
        self_href=f"{base}{slug}/feed.xml" if base else "feed.xml",
        index_href=f"{base}{slug}/index.html" if base else "index.html",
        entries=entries,
    )


def _write_feed(
    writer: _Writer, slug: str, name: str, views: list[MeetingView], settings: RenderSettings
) -> str:
    return writer.write(f"{slug}/feed.xml", feed_xml(slug, name, views, settings))


def _remove_stale(out_dir: Path, current: set[str], report: SiteReport) -> None:
    manifest = out_dir / MANIFEST
    previous: set[str] = set()
    if manifest.is_file():
        try:
            previous = set(json.loads(manifest.read_text(encoding="utf-8")))
        except (ValueError, TypeError):
            previous = set()
    for rel in sorted(previous - current):
        target = (out_dir / rel).resolve()
        # Only ever delete inside the output folder, whatever the manifest says.
        if out_dir.resolve() in target.parents and target.is_file():
            target.unlink()
            report.removed.append(rel)
    content = json.dumps(sorted(current), indent=1)
    if not manifest.is_file() or manifest.read_text(encoding="utf-8") != content:
        write_atomic(manifest, content)


def site_slug(council: str) -> str:
    """The folder a council's pages live in."""
    return slugify(council)
