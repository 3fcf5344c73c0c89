"""The document's outline: which numbered lines are its items, and which are not.

Numbered headings (:mod:`pipeline.segment.headings`) choose the items as the best
increasing chain of one numbering family. Several kinds of numbered line count up just as
well and are not items; this module tells them apart by structure, not by wording:

- page numbers: numbers at a page's top or bottom that go up with the page index (a
  constant offset from it, as a pack's printed numbers do), or sit in a running header or
  footer (a line repeated on many pages, digits aside);
- numbered paragraphs: numbered lines that read as sentences (long, or ending like one,
  or running on into a paragraph) in body type, under headings set apart by typography
  or capitals: the headings are the items and the paragraphs their text.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.models import PageSpan
from pipeline.segment.draft import Draft
from pipeline.segment.layouts import Found, Source
from pipeline.segment.lines import Line, line_at, plain
from pipeline.segment.numbers import read_number
from pipeline.segment.pack import reports_follow

if TYPE_CHECKING:
    from pipeline.segment.headings import Heading

_PAGE_EDGE = 2  # content lines at a page's top and bottom where page numbers print
_MIN_PAGE_NUMBERS = 3
_PARAGRAPH_WORDS = 20  # words on one line: running text, not a title
_SENTENCE_WORDS = 8  # pages showing a number before the numbers count as page numbers


def page_edges(lines: list[Line], pages: list[PageSpan]) -> dict[int, PageSpan]:
    """Line index -> page for the content lines at each page's top and bottom."""
    edge: dict[int, PageSpan] = {}
    for page in pages:
        if page.end <= page.start:
            continue
        first, last = line_at(lines, page.start), line_at(lines, page.end - 1)
        content = [k for k in range(first, last + 1) if lines[k].text]
        for k in content[:_PAGE_EDGE] + content[-_PAGE_EDGE:]:
            edge[k] = page
    return edge


def without_page_numbers(
    candidates: list[Heading], lines: list[Line], pages: list[PageSpan]
) -> list[Heading]:
    """The candidates without page numbers.

    A bare number at a page's edge counts the pages when it equals the page's printed
    label, or when it is the page index plus an offset shared by at least three pages (a
    pack whose cover and agenda pages are not numbered). A numbered line in a running
    header or footer ("12 Board Meeting 28 August 2019", digits aside the same on many
    pages) is furniture, whatever its number.
    """
    if not pages:
        return candidates
    edge = page_edges(lines, pages)
    bare: list[tuple[Heading, PageSpan]] = []
    for c in candidates:
        page = edge.get(c.line)
        if page is None or c.item is None or c.item.family != "arabic":
            continue
        if c.item.prefix or c.item.suffix:
            continue
        bare.append((c, page))
    # Bare numbers alone on their line, no punctuation: "12", not "4." (an item number
    # alone at the top of a page).
    alone = [(c, page) for c, page in bare if c.layout == "alone" and not c.item.punct]  # type: ignore[union-attr]
    offsets = Counter(c.ordinal - page.number for c, page in alone)
    dropped: set[int] = set()
    labelled = [
        c for c, page in alone if str(c.ordinal) in (str(page.number), (page.label or "").strip())
    ]
    if len(labelled) >= _MIN_PAGE_NUMBERS:
        dropped.update(id(c) for c in labelled)
    offset, seen = offsets.most_common(1)[0] if offsets else (0, 0)
    if seen >= _MIN_PAGE_NUMBERS and _spread(
        [page.number for c, page in alone if c.ordinal - page.number == offset]
    ):
        dropped.update(id(c) for c, page in alone if c.ordinal - page.number == offset)
    running = [c for c, _ in bare if c.layout != "alone" and lines[c.line].chrome]
    if len(running) >= _MIN_PAGE_NUMBERS:
        dropped.update(id(c) for c in running)
    if not dropped:
        return candidates
    return [c for c in candidates if id(c) not in dropped]


def _spread(page_numbers: list[int]) -> bool:
    """The numbers stand on different pages, most of a run of pages (page numbers are
    printed page after page; items one per page at a constant offset are rarer)."""
    distinct = sorted(set(page_numbers))
    return len(distinct) >= _MIN_PAGE_NUMBERS and len(distinct) == len(page_numbers)


def paragraph_chain(chain: list[Heading], lines: list[Line]) -> bool:
    """Most of a chain's numbered lines are paragraphs of running text, not headings:
    a long sentence ("1. Cllr Byrne said that the works at ... had been completed."),
    in body type."""
    if len(chain) < _MIN_PARAGRAPHS or chain[0].family[0] not in ("arabic", "letter", "roman"):
        return False  # minute and resolution numbers head their text by design
    paragraphs = sum(
        1
        for h in chain
        if h.layout == "inline"
        and h.item is not None
        and not h.set_apart
        and is_paragraph(lines[h.line].text[h.item.end :])
    )
    return paragraphs * 10 >= len(chain) * 6


def without_paragraphs(
    group: list[Heading],
    lines: list[Line],
    chain_of: Callable[[list[Heading]], list[Heading]],
) -> list[Heading]:
    """A numbering family without its numbered paragraphs, when they are a count of
    their own: items "1. Confirmation of Minutes", "2. Matters Arising" and paragraphs
    "1. The minutes of ... were confirmed.", "2. Cllr X asked ..." numbered the same way.

    The paragraphs (lines of running text in body type) are a separate count when at
    least half of them repeat a number the titled lines' chain already has; when they
    fill its gaps instead ("7. Approve the minutes of the meeting of 5 December."
    between 6 and 8), they are items printed as sentences and stay.
    """
    paragraphs = [
        h
        for h in group
        if h.layout == "inline"
        and h.item is not None
        and not h.set_apart
        and is_paragraph(lines[h.line].text[h.item.end :])
    ]
    if len(paragraphs) < _MIN_SECTIONS:
        return group
    apart = {id(h) for h in paragraphs}
    titled = [h for h in group if id(h) not in apart]
    if len(titled) < _MIN_SECTIONS:
        return group
    numbered = {h.ordinal for h in chain_of(titled)}
    clashing = sum(1 for h in paragraphs if h.ordinal in numbered)
    return titled if clashing * 2 >= len(paragraphs) else group


def is_paragraph(text: str) -> bool:
    """A line of running text: a long sentence, or one that ends as sentences do."""
    words = plain(text).split()
    if len(words) > _PARAGRAPH_WORDS:
        return True
    return (
        len(words) >= _SENTENCE_WORDS
        and words[-1].endswith((".", ";"))
        and not (words[-1][:-1].isupper() or words[-1][:-1].isdigit())
    )


def reads_as_sentence(text: str) -> bool:
    """The text after an item number reads as a sentence of a paragraph, not a title."""
    text = plain(text)
    words = text.split()
    if len(words) > 14:
        return True
    return len(words) >= 6 and text.rstrip().endswith((".", ";", ","))


# --- sections over numbered lists -----------------------------------------------------

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
    from pipeline.segment.headings import numbered_candidates, previous_content
    from pipeline.segment.unnumbered import before_appendix, heading_lines

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
                if entry.item is not None and not reads_as_sentence(
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
    from pipeline.segment.unnumbered import before_appendix

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
            if c.item is not None and reads_as_sentence(lines[c.line].text[c.item.end :])
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
    from pipeline.segment.headings import chain_of

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


def _numbered_paragraphs(
    candidates: list[Heading], lines: list[Line], headings: list[Line], source: Source
) -> Found | None:
    """Minutes whose paragraphs are numbered ("1. Cllr X said ...", on through the
    document or afresh under each item) under unnumbered headings: the numbered lines
    mostly read as sentences in body type, and headings stand between them in several
    places. The headings are the items, the paragraphs their text."""
    from pipeline.segment.unnumbered import before_appendix

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
            if c.item is not None and reads_as_sentence(lines[c.line].text[c.item.end :])
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


# --- an agenda at the front of its papers ---------------------------------------------

_FRONT_SHARE = 0.2  # the agenda's list starts in this first share of the text
_ROW_SPACING = 600  # characters between an agenda's rows (median): a list, not minutes
_TAIL_TO_LIST = 4  # the papers after the list run this many times its length, at least
_MIN_TAIL = 2000
_TOC_SHARE = 0.3  # a table of contents' items start within this share of the rest
_TOC_REACH = 0.6  # ... and reach at least this far into it


def front_agenda(candidates: list[Heading], source: Source) -> int | None:
    """The offset where an agenda at the front of its papers ends, or ``None``.

    The agenda is the first run of a numbering counting from 1, set close together
    near the start of the document, followed by many times its length of papers
    (reports, attachments, earlier minutes whose own numbered headings repeat the
    agenda's). A table of contents looks the same at the front, but its items follow
    straight after it, numbered the same way, through the rest of the document: then
    the items are those, not the list. At least two of the list's titles must come
    back as headings of its papers (or a paper names its item: "Agenda Item 6").
    """
    document = source.document
    text_length = len(document.text)
    by_family: dict[tuple, list[Heading]] = {}
    for c in candidates:
        if c.layout in ("alone", "inline") and c.item is not None and not c.item.suffix:
            by_family.setdefault(c.family, []).append(c)
    best: list[Heading] | None = None
    for group in by_family.values():
        run = _first_run(group)
        if run is None or run[0].start > _FRONT_SHARE * text_length:
            continue
        spacing = sorted(b.start - a.start for a, b in itertools.pairwise(run))
        if spacing[len(spacing) // 2] > _ROW_SPACING:
            continue
        listed = run[-1].start - run[0].start
        tail = text_length - run[-1].start
        if tail < max(_MIN_TAIL, _TAIL_TO_LIST * listed):
            continue
        if _contents_of_items(run, group, tail):
            continue
        listed = [Draft(h.number, h.title, h.start) for h in run]
        if not reports_follow(document, source.lines, source.typography, listed):
            continue
        if best is None or len(run) > len(best):
            best = run
    if best is None:
        return None
    return best[-1].start


def _first_run(group: list[Heading]) -> list[Heading] | None:
    """The family's first run counting up from 1 (small gaps allowed), three or more."""
    for k, h in enumerate(group):
        if h.ordinal != 1:
            continue
        run = [h]
        for c in group[k + 1 :]:
            if run[-1].ordinal < c.ordinal <= run[-1].ordinal + 2:
                run.append(c)
            elif c.ordinal == 1:
                break
        if len(run) >= _MIN_HEADED_RUNS:
            return run
    return None


def _contents_of_items(run: list[Heading], group: list[Heading], tail: int) -> bool:
    """The same numbering starts again from 1 straight after ``run`` (within a small
    share of the rest of the document) and goes on to its end: ``run`` was a table of
    contents of the items that follow."""
    end = run[-1].start
    later = [c for c in group if c.start > end]
    again = _first_run(later)
    if again is None or again[0].start - end > _TOC_SHARE * tail:
        return False
    return later[-1].start - end >= _TOC_REACH * tail
