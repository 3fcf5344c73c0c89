"""``run.py summarise``: documents in, ``summaries/<body>/<date>/summary.json`` out.

Exit codes: 0 every item of every document summarised; 1 some item (or an overview)
failed and was recorded as failed (re-run to retry just those); 2 bad input or config.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from pipeline.commands.common import echo_json, is_tty, settings_from
from pipeline.config import Settings
from pipeline.errors import ConfigError
from pipeline.store import PathsSettings
from pipeline.summarise.settings import SummariseSettings


def __getattr__(name: str) -> Any:
    # pipeline/cli.py maps the `prompts` command to this module; it lives with the LLM layer.
    if name == "prompts":
        from pipeline.commands.prompts import prompts

        return prompts
    raise AttributeError(name)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--engine",
    type=click.Choice(["extractive", "openai"]),
    help="Default: openai when an LLM model is configured, else extractive.",
)
@click.option("--model", help="LLM model name (implies an LLM is configured).")
@click.option(
    "--prompt",
    "prompt_refs",
    multiple=True,
    help="A prompt version, e.g. summarise-item@v1 (repeat for the meeting or chunk prompt).",
)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Output folder.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report of what was written.")
@click.option(
    "--video-url",
    callback=lambda _ctx, _param, value: _http_url("--video-url", value),
    help="The meeting's video (one PATH only); quotes with a time link to it.",
)
@click.option(
    "--source-url",
    callback=lambda _ctx, _param, value: _http_url("--source-url", value),
    help="Where the council publishes the document (one PATH only).",
)
@click.pass_context
def summarise(
    ctx: click.Context,
    paths: tuple[str, ...],
    engine: str | None,
    model: str | None,
    prompt_refs: tuple[str, ...],
    out_dir: str | None,
    as_json: bool,
    video_url: str | None,
    source_url: str | None,
) -> None:
    """Summarise each document at PATH into summaries/<body>/<date>/summary.json."""
    from pipeline.ingest import load_document
    from pipeline.limits import configured_limits
    from pipeline.search import index_summary
    from pipeline.segment import segment_document
    from pipeline.segment.settings import SegmentSettings
    from pipeline.store import run_started
    from pipeline.summarise.stage import choose_engine, open_engine, summarise_to_store, with_prompt

    settings = settings_from(ctx)
    config = settings.section("summarise", SummariseSettings)
    segment_config = settings.section("segment", SegmentSettings)
    out = Path(out_dir or settings.section("paths", PathsSettings).summaries)
    engine_name, llm = choose_engine(settings, config, engine, model)
    if prompt_refs and engine_name != "openai":
        raise ConfigError("--prompt needs the openai engine (the extractive one uses none)")
    for prompt_ref in prompt_refs:
        config = with_prompt(config, prompt_ref)

    if (video_url or source_url) and len(paths) > 1:
        raise ConfigError("--video-url and --source-url describe one document: pass one PATH")
    # Read and segment everything first: a bad file fails the run before any LLM spend.
    segmentations = []
    limits = configured_limits(settings)
    for path in paths:
        document = load_document(path, limits=limits)
        if video_url:
            document.metadata.urls["video"] = video_url
        if source_url:
            document.metadata.urls["source"] = source_url
        segmentations.append(
            segment_document(
                document,
                chunk_tokens=segment_config.chunk_tokens,
                encoding=segment_config.encoding,
            )
        )

    reports = []
    any_failed = False
    started = run_started()
    with ExitStack() as stack:
        built = stack.enter_context(open_engine(engine_name, config, llm, segment=segment_config))
        progress = stack.enter_context(_progress()) if is_tty() else None
        for path, segmentation in zip(paths, segmentations, strict=True):
            task = None
            if progress is not None:
                task = progress.add_task(Path(path).name, total=len(segmentation.items))
            outcome = summarise_to_store(
                segmentation,
                engine=built,
                config=config,
                out=out,
                source=path,
                created_at=started,
                progress=(lambda _item, t=task: progress.advance(t)) if task is not None else None,
            )
            for warning in outcome.warnings:
                click.echo(f"warning: {warning}", err=True)
            result = outcome.result
            if outcome.written:
                index_summary(outcome.path, settings)  # search hook: pipeline/search
            overview_failed = result.overview_status == "failed"
            any_failed = any_failed or bool(outcome.failed) or overview_failed
            for item in outcome.failed:
                click.echo(f"warning: {path}: item {item.number} failed: {item.error}", err=True)
            if overview_failed:
                click.echo(f"warning: {path}: overview failed: {result.overview_error}", err=True)
            reports.append(outcome.report())
    site = _update_site(settings, out) if any(r["written"] for r in reports) else None
    if as_json:
        echo_json({"summaries": reports, "ok": not any_failed, "site": site})
    else:
        for r in reports:
            state = "written" if r["written"] else "not written"
            extra = f", {len(r['failed'])} failed" if r["failed"] else ""
            click.echo(
                f"{r['summary']}: {state} ({r['engine']}, {r['ok']} ok{extra}, "
                f"{r['llm_calls']} LLM calls)"
            )
        if site is not None:
            click.echo(f"site: {site['index']} updated ({site['written']} files written)")
    ctx.exit(1 if any_failed else 0)


def _update_site(settings: Settings, summaries_root: Path) -> dict | None:
    """Re-render an existing site after new summaries; ``None`` when there is none yet.

    Only a site that was already rendered from this summaries folder is updated, so that
    summarising never publishes anything by itself: the publish policy of ``[review]``
    still decides which pages appear (drafts wait for evals or an editor).
    """
    from pipeline.render import RenderSettings, ReviewSettings, build_site, load_catalog

    render_cfg = settings.section("render", RenderSettings)
    site = Path(render_cfg.out_dir)
    configured = Path(settings.section("paths", PathsSettings).summaries)
    if not (site / "index.html").is_file() or summaries_root.resolve() != configured.resolve():
        return None
    policy = settings.section("review", ReviewSettings).publish
    report = build_site(load_catalog(summaries_root), site, render_cfg, policy)
    return {"index": str(site / "index.html"), "written": len(report.written)}


def _http_url(option: str, value: str | None) -> str | None:
    """An absolute http(s) URL, or a one-line usage error."""
    if value is None:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(f"{value!r} is not an http(s) URL", param_hint=option)
    return value


def _progress() -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        transient=False,
        console=None,
        redirect_stdout=False,
        redirect_stderr=False,
    )
