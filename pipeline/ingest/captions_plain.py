"""Plain-text transcripts: "Name: text" turns, optionally stamped -> :class:`CaptionFile`.

A turn starts on a line shaped like one of::

    Cllr Amina Shah: Good evening, everyone.
    SPEAKER 1: Thank you.
    [00:01:02] Chair: Item five.           (also "(00:01:02)" or a bare "00:01:02")
    Chair [00:01:02]: Item five.
    [00:01:02] Item five.                  (a stamp, same speaker as before)
    00:01:02 >> ITEM FIVE.                 (broadcast captions: ">>" is a new speaker)
    Amina Shah  0:03                       (Otter.ai style: name and time alone on a line,
    Good evening, everyone.                 the words on the lines below; Zoom's saved
                                            captions write "[Amina Shah] 18:02:11")

Other lines continue the current turn. Lines before the first turn are the header (the
meeting's name and date, say) and are kept only as metadata candidates, not as text. A
turn's start time is its stamp; its end is the next stamped turn's start (plain text
states no end times), the last turn's end is unknown.

Two more shapes are read as transcripts:

- caption text with a stamp alone on a line now and then (``[00:05:03]`` every five
  minutes) and no names: each caption line becomes a cue whose time is interpolated
  between the stamps around it by its position in the characters between them (after the
  last stamp, at the pace of the blocks before it);
- a Markdown table with a time column: ``| 0:00:30| I call to order ...| [video](...)|``;
  the header and separator rows are skipped, lines above the table are the header.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from pipeline.ingest.captions_cues import (
    CaptionFile,
    Cue,
    parse_timestamp,
    speaker_label,
    split_changes,
)

_STAMP = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_LEAD_STAMP = re.compile(rf"^[\[(]?(?P<stamp>{_STAMP})[\])]?\s+(?=\S)")
_NAME_STAMP = re.compile(rf"^(?P<name>[^\[\]():]{{1,60}}?)\s*[\[(](?P<stamp>{_STAMP})[\])]\s*:\s+")
# Otter's "Name  0:03" and Zoom's saved captions "[Name] 18:02:11", the words below.
_OTTER = re.compile(
    rf"^(?:(?P<name>[^\d:\[\]()]{{1,60}}?)|\[(?P<bracketed>[^\[\]:]{{1,60}})\])"
    rf"\s+(?P<stamp>{_STAMP})$"
)
# Meeting-document markers: a text carrying these is minutes or an agenda, not a transcript.
_DOCUMENT_MARKER = re.compile(
    r"^(?:RESOLVED\b|Resolved:|Minutes:|Present:|Apologies for absence|Agenda item\b"
    r"|pdf icon|Decision details|ORDER OF BUSINESS|AGENDA\b|Agreed:|Declarations? of interest)",
    re.MULTILINE,
)
_BARE_STAMP = re.compile(rf"^[\[(]?(?P<stamp>{_STAMP})[\])]?$")
_TABLE_ROW = re.compile(rf"^\|\s*[\[(]?(?P<stamp>{_STAMP})[\])]?\s*\|(?P<text>[^|]*)\|")
_TABLE_RULE = re.compile(r"^\|[\s:|-]+\|?$")
SNIFF_BYTES = 65536
MIN_STAMP_LINES = 2
MIN_STAMPED_LINES = 10  # caption lines each with a time: fewer is not a recording
MANY_STAMPED_LINES = 40  # this many forward times with no seconds is not an agenda either
_TRANSCRIPT_NAME = re.compile(r"transcript|captions?|subtitles?", re.IGNORECASE)
PROSE_WORDS = 8  # lines of a plain transcript are speech, longer than headings
CHARS_PER_SECOND = 15.0  # speech pace for the text after the last stamp, when unknown


def looks_like_transcript_text(data: bytes, name: str = "") -> bool:
    """True when ``data`` reads as a plain-text transcript rather than a meeting document.

    No line may open with a meeting-document marker ("RESOLVED", "Minutes:", "Present:",
    "Agenda item", ...) unless nearly every line is a timed turn, and either a majority
    of the non-blank lines after the header
    open a turn ("Name: text", "SPEAKER 1: text", "[00:01:02] Name: text", Otter's "Name
    0:03" line with its words below), with at least three turns; or three rows of a
    Markdown table start with a time; or stamps stand alone on lines of caption text; or
    most lines open with a recording's clock time (broadcast captions); or
    the file is named a transcript ("...-transcript.txt", "captions.txt") and holds
    prose, not headings (the name only breaks the tie).
    """
    try:
        text = data[:SNIFF_BYTES].decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError:
        return False
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(data) > SNIFF_BYTES and lines:
        lines.pop()  # possibly cut in the middle
    kinds = [_line_kind(line) for line in lines]
    if _DOCUMENT_MARKER.search(text) and not _timed_turns(kinds):
        return False
    if kinds.count("row") >= 3:
        return True
    if _TRANSCRIPT_NAME.search(name) and _prose(lines):
        return True
    bare = [i for i, kind in enumerate(kinds) if kind == "bare"]
    if len(bare) >= MIN_STAMP_LINES and bare[0] <= 5 and len(lines) - len(bare) > len(bare):
        return True
    if _stamped_captions(lines, kinds):
        return True
    turns = [i for i, kind in enumerate(kinds) if kind in ("turn", "otter")]
    if len(turns) < 3:
        return False
    body = len(lines) - turns[0]
    covered = sum(2 if kinds[i] == "otter" else 1 for i in turns)
    return covered * 2 > body


def _timed_turns(kinds: list[str]) -> bool:
    """Nearly every line is a timed turn or the words under one (Otter, Zoom captions):
    a caption line that opens with "AGENDA" or "RESOLVED" does not make it a document."""
    otter = kinds.count("otter")
    return otter >= MIN_STAMPED_LINES and otter * 2 >= 0.9 * len(kinds)


def _stamped_captions(lines: list[str], kinds: list[str]) -> bool:
    """Caption lines each opened by a clock time and no name ("00:02:28 >> GOOD MORNING").

    Most lines after the header carry a stamp, the stamps run forward, and they read as
    a recording's clock (hours, minutes and seconds) rather than an agenda's times of
    day, unless there are too many lines for an agenda.
    """
    stamped = [i for i, kind in enumerate(kinds) if kind in ("stamp", "turn")]
    stamps = [lead.group("stamp") for i in stamped if (lead := _LEAD_STAMP.match(lines[i]))]
    if len(stamps) < MIN_STAMPED_LINES or len(stamps) * 2 <= len(lines) - stamped[0]:
        return False
    seconds = [parse_timestamp(stamp) or 0.0 for stamp in stamps]
    forward = sum(1 for a, b in pairwise(seconds) if b >= a)
    if forward < 0.9 * (len(seconds) - 1):
        return False
    clock = sum(1 for stamp in stamps if stamp.count(":") == 2)
    return clock * 2 > len(stamps) or len(stamps) >= MANY_STAMPED_LINES


def _prose(lines: list[str]) -> bool:
    """Most lines are sentences of speech, not short headings or table rows."""
    if len(lines) < 5:
        return False
    long = sum(1 for line in lines if len(line.split()) >= PROSE_WORDS and "|" not in line)
    return long * 2 > len(lines)


def _line_kind(line: str) -> str:
    row = _TABLE_ROW.match(line)
    if row and parse_timestamp(row.group("stamp")) is not None:
        return "row"
    bare = _BARE_STAMP.match(line)
    if bare and parse_timestamp(bare.group("stamp")) is not None:
        return "bare"
    otter = _OTTER.match(line)
    if otter and speaker_label(_otter_name(otter) + ": x"):
        return "otter"
    rest = line
    lead = _LEAD_STAMP.match(line)
    if lead and parse_timestamp(lead.group("stamp")) is not None:
        rest = line[lead.end() :]
        if not speaker_label(rest):
            return "stamp"
    named = _NAME_STAMP.match(rest)
    if named and speaker_label(named.group("name").strip() + ": x"):
        return "turn"
    return "turn" if speaker_label(rest) else "text"


def parse_plain_transcript(path: Path, text: str) -> CaptionFile:
    """Parse a plain-text transcript (already decoded) into one cue per turn."""
    header: list[str] = []
    cues: list[Cue] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pending_otter: Cue | None = None
    blocks: list[Cue] = []  # cues opened by a stamp alone on its line
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or _TABLE_RULE.match(line):
            continue
        row = _TABLE_ROW.match(line)
        if row and parse_timestamp(row.group("stamp")) is not None:
            line = f"[{row.group('stamp')}] {row.group('text').strip()}"
            if not row.group("text").strip():
                continue
        bare = _BARE_STAMP.match(line)
        if bare and parse_timestamp(bare.group("stamp")) is not None:
            cue = Cue(start=parse_timestamp(bare.group("stamp")), end=None, line_number=number)
            cues.append(cue)
            blocks.append(cue)
            pending_otter = None
            continue
        cue = _turn_cue(line, number)
        if cue is not None:
            cues.append(cue)
            pending_otter = cue if not cue.lines[0][1:] else None
            continue
        if not cues:
            header.append(line)
        elif pending_otter is not None:
            pending_otter.lines[0].append(("text", line))
            pending_otter = None
        else:
            cues[-1].lines.append([("text", line)])
    if not cues and header:
        # Unnamed, untimed speech (a file named a transcript): each line is a cue.
        cues = [Cue(start=None, end=None, lines=[[("text", line)]]) for line in header]
        header = []
    if blocks:
        cues = _interpolate_blocks(cues)
    _close_times(cues)
    return CaptionFile(cues=[cue for cue in cues if cue.lines], header=header)


def _interpolate_blocks(cues: list[Cue]) -> list[Cue]:
    """One cue per line of each stamped block, timed by its place between the stamps."""
    result: list[Cue] = []
    paces: list[float] = []
    for index, cue in enumerate(cues):
        if len(cue.lines) <= 1 or cue.start is None:
            result.append(cue)
            continue
        sizes = [len(" ".join(str(v) for k, v in line if k == "text")) + 1 for line in cue.lines]
        following = next((c.start for c in cues[index + 1 :] if c.start is not None), None)
        total = sum(sizes)
        if following is not None and following > cue.start:
            pace = total / (following - cue.start)
            paces.append(pace)
        else:
            pace = sum(paces) / len(paces) if paces else CHARS_PER_SECOND
        offset = 0
        for line, size in zip(cue.lines, sizes, strict=True):
            start = round(cue.start + offset / pace, 3)
            result.append(Cue(start=start, end=None, lines=[line], line_number=cue.line_number))
            offset += size
        if following is None:
            result[-1].end = round(cue.start + total / pace, 3)
    return result


def _turn_cue(line: str, number: int) -> Cue | None:
    """A cue for a line that opens a turn, else ``None``."""
    otter = _OTTER.match(line)
    if otter:
        label = speaker_label(_otter_name(otter) + ": x")
        if label:
            seconds = parse_timestamp(otter.group("stamp"))
            return Cue(start=seconds, end=None, lines=[[("voice", label[0])]], line_number=number)
    seconds = None
    rest = line
    lead = _LEAD_STAMP.match(line)
    if lead and parse_timestamp(lead.group("stamp")) is not None:
        seconds = parse_timestamp(lead.group("stamp"))
        rest = line[lead.end() :]
    named = _NAME_STAMP.match(rest)
    if named and speaker_label(named.group("name").strip() + ": x"):
        name = speaker_label(named.group("name").strip() + ": x")
        assert name is not None
        seconds = parse_timestamp(named.group("stamp"))
        words = rest[named.end() :]
        return Cue(seconds, None, [[("voice", name[0]), ("text", words)]], number)
    label = speaker_label(rest)
    if label:
        return Cue(seconds, None, [[("voice", label[0]), ("text", rest[label[1] :])]], number)
    if seconds is not None:
        return Cue(seconds, None, [split_changes(rest) or [("text", rest)]], number)
    return None


def _otter_name(match: re.Match[str]) -> str:
    return match.group("name") or match.group("bracketed")


def _close_times(cues: list[Cue]) -> None:
    """A turn ends when the next stamped turn starts (plain text states no end times)."""
    following: float | None = None
    for cue in reversed(cues):
        usable = cue.start is not None and following is not None and following >= cue.start
        cue.end = following if usable else cue.end
        if cue.start is not None:
            following = cue.start
