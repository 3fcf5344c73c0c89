"""Rolling ("roll-up") captions: drop the lines each cue repeats from the cue before.

YouTube auto-captions, and many live-caption exports, show two lines at a time and scroll:
each cue repeats the line the previous cue ended with, then adds one new line; YouTube also
inserts 10 ms "flash" cues that repeat the finished line alone. Read naively, every line
appears two or three times.

Rule (line level, documented so offsets stay explainable):

1. The file is *rolling* when at least :data:`ROLLING_SHARE` of the cues that follow a
   cue with text open with that cue's last line (compared case-folded with whitespace
   collapsed), and at least :data:`MIN_ROLLING_PAIRS` cues do. Files that are not rolling
   are left exactly as they are: a speaker may well say "Yes." twice.
2. In a rolling file, each cue drops its longest run of leading lines that equals the last
   lines already shown (up to :data:`MEMORY` lines back). A cue left with no lines (a
   flash cue) contributes no text and no anchor.

What remains of a cue keeps that cue's start time and its inline word stamps, so every
character of the text still maps to the moment its words first appeared: the text
offset -> time map survives the de-duplication.
"""

from __future__ import annotations

from pipeline.ingest.captions_cues import Cue, line_key

ROLLING_SHARE = 0.3
MIN_ROLLING_PAIRS = 3
MEMORY = 3


def is_rolling(cues: list[Cue]) -> bool:
    """True when ``cues`` look like roll-up captions (see the module docstring)."""
    pairs = repeats = 0
    previous: list[str] = []
    for cue in cues:
        keys = [key for key in cue.plain_lines() if key]
        if not keys:
            continue
        if previous:
            pairs += 1
            if keys[0] == previous[-1]:
                repeats += 1
        previous = keys
    return repeats >= MIN_ROLLING_PAIRS and repeats >= ROLLING_SHARE * pairs


def drop_rolling_repeats(cues: list[Cue]) -> tuple[list[Cue], int]:
    """Cues with the repeated lines removed, and how many lines were dropped."""
    shown: list[str] = []
    dropped = 0
    result: list[Cue] = []
    for cue in cues:
        lines = [line for line in cue.lines if line_key(line)]
        keys = [line_key(line) for line in lines]
        overlap = 0
        for size in range(min(len(keys), len(shown), MEMORY), 0, -1):
            if keys[:size] == shown[-size:]:
                overlap = size
                break
        dropped += overlap
        shown = (shown + keys[overlap:])[-MEMORY:]
        remaining = lines[overlap:]
        if remaining:
            result.append(Cue(cue.start, cue.end, remaining, cue.line_number))
    return result, dropped
