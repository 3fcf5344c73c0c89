"""Item numbers inside running text: minutes whose line structure was lost.

Text extracted from a PDF by some tools, and the Markdown copies parish websites publish,
run a document's headings into their body on one long line: "... was agreed. 5. Finance
The clerk reported ...". Every place in such a line where an item number can start
(:func:`~pipeline.segment.numbers.read_number`: "4.", "4\\.", "Minute 32/24", "14/037",
"18.11.3", "R2024-214") is a candidate; how much it looks like the start of an item is
weighed from the text around it, the same evidence in every document:

- the number's own form: punctuation after it ("5." against "5"), a prefix ("Item 5"),
  a family distinctive enough not to occur in prose (minute and resolution numbers);
- what comes before it: the end of a sentence or of a heading (an item starts where the
  one before it ends), never a word that makes the number a reference ("item 5",
  "page 4", "£5", "Section 106");
- what follows it: a heading-like phrase (capitalised or in capitals, a few words), then
  the body ("heading then body" rhythm).

Which candidates are the items is then decided for the whole document by the chain of
:mod:`pipeline.segment.headings` (numbers going up one by one in one style). Before that,
:func:`nested_in_count` drops the members of a list counted afresh inside one item
(statements "1".."68" received under "6. Public Forum", before "7."): they sit between
two consecutive items of the same count, which they cannot belong to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.segment.numbers import ItemNumber, read_number
from pipeline.segment.titles import heading_title
from pipeline.text import MONTHS, wordset

# Where an item number may start inside running text: after a space, a digit or a
# prefix, optionally a consent marker or a resolution / report code first. A prefix is
# capitalised ("Item 5 Finance"); "under item 5 the clerk ..." is a reference.
_START = re.compile(
    r"(?<=\s)(?:\*|S-)?(?:(?:Agenda\s+Item|Item|Minute|AGENDA\s+ITEM|ITEM|MINUTE)\s+"
    r"|[A-Z]{1,6}[-.]?(?=\d{4}))?\d"
)
# A word before the number that makes it a reference, a quantity or an address: "item
# 5", "page 4", "£5", "Section 106".
_REFERENCE = wordset(
    """item items minute minutes min no nos number numbers page pages para paragraph
    paragraphs section sections clause clauses appendix appendices annex annexe schedule
    rule rules order orders chapter part article regulation regulations act reg ref
    vol volume version option options"""
)
# Words a number usually continues ("on 5", "about 20"); an item can still follow one
# when the sentence before it lost its full stop ("... the Terms of Reference 9 Bristol").
_LEADING = wordset(
    """standing policy route bus ward plot unit house flat road street lot stage phase
    level year years age aged under over than about approximately approx around nearly
    almost some least most only just of by per to from and or between with within until
    till before after at on in into for the a an x circa class band grade room suite
    floor block box po tel telephone reference issue edition scenario"""
)
_SENTENCE_END = re.compile(r"(?:[.!?:;)\]”\"’']|\.\*\*|\*\*)\s*$")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_HEADING_WORD = re.compile(r"^[\"'‘“(]?(?:[A-Z0-9£$]|&)")
_CONNECTORS = wordset("of and the for to in on a an with & at by from or as - – vs")
# Words that open a body's first sentence right after a title-case heading.
_SENTENCE_OPENERS = wordset(
    """The A An This These That Those It Its There Their They He She We Our All Members
    Councillors Councillor Cllr Cllrs Mr Mrs Ms Dr Officers Following In At On As No
    Noted Resolved Agreed RESOLVED AGREED NOTED"""
)
# The whole text of an item with nothing to report.
_NIL = wordset("none nil n/a")
# Words that open a date or a time after a number, not a heading.
_NOT_HEADING_START = frozenset(MONTHS) | wordset("am pm a.m p.m noon midnight")
# Families that number items in running text; letters and roman numerals are words
# there ("I", "A") far more often than numbers.
_FAMILIES = ("arabic", "minute", "resolution", "code")
_MAX_TITLE_WORDS = 14
_MAX_RUN = 24  # words of a title-case heading read before giving up on finding its end
_LOOKAHEAD = 400  # characters after the number read for its title
_LIST_GAP = 2


@dataclass(frozen=True, slots=True)
class RunInNumber:
    """An item number found inside a line of running text."""

    offset: int  # where the number starts in the line
    number: ItemNumber
    title: str
    strength: float


def run_in_numbers(text: str) -> list[RunInNumber]:
    """Candidate item starts inside ``text`` (one long line), in order, weighed.

    The line's own first character is not a candidate here: a number opening a line is
    read with the line (:mod:`pipeline.segment.headings`).
    """
    # Only a number that reads as an item number ends the title before it ("... on the
    # 2011 budget" runs on).
    starts = [
        m.start() for m in _START.finditer(text) if read_number(text[m.start() : m.start() + 60])
    ]
    found: list[RunInNumber] = []
    for k, offset in enumerate(starts):
        number = read_number(text[offset : offset + 60])
        if number is None or number.suffix or number.family.split(":")[0] not in _FAMILIES:
            continue
        before = text[max(0, offset - 40) : offset]
        lead = _word_before(before)
        if lead.endswith(("£", "$", "€", "#")) or (lead in _REFERENCE and not number.punct):
            continue  # "£5", "item 5 was deferred"; "Agenda Items 1. Kerbside ..." is kept
        after = offset + number.end
        while after < len(text) and text[after] == " ":
            after += 1
        rest = text[after : after + _LOOKAHEAD]
        # The next number that may start an item ends this one's title; the title's own
        # first word may be a number ("11 2024/25 Finance Forecast").
        first_word = len(rest.split(" ", 1)[0])
        stop = next((s for s in starts[k + 1 :] if s > after + first_word), None)
        raw = rest[: stop - after] if stop is not None else rest
        title, then_body = flat_title(raw.strip())
        if not _plausible(title):
            continue
        strength = _strength(number, before, lead, title, then_body)
        found.append(RunInNumber(offset, number, title, strength))
    return found


def flat_title(text: str) -> tuple[str, bool]:
    """The heading at the start of running text, and whether body text follows it.

    "Welcome, Introductions and Safety Information The Chair welcomed ..." -> the words
    up to the sentence that starts the body: a title-case run ends where a sentence
    opener ("The", "There", "Cllr") or, failing one, the subject right before the first
    lower-case word begins. A heading in sentence case, or one cut by its own
    punctuation ("To Receive: Update from ..."), is read by
    :func:`~pipeline.segment.titles.heading_title`.
    """
    words = text.split()
    lower = next(
        (
            k
            for k, word in enumerate(words[:_MAX_RUN])
            if word[:1].islower() and word.lower() not in _CONNECTORS
        ),
        None,
    )
    if lower is not None and lower >= 2:
        heading = words[:lower]
        if not any(w.endswith((".", ":", ";", "?", "!")) for w in heading[:-1]):
            cut = next(
                (
                    j
                    for j in range(lower - 1, max(0, lower - 4), -1)
                    if heading[j].strip("\"'‘“(") in _SENTENCE_OPENERS
                ),
                None,
            )
            if cut is None and _HEADING_WORD.match(heading[-1]):
                cut = lower - 1  # "Apologies were received": the subject opens the body
            if cut is not None and cut >= 1:
                return " ".join(words[:cut]).strip(" :.-–,"), True
    if words and words[-1].strip(".").lower() in _NIL and len(words) > 1:
        # "Declarations of Interest None": the heading, then its whole text.
        return " ".join(words[:-1]).strip(" :.-–,"), True
    title = heading_title(text, bold_end=None, flat=True)
    return title, len(title) + 2 < len(text)


def _word_before(before: str) -> str:
    """The word right before the number, lower case; "" after a sentence's end."""
    if not before.strip() or _SENTENCE_END.search(before):
        return ""
    word = _WORD_BEFORE.search(before)
    return word.group(1).lower().strip(",") if word else ""


def _plausible(title: str) -> bool:
    """A heading's first words: capitalised, mostly letters, not a date or a time."""
    if not title or not _HEADING_WORD.match(title):
        return False
    head = title[:120]
    letters = sum(c.isalpha() for c in head)
    if letters < 3 or letters < len(head) // 3:
        return False
    first = head.split()[0].strip("\"'‘“(.,").lower()
    return first not in _NOT_HEADING_START


def _strength(number: ItemNumber, before: str, lead: str, title: str, then_body: bool) -> float:
    """How much the candidate looks like an item's start (about 0 to 4)."""
    strength = 1.0
    if number.punct in (".", ")", ":"):
        strength += 0.5
    if number.prefix:
        strength += 0.5
    if number.family != "arabic":
        strength += 0.5  # minute and resolution numbers do not occur in prose
    if not before.strip() or _SENTENCE_END.search(before):
        strength += 0.5  # starts where a sentence or a heading ended
    elif lead in _LEADING or lead in _REFERENCE:
        strength -= 1.0  # "on 5 ...": the number continues a phrase
    words = title.split()
    capitalised = sum(1 for w in words if _HEADING_WORD.match(w) or w.lower() in _CONNECTORS)
    if words and capitalised == len(words) and len(words) <= _MAX_TITLE_WORDS:
        strength += 0.5  # a title-case or capitals heading
        if then_body:
            strength += 0.5  # then its body: the rhythm of minutes
    elif len(words) > _MAX_TITLE_WORDS:
        strength -= 1.0  # a numbered sentence, not a heading
    return strength


class _Counted(Protocol):
    family: tuple
    ordinal: int
    start: int
    layout: str


def nested_in_count(candidates: Sequence[_Counted], flat_layout: str = "flat") -> set[int]:
    """Indexes of the running-text candidates that belong to a list counted afresh inside
    one item: after "6. Public Forum" a count restarts ("1", "2", ... "67") and when the
    items' count goes on ("7."), the list is over. Such a list lies between two
    consecutive items and cannot be part of their count, however long it is.

    The count is read as an outline: each candidate continues the innermost open count
    it fits (see :func:`_fitting_level`), closing the counts opened inside it; a
    number that fits none and starts afresh (1 or 2) opens a count inside. Counts closed
    that way are the nested lists; a count never closed (a second meeting in the file,
    the items after a short list of notices) is left alone.
    """
    # One count: the number family, prefix and punctuation ("6 Public Forum" and the
    # list "1 David ..." under it), wherever the lines broke.
    by_family: dict[tuple, list[int]] = {}
    for i, c in enumerate(candidates):
        by_family.setdefault((c.family[0], *c.family[2:4]), []).append(i)
    nested: set[int] = set()
    for members in by_family.values():
        levels: list[tuple[int, list[int]]] = []  # (last number, members), outermost first
        for i in sorted(members, key=lambda i: candidates[i].start):
            ordinal = candidates[i].ordinal
            depth = _fitting_level(levels, ordinal)
            if depth is not None:
                for _, closed in levels[depth + 1 :]:
                    nested.update(j for j in closed if candidates[j].layout == flat_layout)
                del levels[depth + 1 :]
                levels[depth][1].append(i)
                levels[depth] = (ordinal, levels[depth][1])
            elif ordinal <= 2 or not levels:
                levels.append((ordinal, [i]))
    return nested


def _fitting_level(levels: list[tuple[int, list[int]]], ordinal: int) -> int | None:
    """The open count ``ordinal`` continues: the innermost whose next number it is; else
    the innermost count itself after a gap of at most :data:`_LIST_GAP` (an outer count
    resumes with its next number only: closing a list does not skip an item)."""
    for depth in range(len(levels) - 1, -1, -1):
        if levels[depth][0] + 1 == ordinal:
            return depth
    if levels and levels[-1][0] < ordinal <= levels[-1][0] + _LIST_GAP:
        return len(levels) - 1
    return None
