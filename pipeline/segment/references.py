"""Headings that print their agenda reference after the title: "Visitor Comments (F)".

US school and district boards minute each item under its title followed by the agenda's
reference in parentheses: "Call to Order (A)", "High School Student Council Reports
(E-1)", "Consent Calendar Approved (G-1/G-13)", "Tentative Agreements: ... (I-5 a,b,c,d)",
"Closed Session (B) (continued)". The reference is the item's number (a letter, with a
number after a hyphen); an item whose reference lies inside a range printed before
("G-4" after "G-1/G-13") is a child of that range's item.

The layout answers when at least five lines stand alone as such headings and their
letters mostly go up through the document (a letter in parentheses inside a sentence is
not a heading: it does not stand on its own line).
"""

from __future__ import annotations

import itertools
import re

from pipeline.segment.draft import Draft
from pipeline.segment.layouts import Found, Source
from pipeline.segment.lines import Line, plain

_REFERENCE_HEADING = re.compile(
    r"^(?P<title>[A-Z][^()\n]{2,140}?)\s*\((?P<ref>[A-Z](?:-\d{1,2}[a-z]?)?"
    r"(?:\s*/\s*[A-Z]-\d{1,2})?(?:\s+[a-z](?:\s*,\s*[a-z])*)?)\)"
    r"(?P<again>\s*\((?:continued|cont'?d\.?)\))?\s*$"
)
_RANGE = re.compile(r"^(?P<letter>[A-Z])-(?P<low>\d{1,2})\s*/\s*(?P=letter)-(?P<high>\d{1,2})$")
_MIN_HEADINGS = 5
_MAX_WORDS = 16


def reference_headings(source: Source) -> Found | None:
    """The :class:`~pipeline.segment.layouts.Layout` of titles followed by "(A)", "(E-1)"."""
    lines = source.lines
    found = [(line, match) for line in lines if (match := _heading(lines, line)) is not None]
    if len(found) < _MIN_HEADINGS:
        return None
    letters = [match.group("ref")[0] for _, match in found]
    rising = sum(1 for a, b in itertools.pairwise(letters) if b >= a)
    if len(set(letters)) < 3 or rising * 10 < (len(letters) - 1) * 7:
        return None
    drafts: list[Draft] = []
    ranges: list[tuple[str, int, int, str]] = []  # (letter, low, high, the range's number)
    for line, match in found:
        number = " ".join(match.group("ref").split())
        title = match.group("title").strip()
        if match.group("again"):
            title += " (continued)"
        parent = _enclosing(number, ranges)
        drafts.append(Draft(number, title, line.start, parent=parent))
        if (span := _RANGE.match(number)) is not None:
            ranges.append((span["letter"], int(span["low"]), int(span["high"]), number))
    return Found(drafts)


def _heading(lines: list[Line], line: Line) -> re.Match[str] | None:
    text = plain(line.text)
    if not text or line.chrome or len(text.split()) > _MAX_WORDS:
        return None
    match = _REFERENCE_HEADING.match(text)
    if match is None or match.group("title").rstrip().endswith((".", ",", ";")):
        return None
    above = lines[line.index - 1] if line.index > 0 else None
    # A heading starts its own paragraph: a blank line or a finished sentence above it.
    if above is not None and above.text and not above.text.rstrip().endswith((".", ":", ")")):
        return None
    return match


def _enclosing(number: str, ranges: list[tuple[str, int, int, str]]) -> str | None:
    """The range item ("G-1/G-13") a reference ("G-4") falls inside, if any."""
    match = re.match(r"^(?P<letter>[A-Z])-(?P<n>\d{1,2})$", number)
    if match is None:
        return None
    for letter, low, high, label in reversed(ranges):
        if letter == match["letter"] and low <= int(match["n"]) <= high:
            return label
    return None
