"""Transcript item boundaries when the same meetings arrive in other caption formats.

Each dev transcript with timed truth (the project corpus's ``dev`` split and the shared
dev set) is read once; its caption cues (text between time anchors, with the speaker
turn they belong to) are written out again in the shapes real councils publish, and each
copy is segmented and scored against the same truth (a boundary counts within 30 s,
:func:`pipeline.segment.score.match_items`):

- ``as-given``: the file itself;
- ``caps-lines``: broadcast captions, upper case, a timestamp on every line, ``>>`` at a
  change of speaker and no names (``.txt``);
- ``caps-no-turns``: the same without ``>>`` (captions that mark no speakers at all);
- ``zoom-vtt``: a Zoom recording transcript, WebVTT cues of ``Name: text`` (unnamed turns
  become "Speaker N" by turn);
- ``zoom-txt``: Zoom's saved captions, ``[Name] HH:MM:SS`` on a line and the words below;
- ``yt-ms-json``: YouTube captions as ``{"transcript": [{"text", "duration", "offset"}]}``
  in milliseconds, ``>>`` at a change of speaker;
- ``yt-s-json``: a bare list of ``{"text", "start", "duration"}`` in seconds;
- ``json3``: YouTube ``{"events": [{"tStartMs", "dDurationMs", "segs": [{"utf8"}]}]}``;
- ``whisper-tsv``: ``start``/``end`` in milliseconds and ``text``, no speakers.

Only dev documents are read. Run from the project root:
``.venv/bin/python bench/transcript_formats.py [--json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import load_document  # noqa: E402
from pipeline.models import Document  # noqa: E402
from pipeline.segment import segment_document  # noqa: E402
from pipeline.segment.score import load_truth, match_items  # noqa: E402

SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"
CORPORA = (
    (ROOT / "evals" / "corpus", ROOT / "evals" / "corpus" / "truth.json"),
    (SHARED_DEV, SHARED_DEV / "truth.json"),
)
MIN_CUE_CHARS = 32  # word stamps are joined into caption-sized cues


@dataclass(slots=True)
class Cue:
    """One caption cue rebuilt from a document: when, what, whose turn."""

    start: float
    end: float
    text: str
    speaker: str | None
    turn: int


def cues_of(document: Document) -> list[Cue]:
    """The document's text cut at its time anchors, labels removed, joined to caption size."""
    text = document.text
    anchors = sorted(document.time_anchors, key=lambda a: a.offset)
    cues: list[Cue] = []
    for index, turn in enumerate(document.turns):
        inside = [a for a in anchors if turn.start <= a.offset < turn.end]
        if not inside or inside[0].offset > turn.start:
            first = turn.time_start if turn.time_start is not None else None
            if first is None and not inside:
                continue
            inside.insert(
                0, type(anchors[0])(offset=turn.start, seconds=first or inside[0].seconds)
            )
        label = f"{turn.speaker}: " if turn.speaker else ""
        for at, anchor in enumerate(inside):
            stop = inside[at + 1].offset if at + 1 < len(inside) else turn.end
            said = text[anchor.offset : stop]
            if label and said.startswith(label):
                said = said[len(label) :]
            said = " ".join(said.split())
            if not said:
                continue
            if cues and cues[-1].turn == index and len(cues[-1].text) < MIN_CUE_CHARS:
                cues[-1].text += " " + said
                continue
            cues.append(Cue(anchor.seconds, anchor.seconds, said, turn.speaker, index))
    for cue, following in pairwise(cues):
        cue.end = max(cue.start, following.start)
    if cues:
        cues[-1].end = cues[-1].start + 3.0
    return cues


def _clock(seconds: float, sep: str = ".") -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}{sep}{rest % 1000:03d}"


def _turn_marked(cues: list[Cue]) -> list[tuple[Cue, str]]:
    """Each cue's text with ``>>`` where a new speaker starts (after the first)."""
    marked = []
    for index, cue in enumerate(cues):
        new_turn = index > 0 and cues[index - 1].turn != cue.turn
        marked.append((cue, (">> " if new_turn else "") + cue.text))
    return marked


def caps_lines(cues: list[Cue]) -> tuple[str, str]:
    lines = [f"{_clock(c.start)[:8]} {said.upper()}" for c, said in _turn_marked(cues)]
    return ".txt", "\n".join(lines) + "\n"


def caps_no_turns(cues: list[Cue]) -> tuple[str, str]:
    lines = [f"{_clock(c.start)[:8]} {c.text.upper()}" for c in cues]
    return ".txt", "\n".join(lines) + "\n"


def _names(cues: list[Cue]) -> list[str]:
    names: dict[int, str] = {}
    return [c.speaker or names.setdefault(c.turn, f"Speaker {len(names) % 4 + 1}") for c in cues]


def zoom_txt(cues: list[Cue]) -> tuple[str, str]:
    out = []
    for cue, name in zip(cues, _names(cues), strict=True):
        out += [f"[{name}] {_clock(cue.start)[:8]}", cue.text, ""]
    return ".txt", "\n".join(out)


def zoom_vtt(cues: list[Cue]) -> tuple[str, str]:
    out = ["WEBVTT", ""]
    for number, (cue, name) in enumerate(zip(cues, _names(cues), strict=True), 1):
        out += [
            str(number),
            f"{_clock(cue.start)} --> {_clock(cue.end)}",
            f"{name}: {cue.text}",
            "",
        ]
    return ".vtt", "\n".join(out)


def yt_ms_json(cues: list[Cue]) -> tuple[str, str]:
    rows = [
        {"text": said, "duration": round((c.end - c.start) * 1000), "offset": round(c.start * 1000)}
        for c, said in _turn_marked(cues)
    ]
    return ".json", json.dumps({"transcript": rows})


def yt_s_json(cues: list[Cue]) -> tuple[str, str]:
    rows = [
        {"text": said, "start": round(c.start, 3), "duration": round(c.end - c.start, 3)}
        for c, said in _turn_marked(cues)
    ]
    return ".json", json.dumps(rows)


def json3(cues: list[Cue]) -> tuple[str, str]:
    events = [
        {
            "tStartMs": round(c.start * 1000),
            "dDurationMs": round((c.end - c.start) * 1000),
            "segs": [{"utf8": said}],
        }
        for c, said in _turn_marked(cues)
    ]
    return ".json", json.dumps({"wireMagic": "pb3", "events": events})


def whisper_tsv(cues: list[Cue]) -> tuple[str, str]:
    rows = ["start\tend\ttext"]
    rows += [f"{round(c.start * 1000)}\t{round(c.end * 1000)}\t{c.text}" for c in cues]
    return ".tsv", "\n".join(rows) + "\n"


FORMATS: dict[str, Callable[[list[Cue]], tuple[str, str]]] = {
    "caps-lines": caps_lines,
    "caps-no-turns": caps_no_turns,
    "zoom-vtt": zoom_vtt,
    "zoom-txt": zoom_txt,
    "yt-ms-json": yt_ms_json,
    "yt-s-json": yt_s_json,
    "json3": json3,
    "whisper-tsv": whisper_tsv,
}


def _score(path: Path, truth: dict) -> tuple[int, int, int, str | None]:
    try:
        result = segment_document(load_document(path))
    except Exception as error:  # a failure is a result here
        return 0, len([t for t in truth["items"] if t["parent"] is None]), 0, str(error)
    found = [
        {"number": i.number, "title": i.title, "parent": i.parent, "time": i.time}
        for i in result.items
    ]
    wanted = [t for t in truth["items"] if t["parent"] is None]
    matched, found_count, _, _ = match_items(wanted, found, timed=True)
    return matched, len(wanted), found_count, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args()
    totals: dict[str, list[int]] = {name: [0, 0, 0] for name in ("as-given", *FORMATS)}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for root, truth_path in CORPORA:
            truth = (
                load_truth(truth_path, "dev") if "evals" in str(root) else load_truth(truth_path)
            )
            for key, entry in truth.items():
                if entry.get("kind") != "transcript" or not any(
                    t.get("time") for t in entry["items"]
                ):
                    continue
                path = root / key
                document = load_document(path)
                cues = cues_of(document)
                row = {"doc": key}
                for name in totals:
                    if name == "as-given":
                        target = path
                    else:
                        suffix, content = FORMATS[name](cues)
                        target = Path(tmp) / f"{path.stem}-{name}{suffix}"
                        target.write_text(content, encoding="utf-8")
                    matched, true, found, failed = _score(target, entry)
                    totals[name][0] += matched
                    totals[name][1] += true
                    totals[name][2] += found
                    row[name] = f"failed: {failed}" if failed else f"{matched}/{true} ({found})"
                rows.append(row)
    summary = {}
    for name, (matched, true, found) in totals.items():
        precision = matched / found if found else 0.0
        recall = matched / true if true else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        summary[name] = {"matched": matched, "true": true, "found": found, "f1": round(f1, 3)}
    if args.json:
        print(json.dumps({"documents": rows, "totals": summary}, indent=1))
        return
    for row in rows:
        print(row["doc"], " ".join(f"{k}={v}" for k, v in row.items() if k != "doc"))
    for name, total in summary.items():
        print(
            f"{name:12} F1 {total['f1']:.2f} ({total['matched']} of {total['true']},"
            f" {total['found']} found)"
        )


if __name__ == "__main__":
    main()
