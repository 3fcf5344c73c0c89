"""``run.py evals``: check summaries against their sources, and measure the checker."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.common import echo_json, is_tty, settings_from, write_atomic
from pipeline.errors import InputError, PipelineError


def _settings(ctx: click.Context, **overrides: object):
    from pipeline.evals.settings import EvalsSettings

    settings = settings_from(ctx)
    return settings, settings.with_overrides("evals", **overrides).section("evals", EvalsSettings)


def _console():
    from rich.console import Console

    tty = is_tty()
    return Console(
        force_terminal=tty, no_color=not tty, width=None if tty else 140, highlight=False
    )


def _load_source(path: str, limits=None):
    from pipeline.ingest import load_document

    try:
        return load_document(path, limits=limits)
    except PipelineError:
        raise
    except Exception as exc:
        raise InputError(path, f"unreadable document: {type(exc).__name__}: {exc}") from None


@click.group()
def evals() -> None:
    """Check summaries sentence by sentence against their source documents."""


@evals.command()
@click.option(
    "--source", "source", required=True, type=click.Path(dir_okay=False), help="Source document."
)
@click.option(
    "--summary",
    "summary_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="summary.json, text, Markdown or HTML.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract.")
@click.option(
    "--html", "html_out", type=click.Path(dir_okay=False), help="Write an HTML report here."
)
@click.option(
    "--judge/--no-judge", default=None, help="Also ask the LLM judge (needs [llm] model)."
)
@click.pass_context
def check(
    ctx: click.Context,
    source: str,
    summary_path: str,
    as_json: bool,
    html_out: str | None,
    judge: bool | None,
) -> None:
    """Check SUMMARY against SOURCE; exit 1 when anything is flagged."""
    from pipeline.evals.check import check_summary
    from pipeline.evals.harness import try_segment
    from pipeline.evals.judge import run_judge
    from pipeline.evals.summary_input import load_summary
    from pipeline.limits import configured_limits

    settings, config = _settings(ctx, judge=judge)
    summary = load_summary(summary_path)
    document = _load_source(source, configured_limits(settings))
    segmentation = try_segment(document)
    report = check_summary(document, segmentation, summary, config)
    report.judge = run_judge(report, settings, config)
    if html_out:
        from pipeline.evals.render import render_html

        try:
            write_atomic(html_out, render_html(report))
        except OSError as exc:
            raise InputError(html_out, f"cannot write the HTML report: {exc.strerror}") from None
    if as_json:
        echo_json(report.to_contract())
    else:
        from pipeline.evals.render import print_table

        print_table(report, _console())
    ctx.exit(report.exit_code)


@evals.command()
@click.argument("datasets", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option(
    "--split", type=click.Choice(["all", "dev", "test"]), default="all", show_default=True
)
@click.option("--segment", is_flag=True, help="Segment sources too (coverage and item decisions).")
@click.pass_context
def run(
    ctx: click.Context, datasets: tuple[str, ...], as_json: bool, split: str, segment: bool
) -> None:
    """Score the checker on labelled DATASETS, each reported on its own.

    A DATASET is a labelled JSONL file (or a folder of them) or SummEdits files. Default:
    every evals/datasets/*.jsonl, then SummEdits from ../shared when it is there."""
    from pipeline.evals.dataset import default_datasets
    from pipeline.evals.harness import run_any

    _, config = _settings(ctx)
    paths = list(datasets) or [str(p) for p in default_datasets()]
    results = []
    for path in paths:
        if is_tty():
            from rich.progress import Progress

            with Progress(transient=True) as progress:
                task = progress.add_task(f"checking {Path(path).name}", total=None)

                def advance(done: int, total: int, task=task, progress=progress) -> None:
                    progress.update(task, completed=done, total=total)

                results.append(
                    run_any(path, config, split=split, segment=segment, progress=advance)
                )
        else:
            results.append(run_any(path, config, split=split, segment=segment))
    if as_json:
        # One dataset: its metrics. Several: the first's at the top (as with one), all of
        # them under "datasets".
        echo_json(results[0] if len(results) == 1 else {**results[0], "datasets": results})
        return
    for result in results:
        if result.get("kind") == "summedits":
            _print_summedits(result)
        else:
            _print_run(result)


def _print_run(result: dict) -> None:
    from rich.table import Table

    console = _console()
    for name, m in result["splits"].items():
        table = Table(title=f"{result['dataset']} - split {name}")
        table.add_column("error kind")
        table.add_column("caught", justify="right")
        table.add_column("recall", justify="right")
        for kind, v in m["recall"].items():
            table.add_row(kind, f"{v['caught']}/{v['total']}", f"{v['recall']:.1%}")
        console.print(table)
        target = m["recall_target_kinds"]
        console.print(
            f"recall (all kinds) {m['recall_all']:.1%}; figure+name+quote+attribution {target:.1%}"
            if target is not None
            else f"recall (all kinds) {m['recall_all']:.1%}"
        )
        console.print(
            f"false alarms {m['false_alarms']}/{m['faithful_sentences']} faithful sentences "
            f"= {m['false_alarm_rate']:.1%}; balanced accuracy {m['balanced_accuracy']:.1%}"
        )
    console.print(
        f"{result['records']} summaries, {result['sentences_checked']} sentences checked in "
        f"{result['seconds']} s"
    )
    for skipped in result.get("unreadable_sources", []):
        console.print(f"not scored ({skipped['records']} summaries): {skipped['error']}")


def _print_summedits(result: dict) -> None:
    from rich.table import Table

    console = _console()
    table = Table(title=f"{result['dataset']} (SummEdits, summary level)")
    for col in ("domain", "split", "balanced accuracy", "inconsistent caught", "false alarms"):
        table.add_column(col, justify="left" if col in ("domain", "split") else "right")
    for domain, d in result["domains"].items():
        for name, m in d["splits"].items():
            table.add_row(
                domain,
                name,
                f"{m['balanced_accuracy']:.1%}",
                f"{m['caught']}/{m['inconsistent']} = {m['recall']:.1%}",
                f"{m['false_alarms']}/{m['consistent']} = {m['false_alarm_rate']:.1%}",
            )
    console.print(table)
    console.print(
        f"{result['records']} summaries, {result['sentences_checked']} sentences checked in "
        f"{result['seconds']} s"
    )


@evals.command()
@click.argument("a", type=click.Path())
@click.argument("b", type=click.Path())
@click.option(
    "--source", type=click.Path(dir_okay=False), help="Source, when summaries don't name it."
)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.pass_context
def compare(ctx: click.Context, a: str, b: str, source: str | None, as_json: bool) -> None:
    """Two sets of summaries of the same meetings, side by side."""
    from rich.table import Table

    from pipeline.evals.harness import compare as compare_sets

    for path in (a, b, source):
        if path is not None and not Path(path).exists():
            raise InputError(path, "no such file or directory")
    _, config = _settings(ctx)
    result = compare_sets(a, b, config, source=source)
    if as_json:
        echo_json(result)
        return
    console = _console()
    table = Table(title=f"A = {a}   B = {b}")
    for col in (
        "meeting",
        "A flagged",
        "B flagged",
        "A quotes",
        "B quotes",
        "A cover",
        "B cover",
        "A words",
        "B words",
    ):
        table.add_column(col, justify="left" if col == "meeting" else "right")
    for row in result["meetings"]:
        cells = [row["meeting"]]
        for key in ("flagged", "quotes", "coverage", "words"):
            for side in ("A", "B"):
                s = row[side]
                if s is None:
                    cells.append("-")
                elif key == "flagged":
                    cells.append(f"{s['flagged']}/{s['sentences']}")
                elif key == "quotes":
                    cells.append(f"{s['quotes_found']}/{s['quotes']}")
                elif key == "coverage":
                    c = s["coverage"]
                    cells.append(f"{c['items_covered']}/{c['items_total']}" if c else "n/a")
                else:
                    cells.append(str(s["words"]))
        # Columns were added A,B per metric in this order.
        table.add_row(*cells)
    console.print(table)
    for side in ("A", "B"):
        t = result["totals"][side]
        console.print(
            f"{side}: {t['summaries']} summaries, "
            f"{t['flagged']}/{t['sentences']} sentences flagged, "
            f"quotes {t['quotes_found']}/{t['quotes']}, {t['words']} words"
        )
    for row in result["meetings"]:
        for side in ("A", "B"):
            s = row[side]
            for text in (s or {}).get("flagged_sentences", [])[:5]:
                console.print(f"  {side} {row['meeting']}: {text[:160]}")
