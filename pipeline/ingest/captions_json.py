"""JSON transcripts (faster-whisper, whisperX and similar) -> :class:`CaptionFile`.

Accepted shapes: ``{"segments": [...], ...}`` or a bare list of segments. A segment is an
object with ``start`` and ``end`` (seconds, numbers) and ``text``; ``speaker`` (whisperX's
``"SPEAKER_00"``, or a name) is optional. When a segment carries ``words`` whose text
joins up to the segment's text (``word_timestamps=True``), each word's start becomes an
inline stamp, so quotes get word-level times. Top-level string fields that state the
meeting (``council``, ``body``, ``committee``, ``meeting``, ``title``, ``date``,
``video``, ``video_url``, ``url``) are passed on as header lines for metadata.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.ingest.captions_cues import CaptionFile, Cue, Line
from pipeline.limits import load_json

_META_KEYS = ("council", "body", "committee", "meeting", "title", "date", "video", "video_url")


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
        segments = data.get("segments")
    else:
        segments = data
    if not isinstance(segments, list):
        raise InputError(
            path, 'no transcript segments: expected {"segments": [...]} or a list of segments'
        )
    cues = [_cue(path, index, segment) for index, segment in enumerate(segments)]
    return CaptionFile(cues=cues, header=header)


def _cue(path: Path, index: int, segment: Any) -> Cue:
    if not isinstance(segment, dict):
        raise InputError(path, f"segment {index}: not an object")
    start, end = segment.get("start"), segment.get("end")
    if not _is_time(start) or not _is_time(end):
        raise InputError(path, f"segment {index}: start/end must be seconds (numbers)")
    if end < start:
        raise InputError(path, f"segment {index}: ends ({end}) before it starts ({start})")
    text = segment.get("text")
    if not isinstance(text, str):
        raise InputError(path, f"segment {index}: no 'text' string")
    line: Line = []
    speaker = segment.get("speaker")
    if isinstance(speaker, str) and speaker.strip():
        line.append(("voice", " ".join(speaker.split())))
    line.extend(_words(segment.get("words"), text) or [("text", text)])
    return Cue(start=float(start), end=float(end), lines=[line], line_number=index)


def _is_time(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _words(words: Any, text: str) -> Line | None:
    """Word tokens with stamps, when the words spell the segment text exactly."""
    if not isinstance(words, list) or not words:
        return None
    tokens: Line = []
    for word in words:
        if not isinstance(word, dict) or not isinstance(word.get("word"), str):
            return None
        if _is_time(word.get("start")):
            tokens.append(("stamp", float(word["start"])))
        tokens.append(("text", word["word"] if word["word"][:1].isspace() else " " + word["word"]))
    spelled = " ".join("".join(str(v) for k, v in tokens if k == "text").split())
    return tokens if spelled == " ".join(text.split()) else None
