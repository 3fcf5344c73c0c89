"""Sections over numbered lists: unnumbered headings whose numbered lists count afresh
under each are a document's items.

"CONSENT ITEMS" then "1.", "2.", "3."; "ACTION ITEMS" then "1.", "2.": the numbering that
restarts is not the document's top level, the headings the runs stand under are. Entries
that read as titles are children of their heading, entries that read as sentences its
text. Minutes whose paragraphs are numbered under unnumbered headings are read the same
way. See :mod:`pipeline.segment.outline` for the rest of the outline.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable

from pipeline.segment.draft import Draft
from pipeline.segment.headings import Heading, chain_of, numbered_candidates
from pipeline.segment.headings import _previous_content as previous_content
from pipeline.segment.layouts import Found, Source
from pipeline.segment.lines import Line, plain
from pipeline.segment.numbers import read_number
from pipeline.segment.outline import is_paragraph
from pipeline.segment.unnumbered import before_appendix, heading_lines

_MIN_HEADED_RUNS = 3
_MIN_SECTIONS = 2
_UNDER = 8  # lines between a section's heading and its list, at most
_MIN_PARAGRAPHS = 4
_TITLE_WORDS = 10


def sectioned_lists(source: Source) -> Found | None:
    """The :class:`~pipeline.segment.layouts.Layout` of documents whose items are
    unnumbered headings over numbered lists that count afresh under each ("CONSENT ITEMS"
    then "1.", "2.", "3."; "ACTION ITEMS" then "1.", "2."; minutes' paragraphs "1. Cllr X
    said ..." under each heading).

    The numbering that restarts is not the document's top level: the headings the runs
    stand under are. Entries that read as titles are children of their heading; entries
    that read as sentences are its text.
    """
    lines = source.lines
    headings = [line for line in heading_lines(source) if read_number(plain(line.text)) is None]
    candidates = numbered_candidates(source)
    if source.document.metadata.kind == "minutes":
        paragraphs = _numbered_paragraphs(candidates, lines, headings, source)
        if paragraphs is not None:
            return paragraphs
    if len(headings) < _MIN_HEADED_RUNS:
        return None
    # A line ending with a colon leads into its list ("That the Committee:"), it heads
    # no section.
    heading_at = {line.index for line in headings if not plain(line.text).endswith(":")}
    runs = _headed_runs(candidates, lines, heading_at, previous_content)
    if runs is None or _numbered_above(candidates, runs):
        return None
    inside = {
        line.index
        for run in runs
        for line in headings
        if run[0].line < line.index <= _run_end(run, headings)
        and line.index not in {r[0].line for r in runs}
    }
    tops = before_appendix([line for line in headings if line.index not in inside])
    drafts: list[Draft] = []
    section: Draft | None = None
    for k, line in enumerate(tops):
        title = plain(line.text).rstrip(" :")
        if section is None or section.raw_title != title or drafts[-1] is not section:
            # (the same heading printed again over its list is the same section)
            section = Draft("", title, line.start)
            drafts.append(section)
        stop = tops[k + 1].index if k + 1 < len(tops) else len(lines)
        for run in runs:
            if not (line.index < run[0].line < stop):
                continue
            for entry in run:
                if entry.item is not None and not is_paragraph(
                    lines[entry.line].text[entry.item.end :]
                ):
                    drafts.append(Draft(entry.number, entry.title, entry.start, parent=title))
    if sum(1 for d in drafts if d.parent is None) < _MIN_SECTIONS:
        return None
    return Found(drafts)


def _numbered_paragraphs(
    candidates: list[Heading], lines: list[Line], headings: list[Line], source: Source
) -> Found | None:
    """Minutes whose paragraphs are numbered ("1. Cllr X said ...", on through the
    document or afresh under each item) under unnumbered headings: the numbered lines
    mostly read as sentences in body type, and headings stand between them in several
    places. The headings are the items, the paragraphs their text."""
    titles = headings or _standalone_titles(lines)
    by_family: dict[tuple, list[Heading]] = {}
    for c in candidates:
        item = c.item
        if item is None or item.suffix or c.layout not in ("alone", "inline"):
            continue
        if item.family == "arabic":
            by_family.setdefault(c.family, []).append(c)
    for group in by_family.values():
        if len(group) < _MIN_PARAGRAPHS:
            continue
        sentences = sum(
            1
            for c in group
            if c.item is not None and is_paragraph(lines[c.line].text[c.item.end :])
        )
        set_apart = sum(1 for c in group if c.set_apart)
        if sentences * 10 < len(group) * 6 or set_apart * 3 > len(group):
            continue
        starts = [c.line for c in group]
        gaps = {
            k
            for line in titles
            for k in range(len(starts) - 1)
            if starts[k] < line.index < starts[k + 1]
        }
        if len(gaps) < _MIN_HEADED_RUNS:
            continue
        tops = before_appendix([line for line in titles if line.index > starts[0] - 6])
        drafts = [Draft("", plain(line.text).rstrip(" :."), line.start) for line in tops]
        if len(drafts) >= _MIN_SECTIONS:
            return Found(drafts)
    return None


def _standalone_titles(lines: list[Line]) -> list[Line]:
    """Short lines standing alone between paragraphs, in plain text without typography:
    a blank line above, no sentence end, a capital first letter ("Confirmation of
    Minutes")."""
    found = []
    for k, line in enumerate(lines):
        text = plain(line.text)
        if not text or line.chrome or k == 0 or lines[k - 1].text:
            continue
        words = text.split()
        if not 1 <= len(words) <= _TITLE_WORDS or text.endswith((".", ",", ";", ":")):
            continue
        if not text[0].isupper() or read_number(text) is not None:
            continue
        if k + 1 < len(lines) and lines[k + 1].text and len(lines[k + 1].text) < len(text):
            continue  # a short block of short lines (an address, a list of names)
        found.append(line)
    return found


def _numbered_above(candidates: list[Heading], runs: list[list[Heading]]) -> bool:
    """Another numbering counts up through the runs, most of them standing between two
    of its consecutive numbers: the items are numbered ("I. Management Reports" over
    "1.", "2.", "3."), and the runs are lists inside them (a resolution's points)."""
    family = runs[0][0].family
    by_family: dict[tuple, list[Heading]] = {}
    for c in candidates:
        if c.family != family and c.layout in ("alone", "inline") and c.item is not None:
            by_family.setdefault(c.family, []).append(c)
    for group in by_family.values():
        chain = chain_of(group)
        if len(chain) < _MIN_HEADED_RUNS:
            continue
        pairs = list(itertools.pairwise(chain))
        nested = sum(
            1
            for run in runs
            if any(a.start < run[0].start and run[-1].start < b.start for a, b in pairs)
        )
        if nested * 2 >= len(runs):
            return True
    return False


def _headed_runs(
    candidates: list[Heading],
    lines: list[Line],
    heading_at: set[int],
    previous_content: Callable[[list[Line], int], Line | None],
) -> list[list[Heading]] | None:
    """The runs counting from 1 of the numbering family that restarts under headings
    most often, when at least two runs stand right under a heading and they are at
    least half of the family's runs; else ``None``."""
    by_family: dict[tuple, list[Heading]] = {}
    for c in candidates:
        item = c.item
        if item is None or item.suffix or c.layout not in ("alone", "inline"):
            continue
        if item.family in ("arabic", "letter", "roman"):
            by_family.setdefault(c.family, []).append(c)
    heads = sorted(heading_at)
    best: list[list[Heading]] | None = None
    for group in by_family.values():
        runs = _runs(group)
        if len(runs) < _MIN_HEADED_RUNS:
            continue
        headed = []
        previous_end = -1
        for run in runs:
            above = previous_content(lines, run[0].line)
            if above is not None and above.index in heading_at:
                headed.append(run)
            else:
                # The first list of its section, after a line or two of text under the
                # heading ("CORRESPONDENCE", a sentence, then "1. ...").
                k = bisect.bisect_left(heads, run[0].line) - 1
                if k >= 0 and previous_end < heads[k] and run[0].line - heads[k] <= _UNDER:
                    headed.append(run)
            previous_end = run[-1].line
        if len(headed) < _MIN_HEADED_RUNS or len(headed) * 2 < len(runs):
            continue
        if best is None or len(headed) > len(best):
            best = headed
    return best


def _runs(group: list[Heading]) -> list[list[Heading]]:
    """The family's runs in text order, each counting up by one from its first number 1."""
    runs: list[list[Heading]] = []
    for h in group:
        if h.ordinal == 1:
            runs.append([h])
        elif runs and h.ordinal == runs[-1][-1].ordinal + 1:
            runs[-1].append(h)
    return runs


def _run_end(run: list[Heading], headings: list[Line]) -> int:
    """The line a run's last entry ends at: the next heading after it, roughly."""
    later = [line.index for line in headings if line.index > run[-1].line]
    return later[0] - 1 if later else run[-1].line
