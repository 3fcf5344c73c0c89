"""``run.py summarise``: documents in, ``summaries/<body>/<date>/summary.json`` out.

Exit codes: 0 every item of every document summarised; 1 some item (or an overview)
failed and was recorded as failed (re-run to retry just those); 2 bad input or config.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel

from pipeline.commands.common import echo_json, is_tty, settings_from
from pipeline.config import Settings
from pipeline.errors import ConfigError
from pipeline.summarise.settings import SummariseSettings

HOW_TO_CONFIGURE = (
    "--engine openai needs an LLM model: pass --model NAME, or set [llm] model (and base_url "
    "for a local server) in a config file, or COUNCIL_DIGEST__LLM__MODEL"
)


def __getattr__(name: str) -> Any:
    # pipeline/cli.py maps the `prompts` command to this module; it lives with the LLM layer.
    if name == "prompts":
        from pipeline.commands.prompts import prompts

        return prompts
    raise AttributeError(name)


class PathSettings(BaseModel):
    """The ``[paths]`` keys this command reads."""

    summaries: str = "summaries"


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--engine",
    type=click.Choice(["extractive", "openai"]),
    help="Default: openai when an LLM model is configured, else extractive.",
)
@click.option("--model", help="LLM model name (implies an LLM is configured).")
@click.option("--prompt", "prompt_ref", help="Item prompt version, e.g. summarise-item@v1.")
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
    prompt_ref: str | None,
    out_dir: str | None,
    as_json: bool,
    video_url: str | None,
    source_url: str | None,
) -> None:
    """Summarise each document at PATH into summaries/<body>/<date>/summary.json."""
    from pipeline.commands.segment import SegmentSettings
    from pipeline.ingest import load_document
    from pipeline.limits import configured_limits
    from pipeline.search import index_summary
    from pipeline.segment import segment_document
    from pipeline.summarise.orchestrate import failed, summarise_meeting
    from pipeline.summarise.store import load_existing, save_summary, summary_path

    settings = settings_from(ctx)
    config = settings.section("summarise", SummariseSettings)
    segment_config = settings.section("segment", SegmentSettings)
    out = Path(out_dir or settings.section("paths", PathSettings).summaries)
    engine_name, llm = _choose_engine(settings, config, engine, model)
    if prompt_ref is not None:
        if engine_name != "openai":
            raise ConfigError("--prompt needs the openai engine (the extractive one uses none)")
        config = _with_prompt(config, prompt_ref)

    if (video_url or source_url) and len(paths) > 1:
        raise ConfigError("--video-url and --source-url describe one document: pass one PATH")
    # Read and segment everything first: a bad file fails the run before any LLM spend.
    segmentations = []
    limits = configured_limits(settings)
    for path in paths:
        document = load_document(path, limits)
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
    with ExitStack() as stack:
        built = _build_engine(stack, engine_name, config, llm)
        progress = stack.enter_context(_progress()) if is_tty() else None
        for path, segmentation in zip(paths, segmentations, strict=True):
            task = None
            if progress is not None:
                task = progress.add_task(Path(path).name, total=len(segmentation.items))
            previous = _previous(out, segmentation, load_existing)
            calls_before = built.calls_made() if hasattr(built, "calls_made") else 0
            result = summarise_meeting(
                segmentation,
                engine=built,
                settings=config,
                progress=(lambda _item, t=task: progress.advance(t)) if task is not None else None,
                previous=previous,
            )
            calls = (built.calls_made() if hasattr(built, "calls_made") else 0) - calls_before
            target = summary_path(out, result)
            written = result is not previous and _may_replace(target, result, load_existing)
            if written:
                save_summary(out, result)
                index_summary(target, settings)  # search hook: pipeline/search
            bad = failed(result)
            overview_failed = result.overview_status == "failed"
            any_failed = any_failed or bool(bad) or overview_failed
            for item in bad:
                click.echo(f"warning: {path}: item {item.number} failed: {item.error}", err=True)
            if overview_failed:
                click.echo(f"warning: {path}: overview failed: {result.overview_error}", err=True)
            reports.append(
                {
                    "source": path,
                    "summary": str(target),
                    "written": written,
                    "engine": result.provenance.engine,
                    "model": result.provenance.model,
                    "items": len(result.items),
                    "ok": sum(i.status == "ok" for i in result.items),
                    "skipped": sum(i.status == "skipped" for i in result.items),
                    "failed": [i.number for i in bad],
                    "overview_status": result.overview_status,
                    "llm_calls": calls,
                    "usage": result.provenance.usage.model_dump(),
                }
            )
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
    configured = Path(settings.section("paths", PathSettings).summaries)
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


def _choose_engine(
    settings: Settings, config: SummariseSettings, engine: str | None, model: str | None
) -> tuple[str, Any]:
    """The engine to run and, for openai, the LLM settings; exit 2 when impossible."""
    llm = None
    wanted = engine or (config.engine if config.engine != "auto" else None)
    if wanted != "extractive":
        try:
            from pipeline.llm import LLMSettings
        except ImportError:  # the LLM layer is not part of this build
            LLMSettings = None
        if LLMSettings is not None:
            llm = LLMSettings.from_settings(settings, model=model)
            if not llm.is_configured:
                llm = None
    if wanted == "openai" and llm is None:
        raise ConfigError(HOW_TO_CONFIGURE)
    if wanted is None:
        wanted = "openai" if llm is not None else "extractive"
    return wanted, llm


def _with_prompt(config: SummariseSettings, ref: str) -> SummariseSettings:
    """``--prompt ID@vN`` replaces whichever of the three prompts has that id."""
    from pipeline.prompts import load_prompt

    prompt = load_prompt(ref)  # unknown refs fail here with a one-line PromptError
    for field in ("item_prompt", "chunk_prompt", "meeting_prompt"):
        if getattr(config, field).split("@")[0] == prompt.id:
            return config.model_copy(update={field: prompt.ref})
    raise ConfigError(
        f"--prompt {ref}: not a summarise prompt (expected summarise-item, summarise-chunk "
        "or summarise-meeting)"
    )


def _build_engine(stack: ExitStack, name: str, config: SummariseSettings, llm: Any) -> Any:
    if name == "extractive":
        from pipeline.summarise.extractive import ExtractiveEngine

        return ExtractiveEngine(config)
    from pipeline.llm import open_client
    from pipeline.summarise.llm_engine import LLMEngine

    client = stack.enter_context(open_client(llm, command="summarise"))
    return LLMEngine(config, client)


def _previous(out: Path, segmentation: Any, load_existing: Any) -> Any:
    """The summary already written for this very source, if any."""
    from pipeline.summarise.orchestrate import meeting_info
    from pipeline.summarise.store import SUMMARY_NAME, meeting_dir

    document = segmentation.document
    folder = meeting_dir(out, meeting_info(segmentation), document.path)
    existing = load_existing(folder / SUMMARY_NAME)
    if existing is not None and existing.provenance.source_sha256 != document.sha256:
        return None
    return existing


# One summary per meeting: when two documents of the same meeting (same body and date) are
# summarised, the better record wins: minutes or a transcript over a decision notice or an
# agenda item page, over an agenda or agenda pack (the meeting had not happened yet).
SOURCE_RANK = {"minutes": 3, "transcript": 3, "decision": 2, "agenda_item": 2}


def _may_replace(target: Path, result: Any, load_existing: Any) -> bool:
    """False (with a warning) when ``target`` holds a better document's summary."""
    old = load_existing(target) if target.exists() else None
    if old is None or old.provenance.source_sha256 == result.provenance.source_sha256:
        return True
    old_rank = SOURCE_RANK.get(old.meeting.kind, 1)
    new_rank = SOURCE_RANK.get(result.meeting.kind, 1)
    if old_rank > new_rank:
        click.echo(
            f"warning: {target}: kept the summary of {old.provenance.source_path} "
            f"({old.meeting.kind}) over {result.provenance.source_path} ({result.meeting.kind})",
            err=True,
        )
        return False
    click.echo(
        f"warning: {target}: replacing the summary of {old.provenance.source_path} "
        "(same body and date)",
        err=True,
    )
    return True


def _progress() -> Any:
    try:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    except ImportError:  # pragma: no cover - rich is a dependency
        return nullcontext(None)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        transient=False,
        console=None,
        redirect_stdout=False,
        redirect_stderr=False,
        disable=not sys.stdout.isatty(),
    )
