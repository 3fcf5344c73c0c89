"""Numbered item headings: ModernGov minutes pages and other councils' numbered layouts.

Recognised heading lines (Markdown ``#``/``**`` decoration ignored):

- a number on its own line, the title on the next content line (ModernGov "1." cells,
  CMIS number cells, "Item 5" / "Minute 32/24" lines);
- a number at the start of the title line: "4. Budget Monitoring", "21 Housing",
  "4.\\tBudget", "Minute 32/24 - Budget", "Item 5: Budget", "5a Budget";
- lettered sub-items: "5a", "5(a)", "(a) Title" between two items.

Paragraph numbers ("4.1 The Chair ...") never match. A document holds many numbered
lines (lists, paragraphs, tables), so the items are the best chain of headings of one
style whose numbers go up by one (small gaps tolerated): the longest run wins, heading
strength breaks ties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.segment.lines import Line, is_chrome, next_content, plain

_PREFIX = r"(?:(?P<prefix>agenda\s+item|item|minute|min\.)\s*(?:no\.?\s*)?)?"
_NUMBER = (
    r"(?P<num>\d{1,3})(?:(?P<letter>[a-z])\b|\((?P<pletter>[a-z])\))?"
    r"(?:/(?P<year>\d{2}(?:\d{2})?))?"
)
_ALONE = re.compile(rf"^{_PREFIX}{_NUMBER}(?P<punct>[.:)]?)$", re.IGNORECASE)
_INLINE = re.compile(
    rf"^{_PREFIX}{_NUMBER}(?P<punct>[.:)]|\s+[-–—:])?(?P<sep>\t|\s+)(?P<title>\S.*)$",
    re.IGNORECASE,
)
# Shared with single-item pages, whose title line may carry the number ("4. Title").
INLINE_HEADING = _INLINE
_LETTER_ALONE = re.compile(r"^\((?P<letter>[a-z])\)$|^(?P<letter2>[a-z])[.)]$")
_LETTER_INLINE = re.compile(r"^\((?P<letter>[a-z])\)\s+(?P<title>\S.*)$")
_TITLE_START = re.compile(r"^[\"'‘“(]?[A-Z0-9]")
_MONTH = re.compile(
    r"^(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?",
    re.IGNORECASE,
)
# A continuation of a wrapped title: lower-case start, or the line before ends mid-phrase.
_JOINER = re.compile(r"(?:\b(?:of|and|the|for|to|in|on|a|an|with|&)|[-–,/])$", re.IGNORECASE)
_TITLE_STOP = re.compile(r"^(?:minutes|additional documents|supporting documents)\s*:?$", re.I)
_MAX_GAP = 3


@dataclass(slots=True)
class Heading:
    """A heading candidate: where it starts, its printed number and its raw title."""

    line: int  # index of the first heading line
    start: int  # offset where the item begins
    number: str  # as printed, trailing punctuation dropped: "4", "32/24", "5a", "(a)"
    main: int | None  # the integer of a main item; None for "(a)" sub-items
    letter: str | None
    title: str
    style: tuple
    strength: float
    parent: str | None = None


def find_headings(lines: list[Line]) -> list[Heading]:
    """The document's item headings in text order (main items and sub-items)."""
    candidates = [h for h in (_candidate(lines, i) for i in range(len(lines))) if h]
    chain = _best_chain([h for h in candidates if h.main is not None and not h.letter])
    if not chain:
        return []
    if len(chain) == 1 and chain[0].strength < 3:
        return []
    return _with_sub_items(chain, candidates)


def _candidate(lines: list[Line], index: int) -> Heading | None:
    line = lines[index]
    if not line.text or len(line.text) > 300 or line.text[0] not in "0123456789IiMmAa(#*_":
        return None
    text = plain(line.text)
    match = _ALONE.match(text)
    if match:
        title_line = next_content(lines, index)
        if title_line is None:
            return None
        title = plain(title_line.text)
        if not _plausible_title(title) or _ALONE.match(title) or _TITLE_STOP.match(title):
            return None
        title = _with_continuation(lines, title_line.index, title)
        strength = 3.0 if match.group("punct") or match.group("prefix") else 2.5
        return _heading(index, line, match, title, "alone", strength)
    match = _INLINE.match(text)
    if match:
        title = match.group("title").strip()
        if not _plausible_title(title):
            return None
        title = _with_continuation(lines, index, title)
        words = len(title.split())
        strength = 3.0 if match.group("prefix") else 2.0 if match.group("punct") else 1.5
        if match.group("sep") == "\t":
            strength += 0.5
        if words > 14 or title.rstrip().endswith((".", ";", ",")):
            strength -= 1.0  # reads like a numbered paragraph, not a heading
        return _heading(index, line, match, title, "inline", strength)
    match = _LETTER_ALONE.match(text)
    if match:
        title_line = next_content(lines, index)
        if title_line is None or not _plausible_title(plain(title_line.text)):
            return None
        letter = (match.group("letter") or match.group("letter2")).lower()
        title = _with_continuation(lines, title_line.index, plain(title_line.text))
        return Heading(index, line.start, f"({letter})", None, letter, title, ("(a)",), 2.0)
    match = _LETTER_INLINE.match(text)
    if match:
        title = match.group("title").strip()
        if not _plausible_title(title) or len(title.split()) > 12 or title.endswith((".", ";")):
            return None
        letter = match.group("letter").lower()
        return Heading(index, line.start, f"({letter})", None, letter, title, ("(a)",), 1.5)
    return None


def _heading(
    index: int, line: Line, match: re.Match[str], title: str, layout: str, strength: float
) -> Heading:
    num = match.group("num")
    letter = (match.group("letter") or match.group("pletter") or "").lower() or None
    year = match.group("year")
    number = num
    if match.group("letter"):
        number += match.group("letter")
    elif match.group("pletter"):
        number += f"({match.group('pletter')})"
    if year:
        number += f"/{year}"
        strength += 0.5
    prefix = (match.group("prefix") or "").lower().split()[-1:] or [""]
    style = (layout, prefix[0], bool(year), match.group("punct") or "")
    return Heading(index, line.start, number, int(num), letter, title, style, strength)


def _plausible_title(title: str) -> bool:
    if not title or len(title) > 250 or not _TITLE_START.match(title):
        return False
    if _MONTH.match(title) or is_chrome(title):
        return False
    letters = sum(c.isalpha() for c in title)
    return letters >= 3 and letters >= len(title) // 3


def _with_continuation(lines: list[Line], index: int, title: str) -> str:
    """Append a wrapped second line of a title (PDF text breaks long headings)."""
    if index + 1 >= len(lines):
        return title
    nxt = lines[index + 1].text
    if not nxt or lines[index + 1].chrome or _TITLE_STOP.match(nxt) or len(title) + len(nxt) > 250:
        return title
    continues = nxt[0].islower() or bool(_JOINER.search(title))
    if continues and (not nxt.rstrip().endswith(".") or len(nxt) < 60):
        return f"{title} {plain(nxt)}"
    return title


def _best_chain(candidates: list[Heading]) -> list[Heading]:
    """The highest-scoring run of same-style headings with increasing numbers."""
    by_style: dict[tuple, list[Heading]] = {}
    for h in candidates:
        by_style.setdefault(h.style, []).append(h)
    best: list[Heading] = []
    best_score = 0.0
    for group in by_style.values():
        chain, score = _chain(group)
        if (score, len(chain)) > (best_score, len(best)):
            best, best_score = chain, score
    return best


def _chain(group: list[Heading]) -> tuple[list[Heading], float]:
    # score[i], back[i]: best chain ending at candidate i. ``last`` maps a number to the
    # best chain end with that number seen so far (earlier in the text), so each step
    # only looks at the few numbers just below: linear in the number of candidates.
    score: list[float] = []
    back: list[int | None] = []
    last: dict[int, int] = {}
    for i, h in enumerate(group):
        best, prev = h.strength, None
        assert h.main is not None
        for gap in range(1, _MAX_GAP + 2):
            j = last.get(h.main - gap)
            if j is None:
                continue
            candidate = score[j] + h.strength - 1.5 * (gap - 1)
            if candidate > best:
                best, prev = candidate, j
        score.append(best)
        back.append(prev)
        k = last.get(h.main)
        if k is None or score[k] < best:
            last[h.main] = i
    if not score:
        return [], 0.0
    end = max(range(len(score)), key=lambda i: (score[i], -i))
    chain: list[Heading] = []
    cursor: int | None = end
    while cursor is not None:
        chain.append(group[cursor])
        cursor = back[cursor]
    chain.reverse()
    return chain, score[end]


def _with_sub_items(chain: list[Heading], candidates: list[Heading]) -> list[Heading]:
    """Add lettered sub-items ("5a", "5(a)", "(a)") that sit between two chain items."""
    out: list[Heading] = []
    for k, head in enumerate(chain):
        out.append(head)
        stop = chain[k + 1].line if k + 1 < len(chain) else 1 << 30
        subs = [
            c
            for c in candidates
            if head.line < c.line < stop and c.letter and (c.main is None or c.main == head.main)
        ]
        expected = "a"
        for sub in subs:
            if sub.letter != expected:
                continue
            sub.parent = head.number
            out.append(sub)
            expected = chr(ord(expected) + 1)
    return out
