"""``run.py segment``: a document's agenda items, as a table, JSON or the normalised text."""

from __future__ import annotations

import click

from pipeline.commands.common import echo_json, is_tty, settings_from
from pipeline.ingest import load_document
from pipeline.limits import configured_limits
from pipeline.models import Segmentation
from pipeline.segment import segment_document
from pipeline.segment.settings import SegmentSettings


@click.command()
@click.argument("path", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract.")
@click.option(
    "--text",
    "as_text",
    is_flag=True,
    help="Print the normalised text that start/end offsets index.",
)
@click.option("--agenda", type=click.Path(), help="Agenda for a transcript.")
@click.option("--chunk-tokens", type=click.IntRange(min=50), help="Max tokens per chunk.")
@click.pass_context
def segment(
    ctx: click.Context,
    path: str,
    as_json: bool,
    as_text: bool,
    agenda: str | None,
    chunk_tokens: int | None,
) -> None:
    """Split the document at PATH into agenda items with character spans."""
    settings = settings_from(ctx).with_overrides("segment", chunk_tokens=chunk_tokens)
    config = settings.section("segment", SegmentSettings)
    limits = configured_limits(settings)
    document = load_document(path, limits)
    if as_text:
        click.echo(document.text, nl=False)
        return
    kwargs = {"chunk_tokens": config.chunk_tokens, "encoding": config.encoding}
    if agenda is not None:
        kwargs["agenda"] = segment_document(load_document(agenda, limits))
    result = segment_document(document, **kwargs)
    for warning in result.warnings:
        click.echo(f"warning: {path}: {warning}", err=True)
    if as_json:
        echo_json(result.to_contract())
        return
    _print_table(result)


def _print_table(result: Segmentation) -> None:
    from rich.console import Console
    from rich.table import Table

    meta = result.document.metadata
    heading = " - ".join(x for x in (meta.body, meta.date, meta.kind) if x)
    table = Table(title=heading or result.document.path, show_lines=False)
    table.add_column("No.", justify="right")
    table.add_column("Title")
    table.add_column("Kind")
    table.add_column("Span", justify="right")
    table.add_column("Pages", justify="right")
    table.add_column("Decisions", justify="right")
    for item in result.items:
        pages = f"{item.pages[0]}-{item.pages[1]}" if item.pages else ""
        table.add_row(
            item.number,
            item.title,
            item.kind,
            f"{item.start}-{item.end}",
            pages,
            str(len(item.decisions)),
        )
    Console(force_terminal=is_tty(), width=None if is_tty() else 120).print(table)
