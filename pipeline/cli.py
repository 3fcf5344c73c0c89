"""Command-line interface: a thin shell over the stage functions.

Commands live in their own modules and are imported only when invoked, so ``--help`` stays
fast (it lists the commands from :data:`SUMMARIES`, importing none of them) and one broken
stage cannot take the others down. Every :class:`PipelineError` becomes
one line on stderr and exit code 2.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import os
import sys
from typing import Any

import click

from pipeline.errors import PipelineError

DEBUG_ENV = "COUNCIL_DIGEST_DEBUG"

# name -> "module:attribute"; each module owns its command and nothing else.
COMMANDS: dict[str, str] = {
    "segment": "pipeline.commands.segment:segment",
    "prompts": "pipeline.commands.prompts:prompts",
    "summarise": "pipeline.commands.summarise:summarise",
    "evals": "pipeline.commands.evals:evals",
    "render": "pipeline.commands.publish:render",
    "review": "pipeline.commands.publish:review",
    "subscribers": "pipeline.commands.publish:subscribers",
    "digest": "pipeline.commands.publish:digest",
    "weekly": "pipeline.commands.publish:weekly",
    "fetch": "pipeline.commands.fetch:fetch",
    "councils": "pipeline.commands.councils:councils",
    "search": "pipeline.commands.search:search",
}
# name -> the one-line help ``run.py --help`` lists (a test keeps it equal to each
# command's own docstring), so listing the commands imports none of them.
SUMMARIES: dict[str, str] = {
    "councils": "The councils whose meetings `run.py fetch` and `weekly --fetch` fetch.",
    "fetch": (
        "Fetch a council's meetings and their documents into <store>/<council>/<body>/<date>/."
    ),
    "search": 'Search the published meetings for QUERY: words, "a phrase", prefix*.',
    "digest": "Build COUNCIL's digest for WEEK: one email per subscriber; --send sends them once.",
    "evals": "Check summaries sentence by sentence against their source documents.",
    "prompts": "Versioned prompt templates (prompts/<id>.v<N>.md) and their lock file.",
    "render": "Render the static site from the summaries under SUMMARIES (config [paths]).",
    "review": "Editor review: list, show, approve, reject and edit summaries.",
    "segment": "Split the document at PATH into agenda items with character spans.",
    "subscribers": "Manage digest subscribers (SQLite, config [digest] database).",
    "summarise": "Summarise each document at PATH into summaries/<body>/<date>/summary.json.",
    "weekly": (
        "The main job: ingest, segment, summarise, evals, render and digest one council's week."
    ),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._installed(name))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                # click's own shortening, on a stand-in that carries the help text.
                formatter.write_dl(
                    [(n, click.Command(n, help=t).get_short_help_str(limit)) for n, t in rows]
                )

    @staticmethod
    def _installed(name: str) -> bool:
        """Is the command's module part of this build? (Found, not imported.)"""
        module_name = COMMANDS[name].split(":")[0]
        try:
            return importlib.util.find_spec(module_name) is not None
        except ModuleNotFoundError:
            return False

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = click.utils.make_str(args[0])
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            near = difflib.get_close_matches(name, self.list_commands(ctx), n=2, cutoff=0.6)
            hint = f"; did you mean {' or '.join(near)}?" if near else ""
            click.echo(
                f"error: no such command {name!r}{hint} (run.py --help lists them)", err=True
            )
            ctx.exit(2)
        return super().resolve_command(ctx, args)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # that stage is not installed in this build
                return None
            raise
        return getattr(module, attribute, None)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # disk full, permission denied, ... while writing outputs
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            # A bug, not bad input: still one line, with the way to see the traceback.
            click.echo(
                f"error: internal error ({type(exc).__name__}: {exc}); "
                f"set {DEBUG_ENV}=1 for the traceback",
                err=True,
            )
            ctx.exit(2)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    version=None,
    package_name="council-digest",
    prog_name="council-digest",
    message="%(prog)s %(version)s",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="COUNCIL_DIGEST_CONFIG",
    help="A TOML file laid over config/default.toml.",
)
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """Council Digest: council meeting documents in, faithful checked summaries out."""
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path


def main() -> None:
    """Entry point for ``run.py`` and the ``council-digest`` script."""
    try:
        cli.main(prog_name="run.py")
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
