"""Errors the CLI turns into one-line messages with exit code 2."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """A failure the user can act on; its message is shown as one line, never a traceback."""

    exit_code = 2


class InputError(PipelineError):
    """A document or file that cannot be read: names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __reduce__(self) -> tuple:
        # Rebuilt from its two parts, so it crosses from a worker process unchanged.
        return (type(self), (self.path, self.problem))


class ConfigError(PipelineError):
    """Configuration that is missing or malformed."""
