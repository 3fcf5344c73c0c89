"""The facts a resident looks for, read from the source's own words: votes and their
outcome, who moved and seconded a motion, figures with what they count, and deadlines.

Every fact is a verbatim slice of the document with its span, so a page can show and cite
it and evals can check it. The shapes are the ones minutes of many councils share:

- votes: "Motion Carried 6-0", "CARRIED", "lost by 15 votes to 43", "(Y-5)", "on a Y-5 roll
  call", "Ayes 6, Noes 0", "7 for, 2 against, 1 abstention", "carried unanimously";
- movers: "Moved by Cllr A, seconded by Cllr B", "Proposed: A Seconded: B", "on a motion by
  A seconded by B", "A moved and B seconded", an Ontario resolution line "R2024-214 D. Yemm,
  S. Foote:";
- figures: money, percentages and counts, with the few words that say what they count
  ("the forecast General Fund overspend of £1.7m", "40 new homes");
- deadlines: "by March 2025", "no later than October 2022", "at the next meeting".
"""

from __future__ import annotations

import re

from pipeline.models import Figure, SourceSpan, Vote
from pipeline.numbers import UNITS
from pipeline.text import FUNCTION_WORDS, MONTH_NAMES, TITLES, collapse

_NUM = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_NUMBER_WORDS = {w: n for n, w in enumerate(UNITS[:13])}
_RESULT = (
    r"(?P<result>carried|carries|lost|defeated|failed|fails|passed|passes|adopted)"
    r"(?!\s+(?:out|over|forward|on|through|to|by\s+the|away|in)\b)"
)
# The shapes of a recorded vote, most specific first; each names its counts.
VOTE_PATTERNS = [
    # "lost by 15 votes to 43", "carried by 6 votes to 2 with 1 abstention"
    re.compile(
        rf"\b{_RESULT}\s+by\s+(?P<for>{_NUM})\s+votes?\s+to\s+(?P<against>{_NUM})"
        rf"(?:,?\s+with\s+(?P<abstain>{_NUM})\s+abstentions?)?",
        re.I,
    ),
    # "Motion Carried 6-0", "CARRIED (5-1)", "Carried unanimously", "Carried."
    re.compile(
        rf"\b(?:motion\s+|resolution\s+)?{_RESULT}\b(?:\s+(?P<unanimous>unanimously))?"
        rf"(?:\s*[(:,]?\s*(?P<for>\d{{1,3}})\s*[-–/]\s*(?P<against>\d{{1,3}})"
        rf"(?:\s*[-–/]\s*(?P<abstain>\d{{1,3}}))?\)?)?",
        re.I,
    ),
    # "7 for, 2 against, 1 abstention", "6 in favour and 3 against"
    re.compile(
        rf"\b(?P<for>{_NUM})\s+(?:votes?\s+)?(?:for|in\s+favou?r)[,;]?\s+(?:and\s+)?"
        rf"(?P<against>{_NUM})\s+against(?:[,;]?\s+(?:and\s+|with\s+)?(?P<abstain>{_NUM})"
        r"\s+abstentions?)?",
        re.I,
    ),
    # "Ayes 6, Noes 0", "Yeas: 5 Nays: 2", "(Y-5)", "on a Y-5 roll call", "(Y-4; N-1)"
    re.compile(
        r"\b(?:ayes?|yeas?|Y)\s*[-:]?\s*(?P<for>\d{1,3})"
        r"(?:[,;]?\s*(?:noes?|nays?|N)\s*[-:]?\s*(?P<against>\d{1,3}))?(?:\s+roll\s+call)?",
        re.I,
    ),
    # "a vote of six ayes, two noes", "5 yeas and 2 nays"
    re.compile(
        rf"\b(?P<for>{_NUM})\s+(?:ayes|yeas)(?:,?\s+(?:and\s+)?(?P<against>{_NUM})\s+"
        r"(?:noes|nays|no))?",
        re.I,
    ),
    # "agreed unanimously", "unanimously agreed", "unanimous vote"
    re.compile(r"\b(?P<unanimous>unanimously|unanimous(?:\s+vote)?)\b", re.I),
]
_LOST = frozenset({"lost", "defeated", "failed", "fails"})

# A person as minutes name a mover: "Cllr Jane Okafor", "Commissioner Fish", "D. Yemm".
_PERSON = (
    rf"(?:(?:{TITLES}|Commissioner|Councilmember|Council Member|Alderman|Alderperson|Trustee|"
    r"Supervisor|Director|Member)\.?\s+)?(?:[A-Z]\.\s*)*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
)
MOVER_PATTERNS = [
    re.compile(
        rf"\b(?:[Mm]oved|[Pp]roposed)(?:\s+by)?\s*[:\-]?\s*(?P<mover>{_PERSON})[,;.]?\s+"
        rf"(?:and\s+)?[Ss]econded(?:\s+by)?\s*[:\-]?\s*(?P<seconder>{_PERSON})"
    ),
    re.compile(
        rf"\b[Oo]n\s+a\s+motion\s+(?:by|of)\s+(?P<mover>{_PERSON}),?\s+seconded\s+by\s+"
        rf"(?P<seconder>{_PERSON})"
    ),
    re.compile(rf"\b(?P<mover>{_PERSON})\s+moved[,]?\s+and\s+(?P<seconder>{_PERSON})\s+seconded"),
    re.compile(
        rf"\b(?:Mover|Moved)\s*:\s*(?P<mover>{_PERSON})\s*[,;]?\s*(?:Seconder|Seconded)\s*:\s*"
        rf"(?P<seconder>{_PERSON})"
    ),
    # "R2024-214 D. Yemm, S. Foote:" (a numbered resolution and its mover and seconder)
    re.compile(
        r"^(?:R|Res\.?|Resolution(?:\s+No\.?)?)\s*\d{2,4}[-/]\d{1,4}\s+"
        r"(?P<mover>(?:[A-Z]\.\s*)+[A-Z][\w'’-]+),\s*(?P<seconder>(?:[A-Z]\.\s*)+[A-Z][\w'’-]+)"
        r"\s*[:;]",
        re.M,
    ),
]
_NOT_A_MOVER = frozenset({"The", "That", "It", "This", "Council", "Motion", "Resolution"})

# Money, percentages and counts (not years, times, dates or reference numbers).
FIGURE_RE = re.compile(
    r"(?:[£$€]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:m|bn|k|million|billion|thousand)\b)?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:%|per\s?cent|percent)"
    r"|\b\d[\d,]*(?:\.\d+)?(?=\s+[a-z]))"
)
_NOT_COUNTED = re.compile(
    r"^(?:am|pm|a\.m|p\.m|and|or|to|of|the|a|an|on|in|at|by|for|with|from|is|are|was|were|"
    r"be|has|have|had|will|would|st|nd|rd|th|minutes?\s+requested)\b",
    re.I,
)
_MONTHS = "|".join(MONTH_NAMES)
DEADLINE_RE = re.compile(
    rf"\b(?:by|before|no later than|not later than|until|in|during|from)\s+(?:the\s+)?"
    rf"(?:(?:end|beginning|start|middle)\s+of\s+)?(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?"
    rf"(?:{_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?(?:\s+\d{{4}})?|(?:spring|summer|"
    rf"autumn|fall|winter)(?:\s+\d{{4}})?|\d{{4}}(?:/\d{{2,4}})?)\b"
    r"|\b(?:at|to|by|before)\s+the\s+next\s+(?:\w+\s+){0,2}(?:meeting|session)\b"
    r"|\bwithin\s+(?:\d+|one|two|three|four|six|twelve)\s+(?:days|weeks|months)\b",
    re.I,
)


def _count(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.lower()
    return _NUMBER_WORDS.get(value, int(value) if value.isdigit() else None)


def find_vote(text: str, start: int, end: int) -> Vote | None:
    """The first recorded vote in ``text[start:end]``, verbatim with its counts."""
    best: tuple[int, int, re.Match[str]] | None = None
    for rank, pattern in enumerate(VOTE_PATTERNS):
        for match in pattern.finditer(text, start, end):
            if not _is_vote(match):
                continue
            key = (match.start(), rank)
            if best is None or key < best[:2]:
                best = (match.start(), rank, match)
            break
    if best is None:
        return None
    match = best[2]
    groups = match.groupdict()
    result = (groups.get("result") or "").lower() or None
    outcome = None
    if result:
        outcome = "lost" if result in _LOST else "carried"
    votes_for, against = _count(groups.get("for")), _count(groups.get("against"))
    words = collapse(match.group(0)).rstrip(" ,;:(")
    return Vote(
        text=words,
        result=outcome,  # type: ignore[arg-type]
        votes_for=votes_for,
        votes_against=against,
        abstentions=_count(groups.get("abstain")),
        unanimous=bool(groups.get("unanimous")) or (votes_for is not None and against == 0),
        span=SourceSpan(start=match.start(), end=match.start() + len(match.group(0).rstrip())),
    )


def _is_vote(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    word = (groups.get("result") or "").lower()
    if word in ("passed", "passes", "adopted"):
        # "passed" and "adopted" are votes only as a record's verdict: "PASSED", "Passed 5-0",
        # not "the budget passed to the committee" or "was adopted by Council in 2019".
        first = match.group(0)[:1]
        led = match.group(0).lower().startswith(("motion", "resolution"))
        return groups.get("for") is not None or match.group(0).isupper() or first.isupper() or led
    if groups.get("result") is None and groups.get("unanimous") is None:
        # Ayes/Yeas/Y counts: "Y-5" and "Ayes 6" are votes; a bare "Y" before a number is
        # only one in its short form.
        head = match.group(0).split()[0].rstrip(":-0123456789")
        if head.lower() == "y" and "-" not in match.group(0)[:3]:
            return False
    return True


def find_movers(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """Who moved and who seconded the motion recorded in ``text[start:end]``, if stated."""
    for pattern in MOVER_PATTERNS:
        match = pattern.search(text, start, end)
        if match is None:
            continue
        mover, seconder = collapse(match["mover"]), collapse(match["seconder"])
        if mover.split()[0] in _NOT_A_MOVER or seconder.split()[0] in _NOT_A_MOVER:
            continue
        return mover.rstrip(".,;:"), seconder.rstrip(".,;:")
    return None, None


def find_figures(text: str, start: int, end: int) -> list[Figure]:
    """Money, percentages and counts in ``text[start:end]``, each with what it counts."""
    found: list[Figure] = []
    for match in FIGURE_RE.finditer(text, start, end):
        value = match.group(0).strip()
        after = text[match.end() : min(end, match.end() + 60)]
        plain_count = value[0].isdigit() and not value.endswith(("%", "cent"))
        if plain_count and (_NOT_COUNTED.match(after.strip()) or _year_or_date(value, text, match)):
            continue
        if plain_count and not value.replace(",", "").replace(".", "").isdigit():
            continue
        counts = _what_it_counts(text, match.start(), match.end(), start, end, plain_count)
        if plain_count and counts is None:
            continue
        found.append(
            Figure(
                text=collapse(value),
                counts=counts,
                span=SourceSpan(start=match.start(), end=match.start() + len(value)),
            )
        )
    return found


def _year_or_date(value: str, text: str, match: re.Match[str]) -> bool:
    digits = value.replace(",", "")
    if re.fullmatch(r"(?:19|20)\d\d", digits):
        return True
    around = text[max(0, match.start() - 12) : match.end() + 12]
    return re.search(rf"(?:{_MONTHS})|\d[:.]\d\d\s?[ap]\.?m", around, re.I) is not None


def _what_it_counts(
    text: str, start: int, end: int, lo: int, hi: int, plain_count: bool
) -> str | None:
    """The words that say what a figure counts: the noun phrase before "of £1.7m", or the
    words after a count ("40 new homes"), up to a function word or punctuation."""
    before = text[max(lo, start - 80) : start]
    of = re.search(r"((?:[A-Za-z][\w'’-]*\s+){1,5})(?:of|at|totalling|totaling|worth)\s*$", before)
    if of and not plain_count:
        words = of.group(1).split()
        while words and words[0].lower() in FUNCTION_WORDS:
            words.pop(0)
        if words:
            return " ".join(words)
    following = text[end : min(hi, end + 60)]
    words: list[str] = []
    for word in following.split()[:4]:
        bare = word.strip(",.;:()")
        if not bare or not re.fullmatch(r"[A-Za-z][\w'’-]*", bare):
            break
        if bare.lower() in FUNCTION_WORDS:
            break
        words.append(bare)
        if bare != word:  # punctuation ends the phrase
            break
    return " ".join(words) if words else None


def find_deadline(text: str) -> str | None:
    """The deadline or date a next step is set for ("by March 2025"), verbatim, if any."""
    match = DEADLINE_RE.search(text)
    return collapse(match.group(0)) if match else None


#: The past tense of the verbs resolutions use ("That we adopt ..." -> "adopted"): an
#: overview states a decision with them; they restate the outcome the source records.
PAST_FORMS: dict[str, str] = {
    "accept": "accepted",
    "add": "added",
    "adjourn": "adjourned",
    "adopt": "adopted",
    "agree": "agreed",
    "allocate": "allocated",
    "amend": "amended",
    "appoint": "appointed",
    "approve": "approved",
    "ask": "asked",
    "authorise": "authorised",
    "authorize": "authorized",
    "award": "awarded",
    "commission": "commissioned",
    "confirm": "confirmed",
    "consider": "considered",
    "create": "created",
    "declare": "declared",
    "defer": "deferred",
    "delegate": "delegated",
    "direct": "directed",
    "endorse": "endorsed",
    "establish": "established",
    "extend": "extended",
    "grant": "granted",
    "increase": "increased",
    "instruct": "instructed",
    "note": "noted",
    "pass": "passed",
    "ratify": "ratified",
    "receive": "received",
    "recommend": "recommended",
    "reduce": "reduced",
    "refer": "referred",
    "refuse": "refused",
    "reject": "rejected",
    "request": "requested",
    "resume": "resumed",
    "set": "set",
    "support": "supported",
    "write": "wrote",
}
