"""Who takes part in a meeting, read from the document's structure, and who a source
sentence says acted.

The roster is built once per source document: the people its attendance lists name
("Present: Cllr David Llewellyn – Chairman, Cllr Mick Peake, ..."), the people it names
with a title anywhere ("Councillor Van Hellemond", "Dr Graham", "Ms. Bone") and the
shorthand the minutes give them ("Pam Bullas (PB)"; "Claire Williams" is "CW"). It lets the
attribution check tell a person from a word: "CW noted" and "Faulknor displayed" open a
sentence with an attendee, "Corporate Services noted" does not.

Plain data in (the source text), plain data out (:class:`Roster`, surnames and initials).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.evals.attribution import ORG_WORDS
from pipeline.evals.names import TITLE_WORDS, initials
from pipeline.evals.text import STOPWORDS
from pipeline.text import sentence_ends

# Titles that put a person's name after them (closed class; "Council Member" as US minutes
# write it). Role words alone ("the Chair") are resolved by the attribution module.
_TITLE = (
    r"(?:Cllrs?\.?|Councill?ors?|Council ?Members?|Councilmembers?|Aldermen|Alderman|Mayor"
    r"|Deputy Mayor|Vice Mayor|Commissioners?|Supervisors?|Trustees?|Mr|Mrs|Ms|Miss|Dr|Prof)"
    r"\.?"
)
# A capitalised name word: "Bullas", "O’Keefe", "Smith-Jones" (not "I'll").
_NAME_WORD = r"(?:O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![A-Za-z'’])"
# "Cllr David Llewellyn", "Councillor G. Kovach", "Ms. A. Pappert", "Council Member Hensley",
# "Councillor A. Van Hellemond" (a lower-case particle only between capitalised words).
_TITLED_NAME = re.compile(
    rf"\b{_TITLE}[ \t]+((?:[A-Z]\.[ \t]?){{0,2}}{_NAME_WORD}"
    rf"(?:[ \t](?:van |de |la |von )?{_NAME_WORD}){{0,2}})"
)
# "Pam Bullas (PB)": a name and the initials the minutes use for it.
_NAME_INITIALS = re.compile(rf"\b({_NAME_WORD}(?: {_NAME_WORD}){{1,2}}) \(([A-Z]{{2,4}})\)")
# An attendance block: "Present:", "PRESENT (six Councillors):", "In attendance:", up to
# a blank line (or a long stretch).
_ATTENDANCE = re.compile(
    r"\b(?:Present|PRESENT|In [Aa]ttendance|IN ATTENDANCE|Attendance|ATTENDANCE|"
    r"Members [Pp]resent|Councillors [Pp]resent)\b[^:\n]{0,30}:?",
)
ATTENDANCE_REACH = 900
# A list of surnames after a plural title: "Councillors\nBarber, Harvey (Deputy Chair), Heaps".
_PLURAL_LIST = re.compile(
    r"\b(?:Councillors|Cllrs|Council Members|Councilmembers|Commissioners|Trustees)\b:?\s+"
    rf"((?:{_NAME_WORD}(?:\s\([^)]{{1,40}}\))?,?\s(?:and\s)?)+{_NAME_WORD})"
)


# Roles one person holds at a meeting, in the spellings minutes use.
_ROLE = (
    r"(?:Chair(?:man|woman|person)?|Vice[- ]Chair|Deputy Chair|Mayor|Deputy Mayor"
    r"|(?:Parish |Town |City )?Clerk)"
)
_ROLE_SPELLINGS = {
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "vice chair": "vice-chair",
    "deputy chair": "vice-chair",
    "parish clerk": "clerk",
    "town clerk": "clerk",
    "city clerk": "clerk",
}
# "Cllr David Llewellyn – Chairman", "Claire Cann (CC) – Chair", "Harvey (Deputy Chair)".
_NAME_ROLE = re.compile(
    rf"({_NAME_WORD}(?: {_NAME_WORD}){{0,2}})(?: \([A-Z]{{2,4}}\))?"
    rf"(?:\s*[–-]\s*|\s*\(|,\s+)(?:the\s+)?({_ROLE})\b"
)
# "Chair: Councillor Dixon", "Parish Clerk: Peter King", "Mayor Hazlehurst".
_ROLE_NAME = re.compile(
    rf"\b({_ROLE}):?\s+(?:{_TITLE}\s+)?((?:[A-Z]\.\s?)*{_NAME_WORD}(?: {_NAME_WORD}){{0,2}})"
)


@dataclass
class Roster:
    """The people a source document names as taking part, by surname (lower case)."""

    surnames: set[str] = field(default_factory=set)
    # Surnames of the people named in the document's attendance lists.
    attending: set[str] = field(default_factory=set)
    # The minutes' shorthand: "CW" -> "williams".
    shorthand: dict[str, str] = field(default_factory=dict)
    # Roles the document gives one person: "chair" -> "cann" ("Claire Cann (CC) – Chair").
    roles: dict[str, str] = field(default_factory=dict)

    def knows(self, surname: str) -> bool:
        """True when the document names ``surname`` as a person."""
        return surname.lower() in self.surnames

    def expand(self, token: str) -> str | None:
        """The surname a speaker's initials stand for ("CW" -> "williams"), if the
        document gives exactly one person those initials."""
        return self.shorthand.get(token)

    def holder(self, role: str) -> str | None:
        """The surname of the one person holding ``role`` ("Chairman" -> "chair")."""
        role = " ".join(role.lower().split())
        return self.roles.get(_ROLE_SPELLINGS.get(role, role))


def _person_name(name: str) -> str | None:
    """The name as far as it is a person's: up to a title word ("Farbridge Councillor"
    is two attendance entries run together), without initials; ``None`` for an
    organisation ("Norfolk County Council")."""
    kept: list[str] = []
    for word in re.sub(r"\b[A-Z]\.\s?", "", name).split():
        low = word.lower()
        if low in TITLE_WORDS or low in STOPWORDS:
            if kept:
                break
            continue
        if low in ORG_WORDS:
            return None
        kept.append(word)
    return " ".join(kept) or None


def _surname(name: str) -> str:
    return name.split()[-1].lower()


def build_roster(text: str) -> Roster:
    """The roster of ``text``: attendance lists, titled names and initials."""
    roster = Roster()
    full_names: dict[str, set[str]] = {}  # initials -> surnames of full names seen
    for m in _TITLED_NAME.finditer(text):
        name = _person_name(m.group(1))
        if not name:
            continue
        roster.surnames.add(_surname(name))
        if len(name.split()) >= 2:
            full_names.setdefault(initials(name), set()).add(_surname(name))
    for m in _NAME_INITIALS.finditer(text):
        name = _person_name(m.group(1))
        if name and initials(name) == m.group(2):
            roster.surnames.add(_surname(name))
            full_names.setdefault(m.group(2), set()).add(_surname(name))
    for m in _ATTENDANCE.finditer(text):
        block = text[m.end() : m.end() + ATTENDANCE_REACH].lstrip().split("\n\n")[0]
        for person in _TITLED_NAME.finditer(block):
            name = _person_name(person.group(1))
            if name:
                roster.attending.add(_surname(name))
        for listed in _PLURAL_LIST.finditer(block):
            for name in re.findall(_NAME_WORD, re.sub(r"\([^)]*\)", " ", listed.group(1))):
                roster.attending.add(name.lower())
        for person in _NAME_INITIALS.finditer(block):
            name = _person_name(person.group(1))
            if name:
                roster.attending.add(_surname(name))
    roster.surnames |= roster.attending
    holders: dict[str, set[str]] = {}
    for m in _NAME_ROLE.finditer(text):
        name = _person_name(m.group(1))
        if name and (len(name.split()) >= 2 or name.lower() in roster.surnames):
            role = _ROLE_SPELLINGS.get(m.group(2).lower(), m.group(2).lower())
            holders.setdefault(role, set()).add(_surname(name))
    for m in _ROLE_NAME.finditer(text):
        name = _person_name(m.group(2))
        if name and (len(name.split()) >= 2 or name.lower() in roster.surnames):
            role = _ROLE_SPELLINGS.get(m.group(1).lower(), m.group(1).lower())
            holders.setdefault(role, set()).add(_surname(name))
    # A role is resolved only when the document gives it to one person.
    roster.roles = {role: next(iter(v)) for role, v in holders.items() if len(v) == 1}
    roster.shorthand = {k: next(iter(v)) for k, v in full_names.items() if len(v) == 1}
    return roster


# Where a part of a source sentence opens besides a full stop (pipeline.text's sentence
# ends): a blank line, a bullet, a label's colon. A single line break is not one: PDF text
# wraps mid-sentence ("Mr\nFaulknor").
_PART_BREAK = re.compile(r"\n\s*\n|[•·]|:\s+(?=[A-Z])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# What may open a sentence before its subject: list letters, paragraph numbers ("4.3",
# "70/17", "a)", "(ii)").
_LEAD = re.compile(r"\s*[*\-–]?\s*(?:(?:\(?[a-z]{1,3}\)|\(?[ivx]{1,4}\)|\d+(?:[./]\d+)*\.?)\s+)?")
# A subject: a titled name, initials, or capitalised name words; then an apposition or a
# bracket ("Harvey (Portfolio Leader for Our Economy)"), then a lower-case word (the verb:
# "offered", "provided", "noted").
_SUBJECT = re.compile(
    rf"\b(?:{_TITLE}\s+(?:[A-Z]\.\s?){{0,2}})?"
    rf"(?P<name>[A-Z]{{2,4}}\b|{_NAME_WORD}(?:[ \t]{_NAME_WORD}){{0,2}})"
    r"(?P<apposition>\s*\([^)\n]{1,60}\)|,[^,.\n]{1,60},|,[^,.]{1,90}?(?=\s+[a-z]+ed\b))?\s+"
    r"(?:(?:also|then|later|further|had|has|was|were)\s+)?(?P<verb>[a-z]{3,})\b"
)
_CAPITAL = re.compile(r"\b[A-Z]")
_TITLED_START = re.compile(rf"{_TITLE}\s")
_PRONOUN = re.compile(r"(?:He|She)\s+(?:(?:also|then|later|further)\s+)?[a-z]{3,}\b")
# Lower-case words that do not make the capitalised words before them a subject.
# A roll call ("Commissioner Biggs votes aye") names every member: no one acts there.
_NOT_VERBS = frozenset(
    {"and", "or", "of", "for", "the", "to", "from", "at", "in", "on", "with", "who", "whose"}
    | {"votes", "voted", "voting", "aye", "nay", "yes", "absent", "present"}
)
# "The Chairman welcomed": a role as the subject, resolved through the roster.
_ROLE_SUBJECT = re.compile(
    rf"(?:The|the)\s+(?P<role>{_ROLE})\s+(?:(?:also|then|later|further)\s+)?(?P<verb>[a-z]{{3,}})\b"
)
# How far into its sentence the subject may stand ("The Project Manager – Strategic,
# Mr Faulknor displayed"), and how far back a sentence may open.
SUBJECT_REACH = 150
SENTENCE_REACH = 800
# How many sentences back "She stated ..." may look for the person it stands for.
PRONOUN_REACH = 3


def sentence_open(text: str, offset: int) -> int:
    """Where the source sentence (or bulleted part) holding ``offset`` opens."""
    floor = max(0, offset - SENTENCE_REACH)
    # One character past ``offset``: a sentence opening right at it ends the one before.
    limit = min(len(text), offset + 1)
    opening = max([floor, *(e for e in sentence_ends(text, floor, limit) if e <= offset)])
    for m in _PART_BREAK.finditer(text, opening, limit):
        if m.end() <= offset:
            opening = m.end()
    while opening < offset and text[opening].isspace():
        opening += 1
    return opening


def opening_actor(text: str, start: int, roster: Roster) -> str | None:
    """The surname of the person a source sentence opening at ``start`` gives as its
    subject ("Councillor Williams offered", "CW noted", "The Project Manager, Mr Faulknor
    displayed"): the first person within :data:`SUBJECT_REACH` followed by a verb. A bare
    name counts only when the roster knows it as a person ("Corporate Services noted" is
    nobody), initials only when they are an attendee's."""
    lead = _LEAD.match(text, start)
    at = lead.end() if lead else start
    # A label's colon or a bullet inside the reach opens the part the subject may head
    # ("Other Reports – for information only: • Councillor Williams offered").
    stop = min(len(text), at + SUBJECT_REACH)
    ends = sentence_ends(text, at, stop)
    paragraph = _PARAGRAPH_BREAK.search(text, at, stop)
    stop = min([stop, *ends[:1], *([paragraph.start()] if paragraph else [])])
    role = _ROLE_SUBJECT.match(text, at)
    if role and role.group("verb") not in _NOT_VERBS:
        return roster.holder(role.group("role"))
    # Tried at every capital, not only after the previous match: "Strategic, Mr Faulknor
    # displayed" must not hide "Mr Faulknor displayed".
    for capital in _CAPITAL.finditer(text, at, stop):
        m = _SUBJECT.match(text, capital.start(), stop + 40)
        if not m or m.group("verb") in _NOT_VERBS:
            continue
        name = m.group("name")
        if name.isupper():
            found = roster.expand(name)
        else:
            surname = name.split()[-1].lower()
            titled = m.start("name") > m.start()
            found = surname if roster.knows(surname) or titled else None
        if found:
            return found
    return None


def sentence_actor(text: str, offset: int, roster: Roster) -> str | None:
    """The surname of who acts in the source sentence holding ``offset``: its subject, or
    for "She stated ..." the subject of the nearest earlier sentence of the same paragraph
    that names one (at most :data:`PRONOUN_REACH` back). ``None`` when the structure does
    not say."""
    start = sentence_open(text, offset)
    lead = _LEAD.match(text, start)
    if not _PRONOUN.match(text, lead.end() if lead else start):
        return opening_actor(text, start, roster)
    for _ in range(PRONOUN_REACH):
        if start == 0 or not text[start - 1 : start].isspace():
            return None  # a bullet or the document's start: no sentence before
        if "\n\n" in text[max(0, start - 3) : start]:
            return None  # a new paragraph: another passage
        start = sentence_open(text, start - 1)
        lead = _LEAD.match(text, start)
        if _PRONOUN.match(text, lead.end() if lead else start):
            continue
        return opening_actor(text, start, roster)
    return None


# A summary sentence's acting person: at its opening ("Councillor Garnett offered",
# "Ms Bainbridge, the project manager, showed", "Before adjourning, Council Member Chughtai
# asked") or closing it (", Pam Bullas found.").
_STATED_OPENING = re.compile(
    r"^(?:[A-Z][^,]{0,40},\s+)?(?:The\s+|Both\s+)?(?P<who>"
    rf"(?:{_TITLE}\s+)?{_NAME_WORD}(?:\s{_NAME_WORD}){{0,2}}"
    rf"(?:\s+and\s+(?:{_TITLE}\s+)?{_NAME_WORD}(?:\s{_NAME_WORD}){{0,2}})?)"
    r"(?:\s*\([^)]{1,60}\)|,[^,]{1,60},)?\s+"
    r"(?:(?:also|then|later|further|had|has|was|were)\s+)?(?P<verb>[a-z]{3,})\b"
)
_STATED_CLOSING = re.compile(
    rf",\s+(?P<who>(?:{_TITLE}\s+)?{_NAME_WORD}(?:\s{_NAME_WORD}){{0,2}})\s+"
    r"(?P<verb>[a-z]{3,})\.?\s*$"
)
_JOINED = re.compile(r"\s+and\s+")
_STATED_ROLE = re.compile(
    rf"^(?:[A-Z][^,]{{0,40}},\s+)?(?P<who>The\s+{_ROLE})\s+"
    r"(?:(?:also|then|later|further)\s+)?(?P<verb>[a-z]{3,})\b"
)
# Who moved, seconded or voted is the motion check's (pipeline/evals/checks/motion.py).
_MOTION_VERBS = frozenset({"moved", "seconded", "proposed", "voted", "votes", "moves"})


# Where a summary sentence joins a clause with its own subject ("Cllr Ian Mack sent
# apologies, and Cllr Paul Williams declared an interest").
_NEW_SUBJECT = re.compile(r",\s+(?:and|but|while|whereas)\s+(?=(?:[Tt]he\s+)?[A-Z])|;\s+")


def actor_clause(sentence: str, written: str) -> str:
    """The clause of ``sentence`` that ``written`` (a stated actor) heads: the words up to
    the next clause with a subject of its own, or from the last one when the actor closes
    the sentence."""
    at = sentence.find(written)
    if at < 0:
        return sentence
    cuts = [m for m in _NEW_SUBJECT.finditer(sentence)]
    before = [m.end() for m in cuts if m.end() <= at]
    after = [m.start() for m in cuts if m.start() > at]
    return sentence[(before[-1] if before else 0) : (after[0] if after else len(sentence))]


def stated_actors(sentence: str, roster: Roster) -> list[tuple[str, str]]:
    """The people a summary sentence says acted, as ``(written, surname)``: its titled
    subject or a subject the roster knows ("Pam Bullas found"), both of "X and Y said".
    Empty when the sentence's subject is no known person."""
    role = _STATED_ROLE.match(sentence)
    if role and role.group("verb") not in _NOT_VERBS | _MOTION_VERBS:
        holder = roster.holder(role.group("who").split()[-1])
        return [(role.group("who"), holder)] if holder else []
    for pattern in (_STATED_OPENING, _STATED_CLOSING):
        m = pattern.search(sentence)
        if not m or m.group("verb") in _NOT_VERBS | _MOTION_VERBS:
            continue
        parts = _JOINED.split(m.group("who"))
        found = [(part, part.split()[-1].lower()) for part in parts]
        if all(_TITLED_START.match(part) or roster.knows(surname) for part, surname in found):
            return found
    return []


def names_any(passage: str, people: list[tuple[str, str]]) -> bool:
    """True when ``passage`` names any of ``people`` (``(written, surname)``): by surname,
    or by the initials the minutes use for them ("PW" for Pam Walker)."""
    low = passage.lower()
    for written, surname in people:
        if re.search(rf"\b{re.escape(surname)}\b", low):
            return True
        name = _person_name(written)
        if name and len(name.split()) >= 2 and re.search(rf"\b{initials(name)}\b", passage):
            return True
    return False
