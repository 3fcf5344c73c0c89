"""Tab-separated transcripts (Whisper ``--output_format tsv`` and spreadsheets) -> cues.

Whisper writes ``start<TAB>end<TAB>text`` with times in whole milliseconds; hand-made
sheets add columns (speaker, a raw and a corrected text, times in seconds and in
milliseconds). Columns are found by their header names:

- start: a name with "start", "begin" or exactly "from"; end: "end", "stop" or "to";
  when several columns qualify, the finest one wins (a name saying ``ms``);
- text: names with "text", "transcri", "caption", "content" or "utterance"; a
  "corrected" column is read first and the others fill in its blank cells;
- speaker: a name with "speaker" or exactly "name"/"who".

A header naming ``ms`` means milliseconds, "sec"/"(s)" seconds; otherwise whole numbers
hundreds apart from row to row are milliseconds
(:func:`pipeline.ingest.captions_json.seconds_scale`). Times may also be written
``hh:mm:ss.mmm``. A file without a header is read as start, end, text. Lines above the
header are kept as header lines (metadata candidates); rows without text are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.captions_cues import CaptionFile, Cue, parse_timestamp, split_changes
from pipeline.ingest.captions_json import seconds_scale

_START = re.compile(r"start|begin|^from$")
_END = re.compile(r"\bend|stop|^to$")
_TEXT = re.compile(r"text|transcri|caption|content|utterance")
_SPEAKER = re.compile(r"speaker|^name$|^who$")
_MS = re.compile(r"\bms\b|millisec|\(ms\)|_ms$|ms\)")
_SECONDS = re.compile(r"\bsec|\(s\)|\bseconds?\b")
_TIME_VALUE = re.compile(r"^\s*(?:\d+(?:\.\d+)?|(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*$")
SNIFF_LINES = 20


@dataclass
class _Columns:
    header_line: int  # index of the header line, -1 when there is none
    start: int
    end: int | None
    texts: list[int]
    speaker: int | None
    unit: float | None  # seconds per unit when the header says so


def looks_like_transcript_tsv(text: str) -> bool:
    """True when the first lines of ``text`` are a timed tab-separated transcript."""
    lines = text.split("\n")[: SNIFF_LINES + 5]
    columns = _find_columns(lines)
    if columns is None:
        return False
    rows = [line.split("\t") for line in lines[columns.header_line + 1 :] if "\t" in line]
    timed = [r for r in rows if len(r) > columns.start and _TIME_VALUE.match(r[columns.start])]
    return len(timed) >= 2 and len(timed) * 2 >= len(rows)


def parse_tsv_transcript(path: Path, text: str) -> CaptionFile:
    """Parse a tab-separated transcript (already decoded) into one cue per row."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    columns = _find_columns(lines[: SNIFF_LINES + 5])
    if columns is None:
        raise InputError(path, "not a timed transcript: no start/text columns found")
    header = [h for h in (_cells_text(line) for line in lines[: columns.header_line]) if h]
    raw: list[tuple[int, float, float | None, str, str | None]] = []
    for number, line in enumerate(lines[columns.header_line + 1 :], columns.header_line + 2):
        cells = [_unquote(cell) for cell in line.split("\t")]
        body = next((cells[i] for i in columns.texts if i < len(cells) and cells[i]), "")
        if not body:
            continue
        start = _time(cells, columns.start)
        end = _time(cells, columns.end) if columns.end is not None else None
        if start is None:
            raise InputError(path, f"line {number}: start time is not a number or time")
        speaker = cells[columns.speaker].strip() if columns.speaker is not None else None
        raw.append((number, start, end, body, speaker if speaker and len(cells) > 1 else None))
    scale = columns.unit or seconds_scale([row[1] for row in raw[:200]])
    cues: list[Cue] = []
    for number, start, end, body, speaker in raw:
        begin = start * scale
        finish = end * scale if end is not None else None
        if finish is not None and finish < begin:
            raise InputError(path, f"line {number}: the row ends before it starts")
        line = split_changes(body)
        if speaker:
            line.insert(0, ("voice", " ".join(speaker.split())))
        cues.append(Cue(start=begin, end=finish, lines=[line], line_number=number))
    return CaptionFile(cues=cues, header=header)


def _unquote(cell: str) -> str:
    """A cell without the quotes a spreadsheet put around it (``""`` is one quote)."""
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        cell = cell[1:-1].replace('""', '"')
    return cell


def _cells_text(line: str) -> str:
    return " ".join(cell.strip() for cell in line.split("\t") if cell.strip())


def _time(cells: list[str], index: int | None) -> float | None:
    if index is None or index >= len(cells):
        return None
    value = cells[index].strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        return float(value)
    return parse_timestamp(value)


def _find_columns(lines: list[str]) -> _Columns | None:
    for index, line in enumerate(lines[:SNIFF_LINES]):
        names = [cell.strip().lower() for cell in line.split("\t")]
        if len(names) < 2:
            continue
        starts = [i for i, n in enumerate(names) if _START.search(n)]
        texts = [i for i, n in enumerate(names) if _TEXT.search(n) and i not in starts]
        if not starts or not texts:
            continue
        start = _finest(names, starts)
        ends = [i for i, n in enumerate(names) if _END.search(n) and i not in starts]
        end = _finest(names, ends, like=names[start]) if ends else None
        texts.sort(key=lambda i: 0 if "correct" in names[i] else 1)
        speakers = [i for i, n in enumerate(names) if _SPEAKER.search(n)]
        unit = 0.001 if _MS.search(names[start]) else 1.0 if _SECONDS.search(names[start]) else None
        return _Columns(index, start, end, texts, speakers[0] if speakers else None, unit)
    rows = [line.split("\t") for line in lines if line.strip()]
    bare = [r for r in rows if len(r) >= 3 and _TIME_VALUE.match(r[0]) and _TIME_VALUE.match(r[1])]
    if len(bare) >= 3 and len(bare) * 2 >= len(rows):
        return _Columns(-1, 0, 1, [2], None, None)
    return None


def _finest(names: list[str], candidates: list[int], like: str | None = None) -> int:
    """The column in milliseconds when there is one (or the one matching ``like``'s unit)."""
    if like is not None:
        same = [i for i in candidates if bool(_MS.search(names[i])) == bool(_MS.search(like))]
        if same:
            return same[0]
    in_ms = [i for i in candidates if _MS.search(names[i])]
    return in_ms[0] if in_ms else candidates[0]
