"""What a meeting document is, from its title and address, and which to fetch first.

Minutes record what happened, so they come first; then decision notices; then the agenda
pack (everything the meeting was asked to consider); the agenda itself; supplements and
individual reports, kept with their meeting; the meeting's own web page last.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import unquote, urlsplit

DocumentKind = Literal[
    "minutes", "decision", "agenda_pack", "agenda", "supplement", "report", "page", "other"
]
KIND_ORDER: list[str] = [
    "minutes",
    "decision",
    "agenda_pack",
    "agenda",
    "supplement",
    "report",
    "page",
    "other",
]

# The previous meeting's minutes are an item of this meeting, not its record.
_PREVIOUS = re.compile(r"\b(?:previous|last|prior|earlier)\s+(?:meeting|minutes)\b", re.I)
_MINUTES = re.compile(r"\bminutes?\b|\bminute\s+order\b", re.I)
_DECISION = re.compile(r"\bdecisions?\b|\bdecision\s+notice\b|\brecord\s+of\s+decision", re.I)
_PACK = re.compile(
    r"\b(?:reports?|agenda|public|full|document)s?\s+pack(?:age)?\b|\bagenda\s*package\b"
    r"|\bagenda\s+(?:and\s+)?reports\b|\bfull\s+agenda\b",
    re.I,
)
_SUPPLEMENT = re.compile(r"\bsupplement(?:ary|al)?\b|\baddend(?:um|a)\b|\blate\s+items?\b", re.I)
_AGENDA = re.compile(r"\bagenda\b|\bfront\s*sheet\b|\bsummons\b", re.I)


def classify(title: str, url: str = "") -> DocumentKind:
    """The kind of a linked document, from its link text and the file name in its URL."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) if url else ""
    text = f"{title} {name}".replace("_", " ")
    if _PREVIOUS.search(text):
        return "report"
    if _PACK.search(text):
        return "agenda_pack"
    if _MINUTES.search(text):
        return "minutes"
    if _DECISION.search(text):
        return "decision"
    if _SUPPLEMENT.search(text):
        return "supplement"
    if _AGENDA.search(text):
        return "agenda"
    return "report"


def priority(kind: str) -> int:
    """Position of ``kind`` in the fetch order (unknown kinds last)."""
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
