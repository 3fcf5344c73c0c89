"""Readings of several items in a row: a consent calendar read out by the clerk.

"Going to item 2, which is the consent calendar, starting with item 2.1, a resolution
honoring ... 2.2, a resolution authorizing ... and 2.4, adopt a resolution ...", or "The
first is a gift acceptance from ... Number two is gift acceptance from ... Three is a
gift acceptance ...". Each reading opens an item even though no transition is said.

A *run* starts at any number said in list form (at the start of a sentence, after "and",
"number" or "item", and followed by a comma, a colon, a dash or "is"; "the first is") and
goes on while the next number in sequence (5 -> 6, 2.1 -> 2.2) is said within
:data:`LIST_GAP` characters, at least :data:`MIN_WORDS_BETWEEN` words after the previous
one. The next number is first looked for in list form, then said mid-sentence before "a"
or "an" ("... project seven a stable and affordable ..."), then as a garbled
"number <word> is a" (captions mishear "nine" as "fine"). A run of fewer than
:data:`MIN_RUN` readings is not a list ("one, two, three" has no words between).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.numbers import UNITS
from pipeline.segment.transcript_cues import NUMBER_WORD
from pipeline.segment.transcript_finder import normalise_number

LIST_GAP = 700
MIN_RUN = 3
MIN_WORDS_BETWEEN = 4
_PRE = r"(?P<pre>^|(?<=[.?!;:])\s+|\band\s+|\bnumber\s+|\bitem\s+(?:number\s+)?|\bno\.\s*)"
_AFTER = r"(?=\s*(?:,|:|\s+is\b|\s+[-–—]\s))"
_OPENER = re.compile(
    rf"{_PRE}(?P<v>\d{{1,2}}(?:\.\d{{1,2}})?|{NUMBER_WORD}){_AFTER}"
    r"|(?P<first>\b(?:the\s+)?first\s+(?:item\s+|one\s+)?(?=is\b))",
    re.IGNORECASE | re.MULTILINE,
)
_GARBLED = re.compile(r"\bnumber\s+[a-z]+\s+(?=is\s+(?:a|an|the)\b)", re.IGNORECASE)


@dataclass
class ListEntry:
    """One reading: its number, where it starts and where its words start."""

    number: str
    pos: int
    title_start: int


def find_list_runs(text: str) -> list[list[ListEntry]]:
    """The runs of items read in sequence in ``text`` (see the module docstring)."""
    runs: list[list[ListEntry]] = []
    consumed = -1
    for match in _OPENER.finditer(text):
        if match.start() <= consumed:
            continue
        first = _entry(match, "1" if match.group("first") else None)
        if first is None:
            continue
        run = [first]
        while True:
            following = _next_entry(text, run[-1])
            if following is None:
                break
            run.append(following)
        if len(run) >= MIN_RUN:
            runs.append(run)
            consumed = run[-1].title_start
    return runs


def _entry(match: re.Match[str], number: str | None = None) -> ListEntry | None:
    if number is None:
        number = normalise_number(match.group("v"))
    if number is None:
        return None
    pre = match.group("pre") or ""
    pos = match.start() if pre.strip() else match.start() + len(pre)
    return ListEntry(number=number, pos=pos, title_start=match.end())


def _next_entry(text: str, previous: ListEntry) -> ListEntry | None:
    expected = _successor(previous.number)
    if expected is None:
        return None
    lo = previous.title_start
    hi = min(len(text), lo + LIST_GAP)
    spoken = _spoken_forms(expected)
    strict = re.compile(rf"{_PRE}(?P<v>{spoken}){_AFTER}", re.IGNORECASE | re.MULTILINE)
    relaxed = re.compile(rf"\b(?:number\s+)?(?P<v>{spoken})\s+(?:is\s+)?(?=(?:a|an)\b)", re.I)
    for pattern in (strict, relaxed, _GARBLED):
        match = pattern.search(text, lo, hi)
        if match is None:
            continue
        if len(text[lo : match.start()].split()) < MIN_WORDS_BETWEEN:
            continue
        start = match.start()
        if pattern is strict:
            pre = match.group("pre") or ""
            start = match.start() if pre.strip() else match.start() + len(pre)
        return ListEntry(number=expected, pos=start, title_start=match.end())
    return None


def _successor(number: str) -> str | None:
    if number.isdigit():
        return str(int(number) + 1)
    dotted = re.fullmatch(r"(\d+)\.(\d+)", number)
    if dotted:
        return f"{dotted[1]}.{int(dotted[2]) + 1}"
    return None


def _spoken_forms(number: str) -> str:
    """A regex for ``number`` as digits or, below 60, as words ("21", "twenty-one")."""
    forms = [re.escape(number)]
    if number.isdigit():
        value = int(number)
        if value < len(UNITS):
            forms.append(UNITS[value])
        elif value < 60:
            tens = ["", "", "twenty", "thirty", "forty", "fifty"][value // 10]
            unit = value % 10
            forms.append(tens if unit == 0 else rf"{tens}[\s-]{UNITS[unit]}")
    return "(?:" + "|".join(forms) + r")\b"
