"""Motion check: who moved and who seconded a motion must be who the source records.

Summary side: "moved by X", "seconded by Y", "on a motion by X", "X moved ..., Y seconded".
Source side, nearest before the passage the clause rests on: the same phrasings, "Moved:
X" / "Seconded: Y" labels, and resolution lines that name the mover then the seconder
("R2024-216 S. Kirkey, J. Scott:"). People compare by surname.
"""

from __future__ import annotations

import re

from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.roster import Roster
from pipeline.evals.text import content_stems

# How far before the passage a resolution's mover and seconder may be written, and how
# far after it.
REACH = 400
FOLLOW = 160
_TITLE = (
    r"(?:(?:Councillor|Cllr\.?|Councilmember|Council Member|Alderman|Mayor|Deputy Mayor"
    r"|Vice Mayor|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+)?"
)
_NAME = _TITLE + r"((?:[A-Z]\.\s?)?[A-Z][A-Za-z'’\-]+(?:\s[A-Z][A-Za-z'’\-]+)?)"
_MOVER = [
    re.compile(rf"\b(?:moved|proposed)(?: by)?:?\s+{_NAME}"),
    re.compile(rf"\bon (?:a|the) (?:motion|proposal) (?:by|from|of)\s+{_NAME}"),
    re.compile(rf"{_NAME},?\s+(?:moved|proposed)\b"),
    re.compile(rf"\b{_NAME}['’]s motion\b"),
]
# "on the motion of Councillors Travers and Nixon", and the minutes' "Councillor
# Watkins/Councillor Nixon" line: mover, then seconder.
_PAIRED = [
    re.compile(
        r"\bon (?:a|the) motion of (?:Councillors|Cllrs\.?|Council Members|Crs)\s+"
        r"([A-Z][A-Za-z'’\-]+) and ([A-Z][A-Za-z'’\-]+)"
    ),
    re.compile(rf"^[ \t]*{_NAME}[ \t]*/[ \t]*{_NAME}[ \t]*$", re.M),
]
_SECONDER = [
    re.compile(rf"\bseconded(?: by)?:?\s+{_NAME}"),
    re.compile(rf"{_NAME},?\s+seconded\b"),
]
# A resolution line: its number, then mover and seconder ("R2024-216 S. Kirkey, J. Scott:").
_RESOLUTION = re.compile(
    r"^\s*[A-Z]{0,3}\d{2,4}[-/]\d{1,4}\s+((?:[A-Z]\.\s?)+[A-Z][A-Za-z'’\-]+),\s*"
    r"((?:[A-Z]\.\s?)+[A-Z][A-Za-z'’\-]+)(?::.*)?\s*$",
    re.M,
)
_NOT_NAMES = frozenset({"that", "the", "it", "this", "council", "motion", "resolution"})
# A transcript's record of a vote, in whatever case the captions use ("on the consent
# calendar moved by councilmember gallo seconded by councilmember kalb"): the title is
# required, since without capitals it is what marks a name.
_TITLED = _TITLE.removesuffix("?")
_RECORDED = re.compile(
    rf"\b(?P<role>moved|seconded) by:?\s+{_TITLED}(?P<name>[a-z][a-z'’\-]+)", re.I
)
_BETWEEN_ROLES = re.compile(r"[\s,;]*(?:and\s+)?")
# The words before a recorded mover that say what the motion was about.
TOPIC_REACH = 120
# A resolution starting on a line after its mover and seconder ("\n\nThat the minutes").
_RESOLUTION_AFTER = re.compile(r"[ \t]*\n\s*(?:That|THAT|Resolved|RESOLVED)\b")


def _surname(name: str) -> str | None:
    last = name.split()[-1].strip(".").lower()
    if last.endswith(("'s", "’s")):
        return None  # "BT's proposed speed checks": a possessive, "proposed" an adjective
    return None if last in _NOT_NAMES or len(last) < 2 else last


def _roles(text: str) -> dict[str, str]:
    """``{"mover": surname, "seconder": surname}`` as far as ``text`` says."""
    found: dict[str, str] = {}
    for pattern in _PAIRED:
        m = pattern.search(text)
        if m and (mover := _surname(m.group(1))) and (seconder := _surname(m.group(2))):
            return {"mover": mover, "seconder": seconder}
    for role, patterns in (("mover", _MOVER), ("seconder", _SECONDER)):
        for pattern in patterns:
            m = pattern.search(text)
            if m and (name := _surname(m.group(1))):
                found[role] = name
                break
    return found


def _source_roles(text: str, start: int, end: int) -> dict[str, str]:
    # A record right after the passage, in the same paragraph, is this passage's: "...
    # unable to complete a report. CC proposed and LH seconded that ...", "(Council
    # Communication No. 05-257) Moved by Coleman to adopt."
    following = _roles(text[end : end + FOLLOW].split("\n\n")[0])
    if following:
        return following
    lo = max(0, start - REACH)
    lines = list(_RESOLUTION.finditer(text, lo, end))
    if lines:
        m = lines[-1]
        mover, seconder = _surname(m.group(1)), _surname(m.group(2))
        if mover and seconder:
            return {"mover": mover, "seconder": seconder}
    return _roles(text[lo:end])


def _recorded_roles(text: str, clause: str) -> dict[str, str]:
    """Mover and seconder the document records for the motion ``clause`` is about: the
    record whose preceding words share the most content words with the clause (at least
    two: "on the consent calendar moved by ... seconded by ...")."""
    wanted = set(content_stems(clause))
    best: tuple[int, dict[str, str]] = (1, {})
    for m in _RECORDED.finditer(text):
        if m.group("role").lower() != "moved":
            continue
        roles = {"mover": m.group("name").lower()}
        gap = _BETWEEN_ROLES.match(text, m.end())
        after = _RECORDED.match(text, gap.end() if gap else m.end())
        if after and after.group("role").lower() == "seconded":
            roles["seconder"] = after.group("name").lower()
        end = after.end() if after else m.end()
        # Minutes that write the mover above the resolution ("Moved by Councillor Laidlaw /
        # Seconded by ... / That the minutes ...") are about the words after the record;
        # a record closing an item ("... for Police Department. Moved by Vlassis to adopt.")
        # is about the words before it.
        resolution = _RESOLUTION_AFTER.match(text, end)
        if resolution:
            topic_text = text[resolution.end() : resolution.end() + TOPIC_REACH * 2]
        else:
            topic_text = text[max(0, m.start() - TOPIC_REACH) : m.start()]
        shared = len(wanted & set(content_stems(topic_text)))
        if shared <= best[0]:
            continue
        best = (shared, roles)
    return best[1]


def _expanded(name: str, known: Roster) -> str:
    """A surname, or the surname the roster gives for initials ("lh" -> "hunt")."""
    return known.expand(name.upper()) or name if len(name) <= 4 else name


class MotionCheck:
    kind = "motion"
    scope = "clause"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        stated = _roles(ctx.unquoted)
        span = ctx.support.sentence_span
        if not stated or span is None:
            return []
        text = ctx.checker.index.text
        recorded = _source_roles(text, span[0], span[1])
        if not recorded:
            # Not written near the passage: a transcript states it when the vote is called.
            recorded = _recorded_roles(text, ctx.unquoted)
        known = ctx.checker.roster
        for role, name in stated.items():
            other = recorded.get(role)
            # The minutes' "CC proposed and LH seconded" names people by initials.
            name, other = _expanded(name, known), other and _expanded(other, known)
            if other is not None and other != name:
                return [
                    Issue(
                        kind="motion",
                        detail=f"the source records {other.title()} as {role}, not {name.title()}",
                        evidence=ctx.checker.evidence(max(0, span[0] - REACH // 2), span[1]),
                        severity="contradicted",
                    )
                ]
        return []


CHECK = MotionCheck()
