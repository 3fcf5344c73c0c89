"""``run.py fetch``: a council's meetings in a window, from its website into the store."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

import click

from pipeline.commands.common import echo_json, is_tty, settings_from
from pipeline.errors import PipelineError


def _day(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PipelineError(f"{option}: {value!r} is not a date like 2024-09-30") from None


def resolve_council(settings, key: str, platform: str | None):
    """The registry entry for ``key`` (slug or name), or a council known only by its URL."""
    from pipeline.fetch.http import PoliteClient
    from pipeline.fetch.models import http_url
    from pipeline.fetch.platforms import detect_platform
    from pipeline.fetch.registry import council_for_url, find_council, load_registry

    registry = load_registry(settings.registry)
    found = find_council(registry, key)
    if found is not None:
        return found.model_copy(update={"platform": platform}) if platform else found
    if "://" not in key:
        raise PipelineError(
            f"--council: unknown council {key!r} (see `run.py councils list`, or give its URL)"
        )
    try:
        url = http_url(key)
    except ValueError as exc:
        raise PipelineError(f"--council: {exc}") from None
    if platform is None:
        with PoliteClient(settings) as client:
            platform = detect_platform(url, client)
    return council_for_url(url, platform)


@click.command()
@click.option("--council", "council_key", required=True, help="Registry slug or name, or a URL.")
@click.option("--platform", help="moderngov, cmis, legistar or escribe (default: detected).")
@click.option("--since", help="First day, YYYY-MM-DD (default: [fetch] days_back ago).")
@click.option("--until", help="Last day, YYYY-MM-DD (default: [fetch] days_ahead from today).")
@click.option("--body", help="Only this body (committee), a name or shell-style pattern.")
@click.option(
    "--out", type=click.Path(file_okay=False), help="Store folder (config [fetch] store)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report.")
@click.pass_context
def fetch(
    ctx: click.Context,
    council_key: str,
    platform: str | None,
    since: str | None,
    until: str | None,
    body: str | None,
    out: str | None,
    as_json: bool,
) -> None:
    """Fetch a council's meetings and their documents into <store>/<council>/<body>/<date>/."""
    from pipeline.fetch import FetchSettings, fetch_council, report_lines
    from pipeline.fetch.platforms import PLATFORMS

    settings = settings_from(ctx).section("fetch", FetchSettings)
    if platform is not None and platform not in PLATFORMS:
        raise PipelineError(f"--platform: {platform!r} is not one of {', '.join(PLATFORMS)}")
    first, last = _day("--since", since), _day("--until", until)
    council = resolve_council(settings, council_key, platform)
    today = council.today()
    first = first or today - dt.timedelta(days=settings.days_back)
    last = last or today + dt.timedelta(days=settings.days_ahead)
    if first > last:
        raise PipelineError(f"--since {first} is after --until {last}")

    bar = _progress() if is_tty() and not as_json else None
    with bar or nullcontext():
        task = bar.add_task(f"fetch {council.slug}", total=None) if bar else None
        report = fetch_council(
            council,
            settings=settings,
            since=first,
            until=last,
            body=body,
            out=out,
            progress=(lambda done, total: bar.update(task, completed=done, total=total))
            if bar
            else None,
        )
    if as_json:
        echo_json(report.to_json())
    else:
        click.echo(
            f"{council.name} ({council.platform}): {_count(len(report.meetings), 'meeting')} "
            f"from {first} to {last}, {_count(report.downloaded, 'document')} downloaded"
        )
        for line in report_lines(report):
            click.echo(line, err=line.startswith("failed: "))
    if not report.ok:
        ctx.exit(1)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
    )
