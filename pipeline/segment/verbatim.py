"""Verbatim records (Hansard): items are the headings of the order of business.

A Hansard reports every speaker turn (:mod:`pipeline.ingest.verbatim` recognises one)
under the headings of the order of business: "ROUTINE PROCEEDINGS", "Introduction of
Bills", "ORAL QUESTIONS", "ORDERS OF THE DAY", "Government Business", in a council's
record "REPORTS", "MOTIONS", "BY-LAWS". Between them stand topic headings (a question's
subject, a bill's title) and time stamps; none of those is an item of the meeting's
business.

A heading is a short line standing on its own between speaker turns (the line before it
ends a sentence or is a heading itself), set apart (capitals, bold, larger or indented
from the text's left edge) and never a speaker turn. Its items are the headings whose
words name business of the order of business, and every heading set in the style most
of those share (the record's style for its rubrics: "ORAL QUESTIONS" in capitals, not
the question's topic "Emergency Room Wait Times" in bold); when none names such
business, every heading is an item. The cover (title, members' list, contents) ends
where the block of headings above the first speaker turn starts.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from pipeline.ingest.verbatim import is_verbatim_record, speaker_turn
from pipeline.segment.draft import Draft
from pipeline.segment.layouts import Found, Source
from pipeline.segment.lines import Line, plain, previous_content
from pipeline.segment.typography import Typography, is_capitals

_MAX_WORDS = 12
# Business of the order of business (standing orders of legislatures and councils).
_ORDER_OF_BUSINESS = re.compile(
    r"""^(?:
        prayers?|routine\s+proceedings|orders?\s+of\s+the\s+day|order\s+of\s+business
      | introduction\s+of\s+(?:bills|guests|visitors|members)
      | (?:debate\s+on\s+)?(?:first|second|third)\s+readings?
      | (?:report\s+stage|concurrence)(?:\s+and\s+third\s+reading)?
      | (?:presenting\s+|tabling\s+of\s+|presentation\s+of\s+)?(?:committee\s+)?reports?
        (?:\s+(?:of|by|from)\s+(?:standing|select|special)?\s*committees?)?
      | tabling\s+of\s+(?:reports|documents|papers) | documents?\s+tabled
      | ministerial\s+statements? | (?:members'?|members’)\s+statements?
      | statements\s+by\s+(?:members|ministers)
      | oral\s+questions | question\s+period | question\s+time
      | questions\s+(?:without|on)\s+notice | written\s+questions
      | petitions | grievances | matters?\s+of\s+(?:urgent\s+)?public\s+importance
      | (?:government|private\s+members'?|private\s+members’|opposition)\s+business
      | opposition\s+day | committee\s+of\s+(?:the\s+whole|supply)
      | (?:government\s+|private\s+members'?\s+|private\s+members’\s+)?motions?
      | notices?\s+of\s+motions? | members'?\s+resolutions | members’\s+resolutions
      | royal\s+assent | speaker'?s?\s+(?:statement|ruling)|speaker’s\s+(?:statement|ruling)
      | throne\s+speech | speech\s+from\s+the\s+throne | address\s+in\s+reply
      | budget\s+(?:address|debate) | condolences?(?:\s+motions?)?
      | by-?laws? | (?:confirmation|adoption)\s+of\s+(?:the\s+)?minutes | minutes
      | delegations | communications | announcements | inquiries | adjournment
      | house\s+business | business\s+of\s+the\s+house | deferred\s+votes?
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# "(14:30)", "* (13:40)", "1:30 p.m.", "The House adjourned at 5 p.m.": not headings.
_TIME_STAMP = re.compile(r"^[*\s(]*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?\)?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.?!:;\"”)]$")
_INDENT = 20.0  # points right of the text's left edge: a centred heading


def verbatim_record(source: Source) -> Found | None:
    """The :class:`~pipeline.segment.layouts.Layout` of Hansard and other verbatim records."""
    document = source.document
    if document.metadata.kind != "transcript" and not is_verbatim_record(document.text):
        return None
    lines = source.lines
    first_turn = next(
        (k for k, line in enumerate(lines) if line.text and speaker_turn(line.text)), None
    )
    if first_turn is None:
        return None
    left = _left_edge(lines)
    headings = [
        line
        for line in lines[_proceedings_start(lines, first_turn, source.typography, left) :]
        if _is_heading(lines, line, source.typography, left)
    ]
    items = _order_of_business(headings, source.typography, left)
    if not items:
        return None
    return Found([Draft("", plain(line.text).rstrip(" :."), line.start) for line in items])


def _left_edge(lines: list[Line]) -> float:
    """Where the body text starts on the page (the median left edge of long lines)."""
    edges = [line.x for line in lines if line.x >= 0 and len(line.text) > 50]
    return statistics.median(edges) if edges else -1.0


def _proceedings_start(lines: list[Line], first_turn: int, typo: Typography, left: float) -> int:
    """The first line of the headings straight above the first speaker turn."""
    start = first_turn
    for k in range(first_turn - 1, -1, -1):
        line = lines[k]
        if not line.text or line.chrome or _TIME_STAMP.match(line.text):
            continue
        if not _is_heading(lines, line, typo, left):
            break
        start = k
    return start


def _is_heading(lines: list[Line], line: Line, typo: Typography, left: float) -> bool:
    text = plain(line.text)
    if not text or line.chrome or len(text.split()) > _MAX_WORDS or _TIME_STAMP.match(text):
        return False
    if not text[:1].isupper() or text.endswith((".", ",", ";")) or speaker_turn(text):
        return False
    if sum(c.isalpha() for c in text) < 3:
        return False
    if not _set_apart(line, typo, left):
        return False
    before = previous_content(lines, line.index)
    # A short line after a line that runs on is the end of a wrapped paragraph.
    return (
        before is None or bool(_SENTENCE_END.search(before.text)) or _set_apart(before, typo, left)
    )


def _set_apart(line: Line, typo: Typography, left: float) -> bool:
    text = plain(line.text)
    if is_capitals(text) or typo.heading(line):
        return True
    return left >= 0 and line.x >= left + _INDENT and len(text.split()) <= _MAX_WORDS


def _style(line: Line, typo: Typography, left: float) -> tuple:
    """What a heading's setting looks like: capitals, bold, larger, indented."""
    text = plain(line.text)
    indented = left >= 0 and line.x >= left + _INDENT
    return (is_capitals(text), typo.bold_line(line), typo.larger(line), indented)


def _order_of_business(headings: list[Line], typo: Typography, left: float) -> list[Line]:
    """The headings of the order of business (see the module docstring)."""
    named = [line for line in headings if _ORDER_OF_BUSINESS.match(plain(line.text))]
    if not named:
        return headings
    rubric = Counter(_style(line, typo, left) for line in named).most_common(1)[0][0]
    styled = [line for line in headings if line in named or _style(line, typo, left) == rubric]
    # A style most headings share (topics set like rubrics) tells nothing: rubrics only.
    if len(styled) > 3 * len(named):
        return named
    return styled
