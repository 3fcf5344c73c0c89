"""Reading input files safely: regular files only, bounded sizes, bounded JSON.

Every reader of user-supplied files goes through here, so hostile or broken input ends as
one :class:`~pipeline.errors.InputError` naming the file and the problem, never a hang
(a FIFO or a device opened for reading), a runaway (a 60 MB "minutes" file) or an internal
error (JSON nested 100,000 deep, a 5,000-digit number).

Size limits are the ``[limits]`` config section (:class:`InputLimits`); the JSON limits
are fixed: no real transcript or summary comes near them.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from pipeline.errors import InputError

if TYPE_CHECKING:
    from pipeline.config import Settings

MB = 1024 * 1024
# Deeper than any summary.json (about 6 levels) or transcript (about 5) by far, and far
# below Python's recursion limit, which the JSON decoder would otherwise hit.
JSON_MAX_DEPTH = 64
# Longer numbers are not times, counts or offsets; 4,300+ digits is an internal error in
# int() since Python 3.11, and huge floats silently become infinity.
JSON_MAX_NUMBER_CHARS = 40


class InputLimits(BaseModel):
    """The ``[limits]`` config section: the largest input files read."""

    # PDFs: agenda report packs of several hundred pages run to tens of MB.
    pdf_max_mb: float = Field(default=200.0, gt=0)
    # Everything else (HTML, text, Markdown, transcripts, summaries, edits, config):
    # a 300-page pack is under 1 MB of text, so this is generous.
    text_max_mb: float = Field(default=16.0, gt=0)

    def max_bytes(self, *, pdf: bool = False) -> int:
        """The byte limit for a PDF, or for any other file."""
        return int((self.pdf_max_mb if pdf else self.text_max_mb) * MB)

    def key(self, *, pdf: bool = False) -> str:
        """The config key naming the limit, for messages."""
        return "[limits] pdf_max_mb" if pdf else "[limits] text_max_mb"


DEFAULT_LIMITS = InputLimits()


def read_regular_file(
    path: str | Path, limits: InputLimits | None = None, *, what: str = "file"
) -> bytes:
    """The bytes of ``path``, which must be a regular file within the size limit.

    PDFs (by their first bytes) get ``pdf_max_mb``, anything else ``text_max_mb``. A FIFO,
    socket or device is refused without being opened for reading, so nothing blocks.
    """
    path = Path(path)
    limits = limits or DEFAULT_LIMITS
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, f"is a directory, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, f"not a regular file (a pipe or a device): not read as a {what}")
    try:
        # O_NONBLOCK: should the path have been swapped for a FIFO since the stat, the open
        # returns at once instead of waiting for a writer; fstat below then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(path, f"not a regular file: not read as a {what}")
        head = handle.read(1024)
        pdf = b"%PDF-" in head
        limit = limits.max_bytes(pdf=pdf)
        if os.fstat(fd).st_size > limit:
            raise _too_large(path, limits, pdf)
        try:
            rest = handle.read(limit + 1 - len(head))
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror}") from None
    data = head + rest
    if len(data) > limit:  # grew while we read
        raise _too_large(path, limits, pdf)
    return data


def _too_large(path: Path, limits: InputLimits, pdf: bool) -> InputError:
    size = limits.pdf_max_mb if pdf else limits.text_max_mb
    return InputError(
        path, f"file too large: over {size:g} MB ({limits.key(pdf=pdf)}); raise it to read this"
    )


def read_text_file(
    path: str | Path, limits: InputLimits | None = None, *, what: str = "file"
) -> str:
    """A UTF-8 text file (BOM allowed) via :func:`read_regular_file`; other bytes are refused."""
    data = read_regular_file(path, limits, what=what)
    return decode_utf8(path, data)


def decode_utf8(path: str | Path, data: bytes) -> str:
    """``data`` as UTF-8 (BOM allowed), or an :class:`InputError` saying where it is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not UTF-8 text: invalid byte at offset {exc.start}; save it as UTF-8"
        ) from None


# --- JSON with limits -------------------------------------------------------------------

_STRUCTURE = re.compile(r'[\[\]{}"\\]')


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (strings skipped).

    A scan over the structural characters only: linear, no recursion.
    """
    depth = deepest = 0
    in_string = False
    escaped_at = -1  # index of the character a backslash inside a string escapes
    for match in _STRUCTURE.finditer(text):
        char, at = match.group(), match.start()
        if in_string:
            if at == escaped_at:
                continue
            if char == "\\":
                escaped_at = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _bounded_int(text: str) -> int:
    if len(text) > JSON_MAX_NUMBER_CHARS:
        raise _NumberTooLong(text)
    return int(text)


class _NumberTooLong(ValueError):
    def __init__(self, text: str, problem: str = "") -> None:
        problem = problem or f"{len(text)} characters long (the limit is {JSON_MAX_NUMBER_CHARS})"
        super().__init__(f"a number {problem}")


def load_json(path: str | Path, text: str) -> Any:
    """Parse JSON ``text`` read from ``path`` within the depth and number limits.

    Raises :class:`InputError` for invalid JSON, nesting deeper than
    :data:`JSON_MAX_DEPTH`, and numbers longer than :data:`JSON_MAX_NUMBER_CHARS` or
    outside the float range.
    """
    # Only a text with that many brackets can nest that deep: most files skip the scan.
    if text.count("[") + text.count("{") > JSON_MAX_DEPTH:
        depth = json_depth(text)
        if depth > JSON_MAX_DEPTH:
            raise InputError(
                path, f"JSON nested {depth} levels deep (the limit is {JSON_MAX_DEPTH})"
            )
    try:
        data = json.loads(
            text,
            parse_int=_bounded_int,
            parse_float=_bounded_float,
            parse_constant=_refuse_constant,
        )
    except _NumberTooLong as exc:
        raise InputError(path, f"JSON holds {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:  # belt and braces: the depth scan should have caught it
        raise InputError(path, "JSON nested too deeply") from None
    return data


def _bounded_float(text: str) -> float:
    if len(text) > JSON_MAX_NUMBER_CHARS:
        raise _NumberTooLong(text)
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NumberTooLong(text, f"out of range ({text})")
    return value


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


def configured_limits(settings: Settings) -> InputLimits:
    """The ``[limits]`` section of the merged config."""
    return settings.section("limits", InputLimits)


def describe_failure(exc: BaseException) -> str:
    """One line for a file that could not be read: the message of a known failure, the
    exception's type and message for anything else."""
    from pipeline.errors import PipelineError

    if isinstance(exc, PipelineError):
        return str(exc)
    return f"internal error ({type(exc).__name__}: {exc})"


def skipped_problems(skipped: dict[str, str]) -> list[str]:
    """The skipped files a batch job reports as problems (unreadable ones, not duplicates)."""
    return [f"skipped {path}: {why}" for path, why in skipped.items() if why.startswith("unread")]
