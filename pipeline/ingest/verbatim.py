"""Verbatim records (Hansard): a written document that reports what each speaker said.

A legislature's or council's Hansard is set as speaker turns, each opening with the
speaker's label and a colon ("Mr. Speaker: Order, please.", "Hon. Jane Doe (Minister of
Finance): I rise ...", "The Chair: ...", "Some Honourable Members: Agreed."), under the
headings of the order of business. Minutes report business in the third person and an
agenda announces it, so turns opening many paragraphs, said by several speakers, mark a
verbatim record: its kind is ``transcript``, as for recorded captions.
"""

from __future__ import annotations

import re
from collections import Counter

# The label of a speaker turn at the start of a line, up to its colon. Titles are those
# of chambers everywhere (Westminster and US usage); a name alone ("Smith:") is not
# enough, so a form field ("Date: 5 March") never counts.
SPEAKER_TURN = re.compile(
    r"""^(?P<label>
        (?:(?:the|an?|some)\s+)?
        (?:(?:acting|deputy|assistant)\s+)?
        (?:speaker|chair(?:man|woman|person)?|deputy\s+speaker|presiding\s+officer|clerk
          |president|mayor|deputy\s+mayor|secretary|sergeant-at-arms
          |hon(?:ou?rable)?\.?\s+members?)
        (?:\s*\([^)\n]{1,80}\))?
      | (?:mr|mrs|ms|miss|madam|mme|dr|hon|councillor|councilor|cllr|council\s*member
          |alderman|alderwoman|commissioner|supervisor|senator|minister|premier
          |(?:deputy\s+|acting\s+)?mayor)
        \.?\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}
        (?:\s*\([^)\n]{1,80}\))?
    )\s*:""",
    re.IGNORECASE | re.VERBOSE,
)
# Words of a chamber said in the turns: "Mr. Speaker", "the honourable member for ...".
_CHAMBER = re.compile(
    r"\b(?:(?:mr|madam|deputy)\.?\s+speaker|(?:hon(?:ou?rable)?\.?|the)\s+member\s+for"
    r"|point\s+of\s+order|(?:mr|madam)\.?\s+(?:chair|mayor)|order,?\s+please)\b",
    re.IGNORECASE,
)
_MIN_TURNS = 12
_MIN_SPEAKERS = 3
_SCAN_CHARS = 120_000


def speaker_turn(line: str) -> str | None:
    """The speaker's label when ``line`` opens a speaker turn ("Mr. Speaker:"), else None."""
    match = SPEAKER_TURN.match(line.strip())
    return " ".join(match.group("label").split()) if match else None


def is_verbatim_record(text: str) -> bool:
    """True when ``text`` reads as a verbatim record: at least a dozen speaker turns by at
    least three speakers, and a chamber's words ("Mr. Speaker", "Order, please")."""
    head = text[:_SCAN_CHARS]
    speakers: Counter[str] = Counter()
    for line in head.split("\n"):
        if line[:1].isalpha():
            label = speaker_turn(line)
            if label is not None:
                speakers[label.lower()] += 1
    turns = sum(speakers.values())
    if turns < _MIN_TURNS or len(speakers) < _MIN_SPEAKERS:
        return False
    return len(_CHAMBER.findall(head)) >= 3


# The chamber a legislature's record names on its cover: "LEGISLATIVE ASSEMBLY OF
# MANITOBA", "House of Assembly of Nova Scotia", "Legislative Council of Victoria".
_CHAMBER_NAME = re.compile(
    r"^(?:the\s+)?(?P<body>legislative\s+assembly|house\s+of\s+assembly|national\s+assembly"
    r"|legislative\s+council|house\s+of\s+commons|house\s+of\s+keys)\s+(?:of|for)\s+"
    r"(?:the\s+)?(?P<place>[A-Za-z][\w .'’-]{1,40}?)\s*$",
    re.IGNORECASE,
)


def chamber(head: str) -> tuple[str, str] | None:
    """``(council, body)`` of a legislature's verbatim record from a line of its cover
    ("LEGISLATIVE ASSEMBLY OF MANITOBA" -> "Legislative Assembly of Manitoba",
    "Legislative Assembly"), else None."""
    for line in head.split("\n")[:40]:
        match = _CHAMBER_NAME.match(line.strip())
        if match:
            body = " ".join(w.capitalize() for w in match.group("body").split())
            place = " ".join(w.capitalize() for w in match.group("place").split())
            return f"{body} of {place}", body
    return None
