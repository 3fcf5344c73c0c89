"""``run.py search``: search the published meetings; ``--reindex`` rebuilds the index.

Exit codes: 0 hits found (or the index rebuilt); 1 no hits; 2 bad input (an empty query, a
bad date), or a missing or damaged index (``--reindex`` rebuilds it).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from pipeline.commands.common import echo_json, is_tty, settings_from
from pipeline.search.entries import KINDS


@click.command()
@click.argument("query", required=False)
@click.option("--council", help="Only this council (name or slug).")
@click.option("--body", help="Only this committee or body (name or slug).")
@click.option("--since", help="Only meetings on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only meetings on or before this date (YYYY-MM-DD).")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(KINDS),
    help="Only these entries: item titles, summary sentences, decisions, quotes, source text.",
)
@click.option("--limit", type=click.IntRange(1, 1000), help="Most hits to show (config [search]).")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@click.option("--reindex", is_flag=True, help="Rebuild the index from the summaries folder.")
@click.option(
    "--summaries",
    type=click.Path(file_okay=False),
    help="Summaries folder to index (config [paths] summaries).",
)
@click.option("--index", "index_path", type=click.Path(dir_okay=False), help="Index file.")
@click.pass_context
def search(
    ctx: click.Context,
    query: str | None,
    council: str | None,
    body: str | None,
    since: str | None,
    until: str | None,
    kinds: tuple[str, ...],
    limit: int | None,
    as_json: bool,
    reindex: bool,
    summaries: str | None,
    index_path: str | None,
) -> None:
    """Search the published meetings for QUERY: words, "a phrase", prefix*."""
    from pipeline.render import RenderSettings
    from pipeline.search.index import IndexTarget, rebuild_index
    from pipeline.search.query import QueryError, SearchQuery, check_date
    from pipeline.search.query import search as run_search
    from pipeline.search.schema import corrupt, open_index

    settings = settings_from(ctx)
    target = IndexTarget.from_settings(settings, index=index_path)
    if summaries:
        target = IndexTarget(
            target.index, Path(summaries), target.policy, target.search, target.copy_sources
        )
    if query is None and not reindex:
        raise QueryError("give a QUERY to search for (or --reindex to rebuild the index)")
    # Check the query and filters before any slow work.
    request = None
    if query is not None:
        from pipeline.search.query import parse_query

        parse_query(query)
        request = SearchQuery(
            text=query,
            council=council,
            body=body,
            since=check_date("--since", since),
            until=check_date("--until", until),
            kinds=kinds,
            limit=limit or target.search.limit,
            per_item=target.search.per_item,
            snippet_words=target.search.snippet_words,
        )
    if reindex:
        if not target.summaries.is_dir():
            raise QueryError(f"{target.summaries}: no such folder of summaries")
        report = rebuild_index(target)
        line = (
            f"index: {target.index} rebuilt from {target.summaries} "
            f"({len(report.added)} published meetings, {report.entries} entries; "
            f"{report.not_published} not published)"
        )
        click.echo(line, err=as_json or request is not None)
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
    if request is None:
        return
    base_url = settings.section("render", RenderSettings).base_url
    conn = open_index(target.index)
    try:
        hits = run_search(conn, request, base_url=base_url)
    except sqlite3.DatabaseError as exc:
        raise corrupt(target.index, exc) from None
    finally:
        conn.close()
    if as_json:
        echo_json({"query": query, "hits": [h.to_json() for h in hits]})
    else:
        _print_hits(query or "", hits)
    ctx.exit(0 if hits else 1)


def _print_hits(query: str, hits: list) -> None:
    if not hits:
        click.echo(f"no hits for {query!r}")
        return
    bold = is_tty()
    for rank, hit in enumerate(hits, start=1):
        where = ", ".join(filter(None, [hit.council, hit.body, hit.date]))
        item = f" | item {hit.item['number']}: {hit.item['title']}" if hit.item else ""
        label = hit.kind
        if hit.speaker:
            label += f", {hit.speaker}"
        if hit.outcome:
            label += f", {hit.outcome}"
        if hit.vote:
            label += f", {hit.vote}"
        click.echo(f"{rank}. {where}{item} [{label}]")
        snippet = hit.snippet
        if bold:  # matched words in bold on a terminal, **marked** otherwise
            parts = snippet.split("**")
            snippet = "".join(
                click.style(p, bold=True) if i % 2 else p for i, p in enumerate(parts)
            )
        click.echo(f"   {snippet}")
        link = hit.page_url or "(no page)"
        source = hit.source
        if hit.kind == "source" and source.get("url"):
            link += f"  source: {source['url']}"
        elif source.get("page"):
            link += f"  (source page {source['page']})"
        click.echo(f"   {link}")
