"""Agenda report packs: an order-of-business table, then the reports.

The table gives the items (number, title, presenter, slot) and, for items with a report,
the pack's page range. Each report is then located in the body after the table:

1. candidates per item: a line that repeats the item's title (not a numbered line, so the
   headings of a previous meeting's minutes inside the pack never match), a report cover
   line "Title of Report ...", or "MINUTES OF A MEETING ..." for the minutes item. On a
   PDF whose printed page labels agree with the table, a candidate on the printed page
   scores higher;
2. the best in-order assignment of candidates to items (a small dynamic programme);
3. items left without a candidate are placed between their located neighbours by
   interpolating the printed page numbers, then snapped to the nearest line sharing a
   word with the title (or a report cover / blank-page boundary).

Items without a report (Welcome, Date of next meeting) get the span of their table row.
A report runs until the next report begins, so a previous meeting's minutes, with their
own numbered items, stay inside their item.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.models import Document
from pipeline.segment.draft import Draft
from pipeline.segment.kinds import classify
from pipeline.segment.layouts import Found, Source
from pipeline.segment.lines import Line, is_chrome, line_at, plain
from pipeline.segment.numbers import read_number
from pipeline.segment.titles import clean_title
from pipeline.segment.typography import Typography, is_capitals
from pipeline.text import AGENDA_TITLE_STOPWORDS

_ROW = re.compile(r"^(?P<num>\d{1,3})(?P<letter>[a-z])?[.)]?(?:\t|\s+)(?P<rest>\S.*)$")
_RANGE = re.compile(r"\s(?P<first>\d{1,4})\s*[-–]\s*(?P<last>\d{1,4})$")
_SINGLE = re.compile(r"\t(?P<first>\d{1,4})$")
_ROW_GAP = 6  # lines a wrapped row may take before the next row starts
_COVER = re.compile(
    r"^(?:title\s+of\s+(?:the\s+)?report|report\s+title|subject(?:\s+of\s+report)?)\s*[:\t ]\s*"
    r"(?P<value>\S.*)$",
    re.IGNORECASE,
)
_MINUTES_HEAD = re.compile(
    r"^(?:(?:draft|unconfirmed|confirmed)\s+)?minutes\s+of\s+(?:a|an|the)\b.{0,120}meeting\b",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?:[-–•·*]\s*)?(?:\(?\d{1,3}[a-z]?[.)]?|\(?[a-z][.)]|[ivx]+\.)(?:\s|$)")
_BLANK_PAGE = re.compile(r"^this page is intentionally left blank$", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_MAX_HEADING = 300
# Even a sparse report page holds a few hundred characters; less means the reports are
# not in this document.
_MIN_CHARS_PER_PAGE = 200


@dataclass(slots=True)
class Row:
    """One order-of-business row."""

    number: str
    text: str
    start: int
    end: int
    pages: tuple[int, int] | None


@dataclass(slots=True)
class _Target:
    """A row with a report to locate in the body."""

    row: Row
    title: str
    tokens: list[str]
    acronyms: list[str]
    minutes: bool
    candidates: list[tuple[int, float]] = field(default_factory=list)
    start: int | None = None


def agenda_pack(source: Source) -> Found | None:
    """The :class:`~pipeline.segment.layouts.Layout` of agenda report packs.

    A pack is published before the meeting: its reports recommend, and the minutes it
    carries record an earlier meeting's decisions, not this one's.
    """
    drafts = find_pack(source.document, source.lines)
    return Found(drafts, decisions=False) if drafts is not None else None


def find_pack(document: Document, lines: list[Line]) -> list[Draft] | None:
    """Drafts for an agenda pack, or ``None`` if the text has no paged agenda table."""
    rows = _table(lines)
    if rows is None:
        return None
    body_start = rows[-1].end
    printed = {p for row in rows if row.pages for p in range(row.pages[0], row.pages[1] + 1)}
    if len(document.text) - body_start < _MIN_CHARS_PER_PAGE * len(printed):
        # Page numbers of a pack this document is not (minutes quoting the agenda table).
        return None
    targets = [_target(row) for row in rows if row.pages]
    _collect(document, lines, targets, body_start)
    _assign(targets)
    _interpolate(document, lines, targets, body_start)
    drafts: list[Draft] = []
    starts = sorted(t.start for t in targets if t.start is not None)
    for row in rows:
        target = next((t for t in targets if t.row is row), None)
        if target is None or target.start is None:
            drafts.append(Draft(row.number, row.text, row.start, row.end, table_row=True))
            continue
        later = [s for s in starts if s > target.start]
        end = later[0] if later else len(document.text)
        drafts.append(
            Draft(row.number, row.text, target.start, end, printed_pages=row.pages, table_row=True)
        )
    return drafts


# --- the order-of-business table ------------------------------------------------------


def _table(lines: list[Line]) -> list[Row] | None:
    """The longest consecutively numbered run of rows with page numbers, if any."""
    numbered = {
        line.index: int(m.group("num"))
        for line in lines
        if line.text[:1].isdigit() and (m := _ROW.match(line.text)) and not m.group("letter")
    }
    best: list[int] | None = None
    best_key = (0, 0)
    starts = sorted(numbered)
    for index in starts:
        num = numbered[index]
        if any(numbered.get(index - k) == num - 1 for k in range(1, _ROW_GAP + 1)):
            continue  # not the start of a run
        run = [index]
        while True:
            nxt = next(
                (
                    run[-1] + k
                    for k in range(1, _ROW_GAP + 1)
                    if numbered.get(run[-1] + k) == numbered[run[-1]] + 1
                ),
                None,
            )
            if nxt is None:
                break
            run.append(nxt)
        if len(run) < 2:
            continue
        paged = sum(1 for i in run if _pages_of(_row_text(lines, i, run)))
        key = (paged, len(run))
        if paged and key > best_key:
            best, best_key = run, key
    if best is None:
        return None
    rows = []
    for i in best:
        text, end = _row_text(lines, i, best)
        pages = _pages_of((text, end))
        if pages:
            text = text[: pages[2]].rstrip()
        rows.append(
            Row(
                number=_ROW.match(lines[i].text).group("num"),  # type: ignore[union-attr]
                text=_ROW.match(text).group("rest"),  # type: ignore[union-attr]
                start=lines[i].start,
                end=end,
                pages=pages[:2] if pages else None,  # type: ignore[arg-type]
            )
        )
    return rows


def _row_text(lines: list[Line], index: int, run: list[int]) -> tuple[str, int]:
    """A row's text with its wrapped continuation lines, and the offset where it ends."""
    position = run.index(index)
    parts = [lines[index].text]
    end = lines[index].end
    if position + 1 < len(run):
        for line in lines[index + 1 : run[position + 1]]:
            if line.text and not line.chrome:
                parts.append(line.text)
                end = line.end
    else:
        # The last row: only lines that clearly continue it (PDF wrapping).
        for line in lines[index + 1 : index + 3]:
            if not line.text or not (line.text[0].islower() or _RANGE.fullmatch(" " + line.text)):
                break
            parts.append(line.text)
            end = line.end
    return " ".join(parts), end


def _pages_of(row: tuple[str, int]) -> tuple[int, int, int] | None:
    """``(first, last, cut)`` when the row ends with a page range or a tabbed page."""
    text = row[0]
    match = _RANGE.search(text) or _SINGLE.search(text)
    if not match:
        return None
    first = int(match.group("first"))
    last = int(match.groupdict().get("last") or first)
    if last < first:
        return None
    return first, last, match.start()


# --- locating reports -----------------------------------------------------------------


def _target(row: Row) -> _Target:
    title = clean_title(row.text, table_row=True).title
    words = re.findall(r"[\w’']+", title)
    acronyms = [w.lower() for w in words if w.isupper() and 2 <= len(w) <= 6]
    is_minutes = classify(title) == "procedural" and "minutes" in title.lower()
    return _Target(row, title, _tokens(title), acronyms, is_minutes)


def _tokens(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("'", "").replace("’", ""))
    # Crude plural/possessive folding: "Childrens" ~ "children", "updates" ~ "update".
    return [
        w[:-1] if len(w) > 3 and w[-1] == "s" else w
        for w in words
        if w not in AGENDA_TITLE_STOPWORDS
    ]


def _coverage(target: _Target, words: list[str], present: set[str] | None = None) -> float:
    """Share of the title's words found in ``words`` (acronyms may match initials)."""
    if not target.tokens:
        return 0.0
    if present is None:
        present = set(words)
    hits = sum(1 for token in target.tokens if token in present)
    if target.acronyms and hits < len(target.tokens):
        initials = "".join(w[0] for w in words)
        hits += sum(1 for a in target.acronyms if a not in present and a in initials)
    return hits / len(target.tokens)


def _collect(document: Document, lines: list[Line], targets: list[_Target], body: int) -> None:
    """Strong candidates for every target, scanning the body's lines once."""
    labels = _page_labels(document)
    first = line_at(lines, body) + 1 if lines else 0
    vocabulary = {token for t in targets for token in t.tokens}
    for line in lines[first:]:
        text = line.text
        if not text or len(text) > _MAX_HEADING or is_chrome(text):
            continue
        text = plain(text)
        cover = _COVER.match(text)
        minutes_head = _MINUTES_HEAD.match(text)
        if not cover and not minutes_head and _NUMBERED.match(text):
            continue
        words = _tokens(cover.group("value") if cover else text)
        present = set(words)
        if not minutes_head and not (present & vocabulary):
            continue  # shares no word with any title: cannot reach a threshold
        label = labels.get(document.page_at(line.start) or 0) if labels else None
        for target in targets:
            score = 0.0
            if minutes_head and target.minutes:
                score = 1.0
            elif cover:
                c = _coverage(target, words, present)
                score = 0.5 + 0.5 * c if c >= 0.5 else 0.0
            elif len(words) <= 2 * len(target.tokens) + 3:
                c = _coverage(target, words, present)
                score = c if c >= 0.75 else 0.0
            if not score:
                continue
            if label is not None and target.row.pages and label == str(target.row.pages[0]):
                score += 0.3  # on the page the table names: the label is right
            target.candidates.append((line.start, score))


def _assign(targets: list[_Target]) -> None:
    """Best total score with report starts in agenda order (each target at most once).

    States of earlier targets are kept sorted by offset with a running maximum, so each
    candidate finds its best predecessor by bisection: O(n log n), not O(n^2), however
    many lines repeat a title.
    """
    states: list[tuple[int, int, float, int | None]] = []  # (target, offset, total, back)
    offsets: list[int] = []  # offsets of earlier targets' states, sorted
    prefix: list[tuple[float, int]] = []  # best (total, state) among offsets[: i + 1]
    for t, target in enumerate(targets):
        for offset, score in target.candidates:
            k = bisect.bisect_left(offsets, offset)  # predecessors strictly before
            best, back = score, None
            if k and prefix[k - 1][0] + score > best:
                best, back = prefix[k - 1][0] + score, prefix[k - 1][1]
            states.append((t, offset, best, back))
        ranked = sorted(range(len(states)), key=lambda s: states[s][1])
        offsets = [states[s][1] for s in ranked]
        prefix = []
        for s in ranked:
            total = states[s][2]
            prefix.append((total, s) if not prefix or total > prefix[-1][0] else prefix[-1])
    if not states:
        return
    cursor: int | None = max(range(len(states)), key=lambda s: states[s][2])
    while cursor is not None:
        t, offset, _, back = states[cursor]
        targets[t].start = offset
        cursor = back


def _interpolate(document: Document, lines: list[Line], targets: list[_Target], body: int) -> None:
    """Place targets without a candidate between their located neighbours."""
    trusted = _labels_trusted(document, targets)
    labels = _page_labels(document)
    end_page = max(t.row.pages[1] for t in targets if t.row.pages) + 1
    for k, target in enumerate(targets):
        if target.start is not None:
            continue
        assert target.row.pages is not None
        prev = next((t for t in reversed(targets[:k]) if t.start is not None), None)
        nxt = next((t for t in targets[k + 1 :] if t.start is not None), None)
        low, low_page = (prev.start, prev.row.pages[0]) if prev else (body, target.row.pages[0] - 1)
        high, high_page = (nxt.start, nxt.row.pages[0]) if nxt else (len(document.text), end_page)
        assert low is not None and high is not None
        page = target.row.pages[0]
        if trusted:
            physical = next((n for n, label in labels.items() if label == str(page)), None)
            if physical is not None:
                span = document.pages[physical - 1]
                if low < span.start < high:
                    target.start = _snap(lines, target, span.start, span.start - 1, span.end)
                    continue
        share = (page - low_page) / max(1, high_page - low_page)
        expected = int(low + min(max(share, 0.0), 1.0) * (high - low))
        target.start = _snap(lines, target, expected, low, high)


def _snap(lines: list[Line], target: _Target, expected: int, low: int, high: int) -> int:
    """The best line start in ``(low, high)`` near ``expected`` for ``target``."""
    best: tuple[float, int] | None = None
    previous_blank_page = False
    for line in lines[line_at(lines, low) :]:
        if line.start >= high:
            break
        text = line.text
        after_blank_page = previous_blank_page
        previous_blank_page = bool(_BLANK_PAGE.match(text)) or (previous_blank_page and not text)
        if line.start <= low or not text or len(text) > _MAX_HEADING or is_chrome(text):
            continue
        text = plain(text)
        cover = _COVER.match(text)
        if not cover and _NUMBERED.match(text):
            continue
        weight = _coverage(target, _tokens(text))
        if cover or after_blank_page:
            weight = max(weight, 0.5)
        if weight <= 0:
            continue
        cost = abs(line.start - expected) / (1.0 + 2.0 * weight)
        if best is None or cost < best[0]:
            best = (cost, line.start)
    if best is not None:
        return best[1]
    index = line_at(lines, max(low + 1, min(expected, high - 1)))
    while index > 0 and lines[index].start > low + 1 and not lines[index - 1].blank:
        index -= 1
    return max(lines[index].start, low + 1)


def _page_labels(document: Document) -> dict[int, str]:
    return {p.number: p.label for p in document.pages if p.label}


def _labels_trusted(document: Document, targets: list[_Target]) -> bool:
    """Printed page labels agree with the table for most located reports."""
    labels = _page_labels(document)
    located = [t for t in targets if t.start is not None and t.row.pages]
    if not labels or not located:
        return False
    agree = 0
    for t in located:
        page = document.page_at(t.start)  # type: ignore[arg-type]
        assert t.row.pages is not None
        label = labels.get(page or 0)
        if label is not None and label.isdigit() and t.row.pages[0] <= int(label) <= t.row.pages[1]:
            agree += 1
    return agree * 2 > len(located)


# --- an agenda whose reports follow it, without page numbers --------------------------

# An agenda's list is dense: its rows are a line or a few apart (characters between two
# items' starts, the median); the reports after it run many times longer.
_ROW_SPACING = 600
_REPORTS_TO_LIST = 4
_MIN_REPORTS = 2000
_PAGE_HEAD_LINES = 8  # lines above a report's heading on its first page (letterhead)
_MAX_REPEATS = 2
_NUMBER_ALONE = re.compile(r"^(?:\d{1,3}|[IVXivx]{1,6}|[A-Z])[.)]?$")
_FIELD = re.compile(r"^[A-Za-z][A-Za-z ]{1,20}:\s")
# "Agenda Item 6", "AGENDA ITEM #6", "Item 5a", "AGENDA ITEM II-1" (part 1 of item II).
_ITEM_LABEL = re.compile(
    r"^(?:agenda\s+)?item\s*(?:no\.?\s*|#\s*)?"
    r"(?P<num>\d{1,3}[a-z]?|[IVX]{1,6}|[A-Z])(?:[-.]\w{1,3})?\s*:?$",
    re.IGNORECASE,
)


def with_reports(
    document: Document, lines: list[Line], typo: Typography, drafts: list[Draft]
) -> list[Draft] | None:
    """The items of an agenda listed on its first pages, each starting where its report
    does in the pages after the list; ``None`` when the document is not such a pack.

    The list is told by its structure: its items stand close together (a table of
    business, not minutes' paragraphs) and far more text follows the last of them than
    the list takes; at least two titles come back later as headings (or one report is
    labelled with its item's number). Items without a report keep their row of the list.
    """
    top = [d for d in drafts if d.parent is None]
    located = _locate_reports(document, lines, typo, top)
    if located is None:
        return None
    rows, targets = located
    starts = sorted(t.start for t in targets if t.start is not None)
    out: list[Draft] = []
    for k, (draft, target) in enumerate(zip(top, targets, strict=True)):
        if target.start is None:
            out.append(
                Draft(draft.number, draft.raw_title, draft.start, rows[k].end, table_row=True)
            )
        else:
            later = [s for s in starts if s > target.start]
            end = later[0] if later else len(document.text)
            out.append(Draft(draft.number, draft.raw_title, target.start, end, table_row=True))
        out.extend(_subs_of_row(drafts, draft, rows[k].end))
    return out


def reports_follow(
    document: Document, lines: list[Line], typo: Typography, listed: list[Draft]
) -> bool:
    """The reports of the items ``listed`` close together follow them (see
    :func:`with_reports`)."""
    return _locate_reports(document, lines, typo, listed) is not None


def _locate_reports(
    document: Document, lines: list[Line], typo: Typography, top: list[Draft]
) -> tuple[list[Row], list[_Target]] | None:
    """The list's rows and their reports' starts, or ``None`` when ``top`` is not a
    list followed by its reports."""
    if len(top) < 3:
        return None
    spacing = sorted(b.start - a.start for a, b in itertools.pairwise(top))
    if spacing[len(spacing) // 2] > _ROW_SPACING:
        return None
    body_start = lines[line_at(lines, top[-1].start)].end
    listed = body_start - top[0].start
    if len(document.text) - body_start < max(_MIN_REPORTS, _REPORTS_TO_LIST * listed):
        return None
    rows = []
    for k, draft in enumerate(top):
        end = top[k + 1].start if k + 1 < len(top) else body_start
        rows.append(Row(draft.number, draft.raw_title, draft.start, end, draft.printed_pages))
    targets = [_target(row) for row in rows]
    _collect(document, lines, targets, body_start)
    by_offset = {line.start: line for line in lines[line_at(lines, body_start) :]}
    for target in targets:
        if classify(target.title) == "procedural" and not target.minutes:
            target.candidates = []  # "Call to Order", "Adjourn": business without a report
            continue
        target.candidates = [
            (offset, score)
            for offset, score in target.candidates
            if _report_heading(lines, by_offset[offset], target, typo)
        ]
        said = Counter(plain(by_offset[offset].text).lower() for offset, _ in target.candidates)
        if said and said.most_common(1)[0][1] > _MAX_REPEATS:
            # A heading every report carries ("RECOMMENDED ACTION", "Background"): the
            # title names a section of reports, not one report.
            target.candidates = []
    labelled = _collect_labels(lines, targets, body_start)
    _assign(targets)
    located = {t.start for t in targets if t.start is not None}
    if len(located) < 2 and not labelled & located:
        return None  # one title said again is not yet a report
    for target in targets:
        if target.start is not None:
            target.start = _page_top(document, lines, target.start, body_start)
    return rows, targets


def _page_top(document: Document, lines: list[Line], offset: int, floor: int) -> int:
    """A report's first page begins with it: a heading among the page's first lines
    starts the report at the page's top (its letterhead and title above the label)."""
    number = document.page_at(offset)
    if number is None:
        return offset
    page = document.pages[number - 1]
    if page.start <= floor:
        return offset
    first = line_at(lines, page.start)
    above = [line for line in lines[first : line_at(lines, offset)] if line.text]
    return page.start if len(above) <= _PAGE_HEAD_LINES else offset


def _content_above(lines: list[Line], index: int) -> Line | None:
    for line in reversed(lines[max(0, index - 3) : index]):
        if line.text and not line.chrome:
            return line
    return None


def _report_heading(lines: list[Line], line: Line, target: _Target, typo: Typography) -> bool:
    """A line repeating an item's title heads its report: set apart (type, capitals) or
    little more than the title, and not a form's field ("FROM: ..., Director")."""
    text = plain(line.text)
    if _FIELD.match(text) and not _COVER.match(text):
        return False
    above = _content_above(lines, line.index)
    if read_number(text) is not None or (
        above is not None and _NUMBER_ALONE.match(plain(above.text))
    ):
        return False  # a numbered heading of earlier minutes in the pack ("IV." / "Title")
    if typo.heading(line) or is_capitals(text):
        return True
    return len(_tokens(text)) <= len(target.tokens) + 2


def _collect_labels(lines: list[Line], targets: list[_Target], body: int) -> set[int]:
    """Reports that name their item by number: a short line "Agenda Item #6", "Item 6".
    Returns the offsets of those lines."""
    found: set[int] = set()
    by_number = {t.row.number.lower(): t for t in targets}
    for line in lines[line_at(lines, body) + 1 :]:
        if not line.text or len(line.text) > 40 or "item" not in line.text.lower():
            continue
        match = _ITEM_LABEL.match(plain(line.text))
        target = by_number.get(match.group("num").lower()) if match else None
        if target is not None:
            target.candidates.append((line.start, 1.0))
            found.add(line.start)
    for target in targets:
        target.candidates.sort()
    return found


def _subs_of_row(drafts: list[Draft], item: Draft, row_end: int) -> list[Draft]:
    """The sub-items listed under ``item``, each ending at the next line of the list."""
    subs = [d for d in drafts if d.parent is not None and item.start < d.start < row_end]
    return [
        Draft(
            d.number,
            d.raw_title,
            d.start,
            subs[k + 1].start if k + 1 < len(subs) else row_end,
            parent=d.parent,
            table_row=True,
        )
        for k, d in enumerate(subs)
    ]
