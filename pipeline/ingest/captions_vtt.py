"""WebVTT captions (YouTube, Zoom, Teams, hand-made) -> :class:`CaptionFile`.

Follows the WebVTT syntax with the leniency real exports need:

- the ``WEBVTT`` header line and the header lines under it (YouTube's ``Kind:``,
  ``Language:``) are kept as metadata candidates, and so are ``NOTE`` blocks;
  ``STYLE`` and ``REGION`` blocks are skipped;
- a cue is an optional identifier line, a timing line ``start --> end [settings]`` (cue
  settings such as ``align:start position:0%`` are ignored) and payload lines. Only an
  empty line ends a cue, so YouTube's payload lines holding a single space stay inside
  their cue; a timing line inside a block also starts a new cue (files whose blank lines
  carry stray spaces);
- payload markup: ``<v Name>`` / ``<v.loud Name>`` name the speaker; inline timestamps
  ``<00:01:02.500>`` become stamps; ``<c>``, ``<i>``, ``<b>``, ``<u>``, ``<lang>``,
  ``<ruby>`` tags are dropped with their text kept; entities are decoded; ``>>`` marks a
  speaker change.

A timing line that cannot be parsed, or that ends before it starts, is an
:class:`~pipeline.errors.InputError` naming the line: silently skipping it would shift
every quote's timestamp after it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.captions_cues import (
    CaptionFile,
    Cue,
    Line,
    is_timing_line,
    parse_timestamp,
    parse_timing_line,
    split_changes,
)

_TAG = re.compile(r"<([^<>]*)>")


def parse_vtt(path: Path, text: str) -> CaptionFile:
    """Parse WebVTT ``text`` (already decoded); raises :class:`InputError` when broken."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise InputError(path, "not WebVTT: the first line must be 'WEBVTT'")
    header = [lines[0].lstrip("\ufeff")[6:].strip(" \t-")]
    i = 1
    while i < len(lines) and lines[i].strip():
        header.append(lines[i].strip())
        i += 1
    cues: list[Cue] = []
    for number, block in _blocks(lines, i):
        first = block[0].strip()
        if re.match(r"^NOTE(?:\s|$)", first):
            header.extend(line.strip() for line in [first[4:], *block[1:]] if line.strip())
        elif re.match(r"^(?:STYLE|REGION)(?:\s|$)", first):
            continue
        elif any(is_timing_line(line) for line in block):
            cues.extend(_cues(path, block, number))
    return CaptionFile(cues=cues, header=[h for h in header if h])


def _blocks(lines: list[str], i: int) -> list[tuple[int, list[str]]]:
    """Blocks separated by empty lines, each with its 1-based first line number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = i
    for index in range(i, len(lines)):
        line = lines[index]
        if line == "" or (not line.strip() and not current):
            if current:
                blocks.append((start + 1, current))
            current = []
            continue
        if not current:
            start = index
        current.append(line)
    if current:
        blocks.append((start + 1, current))
    # A whitespace-only line at the very end of a cue is YouTube padding; one between
    # a payload and the next timing line is a blank line with stray spaces.
    return blocks


def _cues(path: Path, block: list[str], first_line: int) -> list[Cue]:
    cues: list[Cue] = []
    current: Cue | None = None
    for offset, line in enumerate(block):
        number = first_line + offset
        if is_timing_line(line):
            if current is not None and current.lines and _is_identifier(block[offset - 1]):
                current.lines.pop()  # that line was the next cue's identifier
            start, end, _settings = parse_timing_line(path, line, number)
            current = Cue(start=start, end=end, line_number=number)
            cues.append(current)
        elif current is not None:
            current.lines.append(parse_payload_line(line))
    return cues


def _is_identifier(line: str) -> bool:
    return bool(re.fullmatch(r"\s*\d+\s*", line)) or not line.strip()


def parse_payload_line(raw: str) -> Line:
    """Tokens of one payload line: text, inline stamps, voices and speaker changes."""
    tokens: Line = []
    position = 0
    for match in _TAG.finditer(raw):
        _add_text(tokens, raw[position : match.start()])
        position = match.end()
        tag = match.group(1).strip()
        stamp = parse_timestamp(tag)
        if stamp is not None:
            tokens.append(("stamp", stamp))
        elif re.match(r"^v(?:\.[\w.-]+)?\s+\S", tag):
            tokens.append(("voice", " ".join(tag.split(None, 1)[1].split())))
    _add_text(tokens, raw[position:])
    return tokens


def _add_text(tokens: Line, raw: str) -> None:
    if not raw:
        return
    tokens.extend(split_changes(html.unescape(raw)))
