"""``run.py prompts``: list, show, check and lock the versioned prompts."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.commands.common import echo_json
from pipeline.prompts import (
    LOCK_NAME,
    PromptError,
    check_lock,
    list_prompts,
    load_prompt,
    lock_prompts,
    prompt_summary,
    read_lock,
)


@click.group()
@click.option(
    "--dir",
    "prompts_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Prompts folder (default: the project's prompts/).",
)
@click.pass_context
def prompts(ctx: click.Context, prompts_dir: Path | None) -> None:
    """Versioned prompt templates (prompts/<id>.v<N>.md) and their lock file."""
    ctx.ensure_object(dict)
    ctx.obj["prompts_dir"] = prompts_dir


def _dir(ctx: click.Context) -> Path | None:
    return (ctx.obj or {}).get("prompts_dir")


@prompts.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def list_command(ctx: click.Context, as_json: bool) -> None:
    """Every prompt version with its hash and lock state."""
    lock = read_lock(_dir(ctx))
    entries = [prompt_summary(p, lock) for p in list_prompts(_dir(ctx))]
    if as_json:
        echo_json(entries)
        return
    for entry in entries:
        state = {True: "locked", False: "EDITED", None: "unlocked"}[entry["lock_ok"]]
        click.echo(f"{entry['ref']:<28} {state:<8} {entry['hash'][:19]}  {entry['description']}")


@prompts.command("show")
@click.argument("ref")
@click.option("--render", is_flag=True, help="Print the messages rendered with sample inputs.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show_command(ctx: click.Context, ref: str, render: bool, as_json: bool) -> None:
    """One prompt (REF is ID@vN, or ID for the latest version)."""
    prompt = load_prompt(ref, _dir(ctx))
    lock = read_lock(_dir(ctx))
    if render:
        messages = prompt.render_sample()
        if as_json:
            echo_json(messages)
        else:
            for message in messages:
                click.echo(f"--- {message['role']} ---\n{message['content']}")
        return
    if as_json:
        echo_json({**prompt_summary(prompt, lock), "inputs": prompt.inputs, "body": prompt.body})
        return
    locked = lock.get(prompt.ref)
    state = "unlocked" if locked is None else ("locked" if locked == prompt.hash else "EDITED")
    click.echo(f"{prompt.ref}  ({state})")
    click.echo(f"hash:        {prompt.hash}")
    click.echo(f"description: {prompt.description}")
    click.echo(f"output:      {prompt.output}")
    click.echo(f"params:      {json.dumps(prompt.params, sort_keys=True)}")
    click.echo(f"inputs:      {', '.join(sorted(prompt.inputs)) or '-'}")
    click.echo(f"file:        {prompt.path}")
    click.echo("")
    click.echo(prompt.body.rstrip("\n"))


@prompts.command("check")
@click.pass_context
def check_command(ctx: click.Context) -> None:
    """Fail (exit 2) when a released prompt was edited or a prompt is not locked."""
    problems = check_lock(_dir(ctx))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise PromptError(f"{len(problems)} problem(s) with {LOCK_NAME}")
    click.echo(f"{LOCK_NAME}: all prompt versions locked and unchanged")


@prompts.command("lock")
@click.pass_context
def lock_command(ctx: click.Context) -> None:
    """Add new prompt versions to the lock; never changes an existing entry."""
    added = lock_prompts(_dir(ctx))
    for ref in added:
        click.echo(f"locked {ref}")
    if not added:
        click.echo("nothing to lock: every prompt version is already in the lock")
