"""What chairs and clerks say when business changes, and a calibrated model of it.

**Cue families** (regular expressions, case-insensitive; auto-captions are all lower or
all upper case):

- ``num``: an item number read out ("item 5", "agenda item 5", "item number five",
  "item 2.1", "item 5(a)");
- ``docket``: a docket, file, bill or resolution number ("docket number 0760");
- ``strong``: transitions that name an item ("next item", "the final item", "next on the
  agenda");
- ``weak``: transitions that usually introduce one ("we move on to", "let's go on to",
  "that brings us to", "we now come to", "take up");
- ``read``: a request to read the item ("Madam Clerk, could you please read item number
  two into the record", "will the clerk read");
- ``section``: a procedural section named ("public comment", "open forum", "roll call",
  "call to order", "consent calendar", "approval of the minutes", "closed session",
  "public hearing", a "walk-on item") with ``section_open`` when it is opened ("we will
  begin with a roll call", "we are now at open forum", "public comment is open");
- ``adjourn``: the meeting ending ("the meeting is adjourned", "that brings us to the end
  of our agenda"); an adjournment "until" someone returns is a recess, not an item;
- ``empty``: the chair passing over an item with nothing under it ("We have no board
  nominations.", "there are no public hearings to set"); counted as a transition (``move_on``);
- ``close``: the public speakers ending ("no further speakers", "that was the last
  speaker", "public comment is closed");
- ``list``: a number opening a sentence in a reading of several items ("Number two is a
  gift acceptance ...", "2.2, a resolution authorizing ...").

**Negative evidence**: a number spoken about rather than announced ("I wanted to comment
on item 2.2", "the items on your agenda today", "items eight and nine"), a question, and
the turn: a member of the public mentions an item deep inside a long turn, a chair
announces one at the start of a short one.

**The model** (:class:`CueModel`) is a logistic regression over :data:`FEATURES`, trained
by ``scripts/train_transcript_cues.py`` on the Seattle sentences labelled boundary/other
(``../shared/corpus/transcripts/seattle-textcat-train-v0.jsonl``) and on the cue
candidates of the dev transcripts, labelled from their item times. Its weights, threshold
and cross-validated precision and recall are committed in ``transcript_cues.json``; the
pipeline only reads them (a dot product and a sigmoid).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.numbers import UNITS

WEIGHTS_PATH = Path(__file__).with_name("transcript_cues.json")

NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")"
)
ITEM_NUMBER = rf"(?:\d{{1,3}}(?:[a-z]\b|\s?\([a-h]\)|\.\d{{1,2}})?|{NUMBER_WORD}\b)"
NUM = re.compile(
    r"\b(?P<agenda>agenda\s+)?items?\s+(?P<no>number\s+|no\.?\s*|#\s*)?"
    rf"(?P<num>{ITEM_NUMBER})",
    re.IGNORECASE,
)
# "the item on the traffic committee of 10.1": a dotted number said soon after "item".
DOTTED = re.compile(
    r"\bitem\b[^.?!]{0,60}?\b(?P<num>\d{1,2}\.\d{1,2})\b(?!\s*(?:million|billion|thousand|percent"
    r"|per\b|%|hours?|minutes?|k\b|m\b))",
    re.IGNORECASE,
)
DOCKET = re.compile(
    r"\b(?:docket|file|council\s+bill|bill|resolution|ordinance|order|report)\s+"
    r"(?:number\s+|no\.?\s*|#\s*)?"
    r"(?P<id>(?:[a-z]{1,3}-)?\d[\d-]{2,}\d(?:-[a-z]{1,3}\b)?|\d{3,})\b",
    re.IGNORECASE,
)
# A sub-item read out: "14A is a resolution ...", "19C ordinance declaring ...", "6B, ...".
SUB_ITEM = re.compile(
    r"\b(?:(?P<num>\d{1,2}[a-z])|(?P<word>" + NUMBER_WORD + r")[\s-](?P<letter>[a-z]))\b"
    r"(?:,\s|\s+is\b|\s+(?:an?\s+)?(?:resolution|ordinance|motion|proclamation|presentation"
    r"|public\s+hearing|introduction)\b)",
    re.IGNORECASE,
)
# "Subdivision 3B, ...": a citation, not a sub-item.
CITATION = re.compile(
    r"\b(?:subdivision|section|subsection|chapter|article|paragraph|clause|rule|part|statute|page"
    r"|exhibit|appendix|schedule)\s+$",
    re.IGNORECASE,
)
# Said of an item that will not be taken: "item 7A has been deleted", "19B is withdrawn".
STRUCK = re.compile(
    r"\b(?:deleted|deleting|withdrawn|withdrawing|removed|removing|pulled|struck)\b", re.I
)
# A bare item number after a transition: "that brings us to 20, new items for ...".
TRANSITION_NUMBER = re.compile(
    r"\b(?:brings\s+us\s+to|moving\s+on\s+to|move\s+on\s+to|(?:go|turn)\s+(?:on\s+)?to|now\s+to"
    r"|(?:so\s+)?this\s+is\s+(?:item\s+)?(?=\d{1,2}\s*[.,]))"
    r"\s+(?P<num>\d{1,2})\b,?(?!\s*(?:minutes|seconds|hours|percent|%|people|votes|years|days"
    r"|o'?clock|[ap]\.?m\b|:\d))",
    re.IGNORECASE,
)
STRONG = re.compile(
    r"\b(?:(?:the\s+)?(?:next|following|final|last)\s+(?:agenda\s+)?item"
    r"|this\s+first\s+(?:agenda\s+)?item"
    r"|next\s+(?:on\s+the\s+agenda|order\s+of\s+business|matter\s+on\s+the\s+agenda)"
    r"|item\s+of\s+business)\b(?!\s+(?:on\s+)?(?:that|which)\s+(?:we\s+)?(?:already|have\s+dealt))",
    re.IGNORECASE,
)
WEAK = re.compile(
    r"\b(?:(?:we(?:'ll|\s+will|\s+shall)?|let'?s|i'?ll|i\s+will|we\s+can)\s+(?:now\s+)?"
    r"(?:move|turn|go|come|proceed)\s+(?:on\s+|back\s+|ahead\s+)?(?:to|with)"
    r"|moving\s+(?:on\s+|back\s+)?(?:to|with)|move\s+on\s+(?:to|with)|going\s+to\s+item"
    r"|turning\s+(?:now\s+)?to|(?:that|which|this)\s+brings\s+us\s+(?:on\s+|now\s+)?to"
    r"|we\s+now\s+come\s+to|now\s+on\s+to|(?:we'?ll|we\s+will|let'?s)\s+(?:now\s+)?take\s+up"
    r"|take\s+up\s+item)\b",
    re.IGNORECASE,
)
READ = re.compile(
    r"\b(?:read\s+(?:the\s+|this\s+|that\s+|our\s+)?(?:next\s+)?(?:agenda\s+)?(?:item|it)\b"
    r"[^.?!]{0,40}?into\s+the\s+record|read\s+(?:the\s+|our\s+)?(?:next|first|1st|second|2nd"
    r"|third|3rd|fourth|4th|fifth|5th|last|final)\s+(?:agenda\s+)?item"
    r"|(?:clerk|secretary),?\s+(?:could|would|will|can)\s+you\s+(?:please\s+)?read"
    r"|(?:clerk|secretary),?\s+(?:please\s+)?read|please\s+read\s+(?:the\s+)?(?:next\s+)?item"
    r"|will\s+the\s+(?:clerk|secretary)\s+(?:please\s+)?read)\b",
    re.IGNORECASE,
)
# Procedural sections and how they are titled when they start an item.
SECTIONS: list[tuple[str, str]] = [
    (
        "public comment",
        r"public\s+comments?(?:\s+period)?|general\s+public\s+comment|public\s+forum"
        r"|open\s+forum|public\s+participation|citizens?'?\s+(?:comments?|participation)"
        r"|oral\s+communications?|communications?\s+from\s+the\s+public|public\s+testimony"
        r"|public\s+question\s+time|questions\s+from\s+(?:members\s+of\s+)?the\s+public"
        r"|deputations?",
    ),
    ("roll call", r"roll\s*call(?!\s+(?:vote|on\b))|call\s+(?:of\s+)?the\s+roll"),
    (
        "call to order",
        r"call(?:ed|ing)?\s+(?:[\w,']+\s+){1,12}?to\s+order\b|call(?:ed|ing)?\s+to\s+order"
        r"|come\s+to\s+order"
        r"|(?:is|now|hereby)\s+convened\b",
    ),
    ("reconvened", r"(?:has\s+|have\s+|we\s+are\s+|now\s+)reconvened(?:\s+in\s+open\s+session)?"),
    (
        "single item",
        r"(?:a|one|the|our)\s+(?:single|only|one)\s+(?:agenda\s+)?item(?:\s+on\s+(?:our|the)\s+agenda)?"
        r"|(?:have|is)\s+one\s+agenda\s+item",
    ),
    ("invocation", r"invocation|opening\s+prayer"),
    (
        "pledge of allegiance",
        r"pledge\s+of\s+allegiance|(?:i\s+)?pledge\s+allegiance|allegiance\s+to\s+the\s+flag"
        r"|to\s+the\s+flag\s+of\s+the\s+united\s+states",
    ),
    (
        "approval of the agenda",
        r"(?:approv\w*|adopt\w*)\s+(?:of\s+)?(?:the\s+|today'?s\s+|tonight'?s\s+)?agenda"
        r"|(?:changes|additions|amendments|corrections|modifications|deletions)\s+(?:or\s+\w+\s+)?"
        r"(?:to|on)\s+(?:the\s+|today'?s\s+|tonight'?s\s+|this\s+)?agenda"
        r"|we\s+have\s+(?:the|today'?s|tonight'?s)\s+agenda\b"
        r"|on\s+the\s+agenda,?\s+there\s+(?:are|is)\s+(?:\w+\s+){0,3}?changes",
    ),
    (
        "approval of the minutes",
        r"(?:approv\w*|adopt\w*|confirm\w*)\s+(?:of\s+)?(?:the\s+)?minutes"
        r"|minutes\s+of\s+the\s+(?:previous|last)\s+meeting"
        r"|(?:have|consider|looking\s+at|review\w*)\s+(?:in\s+front\s+of\s+you\s+|before\s+you\s+)?"
        r"the\s+minutes\s+(?:of|from)",
    ),
    ("consent calendar", r"consent\s+(?:calendar|agenda|items)"),
    ("closed session", r"(?:closed|executive)\s+session"),
    ("public hearing", r"public\s+hearings?"),
    (
        "special item",
        r"walk[\s-]?on\s+items?|late\s+items?|urgent\s+(?:items?|business)"
        r"|supplement(?:al|ary)\s+items?|added\s+items?",
    ),
    (
        "announcements",
        r"announcements|council\s*(?:member|lor)?s?\s+(?:reports|comments)|mayor'?s\s+report"
        r"|comments\s+from\s+(?:the\s+)?council\s*(?:members?|lors?)",
    ),
]
# Every section name starts a word: the leading \b skips the other positions cheaply.
SECTION = re.compile(
    r"\b(?:" + "|".join(f"(?P<s{i}>{pattern})" for i, (_, pattern) in enumerate(SECTIONS)) + ")",
    re.IGNORECASE,
)
# Words that open a section when they come just before it.
_OPEN_BEFORE = re.compile(
    r"(?:begin|start|starting|open|opening|continue|proceed)\s+(?:with\s+|the\s+|our\s+|into\s+)*"
    r"$|(?:go|move|moving|turn|turning|get|come|coming|head)\s+(?:on\s+|now\s+|back\s+|over\s+)?"
    r"(?:to|into)\s+(?:the\s+|our\s+)?$|now\s+(?:at|on|in|to|for)\s+(?:the\s+|our\s+)?$"
    r"|we(?:'re|\s+are)\s+(?:now\s+)?(?:at|on|in)\s+(?:the\s+|our\s+)?$|time\s+for\s+(?:the\s+)?$"
    r"|(?:is|was)\s+(?:the\s+)?$|(?:next|first|then)\s+(?:is|up|we\s+have)\s+(?:the\s+)?$"
    r"|brings\s+us\s+to\s+(?:the\s+|our\s+)?$|introduce\s+(?:his|her|their|the|our)\s+$"
    r"|item\s+is\s+(?:the\s+)?$|(?:with|for)\s+(?:a|the)\s+$|(?:will|we'?ll)\s+(?:now\s+)?have\s+$",
    re.IGNORECASE,
)
_LATER = re.compile(
    r"[^.?!]{0,30}?\b(?:scheduled|next\s+(?:regular\s+)?meeting|later|upcoming|will\s+be\s+held"
    r"|at\s+the\s+end)\b",
    re.IGNORECASE,
)
_OPEN_AFTER = re.compile(
    r"^\s*(?:(?:is|are)\s+(?:now\s+)?open|period\s+(?:is\s+)?(?:now\s+)?open|first\b"
    r"|,?\s*(?:and\s+)?(?:we'?ll|we\s+will|let'?s|i'?ll)\s+(?:start|begin)\s+with)",
    re.I,
)
# Nothing said before a section name in its sentence but "and", "any", "now": with "?" after
# it, the chair is calling the section ("Public hearings?").
_ALONE_BEFORE = re.compile(
    r"(?:^|[.?!\n]|-\s)\s*(?:(?:and|any|now|okay|ok|all\s+right|so)[\s,]+){0,2}$", re.I
)
# The pledge recited, not only named ("I pledge allegiance to the flag ...").
_RECITED = re.compile(r"(?:i\s+)?pledge\s+allegiance|allegiance\s+to|to\s+the\s+flag", re.I)
# The chair passing over an item with nothing under it: "We have no board nominations.",
# "there are no public hearings to set", "No matters with outside legal representatives."
BUSINESS_NOUN = (
    r"(?:items?|comments?|nominations?|appointments?|presentations?|announcements?"
    r"|recognitions?|reports?|hearings?|business|matters?|communications?|petitions?"
    r"|proclamations?|deputations?|correspondence)"
)
# "we have no idea what the items ...": words that make it something else than an item.
_NOT_BUSINESS = (
    r"(?:what|that|which|how|why|if|whether|idea|choice|way|time|reason|problem|issue|money"
    r"|one|other|further|more)\b"
)
EMPTY = re.compile(
    r"(?:\b(?:we\s+have|there\s+(?:are|is))\s+no|\bwe\s+(?:do\s+not|don'?t)\s+have\s+any"
    r"|(?:^|(?<=[.?!]\s))no)\s+(?=(?:(?!"
    + _NOT_BUSINESS
    + r")[\w'-]+\s+){0,5}?"
    + BUSINESS_NOUN
    + r"\b)",
    re.IGNORECASE,
)
ADJOURN = re.compile(
    r"\b(?:(?:meeting|we)\s+(?:is|are|stand|will\s+stand)\s+(?:now\s+)?adjourned"
    r"|i\s+(?:will\s+)?adjourn|(?:we'?re|we\s+are)\s+adjourned|adjourned\b(?!\s+(?:until|till"
    r"|for|to|briefly))|adjournment\b|(?:brings\s+us\s+to|that'?s)\s+the\s+end\s+of\s+(?:our|the"
    r"|this|today'?s|tonight'?s)\s+(?:agenda|meeting|business)"
    r"|(?:concluded|completed)\s+(?:all\s+)?(?:of\s+)?(?:the|this|our|today'?s)\s+(?:\w+\s+)?"
    r"business)",
    re.IGNORECASE,
)
_RECESS_BEFORE = re.compile(r"\b(?:short|brief|quick|ten|five|\d+)[\s-]+(?:minute\s+)?$", re.I)
_RECESS_AFTER = re.compile(
    r"^[^.?!]{0,40}?\b(?:until|till|for\s+(?:a|an|ten|five|fifteen|\d+)\b|briefly|recess|break)",
    re.I,
)
CLOSE = re.compile(
    r"\b(?:no\s+(?:further|more|other)\s+speak\w*|(?:that|this)\s+(?:was|is)\s+(?:our\s+|the\s+)?"
    r"(?:last|final)\s+speaker|(?:that|which)\s+concludes\s+(?:the\s+)?(?:public|speakers)"
    r"|public\s+(?:comment|forum|hearing)\s+is\s+(?:now\s+)?closed|end\s+of\s+(?:the\s+)?public"
    r"\s+(?:comment|forum|speakers)|no\s+one\s+(?:else\s+)?(?:has\s+)?signed\s+up)\b",
    re.IGNORECASE,
)
# A number spoken about, not announced.
MENTION = re.compile(
    r"\b(?:comment\w*|speak\w*|talk\w*|testify\w*|question\w*|concern\w*|regard\w*|about"
    r"|under|support\w*|oppos\w*|pull\w*)\s+(?:on\s+|to\s+|about\s+|regarding\s+|with\s+)?"
    r"(?:the\s+|this\s+|an?\s+)?(?:agenda\s+)?items?\b"
    r"|\bitems?\b(?:[^.?!]|\.\d){0,40}\bon\s+(?:your|the|our|today'?s)\s+agenda(?:\s+today)?\b"
    r"|\bitems\s+" + ITEM_NUMBER + r"\s*(?:and|,|through|to|&)",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(?:i\s+(?:think|believe|feel|want(?:ed)?\s+to\s+(?:say|comment|speak|talk|ask)|would\s+like"
    r"\s+to\s+(?:say|comment|speak|talk|ask)|just\s+wanted)|my\s+(?:comments?|question))\b",
    re.IGNORECASE,
)
# A sentence that opens with the item's number: "Item 2, roll call.", "Agenda item 2 ...".
_OPENING_NUMBER = re.compile(
    r"^(?:(?:and|so|okay|ok|all\s+right|right|now|thank\s+you|next|uh|um|well)[\s,.]+){0,3}"
    r"(?:agenda\s+)?item\s+(?:number\s+|no\.?\s*)?" + ITEM_NUMBER,
    re.IGNORECASE,
)
_CHAIR = re.compile(
    r"\b(?:chair\w*|president|mayor|clerk|convene?or|presiding|vice|secretary|speaker\s+of)\b",
    re.I,
)

FEATURES: tuple[str, ...] = (
    "item_number",
    "number_opens",
    "docket",
    "read_request",
    "next_item",
    "move_on",
    "section_open",
    "section_named",
    "adjourn",
    "mention",
    "question",
    "opinion",
    "turn_start",
    "deep_in_turn",
    "chair_speaking",
)


_OPENED_BY_NAME = frozenset(
    ["call to order", "pledge of allegiance", "invocation", "special item", "reconvened"]
)


def section_at(match: re.Match[str]) -> str:
    """The canonical name of the section a :data:`SECTION` match names."""
    for index, (name, _) in enumerate(SECTIONS):
        if match.group(f"s{index}"):
            return name
    return "section"


def section_opened(text: str, match: re.Match[str]) -> bool:
    """True when the words around a section name open it ("we will begin with ...")."""
    name = section_at(match)
    if name == "approval of the minutes" and re.match(
        r"have|consider|looking|review", match.group(0), re.I
    ):
        return True  # "you also have in front of you the minutes of the work session"
    if name == "approval of the agenda" and not re.match(r"approv|adopt", match.group(0), re.I):
        return True  # "Are there any changes to the agenda?", "Council members, we have the agenda"
    if name == "pledge of allegiance" and not _RECITED.match(match.group(0)):
        # "an invocation ..., which will be followed by the Pledge of Allegiance": the pledge
        # starts where it is recited, when an invocation comes first
        before = text[max(0, match.start() - 300) : match.start()]
        return not re.search(r"\binvocation\b", before, re.I)
    if name in _OPENED_BY_NAME:
        return True  # naming these is opening them
    if name == "single item":
        return True  # "there is a single item on our agenda today, and that is ..."
    if name == "roll call" and re.match(r"call", match.group(0), re.I):
        # "will the clerk please call the roll": the roll call, unless a vote is being taken
        before = text[max(0, match.start() - 200) : match.start()]
        return not re.search(r"\b(?:vote|votes|voting|motion|in\s+favou?r|ayes?)\b", before, re.I)
    before = text[max(0, match.start() - 40) : match.start()]
    after = text[match.end() : match.end() + 30]
    if _LATER.match(text, match.end()):
        return False  # "the public hearing scheduled for our next regular meeting"
    if _ALONE_BEFORE.search(before) and after.startswith("?"):
        return True  # "Public hearings? None?": the chair calling the section
    return bool(_OPEN_BEFORE.search(before) or _OPEN_AFTER.match(after))


def is_adjournment(text: str, match: re.Match[str]) -> bool:
    """An adjournment, not a recess ("a short adjournment", "adjourned until she returns")."""
    before = text[max(0, match.start() - 20) : match.start()]
    return not (_RECESS_BEFORE.search(before) or _RECESS_AFTER.match(text[match.end() :]))


@dataclass(frozen=True)
class TurnContext:
    """Where a candidate sits in its speaker's turn (all False when turns are unknown)."""

    turn_start: bool = False
    deep_in_turn: bool = False
    chair_speaking: bool = False


def window_features(
    window: str, context: TurnContext = TurnContext(), lead: str = ""
) -> dict[str, float]:
    """The :data:`FEATURES` of a stretch of speech that may announce an item.

    ``window`` starts at the candidate's sentence and runs about two sentences on: the
    announcement and what the clerk reads after it. ``lead`` is what the same sentence
    said just before the window, when the window starts mid-sentence ("... I wanted to
    comment on | item 2.2 ..."): it counts for the mention and opinion features.
    """
    first = re.split(r"(?<=[.?!])\s+", window.strip(), maxsplit=1)[0]
    said = f"{lead} {first}" if lead else first
    sections = list(SECTION.finditer(window))
    adjourns = [m for m in ADJOURN.finditer(window) if is_adjournment(window, m)]
    return {
        "item_number": float(
            any(p.search(window) for p in (NUM, DOTTED, SUB_ITEM, TRANSITION_NUMBER))
        ),
        "number_opens": float(
            not lead.strip() and bool(_OPENING_NUMBER.match(first) or SUB_ITEM.match(first))
        ),
        "docket": float(bool(DOCKET.search(window))),
        "read_request": float(bool(READ.search(window))),
        "next_item": float(bool(STRONG.search(window))),
        "move_on": float(bool(WEAK.search(window) or EMPTY.search(window))),
        "section_open": float(any(section_opened(window, m) for m in sections)),
        "section_named": float(bool(sections)),
        "adjourn": float(bool(adjourns)),
        "mention": float(bool(MENTION.search(said))),
        "question": float(first.rstrip().endswith("?")),
        "opinion": float(bool(_OPINION.search(said))),
        "turn_start": float(context.turn_start),
        "deep_in_turn": float(context.deep_in_turn),
        "chair_speaking": float(context.chair_speaking),
    }


def is_chair(speaker: str | None) -> bool:
    """A speaker label naming the chair, the clerk or the mayor."""
    return bool(speaker and _CHAIR.search(speaker))


@dataclass(frozen=True)
class CueModel:
    """Logistic regression over :data:`FEATURES` (weights from ``transcript_cues.json``)."""

    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        """P(the window announces a new item)."""
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def is_boundary(self, features: dict[str, float]) -> bool:
        """The probability reaches the threshold chosen on the training data."""
        return self.probability(features) >= self.threshold


@cache
def cue_model() -> CueModel:
    """The committed model (read once per process)."""
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    return CueModel(
        weights={k: float(v) for k, v in data["weights"].items()},
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
    )
