"""``run.py councils list | show | add``: the councils registry (config [fetch] registry)."""

from __future__ import annotations

import click

from pipeline.commands.common import echo_json, settings_from
from pipeline.errors import PipelineError


def _registry_path(ctx: click.Context) -> str:
    from pipeline.fetch import FetchSettings

    return settings_from(ctx).section("fetch", FetchSettings).registry


@click.group()
def councils() -> None:
    """The councils whose meetings `run.py fetch` and `weekly --fetch` fetch."""


@councils.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def councils_list(ctx: click.Context, as_json: bool) -> None:
    """Every registered council."""
    from pipeline.fetch.registry import load_registry

    registry = load_registry(_registry_path(ctx))
    if as_json:
        echo_json([c.model_dump(exclude_none=True) for c in registry])
        return
    for council in registry:
        click.echo(f"{council.slug:<24} {council.platform:<10} {council.name}  {council.base_url}")
    if not registry:
        click.echo(f"no councils in {_registry_path(ctx)}")


@councils.command("show")
@click.argument("council")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def councils_show(ctx: click.Context, council: str, as_json: bool) -> None:
    """One council's entry (by slug or name)."""
    from pipeline.fetch.registry import find_council, load_registry

    path = _registry_path(ctx)
    found = find_council(load_registry(path), council)
    if found is None:
        raise PipelineError(f"{council!r} is not in {path}")
    data = found.model_dump(exclude_none=True)
    if as_json:
        echo_json(data)
        return
    empty = {"bodies": "(all)", "skip_bodies": "(none)"}
    for key, value in data.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        click.echo(f"{key}: {shown or empty.get(key, '')}")


@councils.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="The council's full name.")
@click.option("--url", "base_url", required=True, help="Its meetings site.")
@click.option("--platform", help="moderngov, cmis, legistar or escribe (default: from the URL).")
@click.option("--time-zone", default="Europe/London", show_default=True)
@click.option("--body", "bodies", multiple=True, help="A body to follow (repeat; default all).")
@click.option("--skip-body", "skip_bodies", multiple=True, help="A body never fetched (repeat).")
@click.option("--api-url", help="Legistar: the Web API root, if not webapi.legistar.com.")
@click.pass_context
def councils_add(
    ctx: click.Context,
    slug: str,
    name: str,
    base_url: str,
    platform: str | None,
    time_zone: str,
    bodies: tuple[str, ...],
    skip_bodies: tuple[str, ...],
    api_url: str | None,
) -> None:
    """Register a council (checked, refused if its slug or site is already there)."""
    from pipeline.fetch.platforms import PLATFORMS, platform_from_url
    from pipeline.fetch.registry import add_council, parse_bodies, validate_council

    platform = platform or platform_from_url(base_url)
    if platform is None:
        raise PipelineError(
            f"--platform: cannot tell the platform from {base_url}; "
            f"pass one of {', '.join(PLATFORMS)}"
        )
    data = {
        "slug": slug,
        "name": name,
        "platform": platform,
        "base_url": base_url,
        "time_zone": time_zone,
        "bodies": parse_bodies(bodies),
        "skip_bodies": parse_bodies(skip_bodies),
        "api_url": api_url,
    }
    try:
        council = validate_council(data)
    except ValueError as exc:
        raise PipelineError(f"council {slug!r}: {exc}") from None
    path = add_council(_registry_path(ctx), council)
    click.echo(f"added: {council.slug} ({council.platform}) {council.base_url} -> {path}")
