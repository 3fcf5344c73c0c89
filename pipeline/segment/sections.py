"""Sectioned agendas: unnumbered section headings over lists that count afresh in each.

Many US boards number their business within sections: "CONSENT ITEMS" then "1. Action
Summary Minutes", "2. ...", "PRESENTATION ITEMS" then "1. Fiscal Year ... Annual
Reports", "ACTION ITEMS" then "1. ...". The count restarts under every section, so the
numbers name entries of a section and the sections are the meeting's items (the
entries are their children, ``parent`` the section's title). Unnumbered headings in the
same setting that head no list ("BOARD MEMBER QUESTIONS AND COMMENTS", "ADJOURNMENT")
are items too; a heading set between two entries of one list ("OPERATIONS' REPORT"
between entries 2 and 3) belongs to the entry above it.

The layout answers only when at least three lists start at 1, each straight under an
unnumbered heading; a document whose numbered items count through (or restart under
numbered items) is left to :mod:`pipeline.segment.headings`.
"""

from __future__ import annotations

import itertools
import re

from pipeline.segment.draft import Draft
from pipeline.segment.headings import Heading, heading_candidates
from pipeline.segment.layouts import Found, Source
from pipeline.segment.lines import Line, plain
from pipeline.segment.numbers import read_number
from pipeline.segment.typography import Typography, is_capitals
from pipeline.segment.unnumbered import plausible_heading
from pipeline.text import MONTH_NAME_PATTERN

_MIN_SECTIONS = 3
_MAX_WORDS = 14
_LOOK_UP = 4  # content lines between a section heading and its list's first entry
_DATED = re.compile(rf"\b(?:{MONTH_NAME_PATTERN})\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b", re.I)
# The document's own title ("REGULAR BOARD MEETING AGENDA"), not an item.
_TITLE_LINE = re.compile(
    r"\b(?:agenda|(?:regular|special|adjourned)\s+(?:\w+\s+)?meeting)\b", re.IGNORECASE
)
_BUSINESS = re.compile(r"\b(?:approv\w*|adopt\w*|consent|amend\w*)\b", re.IGNORECASE)
_ADJOURN = re.compile(r"^adjourn(?:ment|ed)?\b", re.IGNORECASE)


def sectioned_lists(source: Source) -> Found | None:
    """The :class:`~pipeline.segment.layouts.Layout` of agendas numbered within sections."""
    lines, typo = source.lines, source.typography
    runs = _runs(heading_candidates(lines, typo))
    headed = [(run, above) for run in runs if (above := _section_above(lines, run[0], typo))]
    if len(headed) < _MIN_SECTIONS or len(headed) * 10 < len(runs) * 6:
        return None
    inside = {
        k for run in runs for a, b in itertools.pairwise(run) for k in range(a.line + 1, b.line)
    }
    first = min(above.index for _, above in headed)
    marks = {_markdown_mark(above) for _, above in headed} - {""}
    sections = [
        line
        for line in _section_headings(lines, typo)
        if line.index not in inside
        and (line.index >= first or _markdown_mark(line) in marks or _before_sections(line, lines))
    ]
    sections = _until_adjournment(sections)
    entries = {h.line: h for run in runs for h in run}
    drafts: list[Draft] = []
    current: str | None = None
    section_lines = {line.index for line in sections}
    for index in sorted(section_lines | set(entries)):
        if index in section_lines:
            title = plain(lines[index].text).rstrip(" :.")
            if title != current:  # the same section printed again over its list
                drafts.append(Draft("", title, lines[index].start))
            current = title
        elif current is not None and index < max(section_lines):
            entry = entries[index]
            drafts.append(Draft(entry.number, entry.title, entry.start, parent=current))
    return Found(drafts) if len([d for d in drafts if d.parent is None]) >= _MIN_SECTIONS else None


def _runs(candidates: list[Heading]) -> list[list[Heading]]:
    """The arabic or letter item numbers in text order, cut into lists that each start
    at 1 or "A"."""
    numbers = [
        h
        for h in candidates
        if h.item is not None
        and h.item.family in ("arabic", "letter")
        and not h.item.suffix
        and not h.item.file
        and h.layout in ("inline", "alone")
    ]
    runs: list[list[Heading]] = []
    for h in numbers:
        if runs and h.family == runs[-1][-1].family and 0 < h.ordinal - runs[-1][-1].ordinal <= 2:
            runs[-1].append(h)
        elif h.ordinal == 1:
            runs.append([h])
    return runs


def _section_above(lines: list[Line], entry: Heading, typo: Typography) -> Line | None:
    """The unnumbered heading (in capitals or a Markdown heading) over a list's first
    entry: straight above it, or above a paragraph introducing the list when the heading
    is set as one (bold, larger, a Markdown heading)."""
    seen = 0
    prose = False
    for line in reversed(lines[: entry.line]):
        if not line.text or line.chrome:
            continue
        if _is_section(line, typo):
            # A section is set in capitals or as a Markdown heading; a bold title in
            # mixed case over "1. Moved by ..." is an item over its motion's parts.
            if not (is_capitals(plain(line.text)) or _markdown_mark(line)):
                return None
            return line if not prose or typo.heading(line) else None
        if read_number(plain(line.text)) is not None:
            return None  # another list or item above: not the list's own heading
        seen += 1
        prose = prose or len(line.text.split()) > 3
        if seen >= _LOOK_UP:
            return None
    return None


def _section_headings(lines: list[Line], typo: Typography) -> list[Line]:
    return [line for line in lines if line.text and not line.chrome and _is_section(line, typo)]


def _is_section(line: Line, typo: Typography) -> bool:
    text = plain(line.text)
    if not text or len(text.split()) > _MAX_WORDS or read_number(text) is not None:
        return False
    if text.endswith((",", ";", ":")) or not text[:1].isalpha() or _DATED.search(text):
        return False
    if _TITLE_LINE.search(text) and not _BUSINESS.search(text):
        return False
    if not plausible_heading(text):
        return False  # "CARRIED", "Present:", a date line
    return is_capitals(text) or typo.heading(line)


def _before_sections(line: Line, lines: list[Line]) -> bool:
    """An unnumbered heading before the first section ("CALL TO ORDER") once the
    document's title block has ended (a line of running text came before it)."""
    return any(len(other.text.split()) >= 8 for other in lines[: line.index] if other.text)


def _markdown_mark(line: Line) -> str:
    """The Markdown heading mark of a line ("##"), "" for none."""
    return line.text[: len(line.text) - len(line.text.lstrip("#"))]


def _until_adjournment(sections: list[Line]) -> list[Line]:
    for k, line in enumerate(sections):
        if _ADJOURN.match(plain(line.text)):
            return sections[: k + 1]
    return sections
