"""Helpers shared by the command modules."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from pipeline.config import Settings, load_settings
from pipeline.fileio import write_atomic

__all__ = ["echo_json", "is_tty", "settings_from", "write_atomic"]


def settings_from(ctx: click.Context) -> Settings:
    """The merged settings for this invocation (``--config`` of the root group)."""
    root = ctx.find_root()
    config_path = (root.obj or {}).get("config_path")
    return load_settings(config_path)


def is_tty() -> bool:
    """True when stdout is an interactive terminal: progress bars and colour only then."""
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON (UTF-8, not ASCII-escaped)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
