"""``run.py segment``: a document's agenda items, as a table, JSON or the normalised text;
``--score`` measures segmenting against a ground-truth corpus."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from pipeline.commands.common import echo_json, is_tty, settings_from
from pipeline.errors import InputError
from pipeline.ingest import load_document
from pipeline.ingest.options import IngestOptions, ProgressCallback, ingest_options
from pipeline.limits import configured_limits
from pipeline.models import Segmentation
from pipeline.segment import segment_document
from pipeline.segment.settings import SegmentSettings


@click.command()
@click.argument("path", type=click.Path(), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract.")
@click.option(
    "--text",
    "as_text",
    is_flag=True,
    help="Print the normalised text that start/end offsets index.",
)
@click.option("--agenda", type=click.Path(), help="Agenda for a transcript.")
@click.option("--chunk-tokens", type=click.IntRange(min=50), help="Max tokens per chunk.")
@click.option(
    "--score",
    "truth",
    type=click.Path(),
    help="Score segmenting against this truth file (no PATH).",
)
@click.option("--root", type=click.Path(), help="With --score: folder of the documents.")
@click.option(
    "--split",
    metavar="NAME",
    help="With --score: one split, any name the truth file gives (dev, test, test2, ...).",
)
@click.option("-v", "--verbose", is_flag=True, help="With --score: list missed/spurious items.")
@click.pass_context
def segment(
    ctx: click.Context,
    path: str | None,
    as_json: bool,
    as_text: bool,
    agenda: str | None,
    chunk_tokens: int | None,
    truth: str | None,
    root: str | None,
    split: str | None,
    verbose: bool,
) -> None:
    """Split the document at PATH into agenda items with character spans.

    With --score TRUTH, segment every document of a ground-truth file instead and print
    precision, recall and F1 of the items and the accuracy of each meeting fact.
    """
    settings = settings_from(ctx).with_overrides("segment", chunk_tokens=chunk_tokens)
    config = settings.section("segment", SegmentSettings)
    options = ingest_options(settings)
    limits = configured_limits(settings)
    kwargs: dict[str, Any] = {"chunk_tokens": config.chunk_tokens, "encoding": config.encoding}
    if truth is not None:
        if path is not None:
            raise click.UsageError("give either PATH or --score TRUTH, not both")
        _score(Path(truth), Path(root) if root else None, split, options, kwargs, as_json, verbose)
        return
    if path is None:
        raise click.UsageError("missing PATH (or --score TRUTH)")
    if root is not None or split is not None or verbose:
        raise click.UsageError("--root, --split and --verbose go with --score")
    with ExitStack() as stack:
        progress = _ocr_progress(stack, path)
        document = load_document(path, options, progress, limits)
        if agenda is not None:
            kwargs["agenda"] = segment_document(load_document(agenda, options, progress, limits))
    if as_text:
        click.echo(document.text, nl=False)
        return
    result = segment_document(document, **kwargs)
    for warning in result.warnings:
        click.echo(f"warning: {path}: {warning}", err=True)
    if as_json:
        echo_json(result.to_contract())
        return
    _print_table(result)


def _score(
    truth: Path,
    root: Path | None,
    split: str | None,
    options: IngestOptions,
    kwargs: dict[str, Any],
    as_json: bool,
    verbose: bool,
) -> None:
    from pipeline.segment.score import default_segmenter, format_score, load_truth, score_corpus

    entries = load_truth(truth, split)
    if not entries:
        raise InputError(truth, f"no documents{f' in split {split!r}' if split else ''}")
    folder = root or truth.parent
    if not folder.is_dir():
        raise InputError(folder, "no such folder")
    with ExitStack() as stack:
        progress = None
        if _stderr_tty():
            from rich.progress import Progress

            bar = stack.enter_context(Progress(transient=True))
            task = bar.add_task("scoring", total=len(entries))
            progress = lambda rel: bar.update(task, advance=1, description=rel[-40:])  # noqa: E731
        result = score_corpus(entries, folder, default_segmenter(options, **kwargs), progress)
    if as_json:
        echo_json(
            {"documents": [row.to_json() for row in result.documents], "total": result.total()}
        )
        return
    click.echo(format_score(result, verbose))


def _stderr_tty() -> bool:
    import sys

    return sys.stderr.isatty() and is_tty()


def _ocr_progress(stack: ExitStack, path: str) -> ProgressCallback | None:
    """A progress bar on a terminal, shown once OCR starts (it can take minutes)."""
    if not _stderr_tty():
        return None
    state: dict[str, Any] = {}

    def advance(done: int, total: int) -> None:
        if "bar" not in state:
            from rich.progress import Progress

            state["bar"] = stack.enter_context(Progress(transient=True))
            state["task"] = state["bar"].add_task(f"OCR {Path(path).name}", total=total)
        state["bar"].update(state["task"], completed=done)

    return advance


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
