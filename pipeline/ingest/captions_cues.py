"""The cue model every transcript reader produces, and the parsing bits they share.

A caption or transcript file is read into a list of :class:`Cue` objects. A cue holds lines;
a line is a list of tokens in reading order:

- ``("text", str)``: words as printed (tags and entities already removed);
- ``("stamp", seconds)``: an inline timestamp (WebVTT ``<00:01:02.500>``, whisper word
  times): the text after it was spoken from that moment;
- ``("voice", name)``: a speaker named by the format (WebVTT ``<v Name>``, JSON ``speaker``);
- ``("change", None)``: a speaker change without a name (``>>`` in US broadcast captions).

:mod:`pipeline.ingest.transcript` turns cues into the document's text, turns and anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pipeline.errors import InputError

TokenKind = Literal["text", "stamp", "voice", "change"]
Token = tuple[TokenKind, "str | float | None"]
Line = list[Token]

# ">>" (and ">>>", a change of topic) marks a new speaker in US broadcast captions.
_CHANGE = re.compile(r"\s*>>+\s*")
# (hh:)mm:ss.mmm with "." (WebVTT) or "," (SRT); hours may have any number of digits.
_TIMESTAMP = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")
_TIMING = re.compile(r"^\s*(?P<start>\S+)\s+-->\s+(?P<end>\S+)(?P<settings>.*)$")

# "Name: text" speaker labels inside cues and plain-text transcripts. A label is at most
# six words, each capitalised (or a particle such as "de", "van", "of"), optionally with a
# role in parentheses: "Cllr Amina Shah", "COUNCILMEMBER ORTIZ", "Speaker 2", "SPEAKER_01",
# "Chair (Cllr Amina Shah)", "Mr. Daniel O'Brien".
_NAME_WORD = r"(?:[A-Z][\w'’.\-]*|(?:de|da|van|von|der|of|the|la|le|du|al|bin|el)\b)"
_SPEAKER_N = r"(?:speaker|spk)[ _-]?\d{1,3}"
_LABEL = re.compile(
    rf"^(?P<name>(?i:{_SPEAKER_N})|{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,5}})"
    r"(?:\s*\((?P<role>[^()\n]{1,60})\))?\s*:\s+(?=\S)"
)
# Words that open labelled lines of documents, not people: "Item 5: ...", "Note: ...".
_NOT_SPEAKERS = frozenset(
    [
        "item",
        "items",
        "agenda",
        "note",
        "notes",
        "minutes",
        "minute",
        "resolved",
        "agreed",
        "present",
        "apologies",
        "decision",
        "decisions",
        "date",
        "time",
        "venue",
        "subject",
        "re",
        "page",
        "motion",
        "action",
        "actions",
        "recommendation",
        "recommendations",
        "purpose",
        "summary",
        "question",
        "questions",
        "answer",
        "answers",
        "q",
        "a",
        "kind",
        "language",
        "docket",
        "file",
        "report",
        "title",
        "location",
        "place",
        "meeting",
        "committee",
        "body",
        "council",
        "attendees",
        "attendance",
        "absent",
        "outcome",
        "vote",
        "votes",
        "result",
        "update",
        "warning",
        "error",
        "source",
        "video",
        "url",
        "transcript",
        "captions",
        "caption",
        "reason",
        "reasons",
        "background",
        "appendix",
        "part",
        "section",
        "however",
        "so",
        "and",
        "but",
        "well",
        "yes",
        "no",
        "okay",
        "ok",
        "thank",
        "thanks",
        "now",
        "then",
        "first",
        "second",
        "third",
        "finally",
        "also",
        "this",
        "that",
        "there",
        "here",
        "it",
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "example",
        "for",
        "in",
        "on",
        "at",
        "to",
        "please",
        "remember",
    ]
)


@dataclass
class CaptionFile:
    """What a reader found: the cues, and header or note lines that may state metadata."""

    cues: list[Cue]
    header: list[str] = field(default_factory=list)


@dataclass
class Cue:
    """One caption cue (or transcript segment) as the file states it."""

    start: float | None
    end: float | None
    lines: list[Line] = field(default_factory=list)
    line_number: int = 0

    def plain_lines(self) -> list[str]:
        """Each line's words without tokens other than text (for comparisons)."""
        return [line_key(line) for line in self.lines]


def line_key(line: Line) -> str:
    """A comparison key for a line: its text, whitespace-collapsed and case-folded."""
    return " ".join("".join(str(v) for k, v in line if k == "text").split()).casefold()


def parse_timestamp(raw: str) -> float | None:
    """Seconds for ``hh:mm:ss.mmm`` / ``mm:ss,mmm``; ``None`` when it is not a timestamp.

    Minutes and seconds must be below 60 (WebVTT and SRT both require it).
    """
    match = _TIMESTAMP.match(raw.strip())
    if not match:
        return None
    hours, minutes, seconds, frac = match.groups()
    if int(minutes) >= 60 or int(seconds) >= 60:
        return None
    millis = int((frac or "0").ljust(3, "0"))
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + millis / 1000


def parse_timing_line(path: object, line: str, line_number: int) -> tuple[float, float, str]:
    """``start --> end settings`` -> (start, end, settings); raises on a broken timing line."""
    match = _TIMING.match(line)
    start = parse_timestamp(match.group("start")) if match else None
    end = parse_timestamp(match.group("end")) if match else None
    if match is None or start is None or end is None:
        raise InputError(path, f"line {line_number}: broken cue timestamp {line.strip()!r}")
    if end < start:
        raise InputError(path, f"line {line_number}: cue ends before it starts {line.strip()!r}")
    return start, end, match.group("settings").strip()


def is_timing_line(line: str) -> bool:
    """True for anything that tries to be a cue timing line (it has an arrow)."""
    return "-->" in line


def split_changes(text: str) -> Line:
    """Text tokens of one caption line, with a ``("change", None)`` at each ``>>``."""
    if ">>" not in text:
        return [("text", text)] if text else []
    tokens: Line = []
    for index, part in enumerate(_CHANGE.split(text)):
        if index:
            tokens.append(("change", None))
        if part:
            tokens.append(("text", part))
    return tokens


def speaker_label(text: str) -> tuple[str, int] | None:
    """``("Name", length of "Name: ")`` when ``text`` opens with a speaker label, else None."""
    match = _LABEL.match(text)
    if match is None:
        return None
    name = " ".join(match.group("name").split())
    first = name.split()[0].rstrip(".").casefold()
    if first in _NOT_SPEAKERS or name.isdigit():
        return None
    if len(name) == 1:  # "A:" / "Q:" are question-and-answer labels, not speakers
        return None
    role = match.group("role")
    label = f"{name} ({' '.join(role.split())})" if role else name
    return label, match.end()
