"""Unnumbered headings: items told apart by typography where the items carry no numbers.

A heading is a short line set apart from the body text: bold (a bold title may keep its
time in plain type, "Call to Order (5:30 p.m.)"), larger than the body, a Markdown
heading, or, in plain text without typography, a line in capitals on its own. The
meeting's header (title, date, place), attendance labels ("Present", "Staff") and
recorded outcomes ("CARRIED") are not items. A code before the title ("CAFE-2014.5
Property Tax Policy") becomes the item's number.

The same headings decide between layouts: numbered lines that are few next to the
document's headings ("1. Moved by Councillor Piper" under each bold heading) are motions
or paragraphs inside items, and the headings are the items.
"""

from __future__ import annotations

import re

from pipeline.segment.draft import Draft
from pipeline.segment.layouts import Found, Source
from pipeline.segment.lines import Line, plain
from pipeline.segment.numbers import read_number
from pipeline.segment.typography import Typography, is_capitals
from pipeline.text import MONTH_NAME_PATTERN

_MAX_WORDS = 16
_OUTCOME = re.compile(
    r"^(?:carried|lost|defeated|approved|adopted|agreed|noted|received|deferred|withdrawn"
    r"|resolved|decisions?|recommendations?|(?:it\s+was\s+)?resolved\s+that"
    r"|carried\s+unanimously|motion\s+(?:carried|lost|defeated))\b[\s.!]*$",
    re.IGNORECASE,
)
_NOT_ITEM = re.compile(
    r"^(?:(?:also\s+)?present|absent|attendance|attendees|in\s+attendance|staff|officers"
    r"|regrets|guests|members|councillors|council|mayor|chair(?:man|person)?|clerk"
    r"|minutes|agenda|notes?|page\s+\d+|the\s+following\b.*|moved\s+by\b.*|seconded\s+by\b.*"
    r"|signed\b.*|chair(?:man|person)?'?s?\s+signature\b.*)\s*:?$",
    re.IGNORECASE,
)
_ADJOURN = re.compile(r"^(?:.*\band\s+)?adjourn(?:ment|ed)?\b", re.IGNORECASE)
_OPENS = re.compile(r"^(?:call\s+to\s+order|(?:open|closed)\s+meeting|opening)\b", re.IGNORECASE)
_DATE_WORDS = re.compile(
    rf"\b(?:{MONTH_NAME_PATTERN})\b[^\n]*\b(?:19|20)\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b",
    re.IGNORECASE,
)


def unnumbered_headings(source: Source) -> Found | None:
    """The :class:`~pipeline.segment.layouts.Layout` of documents with unnumbered items."""
    headings = before_appendix(heading_lines(source))
    if len(headings) < 2:
        return None
    drafts = []
    for line in headings:
        text = plain(line.text)
        number = read_number(text)
        label = ""
        if number is not None and number.family.startswith("code"):
            label, text = number.label, text[number.end :].strip()
        drafts.append(Draft(label, text, line.start))
    return Found(_without_mentions(drafts))


def before_appendix(headings: list[Line]) -> list[Line]:
    """Headings up to the meeting's adjournment: later ones head attached papers (a
    schedule of zoning conditions), unless another meeting opens after it."""
    for k, line in enumerate(headings):
        if _ADJOURN.match(plain(line.text)):
            later = headings[k + 1 :]
            if not any(_OPENS.match(plain(other.text)) for other in later):
                return headings[: k + 1]
    return headings


def _without_mentions(drafts: list[Draft]) -> list[Draft]:
    """A report code listed twice (named in a list of extracted items, then dealt with):
    the item is where it is dealt with, the later heading."""
    last = {d.number: k for k, d in enumerate(drafts) if d.number}
    return [d for k, d in enumerate(drafts) if not d.number or last[d.number] == k]


def heading_lines(source: Source) -> list[Line]:
    """The lines the document sets apart as headings, past its header."""
    lines, typo = source.lines, source.typography
    has_typography = typo.styled or any(_markdown_heading(line) for line in lines[:400])
    found: list[Line] = []
    started = False
    for line in lines:
        if not line.text or line.chrome:
            continue
        if not _is_heading(line, typo, has_typography, lines):
            # The header (title, date, place, attendance) ends with the first body text.
            started = started or len(line.text.split()) >= 6
            continue
        if not started or not _plausible(plain(line.text)):
            continue
        if found and found[-1].index == line.index - 1 and not read_number(plain(line.text)):
            continue  # the second line of a wrapped heading
        found.append(line)
    return found


def _is_heading(line: Line, typo: Typography, has_typography: bool, lines: list[Line]) -> bool:
    text = plain(line.text)
    if not text or len(text.split()) > _MAX_WORDS:
        return False
    if has_typography:
        return typo.heading(line) or _markdown_heading(line)
    # Plain text: a line in capitals with text that is not capitals around it.
    if not is_capitals(text):
        return False
    return not any(
        0 <= k < len(lines) and lines[k].text and is_capitals(lines[k].text)
        for k in (line.index - 1, line.index + 1)
    )


def _markdown_heading(line: Line) -> bool:
    return line.text.startswith("#") or (line.text.startswith("**") and line.text.endswith("**"))


def plausible_heading(text: str) -> bool:
    """A line that could head an item: not an outcome ("CARRIED"), an attendance label or
    the meeting's date line."""
    return _plausible(text)


def _plausible(text: str) -> bool:
    text = text.strip()
    if not text[:1].isalnum() or _OUTCOME.match(text) or _NOT_ITEM.match(text):
        return False
    if _DATE_WORDS.search(text) or text.endswith((",", ";")):
        return False  # the meeting's date line, or half of a wrapped sentence
    letters = sum(c.isalpha() for c in text)
    return letters >= 3
