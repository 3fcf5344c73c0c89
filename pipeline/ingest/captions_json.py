"""JSON transcripts and captions -> :class:`CaptionFile`, read by structure.

No one key set is assumed. The reader looks for the cue list: the list of objects
(anywhere in the first levels of the file: bare, or under ``segments``, ``sentences``,
``utterances``, ``content``, ``transcript``, ``captions``, ``data``, ...) whose members
most often carry both a text string and a time. Within it:

- the text field is a known name (``text``, ``content``, ``caption``, ``utf8``, ...) or else
  the string field with the longest values that is not a speaker, id or language;
- the start field is a known name (``start``, ``start_time``, ``offset``, ``tStartMs``,
  ``from``, ``begin``, ``time``, ...) or else the time field whose values rise through the
  file; the end (``end``, ``to``, ...) or duration (``duration``, ``dur``,
  ``dDurationMs``, ...) likewise by name;
- times are numbers, numeric strings or clock strings (``"01:02:03.5"``, ``"1:02"``); the
  unit is milliseconds when the field's name says so (``...Ms``, ``..._ms``) and
  otherwise by magnitude (:func:`seconds_scale`: whole numbers hundreds apart from cue to
  cue, or display durations of hundreds);
- YouTube ``json3`` events (``{"events": [{"tStartMs", "dDurationMs", "segs": [{"utf8",
  "tOffsetMs"}]}]}``) keep each ``seg``'s offset as an inline stamp.

A speaker field (``speaker``, ``speaker_label``, ``speaker_name``, ``speakerName``)
opens a turn; ``>>`` in the text marks a change of speaker and ``\\n`` separates lines.
An end derived from a duration is cut at the next cue's start (YouTube's display
durations overlap). When a segment carries ``words`` that spell its text
(``word_timestamps=True``), each word's start becomes an inline stamp. Top-level string
fields that state the meeting (``council``, ``body``, ``committee``, ``meeting``,
``title``, ``date``, ``video``, ``video_url``, ``url``) are passed on as header lines.
The only refusal for shape is a file with no cue list at all.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.ingest.captions_cues import (
    CaptionFile,
    Cue,
    Line,
    parse_timestamp,
    split_changes,
)
from pipeline.limits import load_json

_META_KEYS = ("council", "body", "committee", "meeting", "title", "date", "video", "video_url")
_START_KEYS = (
    "start", "start_time", "startTime", "offset", "from", "startMs", "start_ms", "tStartMs",
    "begin", "start_seconds", "startSeconds", "start_offset", "time", "timestamp", "ts",
)  # fmt: skip
_END_KEYS = ("end", "end_time", "endTime", "to", "endMs", "end_ms", "stop", "end_seconds")
_DURATION_KEYS = ("duration", "dur", "durationMs", "duration_ms", "dDurationMs", "length")
_TEXT_KEYS = ("text", "content", "caption", "utf8", "transcript", "sentence", "line")
_SPEAKER_KEYS = ("speaker", "speaker_label", "speaker_name", "speakerName", "speaker_id")
# String fields that are never the spoken text.
_NOT_TEXT = re.compile(r"(?i)(speaker|name|id$|lang|kind|type|label|url|style|voice)")
# Rising numbers that count cues rather than time them; names that say "time".
_COUNTER = re.compile(r"(?i)(?:^|_)(?:id|index|idx|seq|no|num|number|line)$|Id$|Index$")
_TIME_WORD = re.compile(r"(?i)time|start|begin|from|offset|^t_|^t[A-Z]|sec|ms$")
_MS_NAME = re.compile(r"(?:Ms|_ms|MS|ms)$")
# How deep the cue list may sit inside the file (a wrapper or two).
_SEARCH_DEPTH = 4
_SAMPLE = 200
# Consecutive cue starts this far apart (median) are milliseconds, not seconds.
MS_MEDIAN_STEP = 60.0
# A caption shown this long (median, in the file's unit) is counted in milliseconds.
MS_MEDIAN_DURATION = 100.0


@dataclass(frozen=True, slots=True)
class CueFields:
    """Where a cue list keeps its text and times, and the unit of the times."""

    text: str
    start: str
    end: str | None
    duration: str | None
    speaker: str | None
    scale: float


def parse_json_transcript(path: Path, text: str) -> CaptionFile:
    """Parse a JSON transcript; raises :class:`InputError` when it holds no cue list."""
    data = load_json(path, text)
    header: list[str] = []
    if isinstance(data, dict):
        for key in (*_META_KEYS, "url"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                label = {"video_url": "Video", "url": "Video"}.get(key, key.capitalize())
                header.append(f"{label}: {value.strip()}")
    events = _json3_events(data)
    if events is not None:
        return CaptionFile(cues=_json3_cues(path, events), header=header)
    found = find_cue_list(data)
    if found is None:
        if isinstance(data, list) and not data:
            return CaptionFile(cues=[], header=header)
        raise InputError(
            path,
            "no transcript segments: found no list of objects with a text and a start time",
        )
    segments, fields = found
    return CaptionFile(cues=_segment_cues(path, segments, fields), header=header)


def is_json_transcript(data: Any) -> bool:
    """True for parsed JSON that holds a cue list (or YouTube json3 events)."""
    return _json3_events(data) is not None or find_cue_list(data) is not None


def find_cue_list(data: Any) -> tuple[list, CueFields] | None:
    """The list of cue objects in ``data`` and its fields, or None when there is none.

    Every list of objects within :data:`_SEARCH_DEPTH` levels whose members mostly carry
    both a text and a time is a candidate; the shallowest wins (so a segment list beats
    the word lists inside its segments), and among equals the one with most cues.
    """
    best: tuple[int, int, list, CueFields] | None = None
    for depth, candidate in _object_lists(data, 0):
        fields = cue_fields(candidate)
        if fields is None:
            continue
        sample = [m for m in candidate[:_SAMPLE] if isinstance(m, dict)]
        count = sum(
            1
            for m in sample
            if isinstance(m.get(fields.text), str) and _seconds(m.get(fields.start)) is not None
        )
        if count < len(sample) / 2:
            continue
        if best is None or (-depth, count) > (-best[1], best[0]):
            best = (count, depth, candidate, fields)
    return None if best is None or best[0] == 0 else (best[2], best[3])


def cue_fields(members: list) -> CueFields | None:
    """Which fields of ``members`` hold the text, start, end or duration, and their unit."""
    sample = [m for m in members[:_SAMPLE] if isinstance(m, dict)]
    if not sample or len(sample) < len(members[:_SAMPLE]) / 2:
        return None
    half = len(sample) / 2
    keys: dict[str, int] = {}
    for member in sample:
        for key in member:
            keys[key] = keys.get(key, 0) + 1
    common = [k for k, n in keys.items() if n >= half]
    strings = [k for k in common if _share(sample, k, lambda v: isinstance(v, str)) >= 0.5]
    times = [k for k in common if _share(sample, k, lambda v: _seconds(v) is not None) >= 0.5]
    text = next((k for k in _TEXT_KEYS if k in strings), None)
    if text is None:
        spoken = [k for k in strings if not _NOT_TEXT.search(k) and k not in times]
        if not spoken:
            return None
        text = max(spoken, key=lambda k: sum(len(str(m.get(k, ""))) for m in sample))
    start = next((k for k in _START_KEYS if k in times), None)
    # End and duration by name alone: a bad value there is an error, not another shape.
    end = next((k for k in _END_KEYS if k in common and k != start), None)
    duration = None if end else next((k for k in _DURATION_KEYS if k in common), None)
    if start is None:
        rising = [
            k
            for k in times
            if k not in (end, duration) and not _COUNTER.search(k) and _rises(sample, k)
        ]
        if not rising:
            return None
        start = min(rising, key=lambda k: not _TIME_WORD.search(k))
    speaker = next((k for k in _SPEAKER_KEYS if k in keys), None)
    return CueFields(text, start, end, duration, speaker, _scale(sample, start, duration))


def seconds_scale(starts: list[float]) -> float:
    """1.0 when ``starts`` look like seconds, 0.001 when they look like milliseconds.

    Milliseconds are whole numbers, and consecutive cues start hundreds of them apart;
    seconds step by a few (a cue is rarely longer than 30 s). Steps of a thousand or
    more are milliseconds whatever their form.
    """
    steps = [b - a for a, b in pairwise(starts) if b > a]
    if not steps:
        return 1.0
    median = statistics.median(steps)
    if median >= 1000:
        return 0.001
    if any(float(s) != int(s) for s in starts):
        return 1.0
    if len(steps) >= 3 and median >= MS_MEDIAN_STEP:
        return 0.001
    return 1.0


def _scale(sample: list[dict], start: str, duration: str | None) -> float:
    if _MS_NAME.search(start):
        return 0.001
    if any(isinstance(m.get(start), str) and ":" in m[start] for m in sample):
        return 1.0  # clock strings are hours, minutes and seconds
    starts = [s for m in sample if (s := _seconds(m.get(start))) is not None]
    scale = seconds_scale(starts)
    if scale == 1.0 and duration is not None:
        shown = [d for m in sample if (d := _seconds(m.get(duration))) is not None and d > 0]
        if len(shown) >= 3 and statistics.median(shown) >= MS_MEDIAN_DURATION:
            return 0.001
    return scale


def _share(sample: list[dict], key: str, test: Any) -> float:
    present = [m[key] for m in sample if key in m]
    return sum(1 for v in present if test(v)) / len(present) if present else 0.0


def _rises(sample: list[dict], key: str) -> bool:
    values = [v for m in sample if (v := _seconds(m.get(key))) is not None]
    steps = [b - a for a, b in pairwise(values)]
    return bool(steps) and sum(1 for s in steps if s >= 0) >= 0.9 * len(steps) and any(steps)


def _object_lists(data: Any, depth: int) -> Iterator[tuple[int, list]]:
    """Lists of objects in ``data`` with their depth, breadth first within each level."""
    if depth > _SEARCH_DEPTH:
        return
    if isinstance(data, list):
        if data and any(isinstance(m, dict) for m in data[:_SAMPLE]):
            yield depth, data
        for member in data[:3]:  # a list of lists: look into the first few
            if isinstance(member, list | dict):
                yield from _object_lists(member, depth + 1)
    elif isinstance(data, dict):
        for value in data.values():
            if isinstance(value, list | dict):
                yield from _object_lists(value, depth + 1)


def _json3_events(data: Any) -> list | None:
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        return None
    events = data["events"]
    if any(isinstance(e, dict) and "segs" in e and "tStartMs" in e for e in events[:_SAMPLE]):
        return events
    return None


def _seconds(value: Any) -> float | None:
    """A time as a number: numbers, numeric strings and clock strings; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value >= 0 else None
    if isinstance(value, str):
        stripped = value.strip()
        clock = parse_timestamp(stripped)
        if clock is not None:
            return clock
        try:
            number = float(stripped)
        except ValueError:
            return None
        return number if number >= 0 else None
    return None


def _segment_cues(path: Path, segments: list, fields: CueFields) -> list[Cue]:
    cues: list[Cue] = []
    scale = fields.scale
    for index, segment in enumerate(segments):
        if not isinstance(segment, dict):
            raise InputError(path, f"segment {index}: not an object")
        text = segment.get(fields.text)
        if text is None and not any(k in segment for k in (fields.start, fields.end)):
            continue  # a member that is not a cue (a chapter marker, a style)
        start = _seconds(segment.get(fields.start))
        end = _seconds(segment.get(fields.end)) if fields.end else None
        duration = _seconds(segment.get(fields.duration)) if fields.duration else None
        if start is None:
            raise InputError(path, f"segment {index}: start/end must be seconds (numbers)")
        for key in (fields.end, fields.duration):
            if key and key in segment and _seconds(segment[key]) is None:
                raise InputError(path, f"segment {index}: start/end must be seconds (numbers)")
        if end is not None and end < start:
            raise InputError(path, f"segment {index}: ends ({end:g}) before it starts ({start:g})")
        if not isinstance(text, str):
            raise InputError(path, f"segment {index}: no '{fields.text}' string")
        begin = start * scale
        if end is not None:
            finish: float | None = end * scale
        elif duration is not None:
            finish = begin + duration * scale
        else:
            finish = None
        words = _words(segment.get("words"), text, scale)
        if words is not None:
            lines = [words]
        else:
            lines = [split_changes(line) for line in text.split("\n")]
            lines = [line for line in lines if line] or [[("text", text)]]
        speaker = segment.get(fields.speaker) if fields.speaker else None
        if isinstance(speaker, str) and speaker.strip():
            lines[0].insert(0, ("voice", " ".join(speaker.split())))
        cues.append(Cue(start=begin, end=finish, lines=lines, line_number=index))
    if not fields.end:
        _end_at_next(cues)
    return cues


def _json3_cues(path: Path, events: list) -> list[Cue]:
    """YouTube json3 events with text; each ``seg`` offset is an inline stamp."""
    cues: list[Cue] = []
    for index, event in enumerate(events):
        if not isinstance(event, dict) or not isinstance(event.get("segs"), list):
            continue
        start, duration = event.get("tStartMs"), event.get("dDurationMs", 0)
        if not _is_time(start) or not _is_time(duration):
            raise InputError(path, f"event {index}: tStartMs/dDurationMs must be numbers")
        line: Line = []
        for seg in event["segs"]:
            if not isinstance(seg, dict) or not isinstance(seg.get("utf8"), str):
                continue
            if _is_time(seg.get("tOffsetMs")) and seg["utf8"].strip():
                line.append(("stamp", (start + seg["tOffsetMs"]) / 1000))
            line.extend(split_changes(seg["utf8"].replace("\n", " ")))
        if any(kind == "text" and str(value).strip() for kind, value in line):
            cues.append(Cue(start / 1000, (start + duration) / 1000, [line], index))
    _cut_overlaps(cues)
    return cues


def _cut_overlaps(cues: list[Cue]) -> None:
    """Display durations overlap the next cue; a cue's words end where the next begins."""
    for cue, following in pairwise(cues):
        if (
            cue.start is not None
            and cue.end is not None
            and following.start is not None
            and cue.start <= following.start < cue.end
        ):
            cue.end = following.start


def _end_at_next(cues: list[Cue]) -> None:
    """Cues given a start only, or a display duration, end where the next one starts."""
    for cue, following in pairwise(cues):
        if cue.end is None and following.start is not None:
            cue.end = max(following.start, cue.start or 0.0)
    _cut_overlaps(cues)


def _is_time(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _words(words: Any, text: str, scale: float) -> Line | None:
    """Word tokens with stamps, when the words spell the segment text exactly."""
    if not isinstance(words, list) or not words:
        return None
    tokens: Line = []
    for word in words:
        if not isinstance(word, dict):
            return None
        spelled = word.get("word", word.get("text"))
        if not isinstance(spelled, str):
            return None
        start = word.get("start", word.get("start_time"))
        if _is_time(start):
            tokens.append(("stamp", float(start) * scale))
        tokens.append(("text", spelled if spelled[:1].isspace() else " " + spelled))
    spelled = " ".join("".join(str(v) for k, v in tokens if k == "text").split())
    return tokens if spelled == " ".join(text.split()) else None
