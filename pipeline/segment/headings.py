"""Numbered item headings: the items of minutes and agendas that number their business.

Every line that starts with an item number (:mod:`pipeline.segment.numbers`: "4.",
"Minute 32/24", "R2024-214", "22-0073 1.", "II.", "1\\."), or ends with one ("Title
(Item 7)"), is a candidate; so is a number inside a long line of running text when the
text has lost its line breaks ("... PLACED ON FILE 39 Request of ..."). Candidates of one
family and layout form chains whose numbers go up by one (small gaps tolerated); the
items are the best chain, weighed by how much each member looks like a heading: a prefix
("Item", "Minute"), punctuation, a tab, a short title, and the line's typography (larger,
bold, capitals; :mod:`pipeline.segment.typography`).

Around the chain:

- a numbered list in body type inside one item does not continue the count of items set
  apart by typography (public statements "01".."68" under "6 Public Forum");
- a second chain of the same family after (or before) it, or a count restarting inside
  it, is a second meeting in the file (or, after a short list of notices, the items);
- items a resolution excluding the public lists are mentions, not items;
- a chain of roll-call numbers finds its items printed without one by their item numbers;
- a number missing from the chain is looked for between its neighbours, also mid-line;
- a heading of the chain's exact style out of sequence ("11" printed twice) is kept when
  that style is used by items only;
- an item inserted after another ("13I" after 13, or an "I" printed in the number
  column between 1 and 2) is an item too;
- lettered and decimal sub-items ("5a", "(a)", "7.1") are children of their item;
  lettered parts of a resolution ("RESOLVED that: (a) ...") are its text;
- an unnumbered closing line ("MOTION TO ADJOURN") after the last item is an item, and
  so are bold run-in headings before the first item when the items' own headings are
  bold run-ins ("Disclosure of pecuniary interest: None.").

A family that restarts its count again and again is a list inside items, not the items.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass

from pipeline.segment.draft import Draft
from pipeline.segment.flat import nested_in_count, run_in_numbers
from pipeline.segment.kinds import classify
from pipeline.segment.layouts import Found, Source
from pipeline.segment.lines import (
    Line,
    is_chrome,
    line_at,
    next_content,
    plain,
    previous_content,
)
from pipeline.segment.numbers import (
    ItemNumber,
    file_number_lead,
    read_number,
    read_suffix_number,
)
from pipeline.segment.outline import (
    front_agenda,
    paragraph_chain,
    without_page_numbers,
    without_paragraphs,
)
from pipeline.segment.pack import with_reports
from pipeline.segment.titles import (
    heading_title,
    is_movers_line,
    movers_lead,
    resolution_text_title,
    resolution_title,
)
from pipeline.segment.typography import Typography, is_capitals
from pipeline.text import MONTH_PATTERN

# A line this long may be running text (flattened PDF text, a Markdown paragraph, items
# run on one after another): item numbers may start in the middle of it.
FLAT_LINE = 80
_MAX_GAP = 3
_PARAGRAPH_WEIGHT = 0.1
_ROW_LINES = 8  # lines the last row of an agenda may take (its sub-items)
_MAX_FILE_GAP = 60
_NEAR = 4000  # characters: about a page
_NOTICE_LINES = 5  # lines of text between a list of notices and the agenda after it
_TITLE_START = re.compile(r"^\*?[\"'‘“(]?[A-Z0-9$£]")
_MONTH = re.compile(
    rf"^(?:{MONTH_PATTERN})\b\.?",
    re.IGNORECASE,
)
# A continuation of a wrapped title: lower-case start, or the line before ends mid-phrase.
_JOINER = re.compile(r"(?:\b(?:of|and|the|for|to|in|on|a|an|with|&)|[-–,/])$", re.IGNORECASE)
_TITLE_STOP = re.compile(r"^(?:minutes|additional documents|supporting documents)\s*:?$", re.I)
# A lettered sub-item's marker at a line's start: "a. ", "(b) ", "iv) ".
_SUB_MARKER = re.compile(r"^(?:\(?[a-z][.)]|\([a-z]\)|\(?[ivx]{1,4}\))\s")
_LETTER_ALONE = re.compile(r"^\((?P<letter>[a-z])\)$|^(?P<letter2>[a-z])[.)]$")
_FILED_PART = re.compile(r"^\((?P<letter>[A-Z])\)\s+(?P<title>\S.*)$")
_LETTER_INLINE = re.compile(r"^\((?P<letter>[a-z])\)\s+(?P<title>\S.*)$")
# A list introduced by a decision is the decision's text, not sub-items.
_DECISION_LEAD = re.compile(
    r"\b(?:resolved|agreed|decided|recommend\w*|decisions?|that|following)\s*:?\s*$", re.I
)
# A closing item ("MOTION TO ADJOURN", "Adjournment"), not a statement that the meeting
# closed ("Meeting closed 8.30 pm").
_CLOSER = re.compile(
    r"^(?:motion\s+to\s+adjourn|adjournment|adjourn\s+(?:the\s+)?meeting)\b[^\d\n]{0,40}$", re.I
)
_CLOSING = re.compile(
    r"^(?:(?:date|time|dates)\s+(?:and\s+\w+\s+)?of\s+(?:the\s+)?next\s+meeting|any\s+other"
    r"\s+business|adjournment|close\s+of\s+meeting)\b",
    re.IGNORECASE,
)
# A form's field label before a title: "(a) Subject: Cycle Hangar Policy".
_FORM_LABEL = re.compile(r"^(?:\([a-z]\)\s*)?(?:subject|title|report\s+title)\s*:\s*", re.I)
# An item number after a title, alone or at the end of the title's last line.
_SUFFIX_ALONE = re.compile(r"^\(\s*(?:agenda\s+)?(?:item|minute)\s+(?:no\.?\s*)?\d", re.I)
# A name and office in a list of members: "Cindy Segawa, Mayor", "Bill Uphoff, Council Member".
_PERSON_ROLE = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3},\s+(?:mayor|deputy|vice|council\s*member"
    r"|council(?:lor|man|woman)|chair\w*|clerk|city\s+\w+|commissioner|member|trustee"
    r"|director|manager|attorney|treasurer|secretary)\b",
    re.IGNORECASE,
)
# A person named as a run-in label: "Councillor Dave Yemm: Nipissing Township Museum Board."
_PERSON = re.compile(
    r"^(?:councillor|cllr|mayor|deputy\s+mayor|alderman|mr|mrs|ms|dr)\.?\s+"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}$",
    re.IGNORECASE,
)
# The end of a resolution's lead-in before the items it excludes the public from.
_EXCLUSION_LEAD = re.compile(r"\bnamely\s*[;:,]?$|\bexcluded\s+from\b.*[;:]$", re.IGNORECASE)
# "Apologies for Absence: Cllr ...": a short label and its text on one line.
_RUN_IN = re.compile(r"^(?P<label>[A-Z][\w'’/&,() -]{2,60}?)\s*:(?:\s|$)")
# An item number printed after its title on the same line: "CALL TO ORDER1.".
_TRAILING_NUMBER = re.compile(r"^(?P<title>[A-Z][^.;:!?]*[A-Za-z)])\s?(?P<number>\d{1,2}\.)$")
_ADJOURNS = re.compile(r"^(?:motion\s+to\s+)?adjourn(?:ment)?\b", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)?")
_DASH = re.compile(r"\s+[-–—]\s+")
_MOTION = re.compile(r"^(?:moved\b|motion\b|it\s+was\s+moved\b)", re.IGNORECASE)
# "Nothing to report" under a heading: "Nil", "None.", "There were none".
_NIL = re.compile(r"^(?:nil|none|n/a|no\s+\w+(?:\s+\w+)?|there\s+(?:were|was)\s+none)\.?$", re.I)
# Run-in labels that record who came, not business.
_ATTENDANCE = re.compile(
    r"^(?:(?:councillors?|members?|officers?|staff|those)\s+)?(?:present|absent|regrets"
    r"|in\s+attendance|also\s+(?:present|in\s+attendance)|attendees"
    r"|attendance|staff|officers|guests|public|press|public\s+gallery|members\s+of\s+the\s+public"
    r"|clerk|chair(?:man|person)?|councillors|members|committee\s+members"
    r"|minute\s+taker|recording\s+secretary)\s*:",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Heading:
    """A heading candidate: where it starts, its printed number and its raw title."""

    line: int  # index of the first heading line
    start: int  # offset where the item begins
    number: str  # as shown: "4", "32/24", "5a", "(a)", "R2024-214"; "" when unnumbered
    family: tuple  # (number family, layout, prefix, punctuation, file number first)
    ordinal: int  # place in the family's count
    title: str
    strength: float
    layout: str = "inline"  # "alone", "inline", "suffix", "flat", "sub", "closer", "peer"
    item: ItemNumber | None = None
    x: float = -1.0
    parent: str | None = None
    letter: str | None = None  # "(a)" sub-items
    set_apart: bool = False  # the heading (or its title line) is bold, larger or Markdown


def find_headings(
    lines: list[Line], typo: Typography, first_pages: int | None = None
) -> list[Heading]:
    """The document's item headings in text order (items, then their sub-items).

    ``first_pages``: see :func:`_best`.
    """
    return _find(lines, typo, _candidates(lines, typo), first_pages)


def _find(
    lines: list[Line], typo: Typography, candidates: list[Heading], first_pages: int | None
) -> list[Heading]:
    chain = _best(candidates, first_pages, lines)
    if not chain or (len(chain) == 1 and chain[0].strength < 3):
        return []
    chain = _restarted(chain, candidates, lines)
    chain = _without_exclusion_list(chain, lines)
    if not chain:
        return []
    chain = _with_other_meetings(chain, candidates)
    chain = _fill_gaps(chain, candidates, lines)
    chain = _with_strays(chain, candidates)
    chain = _with_insertions(chain, candidates, lines)
    chain = _with_closers(chain, lines, typo)
    chain = _first_number_lost(_with_peers(chain, lines, typo), lines)
    return _with_sub_items(chain, candidates, lines)


# --- candidates -----------------------------------------------------------------------


def heading_candidates(lines: list[Line], typo: Typography) -> list[Heading]:
    """Every numbered line that could head an item, in text order (before any chain)."""
    return _candidates(lines, typo)


def _candidates(lines: list[Line], typo: Typography) -> list[Heading]:
    found: list[Heading] = []
    for index, line in enumerate(lines):
        # Not skipping page furniture: a number alone ("4.") at the top of several pages
        # looks like a running header to the furniture count, and is an item number.
        if not line.text or is_chrome(line.text):
            continue
        for heading in _line_candidates(lines, index, typo):
            heading.set_apart = _typographic_heading(lines, heading, typo)
            found.append(heading)
        if len(line.text) > FLAT_LINE:
            found.extend(_flat_candidates(line))
    found += [h for c in found if (h := _year_first(c)) is not None]
    nested = nested_in_count(found)
    return [c for i, c in enumerate(found) if i not in nested]


def _year_first(heading: Heading) -> Heading | None:
    """The other reading of a minute number of two and two digits: "19/01" is minute 19
    of 2001 or, year first, minute 1 of 2019. Both are candidates; the count decides."""
    if heading.item is None or heading.item.family != "minute":
        return None
    year, _, seq = heading.number.partition("/")
    if len(year) != 2 or len(seq) != 2:
        return None
    return dataclasses.replace(heading, ordinal=int(seq))


def _typographic_heading(lines: list[Line], heading: Heading, typo: Typography) -> bool:
    """The heading's line, or for a number alone its title's line, is set as a heading."""
    line = lines[heading.line]
    if typo.heading(line):
        return True
    title_line = next_content(lines, heading.line) if heading.layout == "alone" else None
    return title_line is not None and typo.heading(title_line)


def _line_candidates(lines: list[Line], index: int, typo: Typography) -> list[Heading]:
    line = lines[index]
    if len(line.text) > 3000:
        return []
    text = plain(line.text)
    emphasis = min(typo.emphasis(line), 1.5)
    heading_line, suffixed = _wrapped_suffix(lines, index, text)
    if suffixed is not None:
        number, title = suffixed
        title = _FORM_LABEL.sub("", title)
        if _plausible_title(title):
            family = family_key(number, "suffix")
            return [
                Heading(
                    heading_line.index,
                    heading_line.start,
                    number.label,
                    family,
                    number.ordinal,
                    title,
                    3.0 + max(emphasis, min(typo.emphasis(heading_line), 1.5)),
                    "suffix",
                    number,
                    heading_line.x,
                )
            ]
    number = read_number(text)
    if number is None:
        return _letter_candidate(lines, index, text) or _trailing(lines, index, text, typo)
    rest = text[number.end :].strip()
    if number.family == "file" and (part := _FILED_PART.match(rest)) is not None:
        # "05-1107 (A) Principal Riverwalk Bridge ...": a lettered part of an item with
        # its own roll call.
        letter = part.group("letter").lower()
        title = heading_title(part.group("title"), bold_end=None)
        return [
            Heading(
                index,
                line.start,
                f"({letter})",
                ("sub", "filed"),
                ord(letter) - 96,
                title,
                2.0,
                "sub",
                None,
                line.x,
                letter=letter,
            )
        ]
    if rest and file_number_lead(rest) < len(rest):
        return _inline(lines, index, text, number, rest, typo, emphasis)
    title_line = next_content(lines, index)
    if title_line is not None and _NIL.match(title_line.text):
        # A heading set beside its text, extracted after it: "6", "None.", "PUBLIC ..."
        title_line = next_content(lines, title_line.index)
    if title_line is not None and file_number_lead(title_line.text) == len(title_line.text):
        # The file number's column between the item number and its title ("1." /
        # "23-0411" / "Approval of Minutes"), as Legistar and Granicus tables extract.
        title_line = next_content(lines, title_line.index)
    if title_line is None or number.family == "file":
        return []
    title = plain(title_line.text)
    if not _plausible_title(title) or read_number(title) or _TITLE_STOP.match(title):
        return []
    title = _with_continuation(lines, title_line.index, title)
    strength = 3.0 if number.punct in ".):" or number.prefix else 2.5
    strength += emphasis + min(typo.emphasis(title_line), 1.5)
    return _headings(index, line, number, title, "alone", strength)


def _trailing(lines: list[Line], index: int, text: str, typo: Typography) -> list[Heading]:
    """A title with its item number glued after it ("CALL TO ORDER1."): a PDF table
    whose title cell is drawn before the number cell to its left, on one baseline."""
    match = _TRAILING_NUMBER.match(text)
    if match is None or len(match.group("title").split()) > 12:
        return []
    title = match.group("title").strip()
    if not _plausible_title(title):
        return []
    number = read_number(match.group("number"))
    if number is None or number.family != "arabic" or number.suffix:
        return []
    line = lines[index]
    strength = 2.0 + min(typo.emphasis(line), 1.5)
    return _headings(index, line, number, title, "trailing", strength)


def _wrapped_suffix(
    lines: list[Line], index: int, text: str
) -> tuple[Line, tuple[ItemNumber, str] | None]:
    """The heading line and ``(number, title)`` of a heading that prints its number last,
    also when the title wraps and the number ends a later line ("(a) Subject: Petition
    Debate" then "(agenda item 8)"; "... Outline Business" then "Case (agenda item 13)").

    The lines above join the title while they continue it: no blank line between, no
    sentence end, and, where positions are known, set at the indent of the number's line
    up to the title's first line, which starts further left.
    """
    line = lines[index]
    own = read_suffix_number(text)
    if not text.endswith(")") or (own is None and _SUFFIX_ALONE.match(text) is None):
        return line, own
    head = own[1] if own is not None else ""
    if head and not head[:1].islower() and line.x < 0:
        return line, own
    parts = [text]
    first = line
    for k in range(index - 1, max(-1, index - 4), -1):
        above = lines[k]
        above_text = plain(above.text)
        if not above_text or above.chrome or above_text.endswith((".", ";", ":")):
            break
        if read_suffix_number(above_text) is not None:
            break
        if line.x >= 0 and above.x >= 0 and above.x > line.x + 5:
            break
        parts.insert(0, above_text)
        first = above
        if line.x < 0 or above.x < line.x - 5:
            break  # the title's first line
    if first is line or (line.x >= 0 and first.x >= line.x - 5):
        return line, own  # no title line set further left above the number
    joined = read_suffix_number(" ".join(parts))
    return (first, joined) if joined is not None else (line, own)


def _inline(
    lines: list[Line],
    index: int,
    text: str,
    number: ItemNumber,
    rest: str,
    typo: Typography,
    emphasis: float,
) -> list[Heading]:
    line = lines[index]
    if is_movers_line(rest):
        # "R2024-214 D. Yemm, S. Foote:": the title is the resolution that follows.
        title = resolution_title(lines, index)
        if not title:
            return []
        strength = 2.0 + emphasis
    elif (lead := movers_lead(rest)) and number.family.startswith("resolution"):
        # "R2018-172 L. Smith, T. Marchant: That the minutes ... Carried.": on one line.
        title = resolution_text_title(rest[lead:])
        if not title:
            return []
        strength = 2.0 + emphasis
    else:
        if not _plausible_title(rest):
            return []
        bold = typo.bold_lead(line) - (len(line.text) - len(line.text.lstrip()))
        # "1. 23-0411 Approval of Minutes": the file number's column is not the title.
        rest = rest[file_number_lead(rest) :]
        title = heading_title(_with_continuation(lines, index, rest), bold_end=None)
        if bold > number.end + 2 and bold < len(line.text) - 2:
            title = heading_title(plain(line.text[:bold]), bold_end=None)[number.end :].strip()
            title = title or heading_title(rest, bold_end=None)
        words = len(rest.split())
        strength = 3.0 if number.prefix else 2.0 if number.punct else 1.5
        if "\t" in line.text[: len(line.text) - len(rest)]:
            strength += 0.5
        if words > 14 or rest.rstrip().endswith((".", ";", ",")):
            strength -= 1.0  # reads like a numbered paragraph, not a heading
        strength += emphasis
    return _headings(index, line, number, title, "inline", strength)


def _headings(
    index: int, line: Line, number: ItemNumber, title: str, layout: str, strength: float
) -> list[Heading]:
    if number.family == "minute":
        strength += 0.5
    if number.family in ("roman", "letter") and not number.punct:
        strength -= 0.5
    family = family_key(number, layout)
    out = [
        Heading(
            index,
            line.start,
            number.label,
            family,
            number.ordinal,
            title,
            strength,
            layout,
            number,
            line.x,
        )
    ]
    if number.file and number.file_ordinal is not None and number.family != "file":
        # Roll-call and file numbers count items too, including unnumbered ones.
        out.append(
            Heading(
                index,
                line.start,
                number.label,
                ("file", "line" if layout in ("alone", "inline") else layout, "", "", True),
                number.file_ordinal,
                title,
                strength + 0.5,
                layout,
                number,
                line.x,
            )
        )
    elif number.family == "file":
        out[0].strength += 1.0
    return out


def family_key(number: ItemNumber, layout: str) -> tuple:
    """The style a chain keeps: number family, layout, prefix, punctuation, file number.

    A number alone on its line and one before its title are one layout (a document may
    set short and long titles either way); "4" and "4 -" are one punctuation. Minute and
    resolution numbers are distinctive enough to chain across every layout, running
    text included.
    """
    if number.family == "minute" or number.family.startswith(("resolution", "code")):
        return (number.family, "any", "", "", bool(number.file))
    line_layout = "line" if layout in ("alone", "inline") else layout
    punct = number.punct if number.punct in (".", ")", ":") else ""
    return (number.family, line_layout, number.prefix, punct, bool(number.file))


def _lettered_heading(line: Line, letter: str, title: str, score: float) -> Heading:
    """A lettered sub-item "(a)" heading at ``line``, numbered by its letter's place."""
    return Heading(
        line.index,
        line.start,
        f"({letter})",
        ("sub",),
        ord(letter) - 96,
        title,
        score,
        "sub",
        None,
        line.x,
        letter=letter,
    )


def _letter_candidate(lines: list[Line], index: int, text: str) -> list[Heading]:
    line = lines[index]
    match = _LETTER_ALONE.match(text)
    if match:
        title_line = next_content(lines, index)
        if title_line is None or not _plausible_title(plain(title_line.text)):
            return []
        letter = (match.group("letter") or match.group("letter2")).lower()
        title = _with_continuation(lines, title_line.index, plain(title_line.text))
        return [_lettered_heading(line, letter, title, 2.0)]
    match = _LETTER_INLINE.match(text)
    if match:
        title = match.group("title").strip()
        if not _plausible_title(title) or len(title.split()) > 12 or title.endswith((".", ";")):
            return []
        letter = match.group("letter").lower()
        return [_lettered_heading(line, letter, title, 1.5)]
    return []


def _flat_candidates(line: Line) -> list[Heading]:
    """Item numbers inside a long line of running text (not at its start)."""
    return [
        Heading(
            line.index,
            line.start + found.offset,
            found.number.label,
            family_key(found.number, "flat"),
            found.number.ordinal,
            found.title,
            found.strength,
            "flat",
            found.number,
        )
        for found in run_in_numbers(line.text)
        if found.offset > 0
    ]


def _plausible_title(title: str) -> bool:
    if not title or not _TITLE_START.match(title):
        return False
    head = title[:250]
    if _MONTH.match(head) or is_chrome(head):
        return False
    letters = sum(c.isalpha() for c in head)
    return letters >= 3 and letters >= len(head) // 3


def _with_continuation(lines: list[Line], index: int, title: str) -> str:
    """Append a wrapped second line of a title (PDF text breaks long headings)."""
    if index + 1 >= len(lines) or len(title) > 250:
        return title
    nxt = lines[index + 1].text
    if not nxt or lines[index + 1].chrome or _TITLE_STOP.match(nxt) or len(title) + len(nxt) > 250:
        return title
    if _SUB_MARKER.match(nxt):
        return title  # "a. Approval of Minutes": the item's first sub-item, not its title
    continues = nxt[0].islower() or bool(_JOINER.search(title))
    if continues and (not nxt.rstrip().endswith(".") or len(nxt) < 60):
        return f"{title} {plain(nxt)}"
    return title


# --- the chain ------------------------------------------------------------------------


def _best(
    candidates: list[Heading], first_pages: int | None = None, lines: list[Line] | None = None
) -> list[Heading]:
    """The highest-scoring run of same-family headings with increasing numbers.

    A run that sits between two members of a longer run of another family is a list
    inside an item (a motion's numbered points), never the items. ``first_pages``, for
    an agenda followed by its papers, is the offset the agenda's own list must end
    before: when such a list exists, it is the items.
    """
    by_family: dict[tuple, list[Heading]] = {}
    for h in candidates:
        if h.layout == "sub" or h.family[0] == "dotted" or (h.item and h.item.suffix):
            continue
        by_family.setdefault(h.family, []).append(h)
    chains: list[tuple[float, list[Heading]]] = []
    for family, group in by_family.items():
        max_gap = _MAX_FILE_GAP if family[0] == "file" else _MAX_GAP
        if lines is not None:
            group = without_paragraphs(group, lines, lambda g, gap=max_gap: _chain(g, gap)[0])
        group = _without_contents(group, max_gap)
        chain, score = _chain(group, max_gap)
        if _restarts(group) >= 3:
            score *= 0.5  # a numbered list inside items, restarting in each
        if lines is not None and paragraph_chain(chain, lines):
            score *= _PARAGRAPH_WEIGHT  # numbered paragraphs: the items' text
        headings = [h for h in group if h.set_apart]
        if 3 <= len(headings) < len(group):
            typographic, typographic_score = _chain(headings, max_gap)
            if _list_in_gap(chain, typographic):
                chain, score = typographic, typographic_score
        chains.append((score, chain))
    chains = [(score, chain) for score, chain in chains if not _nested(chain, chains)]
    chains = _before_adjournment(chains)
    if first_pages is not None:
        early = [(s, c) for s, c in chains if len(c) >= 3 and c[-1].start < first_pages]
        chains = early or chains
    best: list[Heading] = []
    best_score = 0.0
    for score, chain in chains:
        if (score, len(chain)) > (best_score, len(best)):
            best, best_score = chain, score
    return best


def _before_adjournment(
    chains: list[tuple[float, list[Heading]]],
) -> list[tuple[float, list[Heading]]]:
    """Without the runs that start after another run's adjournment: an agenda's business
    ends there, so numbered headings further on head its papers (a policy's outline, a
    report's sections), not items."""
    closes = [
        chain[-1].start
        for _, chain in chains
        if len(chain) >= 3 and _ADJOURNS.match(chain[-1].title)
    ]
    if not closes:
        return chains
    close = min(closes)
    return [(score, chain) for score, chain in chains if chain[0].start <= close]


def _list_in_gap(chain: list[Heading], headings: list[Heading]) -> bool:
    """The members of ``chain`` that are not set as headings all sit between two
    consecutive members of ``headings``, a chain of the same family that is: a numbered
    list in body type inside one item (public statements "01".."68" under "6 Public
    Forum", then "7 ...") continued the items' count, and is not items."""
    if len(headings) < 3:
        return False
    members = {h.start for h in headings}
    extra = [h for h in chain if h.start not in members]
    if len(extra) < 2:
        return False
    for a, b in itertools.pairwise(headings):
        if a.start < extra[0].start and extra[-1].start < b.start:
            return True
    return False


def _without_contents(group: list[Heading], max_gap: int) -> list[Heading]:
    """The family's headings without a table of contents: a dense run of numbered lines
    at the start whose numbers come back later, in order, as the items themselves."""
    run: list[Heading] = []
    for h in group:
        if run and (h.line - run[-1].line > 4 or h.ordinal <= run[-1].ordinal - 2):
            break
        run.append(h)
    if len(run) < 4:
        return group
    later = [h for h in group if h.line > run[-1].line]
    body, _ = _chain(later, max_gap)
    listed = {h.ordinal for h in run}
    # Listed again under the same title: a count restarting under an item ("4. CONSENT
    # CALENDAR", "1. Approval of Minutes") is that item's own list, not the contents.
    titles = {h.ordinal: h.title for h in run}
    again = {
        h.ordinal for h in body if h.ordinal in listed and _same_title(h.title, titles[h.ordinal])
    }
    if len(body) * 10 >= len(run) * 6 and len(again) * 10 >= len(listed) * 6:
        return later
    return group


def _nested(chain: list[Heading], chains: list[tuple[float, list[Heading]]]) -> bool:
    """``chain`` lies between two consecutive members of a longer chain."""
    first, last = chain[0].start, chain[-1].start
    for _, other in chains:
        if other is chain or len(other) < 3 or len(other) <= len(chain) - 1:
            continue
        for a, b in itertools.pairwise(other):
            if a.start < first and last < b.start:
                return True
    return False


def _chain(group: list[Heading], max_gap: int) -> tuple[list[Heading], float]:
    # score[i], back[i]: best chain ending at candidate i. ``last`` maps a number to the
    # best chain end with that number seen so far (earlier in the text), so each step
    # only looks at the few numbers just below: linear in the number of candidates.
    score: list[float] = []
    back: list[int | None] = []
    last: dict[int, int] = {}
    step_cost = 1.5 if max_gap <= _MAX_GAP else 0.02
    for h in group:
        best, prev = h.strength, None
        for gap in range(1, max_gap + 2):
            j = last.get(h.ordinal - gap)
            if j is None:
                continue
            candidate = score[j] + h.strength - step_cost * (gap - 1)
            if candidate > best:
                best, prev = candidate, j
        score.append(best)
        back.append(prev)
        k = last.get(h.ordinal)
        if k is None or score[k] < best:
            last[h.ordinal] = len(score) - 1
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


def _restarts(group: list[Heading]) -> int:
    """How often a family's count starts again from its first numbers."""
    restarts = 0
    previous: int | None = None
    for h in group:
        if previous is not None and h.ordinal <= 2 and h.ordinal < previous:
            restarts += 1
        previous = h.ordinal
    return restarts


def _without_exclusion_list(chain: list[Heading], lines: list[Line]) -> list[Heading]:
    """Without the items a resolution to exclude the public lists ("THAT the public now be
    excluded from the following parts of the meeting, namely; 15. Strategic Projects
    Team ..."): they are taken in private, named here and not minuted as items."""
    out: list[Heading] = []
    listed: list[Heading] = []
    for h in chain:
        above = previous_content(lines, h.line)
        if above is not None and _EXCLUSION_LEAD.search(plain(above.text)):
            listed.append(h)
            continue
        if any(h.ordinal == m.ordinal and _same_title(h.title, m.title) for m in listed):
            continue  # the same item again, in the resolution's table of grounds
        out.append(h)
    return out


def _restarted(chain: list[Heading], candidates: list[Heading], lines: list[Line]) -> list[Heading]:
    """The chain with the count that restarts inside it: between two members numbered k
    and k+1, a run of the same style counting from 1 up to k that leads into k+1. The
    chain skipped a restart: the run is the items; what came before is another meeting
    when it is long enough ("1.-5." of a closed session, then "1.-27."), else a numbered
    list of notices before the agenda ("1. PARTICIPATE BEFORE THE MEETING", "2. ATTEND").

    A list inside an item is told apart by its place and type: a restart run must stand
    at the items' left edge and be set like them.
    """
    family = chain[0].family
    max_gap = _MAX_FILE_GAP if family[0] == "file" else _MAX_GAP
    strength = sum(h.strength for h in chain) / len(chain)
    edges = sorted(h.x for h in chain if h.x >= 0)
    edge = edges[len(edges) // 2] if edges else -1.0
    for k, (a, b) in enumerate(itertools.pairwise(chain)):
        between = [c for c in candidates if c.family == family and a.start < c.start < b.start]
        if len(between) < 2:
            continue
        run, _ = _chain(between, max_gap)
        if len(run) < 2 or run[0].ordinal > 1 or run[-1].ordinal != b.ordinal - 1:
            continue
        if edge >= 0 and any(h.x < 0 or abs(h.x - edge) > 4.0 for h in run):
            continue
        if sum(h.strength for h in run) / len(run) < strength - 0.5:
            continue
        before = chain[: k + 1]
        if len(before) >= 3 and before[0].ordinal <= 1:
            return before + run + chain[k + 1 :]
        # Notices before the agenda: a short list, then paragraphs of text, then the items
        # (a short list inside an item sits right under its heading instead).
        text = [line for line in lines[a.line + 1 : run[0].line] if line.text and not line.chrome]
        if len(before) <= 2 and len(text) >= _NOTICE_LINES:
            return run + chain[k + 1 :]
    return chain


def _with_other_meetings(chain: list[Heading], candidates: list[Heading]) -> list[Heading]:
    """Other runs of the chain's family, counting again from 1 before or after it: the
    other meetings in the same file (an annual parish meeting, then the AGM)."""
    family = chain[0].family
    max_gap = _MAX_FILE_GAP if family[0] == "file" else _MAX_GAP
    out = list(chain)
    before = [c for c in candidates if c.family == family and c.start < out[0].start]
    earlier, _ = _chain(before, max_gap) if before else ([], 0.0)
    by_ordinal = {h.ordinal: h for h in chain}
    listed = sum(
        1
        for h in earlier
        if h.ordinal in by_ordinal and _same_title(h.title, by_ordinal[h.ordinal].title)
    )
    if (
        len(earlier) >= 3
        and earlier[0].ordinal <= 1
        and earlier[-1].ordinal >= out[0].ordinal
        and listed * 2 < len(earlier)  # not a table of contents of the same items
    ):
        out = earlier + out
    while True:
        after = [c for c in candidates if c.family == family and c.start > out[-1].start]
        if not after or after[0].ordinal > 2:
            return out
        more, _ = _chain(after, max_gap)
        if len(more) < 3 or more[0].ordinal > 2 or len(more) < len(chain) // 2:
            return out
        out.extend(more)


def _fill_gaps(chain: list[Heading], candidates: list[Heading], lines: list[Line]) -> list[Heading]:
    """Numbers missing from the chain, found between their neighbours: in any layout,
    with digits the text layer dropped ("6" for 56), or glued to the title by OCR
    ("7Planning")."""
    if chain[0].family[0] == "file":
        return _fill_file_gaps(chain, candidates, lines)
    out: list[Heading] = [chain[0]]
    for nxt in chain[1:]:
        prev = out[-1]
        missing = range(prev.ordinal + 1, nxt.ordinal)
        if 0 < len(missing) <= _MAX_GAP:
            cursor = prev
            for ordinal in missing:
                found = _missing_number(ordinal, cursor, nxt, candidates, lines)
                if found is not None:
                    out.append(found)
                    cursor = found
        out.append(nxt)
    return out


def _fill_file_gaps(
    chain: list[Heading], candidates: list[Heading], lines: list[Line]
) -> list[Heading]:
    """A chain of roll-call numbers whose items mostly carry item numbers too ("05-1104
    4. Approving ..."): items printed without a roll call ("7. Resolution Ordering ...",
    whose lettered parts carry the roll calls) are found by their item numbers; a roll
    call without an item number between two items numbered in sequence ("05-1188 Final
    consideration of ordinance above") is a part of the item before it."""
    numbered = [h for h in chain if _item_numbered(h)]
    if len(numbered) * 10 < len(chain) * 6:
        return chain
    out: list[Heading] = [chain[0]]
    for k, nxt in enumerate(chain[1:], start=1):
        prev = out[-1]
        if not _item_numbered(nxt):
            after = next((h for h in chain[k + 1 :] if _item_numbered(h)), None)
            last = next((h for h in reversed(out) if _item_numbered(h)), None)
            if (
                last is not None
                and after is not None
                and after.item is not None
                and last.item is not None
                and after.item.ordinal == last.item.ordinal + 1
            ):
                nxt.parent = last.number
            out.append(nxt)
            continue
        last = next((h for h in reversed(out) if _item_numbered(h)), None)
        if last is not None and last.item is not None:
            # Counting on from the last item number, or from 1 when the count restarts
            # (the council convenes as another body: "05-1206 MOTION TO CONVENE", "1.").
            low = last.item.ordinal if last.item.ordinal < nxt.item.ordinal else 0
            missing = range(low + 1, nxt.item.ordinal)
            if 0 < len(missing) <= _MAX_GAP:
                cursor = prev
                for ordinal in missing:
                    found = _missing_number(ordinal, cursor, nxt, candidates, lines, "arabic")
                    if found is not None:
                        out.append(found)
                        cursor = found
        out.append(nxt)
    return out


def _item_numbered(heading: Heading) -> bool:
    """The heading prints an item number ("05-1104 4. ..."), not only a roll call."""
    return heading.item is not None and heading.item.family == "arabic"


def _missing_number(
    ordinal: int,
    prev: Heading,
    nxt: Heading,
    candidates: list[Heading],
    lines: list[Line],
    base: str | None = None,
) -> Heading | None:
    base = base or prev.family[0]
    between = [
        c
        for c in candidates
        if prev.start < c.start < nxt.start
        and c.family[0] == base
        and (c.item is None or not c.item.suffix)
    ]
    for c in between:
        if c.ordinal == ordinal:
            return c
    if base == "letter":
        # "I." between "H." and "J." was read as a roman one.
        letter = chr(64 + ordinal) if 1 <= ordinal <= 26 else ""
        for c in candidates:
            if prev.start < c.start < nxt.start and c.family[0] == "roman" and c.number == letter:
                return c
    for c in between:
        if c.layout != "flat" and str(ordinal).endswith(str(c.ordinal)) and c.ordinal < ordinal:
            return c
    if base != "arabic":
        return None
    # "7Planning", "7PLANNING", "19.2023 CITY MEETING SCHEDULE" (a title opening on a year).
    glued = re.compile(
        rf"^{ordinal}(?:[.)]?(?=[A-Z][a-z]|[A-Z]{{2}})|[.)](?=(?:19|20)\d\d\s+[A-Z]))"
    )
    for line in lines[prev.line + 1 : nxt.line]:
        match = glued.match(line.text)
        if match and _plausible_title(line.text[match.end() :]):
            title = heading_title(plain(line.text[match.end() :]), bold_end=None)
            return Heading(
                line.index,
                line.start,
                str(ordinal),
                prev.family,
                ordinal,
                title,
                prev.strength,
                "inline",
                None,
                line.x,
            )
    return None


def _with_strays(chain: list[Heading], candidates: list[Heading]) -> list[Heading]:
    """Headings of the chain's style out of sequence: a number the chain skipped, taken
    out of order ("7" then "6"); the number just used, again; and, when only items use
    the style, a misnumbered last item ("11" after "13")."""
    family = chain[0].family
    same = [
        c
        for c in candidates
        if c.family == family and c.start >= chain[0].start and not (c.item and c.item.suffix)
    ]
    starts = {h.start for h in chain}
    ordinals = {h.ordinal for h in chain}
    low, high = min(ordinals), max(ordinals)
    exclusive = len(chain) >= 5 and len(same) - len(chain) <= max(1, len(chain) // 10)
    weakest = min(h.strength for h in chain)
    strays = []
    for c in same:
        if c.start in starts or c.strength < weakest:
            continue
        before = [h for h in chain if h.start < c.start]
        skipped = low < c.ordinal < high and c.ordinal not in ordinals
        # The number just used, on another title (a misprint); the same heading right
        # after its item is a continued heading, not an item.
        repeated = (
            bool(before)
            and before[-1].ordinal == c.ordinal
            and not _same_title(before[-1].title, c.title)
            # not the next entry of a list counting afresh under the item ("1.", "2.")
            and not any(
                before[-1].start < o.start < c.start and o.ordinal == c.ordinal - 1 for o in same
            )
        )
        # An item adjourned and taken up again after others: number and title again.
        repeated = repeated or any(
            h.ordinal == c.ordinal and _same_title(h.title, c.title) for h in before[:-1]
        )
        misnumbered = (
            exclusive
            and bool(before)
            and before[-1] is chain[-1]
            and c.start - chain[-1].start < _NEAR  # the next heading, not pages later
            and c.ordinal <= chain[-1].ordinal
        )
        if skipped or repeated or misnumbered:
            strays.append(c)
            ordinals.add(c.ordinal)
    return sorted(chain + strays, key=lambda h: h.start)


def _title_words(title: str) -> list[str]:
    """A heading's words without its parentheses and times ("CLOSED SESSION (continued,
    if necessary)", "CLOSED SESSION – 5:00 p.m." are one heading)."""
    title = _PARENTHESES.sub(" ", title.lower())
    return [w for w in re.findall(r"[^\W\d_]+", title) if len(w) > 1 or w in "ai"]


def _same_title(a: str, b: str) -> bool:
    """The same heading, one perhaps cut short ("Seal" / "Seal Register")."""
    wa = _title_words(a)[:4]
    wb = _title_words(b)[:4]
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(short) and long[: len(short)] == short


def _number_column(chain: list[Heading], lines: list[Line]) -> float | None:
    """The left edge of the items' numbers, when it is a column of its own (the text
    of the document does not start there)."""
    columns = sorted(h.x for h in chain if h.x >= 0)
    if len(columns) < 3:
        return None
    column = columns[len(columns) // 2]
    edges = [line.x for line in lines if line.x >= 0 and line.text and len(line.text) > 40]
    if not edges:
        return None
    at_column = sum(1 for x in edges if abs(x - column) <= 4.0)
    return column if at_column * 2 < len(edges) else None


def _with_insertions(
    chain: list[Heading], candidates: list[Heading], lines: list[Line]
) -> list[Heading]:
    """Items inserted after another: "13I" after 13, or an "I" in the number column."""
    column = _number_column(chain, lines)
    ordinals = {h.ordinal for h in chain}
    taken = {h.start for h in chain}
    out = list(chain)
    for c in candidates:
        if c.start in taken or not chain[0].start < c.start < chain[-1].start:
            continue  # inserted between two items, not after the last
        if c.layout in ("sub", "flat"):
            continue
        suffix = c.item.suffix if c.item else ""
        if c.family[0] == chain[0].family[0] and suffix and suffix.lower() != "a":
            # "13I" after 13: not the first of a run of sub-items "5a", "5b".
            if c.ordinal in ordinals and not _has_sibling(c, candidates):
                out.append(c)
                taken.add(c.start)
            continue
        if (
            column is not None
            and c.x >= 0
            and abs(c.x - column) <= 4.0
            and c.family[0] in ("roman", "letter")
            and chain[0].family[0] == "arabic"
            and c.ordinal == _item_before(chain, c).ordinal  # "I" after "1"
        ):
            out.append(c)
            taken.add(c.start)
    return sorted(out, key=lambda h: h.start)


def _item_before(chain: list[Heading], candidate: Heading) -> Heading:
    """The chain's last member before ``candidate`` (which lies after the first)."""
    return [h for h in chain if h.start < candidate.start][-1]


def _has_sibling(candidate: Heading, candidates: list[Heading]) -> bool:
    return any(
        c is not candidate
        and c.item is not None
        and c.item.suffix
        and c.ordinal == candidate.ordinal
        and c.family[0] == candidate.family[0]
        for c in candidates
    )


def _with_closers(chain: list[Heading], lines: list[Line], typo: Typography) -> list[Heading]:
    """An unnumbered closing item after the last item: a "MOTION TO ADJOURN" line, or a
    run-in label of closing business ("Date of Next Meeting: 29 April 2014 ...")."""
    last = chain[-1]
    after = last.line + 1
    if last.layout == "alone" and (title_line := next_content(lines, last.line)) is not None:
        after = title_line.index + 1  # the last item's own title ("9." / "ADJOURNMENT")
    for line in lines[after:]:
        if not line.text or line.chrome:
            continue
        text = plain(line.text)
        label = _run_in_label(text)
        if label is not None and classify(label) == "procedural" and _CLOSING.match(label):
            title = label
        elif (
            len(text) <= 60
            and _CLOSER.match(text)
            and (is_capitals(text) or typo.emphasis(line) > 0 or _stands_alone(lines, line.index))
        ):
            title = text.rstrip(" .:")
        else:
            continue
        closer = Heading(
            line.index, line.start, "", ("closer",), 0, title, 1.0, "closer", None, line.x
        )
        # Unnumbered headings listed straight before it are closing business too
        # ("TABLED ITEMS", "ADDITIONAL COMMENTS FROM THE BOARD", "ADJOURNMENT").
        block = [
            h
            for h in _heading_block(lines, line.index, typo, last.line)
            if classify(h.title) != "procedural" or not _CLOSER.match(h.title)
        ]
        if len(block) < 2:
            block = []
        return [*chain, *block, closer]
    return chain


def _heading_block(
    lines: list[Line], index: int, typo: Typography, floor: int = -1
) -> list[Heading]:
    """The unnumbered headings listed one after another straight above line ``index``
    (blank lines and page furniture between them, nothing else), down to ``floor``."""
    block: list[Heading] = []
    for line in reversed(lines[floor + 1 : index]):
        if not line.text or line.chrome:
            continue
        text = plain(line.text)
        if not _listed_heading(line, typo):
            break
        title = text.rstrip(" :.")
        if block and block[0].title == title:
            continue  # the same heading printed twice
        block.insert(
            0, Heading(line.index, line.start, "", ("peer",), 0, title, 1.0, "peer", None, line.x)
        )
    return block


def _listed_heading(line: Line, typo: Typography) -> bool:
    """A short unnumbered line in capitals or bold on its own, in a list of headings."""
    text = plain(line.text)
    if not text or len(text.split()) > 10 or read_number(text) is not None:
        return False
    if text.endswith((",", ";")) or not _plausible_title(text) or _PERSON_ROLE.match(text):
        return False
    return is_capitals(_DASH.split(text, maxsplit=1)[0]) or typo.bold_line(line)


def _stands_alone(lines: list[Line], index: int) -> bool:
    before = lines[index - 1].text if index > 0 else ""
    after = lines[index + 1].text if index + 1 < len(lines) else ""
    return not before and not after


def _run_in_label(text: str) -> str | None:
    """ "Apologies for Absence" of "Apologies for Absence: Cllr ...", a short label."""
    match = _RUN_IN.match(text)
    return match.group("label") if match else None


def _with_peers(chain: list[Heading], lines: list[Line], typo: Typography) -> list[Heading]:
    """Unnumbered items before the first numbered one: run-in labels in bold when the
    items' own headings are bold run-ins ("Disclosure of pecuniary interest: None." before
    "R2024-214 ..."), or labels of standard business ("Apologies for Absence: ...")."""
    # Items whose titles (not only their numbers) open in bold.
    bold = [
        h
        for h in chain
        if h.layout == "inline"
        and typo.bold_lead(lines[h.line]) > (h.item.end if h.item else 0) + 2
    ]
    typographic = len(bold) * 10 >= len(chain) * 6
    first = chain[0]
    openers = {_first_word(h.title) for h in chain}
    # Unnumbered headings between the items are sections over them ("ROLL CALL" over
    # "1. City Clerk calls the roll."), not items; before the first item they are then
    # a section heading too.
    starts = {h.line for h in chain}
    sections = 0
    for h in chain[1:]:
        above = previous_content(lines, h.line)
        if above is not None and above.index not in starts:
            sections += _standalone_heading(above, typo, lines)
    peers: list[Heading] = []
    for line in lines[: first.line]:
        if not line.text or line.chrome or typo.larger(line):
            continue
        label = _peer_label(line, lines, typo, typographic, sections * 4 < len(chain), first)
        if (
            not label
            or _ATTENDANCE.match(label + ":")
            or _PERSON.match(label)
            or len(label.split()) > 8
            or not _plausible_title(label)
            or _first_word(label) in openers  # the items include this business already
        ):
            continue
        peers.append(
            Heading(line.index, line.start, "", ("peer",), 0, label, 1.0, "peer", None, line.x)
        )
    return _with_listed_peers(peers, first, lines, typo) + chain


def _first_number_lost(chain: list[Heading], lines: list[Line]) -> list[Heading]:
    """The unnumbered heading just above an arabic count that starts at 2 is item 1 whose
    number was lost (a scan's OCR read "1." as a dash): it takes the number."""
    numbered = next((k for k, h in enumerate(chain) if h.number), None)
    if not numbered or chain[numbered].family[0] != "arabic" or chain[numbered].ordinal != 2:
        return chain
    peer = chain[numbered - 1]
    above = previous_content(lines, chain[numbered].line)
    if peer.layout != "peer" or above is None or above.index != peer.line:
        return chain
    first = Heading(
        peer.line,
        peer.start,
        "1",
        chain[numbered].family,
        1,
        peer.title,
        peer.strength,
        "alone",
        None,
        peer.x,
    )
    return [*chain[: numbered - 1], first, *chain[numbered:]]


def _with_listed_peers(
    peers: list[Heading], first: Heading, lines: list[Line], typo: Typography
) -> list[Heading]:
    """Add the unnumbered items an agenda lists before its first numbered one: three or
    more headings one after another ("FLAG SALUTE", "ROLL CALL", "ANNOUNCEMENTS", ...)
    above the section heading over the numbered items ("NEW BUSINESS")."""
    above = previous_content(lines, first.line)
    if (
        above is not None
        and first.x >= 0
        and above.x > first.x + 20
        and not is_capitals(above.text)
    ):
        # A note set further right over the item ("Continued from September 8, 2022").
        above = previous_content(lines, above.index)
    if above is None or not _listed_heading(above, typo):
        return peers
    block = [
        h
        for h in _heading_block(lines, above.index, typo)
        if h.title.lower() not in ("agenda", "minutes") and not _ATTENDANCE.match(h.title + ":")
    ]
    if len(block) < 3:
        return peers
    if above.x >= 0:
        # Set at the left edge of the agenda, not the centred lines of its title.
        block = [h for h in block if h.x >= 0 and abs(h.x - above.x) <= 4.0]
    elif not any(len(line.text.split()) >= 6 for line in lines[: block[0].line]):
        return peers  # the document's own title lines, before any text
    if len(block) < 3:
        return peers
    block = _listed_above(block, lines, typo) + block
    taken = {h.line for h in peers}
    # Run-in labels above the listed items are the notice's ("To join by telephone:").
    peers = [h for h in peers if h.start >= block[0].start or not _run_in_line(lines[h.line])]
    return sorted(peers + [h for h in block if h.line not in taken], key=lambda h: h.start)


_DESCRIPTION_LINES = 15


def _listed_above(block: list[Heading], lines: list[Line], typo: Typography) -> list[Heading]:
    """Headings of the same list further up, each over a short description ("PUBLIC
    COMMENT" / "This portion of the agenda provides ..."), up to a run-in label or a
    heading set elsewhere (the notice's "GENERAL INFORMATION" / "Consent Agenda: ...")."""
    top = block[0]
    found: list[Heading] = []
    body = 0
    for line in reversed(lines[: top.line]):
        if not line.text or line.chrome:
            continue
        if _run_in_line(line) or body > _DESCRIPTION_LINES:
            break
        if not _listed_heading(line, typo):
            body += 1
            continue
        if top.x >= 0 and (line.x < 0 or abs(line.x - top.x) > 4.0):
            break
        found.insert(
            0,
            Heading(
                line.index,
                line.start,
                "",
                ("peer",),
                0,
                plain(line.text).rstrip(" :."),
                1.0,
                "peer",
                None,
                line.x,
            ),
        )
        body = 0
    return found


def _run_in_line(line: Line) -> bool:
    """A label run in before its text on one line ("Consent Agenda: The Commission ..."),
    or a label line ending in a colon."""
    return _run_in_label(plain(line.text)) is not None or plain(line.text).endswith(":")


def _peer_label(
    line: Line,
    lines: list[Line],
    typo: Typography,
    typographic: bool,
    standalone: bool,
    first: Heading,
) -> str | None:
    """The label of an unnumbered item before the first numbered one, if ``line`` is one."""
    if standalone and _standalone_heading(line, typo, lines):
        label = plain(line.text).rstrip(" :.")
        if classify(label) == "procedural" and label.lower() not in ("minutes", "agenda"):
            if _same_business(label, first.title) and line.index == _previous_line(lines, first):
                return None  # "ROLL CALL" over "1. City Clerk calls the roll."
            return label
    lead = typo.bold_lead(line)
    if typographic and lead:
        label = plain(line.text[:lead]).strip()
        return label.rstrip(": ") if label.endswith(":") else None
    label = _run_in_label(plain(line.text))
    if label and classify(label) == "procedural":
        return label
    return _nil_heading(lines, line.index)


def _standalone_heading(line: Line, typo: Typography, lines: list[Line]) -> bool:
    """A short unnumbered line in capitals or bold ("CALL TO ORDER", "INVOCATION - Mayor
    Dang"), on its own: not one line of a paragraph set in capitals."""
    text = plain(line.text)
    if not text or len(text.split()) > 10 or read_number(text) is not None:
        return False
    lead = _DASH.split(text, maxsplit=1)[0]
    if text.endswith((",", ";")) or not (is_capitals(lead) or typo.bold_line(line)):
        return False
    for k in (line.index - 1, line.index + 1):
        neighbour = lines[k].text if 0 <= k < len(lines) else ""
        if is_capitals(neighbour) and (len(neighbour) > 60 or len(text) > 60):
            return False  # a paragraph in capitals, wrapped
    return True


def _previous_line(lines: list[Line], heading: Heading) -> int | None:
    above = previous_content(lines, heading.line)
    return above.index if above is not None else None


def _same_business(a: str, b: str) -> bool:
    """Two headings sharing a content word ("ROLL CALL" / "City Clerk calls the roll")."""
    stems = [{w[:4] for w in re.findall(r"[a-z]{4,}", t.lower())} for t in (a, b)]
    return bool(stems[0] & stems[1])


def _nil_heading(lines: list[Line], index: int) -> str | None:
    """A short heading line whose text is "Nil" / "None" ("Apologies" then "Nil")."""
    text = plain(lines[index].text)
    if index > 0 and lines[index - 1].text and not lines[index - 1].text.endswith((".", ":")):
        previous = plain(lines[index - 1].text)
        if len(previous.split()) <= 3 and not _NIL.match(previous) and previous[:1].isupper():
            return None  # the second line of a broken heading; its first line speaks
    title = _with_continuation(lines, index, text)
    following = next_content(lines, index + (1 if title != text else 0), limit=2)
    if following is None or not _NIL.match(following.text) or _NIL.match(text):
        return None
    if len(title.split()) > 8 or title.endswith((".", ";", ",")):
        return None
    return title


def _first_word(title: str) -> str:
    words = re.findall(r"[a-z]+", title.lower())
    return words[0] if words else ""


# --- sub-items ------------------------------------------------------------------------


def _with_sub_items(
    chain: list[Heading], candidates: list[Heading], lines: list[Line]
) -> list[Heading]:
    """Add sub-items ("5a", "5(a)", "(a)", "7.1") that sit between two items."""
    out: list[Heading] = []
    items = [h for h in chain if h.layout not in ("closer", "peer")]
    for k, head in enumerate(chain):
        out.append(head)
        if head.layout in ("closer", "peer") or head.item is None:
            continue
        later = [h.line for h in chain[k + 1 :]]
        stop = min(later) if later else 1 << 30
        out.extend(_subs_of(head, candidates, lines, stop, items))
    return out


def _subs_of(
    head: Heading, candidates: list[Heading], lines: list[Line], stop: int, items: list[Heading]
) -> list[Heading]:
    inside = [c for c in candidates if head.line < c.line < stop and c.layout != "flat"]
    subs: list[Heading] = []
    expected = "a"
    for sub in inside:
        letter = sub.letter or (sub.item.suffix.lower() if sub.item and sub.item.suffix else None)
        if letter is None or (sub.item is not None and sub.ordinal != head.ordinal):
            continue
        if sub in items or letter != expected:
            continue
        if sub.family != ("sub", "filed") and _in_decision(lines, sub.line):
            continue  # a lettered part of a decision; with its own roll call, an action
        sub.parent = head.number
        subs.append(sub)
        expected = chr(ord(expected) + 1)
    if subs:
        return subs
    expected_minor = 1
    for sub in inside:
        item = sub.item
        if item is None or item.family != "dotted" or item.parent != head.ordinal:
            continue
        if item.ordinal != expected_minor or not _heading_like(sub.title):
            continue
        sub.parent = head.number
        subs.append(sub)
        expected_minor += 1
    return subs if len(subs) >= 2 else []


def _in_decision(lines: list[Line], index: int) -> bool:
    """The line is an entry of a list introduced by "RESOLVED that:" or the like."""
    for line in reversed(lines[max(0, index - 12) : index]):
        if not line.text:
            continue
        if _LETTER_INLINE.match(line.text) or _LETTER_ALONE.match(line.text):
            continue
        return bool(_DECISION_LEAD.search(line.text))
    return False


def _heading_like(title: str) -> bool:
    """A short title in title case ("Chairman's Report"), not a sentence."""
    words = title.split()
    if not words or len(words) > 8:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised * 3 >= len(words) * 2


def _few_next_to_headings(
    headings: list[Heading], candidates: list[Heading], source: Source
) -> bool:
    """The numbered items are few next to the headings the typography sets apart (and
    that are not themselves the numbered lines): those headings are the items."""
    from pipeline.segment.unnumbered import heading_lines

    top = [h for h in headings if h.parent is None and h.layout not in ("peer", "closer")]
    lines, typo = source.lines, source.typography
    body_like = [h for h in top if not _set_apart(lines, h, typo)]
    if len(body_like) * 10 < len(top) * 6:
        return False  # the numbered lines are headings themselves
    numbered = {h.line for h in top}
    others = [line for line in heading_lines(source) if line.index not in numbered]
    if top and _ADJOURNS.match(top[-1].title):
        # The numbered list runs to its adjournment: headings after it head the papers
        # attached to the agenda ("BOARD OF DIRECTORS REPORT", "BACKGROUND").
        others = [line for line in others if line.index < top[-1].line]
    # Numbered motions ("1. Moved by Councillor Piper") under headings; else numbered
    # paragraphs, far fewer than the headings.
    motions = sum(
        1
        for h in top
        if _MOTION.match(plain(lines[h.line].text)[h.item.end if h.item else 0 :].strip())
    )
    if motions >= 3:
        return len(others) >= 4
    # Paragraphs numbered afresh under each heading ("1. Sue Brook gave ...").
    family = [c for c in candidates if top and c.family == top[0].family and c.layout != "flat"]
    heading_at = {line.index for line in others}
    under = sum(
        1
        for k, c in enumerate(family)
        if k
        and c.ordinal == 1
        and family[k - 1].ordinal > 1
        and (above := previous_content(lines, c.line)) is not None
        and above.index in heading_at
    )
    if under >= 2 and len(others) >= under + 1:
        return True
    return len(others) >= max(4, 2 * len(top))


def _set_apart(lines: list[Line], heading: Heading, typo: Typography) -> bool:
    """The heading's line (or, for a number alone, its title's line) looks like one."""
    title_line = next_content(lines, heading.line) if heading.layout == "alone" else None
    for line in (lines[heading.line], title_line):
        if line is not None and (typo.emphasis(line) > 0 or is_capitals(plain(line.text))):
            return True
    return False


def chain_of(group: list[Heading]) -> list[Heading]:
    """The best chain of one family's headings (numbers going up by one, small gaps)."""
    if not group:
        return []
    return _chain(group, _MAX_FILE_GAP if group[0].family[0] == "file" else _MAX_GAP)[0]


def numbered_candidates(source: Source) -> list[Heading]:
    """Every numbered line of the document that may head an item, page numbers aside."""
    return without_page_numbers(
        _candidates(source.lines, source.typography), source.lines, source.document.pages
    )


def numbered_headings(source: Source) -> Found | None:
    """The :class:`~pipeline.segment.layouts.Layout` of numbered items."""
    document = source.document
    first_pages = None
    if document.metadata.kind in ("agenda", "agenda_pack") and len(document.pages) >= 5:
        # An agenda with its papers: the agenda's own list, on its first pages, is the
        # items; the papers' numbered lists (earlier minutes, reports) are not.
        first_pages = document.pages[1].end
    candidates = numbered_candidates(source)
    front = front_agenda(candidates, source)
    if front is not None:
        # An agenda before its papers: the items are the agenda's list; the papers'
        # numbered and unnumbered headings are the items' text.
        front_lines = line_at(source.lines, front) + _ROW_LINES
        listed = [c for c in candidates if c.line <= front_lines]
        headings = _find(source.lines, source.typography, listed, None)
    else:
        headings = _find(source.lines, source.typography, candidates, first_pages)
    if not headings:
        return None
    if front is None and _few_next_to_headings(headings, candidates, source):
        return None  # numbered motions or paragraphs under unnumbered headings
    drafts = [Draft(h.number, h.title, h.start, parent=h.parent) for h in headings]
    reports = with_reports(document, source.lines, source.typography, drafts)
    if reports is not None:
        # An agenda and its reports: the reports recommend, nothing is decided yet.
        return Found(reports, decisions=False)
    return Found(drafts)
