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

from pipeline.text import SentenceRules, sentence_ends, wordset

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


# --- headings that run on into their text ----------------------------------------------

_CONNECTORS = frozenset(
    [
        "of",
        "and",
        "the",
        "for",
        "to",
        "in",
        "on",
        "a",
        "an",
        "with",
        "&",
        "-",
        "–",
        "at",
        "by",
        "from",
        "or",
        "as",
        "vs",
        "per",
        "into",
        "under",
        "upon",
    ]
)
# A title's first sentence: abbreviations as written ("No. 3", not "no."), any capital an
# initial ("U.S."), a number's letters ("3B.") not, no closing quotes after the mark.
_TITLE_SENTENCE = SentenceRules(
    closers="",
    openers="\"'‘“(",
    capitals="A-Z0-9",
    abbreviations=wordset(
        "No Nos Mr Mrs Ms Dr Cllr St Inc Co Ltd Res Ord Rd Ave Vs etc approx e.g i.e"
    ),
    case_sensitive=True,
    initials="capitals",
    dotted_initials=True,
    after_digits=False,
)
_SENTENCE_OPENERS = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "These",
        "It",
        "There",
        "Councillors",
        "Members",
        "Cllr",
        "Cllrs",
        "Officers",
    ]
)
_COLON = re.compile(r":(?=\s|$)")
# "MOTION TO ADJOURN. Moved by ...": a heading in capitals, then its text.
_CAPITALS_LEAD = re.compile(r"^(?P<title>[A-Z][A-Z0-9&'’,/ -]*[A-Z0-9])[.:]\s+(?=\S*[a-z])")
_TYPE_LABEL = re.compile(r"\s\((?=[A-Z])")
_MAX_TITLE_WORDS = 30


def heading_title(text: str, *, bold_end: int | None, flat: bool = False) -> str:
    """The heading part of a line whose text may run on after it.

    "Chairman's Report: The Chairman had given ..." -> "Chairman's Report";
    "Approval of Minutes The minutes of the meeting held on ..." -> "Approval of Minutes";
    "Resolution: Adopt the Capital Forecast 2025-2035." stays whole (a title after a
    label). ``bold_end`` cuts at the end of a bold run-in; ``flat`` (text that lost its
    line breaks) also cuts before a parenthesised type "(Ordinance)".
    """
    text = " ".join(text.split())
    if bold_end is not None and 0 < bold_end < len(text):
        return text[:bold_end].strip(" :.-–")
    capitals = _CAPITALS_LEAD.match(text)
    if capitals and len(text) > capitals.end() + 1:
        return capitals.group("title")
    colon = _COLON.search(text[:120])
    if colon:
        before, after = text[: colon.start()].strip(), text[colon.end() :].strip()
        after_words = len(after.split())
        # "Chairman's Report: The Chairman had ..." (a title, then its text) is cut;
        # "Resolution: Adopt the Capital Forecast." (a label, then the title) is not.
        sentence = after.endswith(".") and after_words >= 4 and len(before.split()) >= 2
        sentence = sentence and not before.lower().startswith("to ")
        if (
            before
            and len(before.split()) <= 12
            and (after_words > 12 or after_words <= 3 or sentence)
        ):
            return before
    words = text.split()
    if flat:
        cut = next(
            (m.start() for m in _TYPE_LABEL.finditer(text) if len(text[: m.start()].split()) >= 3),
            None,
        )
        if cut is not None:
            text = text[:cut]
            words = text.split()
    run = _title_case_run(words)
    if run and len(words) - run >= 4:
        return " ".join(words[:run])
    if len(words) > 20:
        sentence = _first_sentence(text)
        if sentence:
            text = sentence
            words = text.split()
    if len(words) > _MAX_TITLE_WORDS:
        text = " ".join(words[:_MAX_TITLE_WORDS])
    return text.strip()


def _title_case_run(words: list[str]) -> int:
    """Words of a title-case heading that runs straight into a sentence ("Approval of
    Minutes The minutes of ..."): the heading ends where a word that opens a sentence
    ("The", "Councillors") is followed by lower-case text; 0 when there is no such cut."""
    for run, word in enumerate(words):
        bare = word.strip("\"'‘’“”(),")
        if not bare or not (bare[0].isupper() or bare[0].isdigit() or bare.lower() in _CONNECTORS):
            break
        follows = words[run + 1] if run + 1 < len(words) else ""
        if run >= 2 and bare in _SENTENCE_OPENERS and follows[:1].islower():
            return run
        if word.endswith((".", ",", ";", ":")):
            break
    return 0


def _first_sentence(text: str) -> str | None:
    for end in sentence_ends(text, rules=_TITLE_SENTENCE):
        head = text[:end]
        if len(head.split()) >= 3:
            return head
    return None


# --- resolutions: "R2024-214 D. Yemm, S. Foote:" then the resolution -------------------

_NAME = (
    r"(?:(?:Cllr|Councillor|Mayor|Deputy\s+Mayor|Alderman|Commissioner)\.?\s+)?"
    r"(?:[A-Z]\.\s*)+[A-Z][\w'’-]+"
)
_MOVERS = re.compile(
    rf"^(?:moved(?:\s+by)?\s*:?\s*)?{_NAME}(?:\s*(?:[,;/&]|\band\b|\bseconded(?:\s+by)?:?)\s*"
    rf"{_NAME})+\s*[:;.]?$"
    r"|^moved\s+by\s+[^.]{3,60}?,?\s+seconded\s+by\s+[^.]{3,60}[:;.]?$",
    re.IGNORECASE,
)
_MOVERS_LEAD = re.compile(rf"^{_NAME}(?:\s*(?:[,;/&]|\band\b)\s*{_NAME})+\s*:\s+(?=\S)")
_OPERATIVE = re.compile(
    r"\b(?:now\s+therefore|therefore\s+be\s+it\s+resolved|be\s+it\s+(?:further\s+)?resolved)\b",
    re.IGNORECASE,
)
_RESOLUTION_LEAD = re.compile(
    r"^(?:now\s+therefore\s*,?\s*|(?:therefore\s+)?be\s+it\s+(?:further\s+)?resolved\s*,?\s*)*"
    r"(?:that\s+)?(?:we\s+)?",
    re.IGNORECASE,
)


def is_movers_line(text: str) -> bool:
    """A mover and seconder rather than a title ("D. Yemm, S. Foote:")."""
    return len(text) <= 120 and bool(_MOVERS.match(text.strip()))


def movers_lead(text: str) -> int:
    """Characters of a mover and seconder run in before the resolution on the same line
    ("L. Smith, T. Marchant: That the minutes ..."), 0 when there are none."""
    match = _MOVERS_LEAD.match(text)
    return match.end() if match else 0


def resolution_title(lines: list, index: int) -> str | None:
    """The first sentence of the resolution after a movers line (its operative part when
    it opens with "WHEREAS"), without "That we" or "NOW THEREFORE"."""
    collected: list[str] = []
    for line in lines[index + 1 : index + 25]:
        if line.chrome:
            continue
        if not line.text:
            if collected:
                break
            continue
        collected.append(line.text)
    if not collected:
        return None
    return resolution_text_title(" ".join(collected))


def resolution_text_title(text: str) -> str | None:
    """The first sentence of a resolution's text, as :func:`resolution_title` takes it."""
    if text[:8].upper().startswith("WHEREAS"):
        operative = _OPERATIVE.search(text)
        if operative is None:
            return None
        text = text[operative.start() :]
    text = _RESOLUTION_LEAD.sub("", text, count=1).strip()
    if not text:
        return None
    sentence = _first_sentence(text) or text
    words = sentence.split()
    title = " ".join(words[:_MAX_TITLE_WORDS]).rstrip(" .")
    return title[:1].upper() + title[1:]
