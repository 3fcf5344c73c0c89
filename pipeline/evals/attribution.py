"""Attribution: words given to a person or role must be near that person in the source.

The speaker of a summary sentence is the name or role right before a reporting verb
("Jim Gamble argued", "the Chair said"), or the person a pronoun points back to. In the
source, speakers are found the same way, plus the minutes' shorthand "(JG)" and transcript
turns. The check takes the evidence position (where the quote or the statement is in the
source) and the nearest speaker mention before it: it must be the same person, by name,
initials, or a role the source links to the name ("Jim Gamble, Independent Commissioner").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from pipeline.evals.names import CONNECTORS, TITLE_WORDS, initials
from pipeline.evals.text import STOPWORDS, sentence_start

# Reporting verbs (a closed class of English grammar, not tuned to any dataset).
REPORTING_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "stated",
        "states",
        "argued",
        "argues",
        "explained",
        "explains",
        "noted",
        "notes",
        "highlighted",
        "highlights",
        "stressed",
        "stresses",
        "emphasised",
        "emphasized",
        "emphasises",
        "emphasizes",
        "suggested",
        "suggests",
        "indicated",
        "indicates",
        "asked",
        "asks",
        "told",
        "added",
        "adds",
        "warned",
        "warns",
        "welcomed",
        "welcomes",
        "considered",
        "considers",
        "referred",
        "refers",
        "commented",
        "comments",
        "described",
        "describes",
        "thanked",
        "thanks",
        "reported",
        "reports",
        "confirmed",
        "confirms",
        "acknowledged",
        "acknowledges",
        "insisted",
        "insists",
        "claimed",
        "claims",
        "raised",
        "raises",
        "concurred",
        "concurs",
        "believed",
        "believes",
        "felt",
        "questioned",
        "questions",
        "urged",
        "urges",
        "introduced",
        "introduces",
        "presented",
        "presents",
        "outlined",
        "outlines",
        "clarified",
        "clarifies",
        "congratulated",
        "congratulates",
        "commended",
        "commends",
        "praised",
        "praises",
        "criticised",
        "criticized",
        "observed",
        "remarked",
        "expressed",
        "announced",
        "recommended",
        "proposed",
        "replied",
        "responded",
        "answered",
        "informed",
        "explained",
        "reiterated",
        "pointed",
        "underlined",
        "queried",
        "accepted",
        "admitted",
        "agreed",
        "cautioned",
        "complained",
        "conceded",
        "contended",
        "declared",
        "maintained",
        "mentioned",
        "promised",
        "revealed",
        "shared",
        "spoke",
        "speaking",
        "speaks",
        "objected",
        "advised",
        "advises",
        "requested",
        "requests",
        "updated",
        "detailed",
        "summarised",
        "summarized",
        "sought",
        "thought",
        "proposes",
    ]
)
# Head nouns of organisations, places and documents (closed classes): not people.
ORG_WORDS = frozenset(
    [
        "board",
        "boards",
        "commission",
        "commissions",
        "council",
        "councils",
        "committee",
        "service",
        "services",
        "partnership",
        "partnerships",
        "team",
        "teams",
        "group",
        "trust",
        "authority",
        "department",
        "agency",
        "police",
        "nhs",
        "cabinet",
        "panel",
        "forum",
        "network",
        "parliament",
        "education",
        "health",
        "healthwatch",
        "school",
        "schools",
        "hospital",
        "foundation",
        "association",
        "centre",
        "centres",
        "office",
        "government",
        "university",
        "college",
        "borough",
        "city",
        "society",
        "company",
        "limited",
        "ltd",
        "fund",
        "unit",
        "hub",
        "confederation",
        "network",
        # Places and documents are not people either.
        "street",
        "road",
        "lane",
        "avenue",
        "square",
        "park",
        "hall",
        "house",
        "chamber",
        "estate",
        "programme",
        "program",
        "strategy",
        "plan",
        "report",
        "review",
        "update",
        "budget",
        "briefing",
        "policy",
        "framework",
        "scheme",
        "project",
        "act",
        "tracker",
        "minutes",
        "agenda",
    ]
)
_OPENING_PERSON = re.compile(
    r"^[ \t]*(?:[-·•*][ \t]*)?(?:\d+(?:\.\d+)*\.?[ \t]+)?"
    r"([A-Z][A-Za-z'’\-]+(?: (?:(?:of|for|and|the|&) )*[A-Z][A-Za-z'’\-]+){1,6})"
    r"(?=,? (?!of |and |for |the |at |in |on )[a-z])",
    re.M,
)
_FIELD_VALUE = re.compile(r"[ \t]*([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){1,3})(?:,|$)")
PRONOUNS = frozenset({"he", "she", "they"})
# Plural role words name a group, never the one person who spoke.
GROUP_WORDS = frozenset(
    {"councillors", "cllrs", "members", "governors", "directors", "officers", "residents"}
)
# "(AA)" .. "(ZZ)" and roman numerals letter the items of a list; they are nobody's initials.
_LIST_LETTERS = re.compile(r"([A-Z])\1+|[IVXL]+")
# A sentence opening with a pronoun and a reporting verb ("She stated that ...").
_PRONOUN_OPENING = re.compile(
    r"[\s\-–•·*]*(?:\d+(?:\.\d+)*\.?\s+)?(He|She|They)\s+(?:(?:also|further|then|later)\s+)?"
    r"([a-z]+)"
)
_JOINT = re.compile(r"\s*(?:,|\band\b|&)\s*")
# How far into a source sentence its subject may stand ("4.3 Cllr Mann advised that").
SUBJECT_REACH = 150
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\([A-Z]{2,4}\)")
# "(JG)" opening a line or bullet marks who answers; "(CFS)" mid-sentence defines an acronym.
_INITIALS = re.compile(r"^[ \t]*(?:[·•*\-][ \t]*)?\(([A-Z]{2,4})\)", re.M)
# "Name: words" gives the words on that line to Name; a label ending its line heads a
# form field ("Document ID:\n710714", "Reporting Officer/s & Unit:"), not speech.
_LABEL = re.compile(r"^([A-Z][A-Za-z.'’\- ]{1,60}):[ \t]+\S", re.M)
# A form field whose value, on the next line, is a person: "Reporting Officer/s & Unit:\n
# Jon Kingsford, Director" says who reports the item that follows.
_FIELD_PERSON = re.compile(
    r"^[A-Z][A-Za-z.'’/&\- ]{1,60}:[ \t]*\n"
    r"[ \t]*([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){1,3})(?=,|\n)",
    re.M,
)


@dataclass(frozen=True)
class Person:
    """A speaker as written: name words, role words, initials."""

    text: str
    names: tuple[str, ...]
    roles: tuple[str, ...]
    initials: str
    shorthand: bool = False  # a speaker's initials, as in the minutes' "(JG)"

    @property
    def is_person_like(self) -> bool:
        """A role, initials, or a name of two to four words that is not an organisation.

        Groups ("Councillors", "Members") and headings in capitals ("IN ATTENDANCE
        VIRTUALLY") are not one person."""
        if self.shorthand:
            return True
        if not self.names and self.roles and all(r in GROUP_WORDS for r in self.roles):
            return False
        words = re.findall(r"[A-Za-z]+", self.text)
        if len(words) >= 2 and all(w.isupper() for w in words):
            return False
        if self.roles:
            return True
        if not 2 <= len(self.names) <= 4 or any(n in ORG_WORDS for n in self.names):
            return False
        return not re.search(r"\b(?:of|and|for|&)\b", self.text)


# Spellings of one role: the minutes' "Chairman" is the summary's "Chair".
_SAME_ROLE = {
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "cllr": "councillor",
    "cllrs": "councillors",
}


def person_from(text: str, shorthand: bool = False) -> Person:
    """Parse "Assistant Director James Goddard" into names, roles and initials.

    ``shorthand`` marks a bare "JG" as a speaker's initials (the minutes' "(JG)");
    elsewhere a bare acronym ("CFS") is an organisation.
    """
    text = text.strip().strip("()")
    if re.fullmatch(r"[A-Z]{2,4}", text):
        return Person(text, (text.lower(),), (), text, shorthand)
    names: list[str] = []
    roles: list[str] = []
    in_role = False  # after a title and "of"/"for", capitalised words name the remit
    for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text):
        low = w.lower().replace("’", "'").removesuffix("'s")
        if low in TITLE_WORDS:
            roles.append(_SAME_ROLE.get(low, low))
            in_role = False
        elif low in ("of", "for") and roles:
            in_role = True
        elif low in CONNECTORS or low in STOPWORDS:
            continue
        elif w[0].isupper():
            (roles if in_role else names).append(low)
    name_initials = initials(" ".join(names)) if len(names) >= 2 else ""
    return Person(text, tuple(names), tuple(roles), name_initials)


def same_person(a: Person, b: Person, aliases: dict[str, set[str]]) -> bool:
    """True when ``a`` and ``b`` can be the same speaker."""
    if a.initials and b.initials and a.initials == b.initials:
        return True
    if a.names and b.names:
        # Two written names: the surname decides ("Deputy Mayor Bramble" is not "Mayor
        # Glanville", whatever role words they share).
        return a.names[-1] == b.names[-1]
    role_a = set(a.roles) | {r for n in a.names for r in aliases.get(n, ())}
    role_b = set(b.roles) | {r for n in b.names for r in aliases.get(n, ())}
    shared = role_a & role_b
    # Two role words in common ("independent commissioner"), or one identical short role.
    if len(shared) >= 2:
        return True
    return bool(shared) and (len(role_a) == 1 or len(role_b) == 1) and not (a.names and b.names)


@dataclass
class SpeakerIndex:
    """Speaker mentions in the source, in order, with the name-role links it states."""

    positions: list[int] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    # Initials -> surnames of the people the document names with them ("JG" -> gamble).
    expansions: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, text: str, turns: list | None = None) -> SpeakerIndex:
        found: list[tuple[int, Person]] = []
        if turns:
            for turn in turns:
                if turn.speaker:
                    found.append((turn.start, person_from(turn.speaker)))
        for m in _INITIALS.finditer(text):
            if _LIST_LETTERS.fullmatch(m.group(1)):
                continue
            if re.search(r"[a-z,]\s*$", text[max(0, m.start() - 80) : m.start()]):
                continue  # a wrapped line: "the Plan\n(WMMP) adopted" defines an acronym
            found.append((m.start(), person_from(m.group(1), shorthand=True)))
        for m in _LABEL.finditer(text):
            label = m.group(1)
            if 1 <= len(label.split()) <= 6:
                found.append((m.start(), person_from(label)))
        for m in _FIELD_PERSON.finditer(text):
            # The field may list several people, one "Name, Role" a line.
            lines = text[m.start(1) : m.start(1) + 300].split("\n")[:6]
            for line in lines:
                run = _FIELD_VALUE.match(line)
                person = person_from(run.group(1)) if run else None
                if person is not None and person.is_person_like:
                    found.append((m.start(), person))
        # A person opening a (numbered) paragraph is its subject, whatever the verb
        # ("4.4 Mr Alan Whitcombe addressed the Sub-Committee. He said that ...").
        for m in _OPENING_PERSON.finditer(text):
            person = person_from(m.group(1))
            if person.is_person_like:
                found.append((m.start(1), person))
        words = list(_WORD.finditer(text))
        for i, m in enumerate(words):
            if m.group().lower() not in REPORTING_VERBS or i == 0:
                continue
            subject = _subject_before(text, words, i)
            if subject is not None:
                found.extend((subject[0], person_from(p)) for p in split_joint(subject[1]))
        found.sort(key=lambda x: x[0])
        index = cls([p for p, _ in found], [q for _, q in found])
        index.aliases = _aliases(text)
        shorthand = {p.initials for p in index.people if p.shorthand}
        if shorthand:
            for run in _PERSON_RUN.findall(text):
                person = person_from(run)
                if len(person.names) >= 2 and person.initials in shorthand:
                    index.expansions.setdefault(person.initials, set()).add(person.names[-1])
        return index

    def same(self, a: Person, b: Person) -> bool:
        """:func:`same_person`, reading the minutes' "(JG)" as the person the document
        names with those initials ("Mr Gamble" is JG when the document names Jim Gamble)."""
        if same_person(a, b, self.aliases):
            return True
        return any(
            short.shorthand
            and named.names
            and not named.shorthand
            and named.names[-1] in self.expansions.get(short.initials, ())
            for short, named in ((a, b), (b, a))
        )

    def subjects(self, start: int, end: int) -> list[Person]:
        """Person-like mentions at positions in ``[start, end)``."""
        lo = bisect.bisect_left(self.positions, start)
        hi = bisect.bisect_left(self.positions, end)
        return [p for p in self.people[lo:hi] if p.is_person_like]

    def _first_subject(self, start: int, end: int) -> list[Person]:
        """The first person-like mention in ``[start, end)``, with any joined to it."""
        lo = bisect.bisect_left(self.positions, start)
        hi = bisect.bisect_left(self.positions, end)
        first = None
        found: list[Person] = []
        for k in range(lo, hi):
            if not self.people[k].is_person_like:
                continue
            if first is None:
                first = self.positions[k]
            if self.positions[k] == first:
                found.append(self.people[k])
        return found

    def resolve(self, text: str, sent_start: int, limit: int, window: int) -> list[Person]:
        """Who the source sentence starting at ``sent_start`` gives its words to, read from
        its structure: the subject(s) of its reporting verb before ``limit`` ("Cllr Mann and
        Cllr Reeve said"), or for "She stated that ..." the person the previous sentences
        of the passage were about (the nearest sentence opened by a named subject, passing
        over sentences opened by another pronoun). Empty when the sentence does not say."""
        m = _PRONOUN_OPENING.match(text, sent_start)
        if not m or m.group(2) not in REPORTING_VERBS:
            return self._first_subject(sent_start, max(sent_start + 1, limit))
        pronoun = m.group(1).lower()
        floor = max(0, sent_start - window)
        cut = sent_start
        while cut > floor:
            prev = sentence_start(text, cut - 1, window=799)  # the sentence before
            if prev >= cut or prev < floor:
                break
            if text[prev:cut].strip() == "":
                break
            if "\n\n" in text[prev:cut]:
                break  # a new paragraph: another passage
            # A sentence opened by a pronoun ("They advised that") names nobody: go on back.
            if _PRONOUN_OPENING.match(text, prev) is None:
                found = self._first_subject(prev, min(cut, prev + SUBJECT_REACH))
                if found:
                    return found if pronoun == "they" else found[:1]
            cut = prev
        return []

    def nearest_before(self, offset: int, floor: int) -> list[tuple[int, Person]]:
        """Person-like mentions in ``[floor, offset]``, nearest first."""
        hi = bisect.bisect_right(self.positions, offset)
        out = []
        for k in range(hi - 1, -1, -1):
            if self.positions[k] < floor:
                break
            if self.people[k].is_person_like:
                out.append((self.positions[k], self.people[k]))
        return out


def split_joint(run: str) -> list[str]:
    """ "Cllr Trudy Mann and Cllr Gail Reeve" -> both, when each part is a person."""
    parts = [p for p in _JOINT.split(run) if p.strip()]
    if len(parts) >= 2 and all(person_from(p).is_person_like for p in parts):
        return parts
    return [run]


def _subject_before(
    text: str, words: list[re.Match[str]], verb: int, apposition: bool = True
) -> tuple[int, str] | None:
    """The capitalised run (with its titles) right before a reporting verb."""
    j = verb - 1
    if apposition and j >= 0 and "," in text[words[j].end() : words[verb].start()]:
        # "Helen Okafor, the Director of Housing, introduced": skip the apposition back to
        # the comma that opens it; the subject is the run before that comma.
        opening = text.rfind(",", 0, words[j].start())
        if opening == -1:
            return None
        k = j
        while k >= 0 and words[k].start() > opening:
            k -= 1
        if k < 0:
            return None
        return _subject_before(text, words, k + 1, apposition=False)
    # Allow one adverb or auxiliary between subject and verb ("also", "further", "had").
    if j >= 0 and words[j].group().islower() and words[j].group() not in PRONOUNS:
        gap = text[words[j].end() : words[verb].start()]
        if not gap.strip() and words[j].group() in {
            "also",
            "further",
            "then",
            "had",
            "has",
            "have",
            "later",
            "again",
        }:
            j -= 1
    end = j
    while j >= 0:
        w = words[j].group()
        gap = text[words[j].end() : words[j + 1].start()] if j + 1 <= end else ""
        if gap.strip(" "):
            break
        if w[0].isupper():
            j -= 1
            continue
        # Up to two linking words inside a name or role: "Chair of the Safeguarding Board".
        k = j
        while k >= 0 and j - k < 2 and words[k].group().lower() in CONNECTORS:
            k -= 1
        if k < j and k >= 0 and words[k].group()[0].isupper() and end > j:
            j = k
            continue
        break
    start = j + 1
    if start > end:
        return None
    while start <= end and words[start].group().lower() in CONNECTORS | {"the"}:
        start += 1
    if start > end:
        return None
    run = text[words[start].start() : words[end].end()]
    # "Lauren Tobias from Volunteer Centre Hackney emphasised": the speaker is the person
    # before "from/at/of", not the organisation.
    if not person_from(run).is_person_like and start >= 2:
        prep = words[start - 1].group().lower()
        if prep in {"from", "at", "of", "for"}:
            found = _subject_before(text, words, start - 1)
            if found is not None and person_from(found[1]).is_person_like:
                return found
    return words[start].start(), run


_APPOSITIVE = re.compile(
    r"\b([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){1,2})(?:,| \(| -)\s*(?:the )?"
    r"([A-Z][A-Za-z'’\-]+(?: (?:[A-Z][A-Za-z'’\-]+|of|for|and|the|&))*)"
)
_ROLE_NAME = re.compile(
    r"\b((?:[A-Z][a-z'’\-]+ )+(?:(?:of|for|and|the) (?:[A-Z][a-z'’\-]+ ?)+)*),\s+"
    r"([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){1,2})(?=[,)]| \()"
)
_TITLE_NAME = re.compile(r"\b((?:[A-Z][a-z]+ ){1,4})([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+)?)\b")


def _aliases(text: str) -> dict[str, set[str]]:
    """Surname -> role words the source puts next to the name."""
    aliases: dict[str, set[str]] = {}
    for m in _APPOSITIVE.finditer(text):
        person = person_from(m.group(1))
        role = person_from(" ".join(m.group(2).split()[:6]))
        if len(person.names) >= 2 and not person.roles and role.roles:
            words = set(role.roles) | set(role.names)
            aliases.setdefault(person.names[-1], set()).update(words)
    for m in _ROLE_NAME.finditer(text):
        role, person = person_from(m.group(1)), person_from(m.group(2))
        if role.roles and len(person.names) >= 2 and not person.roles:
            aliases.setdefault(person.names[-1], set()).update(role.roles)
    for m in _TITLE_NAME.finditer(text):
        title = person_from(m.group(1))
        name = person_from(m.group(2))
        if title.roles and not title.names and name.names:
            aliases.setdefault(name.names[-1], set()).update(title.roles)
    return aliases


def summary_speakers(sentence: str, previous: list[str]) -> list[str]:
    """Who a summary sentence gives words to: one name, or for a pronoun every person the
    previous sentence mentions (the check accepts any of them). Empty when nobody."""
    words = list(_WORD.finditer(sentence))
    for i, m in enumerate(words):
        if m.group().lower() not in REPORTING_VERBS:
            continue
        if i > 0 and words[i - 1].group().lower() in PRONOUNS:
            return _people_before(previous)
        subject = _subject_before(sentence, words, i)
        if subject is not None:
            # In a summary, "JB said" copies the minutes' shorthand for a speaker.
            found = [subject[1]] if person_from(subject[1], shorthand=True).is_person_like else []
            # "The Chair, Councillor Richardson, welcomed": the apposition names the same
            # speaker; the source may write either.
            apposed = _subject_before(sentence, words, i, apposition=False)
            if (
                found
                and apposed is not None
                and apposed[1] != subject[1]
                and person_from(apposed[1]).is_person_like
            ):
                found.append(apposed[1])
            return found
    m = re.search(r"\baccording to (?:the )?([A-Z][A-Za-z'’\- ]+)", sentence)
    if m and person_from(m.group(1).strip()).is_person_like:
        return [m.group(1).strip()]
    return []


_PERSON_RUN = re.compile(r"(?:[A-Z][a-z'’\-]+ ){1,4}[A-Z][a-z'’\-]+")


def _people_before(previous: list[str]) -> list[str]:
    # Every person of the last three sentences: the pronoun may reach back past a sentence
    # that names someone else, and a wrong guess here would raise a false alarm.
    people: list[str] = []
    for sentence in reversed(previous[-3:]):
        words = list(_WORD.finditer(sentence))
        for i, m in enumerate(words):
            if m.group().lower() in REPORTING_VERBS and i > 0:
                subject = _subject_before(sentence, words, i)
                # A bare surname ("Gamble also highlighted") is a person here.
                if subject is not None and subject[1] not in people:
                    who = person_from(subject[1], shorthand=True)
                    if who.is_person_like or (
                        len(who.names) == 1 and who.names[0] not in ORG_WORDS
                    ):
                        people.append(subject[1])
        for run in _PERSON_RUN.findall(sentence):
            run = re.sub(r"^(?:The|A|An|In|On|At|As|But|And|Then|This)\s+", "", run)
            if person_from(run).is_person_like and run not in people:
                people.append(run)
    return people
