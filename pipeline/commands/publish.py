"""``run.py render | review | subscribers | digest | weekly``: publishing commands.

Thin shells: each reads its config sections, calls the stage functions in
:mod:`pipeline.render`, :mod:`pipeline.review`, :mod:`pipeline.digest` and
:mod:`pipeline.weekly`, and prints where things went.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from pipeline.commands.common import echo_json, is_tty, settings_from
from pipeline.config import Settings
from pipeline.errors import InputError, PipelineError
from pipeline.store import PathsSettings


def _sections(ctx: click.Context):
    from pipeline.digest.settings import DigestSettings
    from pipeline.render import RenderSettings, ReviewSettings

    settings: Settings = settings_from(ctx)
    return (
        settings.section("paths", PathsSettings),
        settings.section("render", RenderSettings),
        settings.section("review", ReviewSettings),
        settings.section("digest", DigestSettings),
    )


# --- render -----------------------------------------------------------------------------


@click.command()
@click.argument("summaries", required=False, type=click.Path())
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Site folder.")
@click.option("--drafts/--no-drafts", default=None, help="Also render unpublished drafts.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def render(
    ctx: click.Context,
    summaries: str | None,
    out_dir: str | None,
    drafts: bool | None,
    as_json: bool,
) -> None:
    """Render the static site from the summaries under SUMMARIES (config [paths])."""
    from pipeline.render import build_site, load_catalog
    from pipeline.search import sync_index

    paths, render_cfg, review_cfg, _ = _sections(ctx)
    if drafts is not None:
        render_cfg = render_cfg.model_copy(update={"include_drafts": drafts})
    root = Path(summaries or paths.summaries)
    if not root.exists():
        raise InputError(root, "no such folder of summaries")
    out = Path(out_dir or render_cfg.out_dir)
    report = build_site(load_catalog(root), out, render_cfg, review_cfg.publish)
    sync_index(root, settings_from(ctx))  # search hook: pipeline/search
    if as_json:
        echo_json(report.to_json())
        return
    click.echo(
        f"site: {out}/index.html ({len(report.meetings)} meeting pages, "
        f"{len(report.written)} files written, {report.unchanged} unchanged"
        f"{', ' + str(len(report.removed)) + ' removed' if report.removed else ''})"
    )
    for name, page in report.councils.items():
        click.echo(f"  {name}: {out / page}  feed: {out / report.feeds[name]}")
    if report.skipped:
        click.echo(f"  not published ({review_cfg.publish} policy): {len(report.skipped)}")
        print_held_back(report.skipped, review_cfg.publish)


def print_held_back(paths: list[str], policy) -> None:
    """Why each summary is not on the public site (one line each)."""
    from pipeline.render.catalog import held_back, load_stored

    for path in paths:
        reason = held_back(load_stored(Path(path)), policy)
        click.echo(f"    {Path(path).parent}: {reason}")


# --- review -----------------------------------------------------------------------------


@click.group()
def review() -> None:
    """Editor review: list, show, approve, reject and edit summaries."""


def _summaries_root(ctx: click.Context, summaries: str | None) -> Path:
    paths, *_ = _sections(ctx)
    return Path(summaries or paths.summaries)


summaries_option = click.option(
    "--summaries", type=click.Path(file_okay=False), help="Summaries folder (config [paths])."
)


@review.command("list")
@summaries_option
@click.option("--status", type=click.Choice(["draft", "approved", "rejected"]))
@click.option("--council", help="Only this council.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def review_list(
    ctx: click.Context,
    summaries: str | None,
    status: str | None,
    council: str | None,
    as_json: bool,
) -> None:
    """Summaries with their review status and evals counts."""
    from pipeline.render.catalog import load_catalog, matches_council

    _, _, review_cfg, _ = _sections(ctx)
    root = _summaries_root(ctx, summaries)
    rows = []
    for stored in load_catalog(root):
        if status and stored.status != status:
            continue
        if council and not matches_council(stored, council):
            continue
        evals = stored.evals
        rows.append(
            {
                "ref": str(stored.path.parent.relative_to(root))
                if root in stored.path.parents
                else str(stored.path),
                "path": str(stored.path),
                "council": stored.council,
                "body": stored.body,
                "date": stored.summary.meeting.date,
                "status": stored.status,
                "publishable": stored.publishable(review_cfg.publish),
                "evals": None
                if evals is None
                else {
                    "checked": evals.checked,
                    "flagged": evals.flagged,
                    "quotes_missing": evals.quotes_missing,
                },
            }
        )
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(f"no summaries under {root}")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Summaries under {root}")
    # The ref is what `review approve` takes: always shown whole, never cut short.
    longest = max(len(row["ref"]) for row in rows)
    table.add_column("Ref", no_wrap=True, min_width=longest, overflow="ignore")
    for column in ("Council", "Body", "Date", "Status", "Evals", "Public"):
        table.add_column(column)
    for row in rows:
        ev = row["evals"]
        evals_text = "not run" if ev is None else f"{ev['flagged']} flagged / {ev['checked']}"
        if ev and ev["quotes_missing"]:
            evals_text += f", {ev['quotes_missing']} quotes missing"
        table.add_row(
            row["ref"],
            row["council"],
            row["body"],
            row["date"] or "",
            row["status"],
            evals_text,
            "yes" if row["publishable"] else "no",
        )
    width = None if is_tty() else max(140, longest + 80)
    Console(force_terminal=is_tty(), width=width).print(table)


@review.command("show")
@click.argument("ref")
@summaries_option
@click.option("--json", "as_json", is_flag=True, help="Print summary.json.")
@click.pass_context
def review_show(ctx: click.Context, ref: str, summaries: str | None, as_json: bool) -> None:
    """Show one summary (REF: path, folder or body-slug/date) as editable text."""
    from pipeline.render.catalog import load_stored
    from pipeline.review import to_edit_text
    from pipeline.store import resolve_summary, to_json

    stored = load_stored(resolve_summary(_summaries_root(ctx, summaries), ref))
    if as_json:
        click.echo(to_json(stored.summary), nl=False)
        return
    review_state = stored.summary.review
    click.echo(f"# {stored.path}")
    click.echo(
        f"# status: {review_state.status}"
        + (f" by {review_state.by} at {review_state.at}" if review_state.by else "")
        + (f" ({review_state.note})" if review_state.note else "")
    )
    if stored.evals is not None:
        ev = stored.evals
        click.echo(
            f"# evals: {ev.checked} sentences checked, {ev.flagged} flagged, "
            f"{ev.quotes_missing} of {ev.quotes_total} quotes not found"
        )
    else:
        click.echo("# evals: not run")
    click.echo(to_edit_text(stored.summary), nl=False)


def _set_status(
    ctx: click.Context,
    ref: str,
    summaries: str | None,
    status: str,
    by: str | None,
    note: str | None,
) -> None:
    from pipeline.render.catalog import load_stored
    from pipeline.review import editor_name, set_status
    from pipeline.search import index_summary
    from pipeline.store import resolve_summary

    _, _, review_cfg, _ = _sections(ctx)
    stored = load_stored(resolve_summary(_summaries_root(ctx, summaries), ref))
    if stored.status == status and (note is None or note == stored.summary.review.note):
        click.echo(f"already {status}: {stored.path}")  # re-running changes nothing
        return
    who = editor_name(by, review_cfg.editor)
    set_status(stored, status, by=who, note=note)
    index_summary(stored.path, settings_from(ctx))  # search hook: pipeline/search
    click.echo(f"{status}: {stored.path} (by {who})")


@review.command("approve")
@click.argument("ref")
@summaries_option
@click.option("--by", help="Editor name (default: config [review] editor, then $USER).")
@click.option("--note", help="Why.")
@click.option("--force", is_flag=True, help="Approve although evals flag it (needs --note).")
@click.pass_context
def review_approve(
    ctx: click.Context,
    ref: str,
    summaries: str | None,
    by: str | None,
    note: str | None,
    force: bool,
) -> None:
    """Approve a summary for publication (refused while its evals flag anything)."""
    from pipeline.render.catalog import load_stored
    from pipeline.review import approval_refusal, describe_flagged, flagged_sentences
    from pipeline.store import resolve_summary

    stored = load_stored(resolve_summary(_summaries_root(ctx, summaries), ref))
    refusal = approval_refusal(stored, force=force, note=note)
    if refusal is not None:
        for line in describe_flagged(flagged_sentences(stored.folder / "evals.json")):
            click.echo(line, err=True)
        raise PipelineError(refusal)
    _set_status(ctx, ref, summaries, "approved", by, note)


@review.command("reject")
@click.argument("ref")
@summaries_option
@click.option("--by", help="Editor name.")
@click.option("--note", required=True, help="Why it is rejected.")
@click.pass_context
def review_reject(
    ctx: click.Context, ref: str, summaries: str | None, by: str | None, note: str
) -> None:
    """Reject a summary: it is never published."""
    _set_status(ctx, ref, summaries, "rejected", by, note)


@review.command("edit")
@click.argument("ref")
@summaries_option
@click.option(
    "--file",
    "edit_file",
    type=click.Path(dir_okay=False),
    help="Read the edited text from this file ('-' for stdin) instead of $EDITOR.",
)
@click.option("--by", help="Editor name.")
@click.option("--no-evals", is_flag=True, help="Do not re-run evals on the edit.")
@click.pass_context
def review_edit(
    ctx: click.Context,
    ref: str,
    summaries: str | None,
    edit_file: str | None,
    by: str | None,
    no_evals: bool,
) -> None:
    """Edit a summary's text (in $EDITOR or from --file); evals re-run on the result."""
    from pipeline.limits import read_text_file
    from pipeline.render.catalog import load_stored
    from pipeline.review import apply_edit, editor_name, record_edit, to_edit_text
    from pipeline.search import index_summary
    from pipeline.store import resolve_summary

    _, _, review_cfg, _ = _sections(ctx)
    stored = load_stored(resolve_summary(_summaries_root(ctx, summaries), ref))
    original = to_edit_text(stored.summary)
    if edit_file == "-":
        text, source = sys.stdin.read(), "<stdin>"
    elif edit_file:
        text, source = read_text_file(edit_file, what="edited summary"), edit_file
    else:
        text, source = _run_editor(original), "$EDITOR"
    if text == original:
        click.echo(f"no change: {stored.path}")
        return
    edited = apply_edit(stored.summary, text, source=source)
    if record_edit(stored, edited, by=editor_name(by, review_cfg.editor)) is None:
        click.echo(f"no change: {stored.path}")
        return
    click.echo(f"edited: {stored.path} (status now draft)")
    if no_evals:
        index_summary(stored.path, settings_from(ctx))  # search hook: pipeline/search
        return
    from pipeline.job import check_stored, evals_available

    if not evals_available():
        click.echo("evals: not installed in this build; not re-run")
        return
    after = check_stored(stored.path, settings_from(ctx))
    index_summary(stored.path, settings_from(ctx))  # search hook: pipeline/search
    click.echo(
        f"evals: {after.checked} sentences checked, {after.flagged} flagged, "
        f"{after.quotes_missing} quotes not found -> {stored.path.parent / 'evals.html'}"
    )
    if after.flagged or after.quotes_missing:
        from pipeline.review import describe_flagged, flagged_sentences

        for line in describe_flagged(flagged_sentences(stored.path.parent / "evals.json")):
            click.echo(line)
        ctx.exit(1)


def _run_editor(text: str) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise PipelineError("no $EDITOR set: use --file FILE (or set EDITOR)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "summary-edit.txt"
        path.write_text(text, encoding="utf-8")
        result = subprocess.run([*shlex.split(editor), str(path)], check=False)
        if result.returncode != 0:
            raise PipelineError(f"editor {editor!r} exited with {result.returncode}; not saved")
        return path.read_text(encoding="utf-8")


# --- subscribers ------------------------------------------------------------------------


@click.group()
def subscribers() -> None:
    """Manage digest subscribers (SQLite, config [digest] database)."""


def _db(ctx: click.Context):
    from pipeline.digest.db import connect

    _, _, _, digest_cfg = _sections(ctx)
    return connect(digest_cfg.database), digest_cfg


def known_councils(ctx: click.Context) -> set[str]:
    """Councils the project has documents of: in stored summaries and in the sources the
    weekly job has read (none before the first run: then any name is taken as given)."""
    from pipeline.render.catalog import load_catalog
    from pipeline.sources import MANIFEST_NAME, Manifest

    paths, *_ = _sections(ctx)
    known = {stored.council for stored in load_catalog(Path(paths.summaries))}
    manifest = Manifest(Path(paths.cache) / MANIFEST_NAME)
    known |= {f.council for f in manifest.all_facts() if f.council}
    return known


@subscribers.command("add")
@click.argument("email")
@click.option("--council", "councils", multiple=True, required=True, help="Council to follow.")
@click.option("--topic", "topics", multiple=True, help="Topic to follow across councils.")
@click.pass_context
def subscribers_add(
    ctx: click.Context, email: str, councils: tuple[str, ...], topics: tuple[str, ...]
) -> None:
    """Subscribe EMAIL to a council's weekly digest (and topics)."""
    from pipeline.digest.subscribers import add_subscriber
    from pipeline.render.catalog import resolve_council

    conn, _ = _db(ctx)
    known = known_councils(ctx)
    named = [resolve_council(c, known) for c in councils]  # "northbridge" -> its full name
    with conn:
        sub = add_subscriber(conn, email, named, list(topics))
    topics_text = f"; topics: {', '.join(sub.topics)}" if sub.topics else ""
    click.echo(f"subscribed: {sub.email} -> {', '.join(sub.councils)}{topics_text}")


@subscribers.command("list")
@click.option("--council", help="Only followers of this council.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def subscribers_list(ctx: click.Context, council: str | None, as_json: bool) -> None:
    """List subscribers."""
    from pipeline.digest.subscribers import list_subscribers

    conn, _ = _db(ctx)
    with conn:
        subs = list_subscribers(conn, council)
    if as_json:
        echo_json([s.to_json() for s in subs])
        return
    for sub in subs:
        topics = f"  topics: {', '.join(sub.topics)}" if sub.topics else ""
        click.echo(f"{sub.email}  councils: {', '.join(sub.councils)}{topics}")
    if not subs:
        click.echo("no subscribers")


@subscribers.command("remove")
@click.argument("email")
@click.option("--council", help="Only stop this council's digest.")
@click.pass_context
def subscribers_remove(ctx: click.Context, email: str, council: str | None) -> None:
    """Remove a subscriber (or one council subscription)."""
    from pipeline.digest.subscribers import remove_subscriber

    conn, _ = _db(ctx)
    with conn:
        removed = remove_subscriber(conn, email, council)
    if not removed:
        raise PipelineError(f"{email}: no such subscriber" + (f" of {council}" if council else ""))
    click.echo(f"removed: {email}" + (f" from {council}" if council else ""))


@subscribers.command("unsubscribe")
@click.argument("token")
@click.pass_context
def subscribers_unsubscribe(ctx: click.Context, token: str) -> None:
    """Apply an unsubscribe TOKEN (or the unsubscribe URL from an email)."""
    from pipeline.digest.subscribers import unsubscribe_with_token
    from pipeline.digest.tokens import load_secret

    conn, digest_cfg = _db(ctx)
    with conn:
        address = unsubscribe_with_token(conn, load_secret(digest_cfg), token)
    click.echo(f"unsubscribed: {address}" if address else "already unsubscribed")


# --- digest -----------------------------------------------------------------------------


@click.command()
@click.option("--council", required=True, help="Council name (or slug).")
@click.option("--week", required=True, help="ISO week, e.g. 2024-W37.")
@click.option(
    "--send/--no-send",
    default=None,
    help="Send (config [digest] transport), or only show what would be sent "
    "(default: config [digest] send, true).",
)
@summaries_option
@click.option(
    "--resend-unconfirmed",
    is_flag=True,
    help="Also resend emails an interrupted run may or may not have delivered.",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def digest(
    ctx: click.Context,
    council: str,
    week: str,
    send: bool | None,
    summaries: str | None,
    resend_unconfirmed: bool,
    as_json: bool,
) -> None:
    """Build COUNCIL's digest for WEEK: one email per subscriber; --send sends them once."""
    from pipeline.digest import connect, prepare_configured_digest, run_digest
    from pipeline.render.catalog import parse_week, resolve_council

    paths, render_cfg, review_cfg, digest_cfg = _sections(ctx)
    try:
        parse_week(week)
    except ValueError as exc:
        raise PipelineError(f"--week: {exc}") from None
    send = digest_cfg.send if send is None else send
    root = Path(summaries or paths.summaries)
    if not root.exists():  # as render says: a digest of nothing is a mistake, not exit 0
        raise InputError(root, "no such folder of summaries")
    conn = connect(digest_cfg.database)
    council = resolve_council(council, known_councils(ctx))
    with conn:
        run = prepare_configured_digest(
            root, council, week, conn, digest_cfg, review_cfg, render_cfg
        )
        if send:
            run_digest(
                run, conn, digest_cfg, resend_unconfirmed=resend_unconfirmed, on_progress=None
            )
    reason = None if run.emails else nothing_to_send(root, council, week, review_cfg.publish, conn)
    if as_json:
        echo_json(run.to_json() | ({"nothing_sent": reason} if reason else {}))
    else:
        print_digest(run, digest_cfg, sent=send)
        if reason:
            click.echo(f"  nothing to send: {reason}")
    if run.report is not None and not run.report.ok:
        ctx.exit(1)


def nothing_to_send(root: Path, council: str, week: str, policy, conn) -> str:
    """Why a council's digest for a week has no email to send."""
    from pipeline.digest.subscribers import list_subscribers
    from pipeline.render.catalog import held_back, load_catalog, matches_council, week_label

    in_week = [
        s
        for s in load_catalog(root)
        if matches_council(s, council) and s.date and week_label(s.date) == week
    ]
    name = in_week[0].council if in_week else council  # the full name subscriptions use
    followers = list_subscribers(conn, council=name)
    if not in_week:
        return f"no {council} meeting of {week} has a summary under {root}"
    public = [s for s in in_week if s.publishable(policy)]
    if not public:
        reasons = "; ".join(f"{s.folder.name} {s.body}: {held_back(s, policy)}" for s in in_week)
        return f"no summary of {week} is publishable ({policy} policy): {reasons}"
    if not followers:
        return f"nobody follows {name} (`run.py subscribers add EMAIL --council ...`)"
    return "every follower's email for this week has nothing to tell them"


def print_digest(run, digest_cfg, *, sent: bool) -> None:
    """Human summary of a digest run."""
    d = run.digest
    click.echo(f"digest {d.digest_id}: {len(d.meetings)} meetings, {len(run.emails)} emails")
    click.echo(f"  subject: {d.subject}")
    for m in d.meetings:
        click.echo(f"  - {m.date_label}: {m.heading}")
    if run.idle:
        click.echo(f"  nothing to send to {len(run.idle)} subscriber(s) this week")
    if not sent:
        for email in run.emails:
            click.echo(f"  would send to {email.email}")
        if run.emails:
            click.echo("  (dry run: add --send to send)")
        return
    report = run.report
    where = (
        digest_cfg.outbox
        if digest_cfg.transport == "outbox"
        else (f"smtp://{digest_cfg.smtp.host}:{digest_cfg.smtp.port}")
    )
    click.echo(
        f"  sent {len(report.sent)} via {digest_cfg.transport} ({where}); "
        f"{len(report.already_sent)} already sent; {report.retries} retries"
    )
    for address, location in report.locations.items():
        click.echo(f"    {address}: {location}")
    for address, reason in report.failed.items():
        click.echo(f"  failed: {address}: {reason}", err=True)
    for address, reason in report.unconfirmed.items():
        click.echo(f"  unconfirmed: {address}: {reason}", err=True)


# --- weekly -----------------------------------------------------------------------------


@click.command()
@click.option("--council", required=True, help="Council name (or slug).")
@click.option("--week", required=True, help="ISO week, e.g. 2024-W37.")
@click.option(
    "--sources",
    type=click.Path(file_okay=False),
    help="Folder of meeting documents (config [weekly] sources).",
)
@click.option(
    "--send/--no-send",
    default=None,
    help="Send the digest (default: config [digest] send, true).",
)
@click.option("--fetch", is_flag=True, help="First fetch the week from the council's site.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Meetings processed at once (config [weekly] workers; default: the cores).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "processes", "dask"]),
    help="Where meetings run: this process, a pool on this machine, or Dask "
    "(config [weekly] executor, scheduler).",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def weekly(
    ctx: click.Context,
    council: str,
    week: str,
    sources: str | None,
    send: bool | None,
    fetch: bool,
    workers: int | None,
    executor: str | None,
    as_json: bool,
) -> None:
    """The main job: ingest, segment, summarise, evals, render and digest one council's week."""
    from pipeline.digest import connect
    from pipeline.weekly import run_weekly

    paths, _, review_cfg, digest_cfg = _sections(ctx)
    send = digest_cfg.send if send is None else send
    result = run_weekly(
        settings_from(ctx),
        council=council,
        week=week,
        sources=sources,
        send=send,
        fetch=fetch,
        progress=is_tty() and not as_json,
        echo=(lambda _m: None) if as_json else click.echo,
        workers=workers,
        executor=executor,
    )
    reason = None
    if send and not result.emails and not result.emails_already_sent:
        if not result.documents:
            where = sources or "the sources folder ([weekly] sources)"
            reason = f"no document of {council}'s meetings in {week} in {where}"
        else:
            conn = connect(digest_cfg.database)
            with conn:
                reason = nothing_to_send(
                    Path(paths.summaries), council, week, review_cfg.publish, conn
                )
            conn.close()
    if as_json:
        echo_json(result.to_json() | ({"nothing_sent": reason} if reason else {}))
    elif reason:
        click.echo(f"nothing sent: {reason}")
    if not result.ok:
        ctx.exit(1)
