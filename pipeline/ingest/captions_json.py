"""JSON transcripts and captions -> :class:`CaptionFile`.

Accepted shapes:

- whisper, faster-whisper, whisperX: ``{"segments": [...], ...}`` or a bare list of
  segments, each ``{"start": s, "end": s, "text": ..., "speaker"?: ..., "words"?: [...]}``;
  Council Data Project's ``{"sentences": [{"start_time", "end_time", "text",
  "speaker_name", "words"}]}`` and AssemblyAI's ``{"utterances": [...]}`` alike;
- YouTube caption lists (youtube-transcript-api and the like): a list of
  ``{"text": ..., "start": s, "duration": s}``;
- YouTube ``json3`` (``{"events": [{"tStartMs", "dDurationMs", "segs": [{"utf8",
  "tOffsetMs"}]}]}``): each ``seg``'s offset becomes an inline stamp, so every word keeps
  its own time.

Segment keys are matched by name: start (``start``, ``start_time``, ``startTime``,
``offset``, ``from``, ``startMs``, ``start_ms``), end (``end``, ``end_time``, ``endTime``,
``to``, ``endMs``, ``end_ms``) or duration (``duration``, ``dur``, ``durationMs``), text
(``text``, ``content``, ``caption``), speaker (``speaker``, ``speaker_label``). A key
ending in ``ms``/``Ms`` is milliseconds; other times are seconds unless they are whole
numbers hundreds apart from cue to cue, as tools that count milliseconds write them
(:func:`seconds_scale`). An end derived from a duration is cut at the next cue's start
(YouTube's display durations overlap). ``>>`` in the text marks a change of speaker;
``\\n`` separates lines.

When a segment carries ``words`` whose text joins up to the segment's text
(``word_timestamps=True``), each word's start becomes an inline stamp. Top-level string
fields that state the meeting (``council``, ``body``, ``committee``, ``meeting``,
``title``, ``date``, ``video``, ``video_url``, ``url``) are passed on as header lines.
"""

from __future__ import annotations

import statistics
from itertools import pairwise
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.ingest.captions_cues import CaptionFile, Cue, Line, split_changes
from pipeline.limits import load_json

# Where the cues are: whisper "segments", Council Data Project "sentences", AssemblyAI
# "utterances".
_LIST_KEYS = ("segments", "sentences", "utterances")
_META_KEYS = ("council", "body", "committee", "meeting", "title", "date", "video", "video_url")
_START_KEYS = ("start", "start_time", "startTime", "offset", "from", "startMs", "start_ms")
_END_KEYS = ("end", "end_time", "endTime", "to", "endMs", "end_ms")
_DURATION_KEYS = ("duration", "dur", "durationMs", "duration_ms")
_TEXT_KEYS = ("text", "content", "caption")
_SPEAKER_KEYS = ("speaker", "speaker_label", "speaker_name")
# Consecutive cue starts this far apart (median) are milliseconds, not seconds.
MS_MEDIAN_STEP = 60.0


def parse_json_transcript(path: Path, text: str) -> CaptionFile:
    """Parse a JSON transcript; raises :class:`InputError` for anything else."""
    data = load_json(path, text)
    header: list[str] = []
    if isinstance(data, dict):
        for key in (*_META_KEYS, "url"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                label = {"video_url": "Video", "url": "Video"}.get(key, key.capitalize())
                header.append(f"{label}: {value.strip()}")
        if isinstance(data.get("events"), list) and "segments" not in data:
            return CaptionFile(cues=_json3_cues(path, data["events"]), header=header)
        segments = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
    else:
        segments = data
    if not isinstance(segments, list):
        raise InputError(
            path, 'no transcript segments: expected {"segments": [...]} or a list of segments'
        )
    return CaptionFile(cues=_segment_cues(path, segments), header=header)


def is_json_transcript(data: Any) -> bool:
    """True for parsed JSON shaped like one of the transcripts this module reads."""
    if isinstance(data, dict):
        if isinstance(data.get("events"), list):
            return any(isinstance(e, dict) and "tStartMs" in e for e in data["events"][:20])
        data = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
    if not isinstance(data, list) or not data:
        return False
    first = data[0]
    return (
        isinstance(first, dict)
        and _key(first, _START_KEYS) is not None
        and _key(first, _TEXT_KEYS) is not None
    )


def seconds_scale(starts: list[float]) -> float:
    """1.0 when ``starts`` look like seconds, 0.001 when they look like milliseconds.

    Milliseconds are whole numbers, and consecutive cues start hundreds of them apart;
    seconds step by a few (a cue is rarely longer than 30 s).
    """
    if any(float(s) != int(s) for s in starts):
        return 1.0
    steps = [b - a for a, b in pairwise(starts) if b > a]
    if not steps:
        return 1.0
    median = statistics.median(steps)
    if (len(steps) >= 3 and median >= MS_MEDIAN_STEP) or median >= 1000:
        return 0.001
    return 1.0


def _key(segment: dict, names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in segment), None)


def _segment_cues(path: Path, segments: list) -> list[Cue]:
    for index, segment in enumerate(segments):
        if not isinstance(segment, dict):
            raise InputError(path, f"segment {index}: not an object")
    if not segments:
        return []
    start_key = _key(segments[0], _START_KEYS) or "start"
    end_key = _key(segments[0], _END_KEYS)
    duration_key = None if end_key else _key(segments[0], _DURATION_KEYS)
    if start_key.lower().endswith("ms"):
        scale = 0.001
    else:
        scale = seconds_scale([s[start_key] for s in segments[:200] if _is_time(s.get(start_key))])
    cues: list[Cue] = []
    for index, segment in enumerate(segments):
        start = segment.get(start_key)
        end = segment.get(end_key) if end_key else None
        duration = segment.get(duration_key) if duration_key else None
        if not _is_time(start) or not (_is_time(end) or _is_time(duration)):
            raise InputError(path, f"segment {index}: start/end must be seconds (numbers)")
        if end is not None and end < start:
            raise InputError(path, f"segment {index}: ends ({end}) before it starts ({start})")
        text_key = _key(segment, _TEXT_KEYS)
        text = segment.get(text_key) if text_key else None
        if not isinstance(text, str):
            raise InputError(path, f"segment {index}: no 'text' string")
        begin = float(start) * scale
        finish = float(end) * scale if end is not None else begin + float(duration) * scale
        lines: list[Line] = []
        speaker = segment.get(_key(segment, _SPEAKER_KEYS) or "speaker")
        words = _words(segment.get("words"), text, scale)
        if words is not None:
            lines = [words]
        else:
            lines = [split_changes(line) for line in text.split("\n")]
            lines = [line for line in lines if line] or [[("text", text)]]
        if isinstance(speaker, str) and speaker.strip():
            lines[0].insert(0, ("voice", " ".join(speaker.split())))
        cues.append(Cue(start=begin, end=finish, lines=lines, line_number=index))
    if duration_key is not None:
        _cut_overlaps(cues)
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
