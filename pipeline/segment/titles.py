"""Title cleaning: the printed heading -> a clean title plus the data that rode along.

ModernGov headings carry file-size noise ("pdf icon PDF 36 KB"), links ("View the
background to item 4.") and a scheduled time "(19.05)"; order-of-business rows carry a
presenter "(Rory McCallum)", a slot "(15 Minutes)" and sometimes a one-line description.
The title keeps the words of the heading only; time, presenter and duration are returned
as separate fields, verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FILE_NOISE = re.compile(
    r"\s*(?:\b(?:pdf|docx?|xlsx?|pptx?|html?|rtf|odt)\s+icon\s+)?"
    r"\b(?:PDF|DOCX?|XLSX?|PPTX?|HTML?|RTF|ODT)\s+\d+(?:\.\d+)?\s*[KMG]B\b",
    re.IGNORECASE,
)
_VIEW_LINK = re.compile(
    r"\s*View the (?:background|reasons?|decisions?|minutes|full minutes text)\b[^.]*?"
    r"\bitems?\s+[\w./()]+?\.?(?=\s|$)",
    re.IGNORECASE,
)
_TIME = re.compile(r"\(\s*(\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?)\s*\)", re.IGNORECASE)
_DURATION = re.compile(r"\(\s*(\d+(?:\.\d+)?\s*(?:minutes?|mins?|hours?|hrs?))\s*\)", re.IGNORECASE)
_PAREN = re.compile(r"\(([^()]{1,80})\)")
_ROLE = re.compile(
    r"^(?:the\s+)?(?:chair(?:man|person)?|vice[- ]chair|co-chairs?|mayor|deputy mayor|leader"
    r"|(?:cllr|councillor|dr|mr|mrs|ms|miss|prof)\.?\s.+)$",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-Z][a-zà-ÿ’'A-Z-]*[a-zà-ÿ][a-zà-ÿ’'A-Z-]*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
_NAMES = re.compile(rf"^{_NAME}(?:\s*(?:/|,|&|\band\b)\s*{_NAME})*$")
# "Questions from Members of the Public To hear the questions ...": a row's description.
_DESCRIPTION = re.compile(r"\s+(?=To\s+[a-z]+\b)")
# "Minutes of the previous meeting\t3 - 8": an agenda table's page column.
_TAB_PAGES = re.compile(r"\t\s*\d{1,4}(?:\s*[-–]\s*\d{1,4})?\s*$")
_TRAIL = re.compile(r"[\s\-–—:;,|]+$")
_LEAD = re.compile(r"^[\s\-–—:;,|]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class TitleParts:
    """A cleaned title and the fields split off it."""

    title: str
    scheduled_time: str | None = None
    presenter: str | None = None
    duration: str | None = None


def clean_title(raw: str, *, table_row: bool = False) -> TitleParts:
    """Split ``raw`` (a printed heading or table row) into title and side data.

    ``table_row`` enables what only order-of-business rows need: person names in
    parentheses are presenters and text after the presenter/slot is a description.
    """
    text = _SPACES.sub(" ", _TAB_PAGES.sub("", raw).replace("**", "")).strip()
    text = _FILE_NOISE.sub("", text)
    text = _VIEW_LINK.sub("", text)

    scheduled_time = None
    match = _TIME.search(text)
    if match:
        scheduled_time = match.group(1)
        text = text[: match.start()] + " " + text[match.end() :]

    duration = None
    cut = None  # where a row's description begins
    match = _DURATION.search(text)
    if match:
        duration = _SPACES.sub(" ", match.group(1))
        cut = match.start()
        text = text[: match.start()] + "\x00" + text[match.end() :]

    presenter = None
    for paren in _PAREN.finditer(text):
        inner = paren.group(1).strip()
        follows_slot = text[paren.end() :].lstrip().startswith("\x00")
        if _ROLE.match(inner) or (
            (table_row or follows_slot) and _NAMES.match(inner) and not inner.isupper()
        ):
            presenter = _SPACES.sub(" ", inner)
            cut = paren.start() if cut is None else min(cut, paren.start())
            text = (
                text[: paren.start()] + "\x00" * (paren.end() - paren.start()) + text[paren.end() :]
            )
            break

    if table_row and cut is not None:
        text = text[:cut]
    text = text.replace("\x00", " ")
    if table_row:
        text = _DESCRIPTION.split(text, maxsplit=1)[0]
    title = _LEAD.sub("", _TRAIL.sub("", _SPACES.sub(" ", text)))
    return TitleParts(title, scheduled_time, presenter, duration)
