"""The document's outline: which numbered lines are its items, and which are not.

Numbered headings (:mod:`pipeline.segment.headings`) choose the items as the best
increasing chain of one numbering family. Several kinds of numbered line count up just as
well and are not items; this module tells them apart by structure, not by wording:

- page numbers: numbers at a page's top or bottom that go up with the page index (a
  constant offset from it, as a pack's printed numbers do), or sit in a running header or
  footer (a line repeated on many pages, digits aside);
- numbered paragraphs: numbered lines that read as sentences of running text in body
  type; they weigh little in a chain, and are a count of their own when they repeat the
  numbers of the titled lines ("1. Confirmation of Minutes", "1. The minutes ... were
  confirmed.");
- lists under sections: numbered lists counting afresh under unnumbered headings
  ("CONSENT ITEMS" 1-3, "ACTION ITEMS" 1-3): the headings are the items, the entries
  their children (`pipeline.segment.sections.sectioned_lists`, a layout of its own);
- an agenda before its papers: the first close-set run of a numbering whose titles come
  back as the headings of the reports after it is the items; the papers' own numbered
  lists (earlier minutes, report paragraphs) are not (:func:`front_agenda`).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.models import PageSpan
from pipeline.segment.draft import Draft
from pipeline.segment.layouts import Source
from pipeline.segment.lines import Line, line_at, plain
from pipeline.segment.pack import reports_follow

if TYPE_CHECKING:
    from pipeline.segment.headings import Heading

_MIN_RUN = 3  # numbers in a run before it is a list
_MIN_PARAGRAPHS = 4  # numbered paragraphs before a chain is read as paragraphs
_PAGE_EDGE = 2  # content lines at a page's top and bottom where page numbers print
_MIN_PAGE_NUMBERS = 3  # pages showing a number before the numbers count as page numbers
_PARAGRAPH_WORDS = 20  # words on one line: running text, not a title
_SENTENCE_WORDS = 8  # words of a line ending as a sentence does: a paragraph's


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
    if len(paragraphs) < 2:
        return group
    apart = {id(h) for h in paragraphs}
    titled = [h for h in group if id(h) not in apart]
    if len(titled) < 2:
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
        if len(run) >= _MIN_RUN:
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
