"""SubRip (SRT) captions -> :class:`CaptionFile`.

Blocks separated by blank lines: an index line (optional here: some tools drop it), a
timing line ``00:01:02,500 --> 00:01:05,000`` (a ``.`` before the milliseconds is accepted)
and text lines. ``<i>``/``<b>``/``<u>``/``<font ...>`` tags and ``{\\an8}``-style override
codes are dropped with their text kept; ``>>`` marks a speaker change. A timing line that
cannot be parsed is an :class:`~pipeline.errors.InputError` naming the line.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from pipeline.ingest.captions_cues import (
    CaptionFile,
    Cue,
    Line,
    is_timing_line,
    parse_timing_line,
    split_changes,
)

_TAG = re.compile(r"</?(?:i|b|u|s|font)\b[^<>]*>|\{\\[^{}]*\}", re.IGNORECASE)


def parse_srt(path: Path, text: str) -> CaptionFile:
    """Parse SRT ``text`` (already decoded); raises :class:`InputError` when broken."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[Cue] = []
    current: Cue | None = None
    for index, line in enumerate(lines, start=1):
        if not line.strip():
            current = None
            continue
        if is_timing_line(line):
            start, end, _settings = parse_timing_line(path, line, index)
            current = Cue(start=start, end=end, line_number=index)
            cues.append(current)
        elif current is not None and not _is_index(line, lines, index):
            current.lines.append(_payload(line))
        # Anything else outside a cue is an index line or stray text: nothing to keep.
    return CaptionFile(cues=cues)


def _is_index(line: str, lines: list[str], number: int) -> bool:
    """A cue number right before a timing line (files that omit the blank line)."""
    return line.strip().isdigit() and number < len(lines) and is_timing_line(lines[number])


def _payload(raw: str) -> Line:
    return split_changes(html.unescape(_TAG.sub("", raw)))
