"""Meeting metadata a document states about itself: never inferred, never guessed.

Only the header region (the first few KB) and, for ModernGov decision pages whose facts
sit at the bottom, the tail are read, so this stays fast on a 400 KB agenda pack.

Each field comes from an explicit statement; where several kinds of statement exist, the
one nearest the top of the document wins:

- body, date, time: the ModernGov heading "Body - Wednesday 30 November 2022 7.00 pm";
  "(MINUTES of the) Meeting of (the) Body held (at <venue>) on <date> (at <time>) (in
  <venue>)", which may wrap over lines in PDFs; "Meeting of the Body." with the venue
  line under it; "Decided at meeting: 09/03/2022 - Body"; labelled fields ("Committee:",
  "Meeting:", "Date:", "Time:", "Venue:"); a committee-name heading line; else the first
  header line carrying a weekday and a date (publication dates on front sheets carry no
  weekday).
- council: "London Borough of X", "X (Borough|City|County|District) Council", "X Council"
  in a heading-sized line or table cell of the first 2,500 characters (a prose mention
  is about the subject, not the issuer).
- kind: the page's own words ("Decision details", "Agenda item", "Agenda and minutes",
  "AGENDA REPORTS PACK", "MINUTES", "AGENDA"), else "held on" / "Present:" for minutes.
- attendees / apologies: "Present:", "Councillors present:", "Also present:", "In
  attendance:" lists (inline or one per line) and "Apologies for absence were received
  from ..." sentences or lists. Not read from agendas and packs: an agenda cannot know
  who came, and a pack embeds earlier meetings' minutes.
- extra: decision pages' "Decision Maker", "Decision status", "Date of decision",
  "Publication date", "Is Key decision?", "Is subject to call in?". A decision page's
  date is the "Decided at meeting" date, else its date of decision.
- urls: the first video link stated in the header (YouTube, Vimeo, Teams, Zoom ...).
"""

from __future__ import annotations

import re
from datetime import date

from pipeline.models import Document, DocumentKind, MeetingMetadata
from pipeline.text import MONTH_PATTERN, MONTHS, ORDINAL_SUFFIX
from pipeline.text import wordset as _words

HEAD_CHARS = 8000
TAIL_CHARS = 3000
TOP_CHARS = 4000
COUNCIL_WINDOW = 2500
_CELL_MAX = 120


_WEEKDAY = r"(?:Mon|Tues|Tue|Wednes|Wed|Thurs|Thu|Fri|Satur|Sat|Sun)(?:day)?"
_MONTH = rf"(?:{MONTH_PATTERN})"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+(?:the\s+)?)?"
    rf"(?:\d{{1,2}}\s?{ORDINAL_SUFFIX}?[”\"’]?\s+(?:day\s+of\s+)?(?:of\s+|o\s+)?{_MONTH}\.?,?\s+\d{{4}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}{ORDINAL_SUFFIX}?,?\s+\d{{4}}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    r"|\d{4}-\d{2}-\d{2})"
)
_TIME = (
    r"(?:\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?\s*m\b\.?"
    r"|\d{1,2}[.:]\d{2}\s*(?:hrs|hours)\b|12\s*noon|noon)"
)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
DATE_RE = _DATE_RE  # the date forms meeting documents use, for the other fact readers
_TIME_RE = re.compile(_TIME, re.IGNORECASE)
_WEEKDAY_DATE_RE = re.compile(rf"\b{_WEEKDAY},?\s+(?:the\s+)?(?:\d|{_MONTH})", re.IGNORECASE)
# Any character but a line break that opens a blank line or a "Label:" line: lets a
# statement wrap over lines (PDF text) without running into the next field.
_SOFT = r"(?:[^\n]|\n(?!\n|[A-Z][\w ]{0,30}:))"

# ModernGov: "Children and Young People Scrutiny Commission - Wednesday 30 November 2022 7.00 pm"
_MG_HEADING = re.compile(
    rf"^(?!\d|[A-Za-z][.)]\s)(?P<body>[^\n]{{3,150}}?)\s+[-–—]\s+(?P<date>{_DATE})"
    rf"(?:,?\s+(?:at\s+)?(?P<time>{_TIME}))?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_MEETING_PREFIX = (
    r"^(?:(?:the\s+)?minutes\s+of\s+(?:the|an?)\s+)?"
    r"(?:(?:extraordinary|special|annual|ordinary|remote|virtual)\s+)?meeting\s+of\s+(?:the\s+)?"
)
# "Meeting of Cabinet held on Tuesday, 4 June 2024 at 6.30 pm" / "MINUTES of the meeting of
# the Planning Committee held at the Civic Centre on 12 March 2024"
_MEETING_HELD = re.compile(
    _MEETING_PREFIX + rf"(?P<body>{_SOFT}{{2,120}}?)\s+held\s+"
    rf"(?:at\s+(?P<venue>{_SOFT}{{3,200}}?)\s+)?on\s+(?P<date>{_DATE})"
    rf"(?:,?\s+(?:at|commencing at|from)\s+(?P<time>{_TIME}))?"
    rf"(?:,?\s+(?:in|at)\s+(?P<venue_after>{_SOFT}{{3,200}}))?",
    re.IGNORECASE | re.MULTILINE,
)
# "Meeting of the Health and Wellbeing Board." on a line of its own (agenda front sheets)
_MEETING_LINE = re.compile(
    _MEETING_PREFIX + r"(?P<body>[^\n]{2,120}?)\s*[.:]?\s*$", re.IGNORECASE | re.MULTILINE
)
# A title's words around a body's name: "Minutes of [Community Development Committee] Meeting".
_TITLE_WORDS = re.compile(
    r"^(?:(?:draft|confirmed|unconfirmed)\s+)?(?:minutes|agenda)\s+(?:of|for)\s+(?:the\s+)?"
    r"(?:(?:a|an)\s+)?(?:meeting\s+of\s+(?:the\s+)?)?|\s+meeting$",
    re.IGNORECASE,
)
_DECIDED_AT = re.compile(
    rf"^Decided at meeting:\s*(?P<date>{_DATE})\s*[-–—]\s*(?P<body>[^\n]+)$",
    re.IGNORECASE | re.MULTILINE,
)
_BODY_LINE = re.compile(
    r"^(?:(?:full|the)\s+)?(?:[A-Z][\w'’&,-]*\s+(?:(?:and|of|for|&)\s+)?){0,8}?"
    r"(?:Committee|Sub-Committee|Board|Cabinet|Commission|Panel|Forum|Executive|Assembly"
    r"|Council|Board\s+of\s+(?:Supervisors|Commissioners|Trustees|Directors|Education"
    r"|Aldermen|Selectmen))$"
)
# "Regular Town Board Meeting": the body without the meeting's kind around it.
_MEETING_AROUND = re.compile(
    r"^(?:Regular|Special|Annual|Ordinary|Extraordinary|Adjourned)\s+|\s+Meeting$"
)
_BODY_NOUN_END = re.compile(
    r"(?:Committee|Board|Cabinet|Commission|Panel|Council|Forum|Executive|Assembly)$"
)
_LABEL = re.compile(
    r"^(?P<label>Venue|Place|Location|Date|Time|Meeting|Committee|Body|Decision Maker"
    r"|Decision status|Date of decision|Publication date|Published|Is Key decision\?"
    r"|Is subject to call in\?|Meeting date|Date of meeting)[ \t]*:[ \t]*(?P<value>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_COUNCIL = [
    re.compile(r"\b(?:London|Royal) Borough of [A-Z][a-z]+(?: (?:and|&|upon) [A-Z][a-z]+)*"),
    re.compile(
        r"\b(?:[A-Z][a-z]+(?:(?: and | & | upon |-| )[A-Z][a-z]+){0,3} )"
        r"(?:Metropolitan Borough|Borough|City|County|District|Town|Parish|Unitary) Council\b"
    ),
    re.compile(r"\bCity of [A-Z][a-z]+(?: [A-Z][a-z]+)? Council\b"),
    re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)? Council\b"),
]
# First words that make "X Council" something other than a council's name.
_NOT_PLACES = _words(
    """The This That Full County City Borough District Town Parish Care Social Youth Local
    Executive Cabinet Ordinary Annual Extraordinary Special Regular Joint Budget Members Member
    Whole Each Schedule
    Every Our Your Their Housing Arts Research Medical Sports Student Students School Schools
    Pupil Children Science Security Safety Health European National Privy"""
)
_CAPITAL_RUN = re.compile(r"\b[A-Z][A-Z'’.&-]+(?:[ \t]+(?:[A-Z][A-Z'’.&-]+|OF|AND|THE))*\b")
_VIDEO = re.compile(
    r"https?://(?:www\.)?(?:youtu\.be|youtube\.com|vimeo\.com|teams\.microsoft\.com"
    r"|[\w.-]*zoom\.us|[\w.-]*public-i\.tv|[\w.-]*civico\.net)[^\s<>)\]\"']*",
    re.IGNORECASE,
)
_VENUE_WORDS = re.compile(
    r"\b(?:Hall|Chamber|Room|Centre|Center|House|Offices|Civic|Library|Online|Virtual"
    r"|Remote|Teams|Zoom|Street|Road|Square|Building)\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"\*\*|__|^#+\s*|<(https?://[^>]+)>")
_FILE_NOISE = re.compile(r"\s*(?:pdf icon\s*)?PDF\s+\d[\d.,]*\s*[KM]B\b", re.IGNORECASE)
_KIND_MARKERS: list[tuple[re.Pattern[str], DocumentKind]] = [
    (re.compile(r"^Decision details$", re.I), "decision"),
    (re.compile(r"^(?:agenda|public)\s+reports?\s+pack\b|^agenda\s+pack\b", re.I), "agenda_pack"),
    (re.compile(r"^Agenda item$", re.I), "agenda_item"),
    (re.compile(r"^(?:agenda and |draft |confirmed |signed )?minutes\b", re.I), "minutes"),
    (re.compile(r"^(?:agenda|notice of meeting|summons)\b", re.I), "agenda"),
]
_PRESENT = re.compile(
    r"^(?:(?:councillors|members|officers|those)\s+)?(?:present|in attendance|also present"
    r"|also in attendance|attendees|attendance)[ \t]*(?:were)?[ \t]*:[ \t]*(?P<rest>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_APOLOGIES = re.compile(
    r"^apologies(?:[ \t]+for[ \t]+absence)?[ \t]*:[ \t]*(?P<label>[^\n]*)$"
    r"|apologies\s+(?:for\s+absence\s+)?(?:were\s+)?(?:received|submitted|given|noted)\s+"
    r"(?:from|by|on behalf of)\s+(?P<sentence>[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
_ROLE = re.compile(r"\s*\([^)]*\)")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_TITLE = r"(?:Cllr|Councillor|Mayor|Deputy Mayor|Alderman|Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Sir|Dame)"
_NAMEISH = re.compile(rf"^(?:{_TITLE}\.?\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,4}}$")
_TITLED = re.compile(rf"^{_TITLE}\b")
# Capitalised words of headings and labels that are never part of a person's name.
_NOT_NAME_WORDS = _words(
    """Apologies Absence Declarations Declaration Interest Interests Minutes Minute Item Items
    Agenda Meeting Present Committee Council Board Cabinet Commission Panel Report Reports
    Officers Officer Members Member None Nil Chair Business Urgent Previous Public Questions
    Order Date Time Venue Councillors Substitutes Substitute Also Attendance The There No"""
)
_INITIAL_OR_TITLE = re.compile(rf"(?:\b[A-Z]|{_TITLE}|St)$")


def extract_metadata(document: Document) -> MeetingMetadata:
    """Read the meeting facts ``document`` states in its usual places (``None`` where
    silent); :func:`pipeline.ingest.facts.meeting_facts` adds what it states less formally."""
    text = document.text
    head = document_head(text)
    tail = _clean(text[-TAIL_CHARS:]) if len(text) > HEAD_CHARS else ""
    labels = _labels(head + "\n" + tail)
    meta = MeetingMetadata(kind=_kind(head, labels))
    _meeting(meta, head, tail, labels)
    meta.council = _council(head[:COUNCIL_WINDOW])
    if meta.kind == "decision":
        _decision_facts(meta, labels)
    if meta.kind not in ("agenda", "agenda_pack"):
        meta.attendees = _attendees(head)
        meta.apologies = _apologies(head)
    video = _VIDEO.search(head)
    if video:
        meta.urls["video"] = video.group(0).rstrip(".,;")
    return meta


def document_head(text: str) -> str:
    """The opening of a document where its meeting facts stand (front matter dropped)."""
    return _clean(without_front_matter(text[:HEAD_CHARS]))


def _clean(text: str) -> str:
    """Drop Markdown emphasis and autolink brackets that text copies carry."""
    return "\n".join(_MARKUP.sub(lambda m: m.group(1) or "", line) for line in text.split("\n"))


def _labels(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _LABEL.finditer(text):
        label = match.group("label").lower().rstrip("?")
        value = match.group("value").strip()
        if not value:  # label alone on its line (HTML <dt>/<dd>, cells): the next line
            following = text[match.end() :].lstrip("\n").split("\n", 1)[0].strip()
            value = "" if following.endswith(":") else following
        if value and label not in found:
            found[label] = value
    return found


def _kind(head: str, labels: dict[str, str]) -> DocumentKind:
    top = head[:1500]
    for line in top.split("\n"):
        line = line.strip(" \t*#_=~")
        for pattern, kind in _KIND_MARKERS:
            if pattern.match(line):
                return kind
    if "decision maker" in labels and "date of decision" in labels:
        return "decision"
    # "Meeting of Cabinet held on ..." (not "to be held") and "Present:" only occur in minutes.
    if re.search(r"^[^\n]*\bmeeting of\b[^\n]*\bheld\b(?! to)|^present\s*:", top, re.I | re.M):
        return "minutes"
    return "unknown"


def _meeting(meta: MeetingMetadata, head: str, tail: str, labels: dict[str, str]) -> None:
    """Body, date, time, venue and title from the most specific statement available."""
    top = head[:TOP_CHARS]
    statements = [
        m
        for m in (_MG_HEADING.search(top), _MEETING_HELD.search(top), _MEETING_LINE.search(top))
        if m is not None
    ]
    if statements:
        first = min(statements, key=lambda m: m.start())
        groups = first.groupdict()
        meta.body = _strip(_TITLE_WORDS.sub("", groups["body"]))
        meta.date = parse_date(groups.get("date"))
        meta.time = parse_time(groups.get("time"))
        for other in statements:  # "Minutes of X - 26 February 2019", then "... held on
            if meta.time is None and parse_date(other.groupdict().get("date")) == meta.date:
                meta.time = parse_time(other.groupdict().get("time"))  # 26 February at 1pm"
        meta.venue = _venue(groups.get("venue") or groups.get("venue_after"))
        if first.re is _MEETING_LINE and meta.venue is None:
            meta.venue = _address_after(top, first.end())
        meta.title = _strip(" ".join(first.group(0).split()).rstrip("."))
    decided = _DECIDED_AT.search(head + "\n" + tail)
    if decided:
        meta.body = meta.body or _strip(decided.group("body"))
        meta.date = meta.date or parse_date(decided.group("date"))
    if meta.body is None:
        meta.body = _strip(labels.get("committee") or labels.get("meeting") or labels.get("body"))
    if meta.body is None and meta.kind not in ("decision", "agenda_item"):
        meta.body = _body_line(top)
    if meta.body is None and meta.kind == "decision":
        maker = labels.get("decision maker", "")
        if _BODY_NOUN_END.search(maker):  # a body, not an officer or a portfolio holder
            meta.body = maker
    for label in ("date", "meeting date", "date of meeting"):
        if meta.date is None and label in labels:
            meta.date = parse_date(labels[label])
            meta.time = meta.time or parse_time(labels[label])
    if meta.date is None and meta.kind not in ("decision", "agenda_item"):
        date_line = _weekday_date_line(top)
        if date_line:
            meta.date = parse_date(date_line)
            meta.time = meta.time or parse_time(date_line)
    if meta.time is None and "time" in labels:
        meta.time = parse_time(labels["time"])
    for label in ("venue", "place", "location"):
        if meta.venue is None and label in labels:
            meta.venue = _venue(re.sub(r"\.?\s*View directions\s*$", "", labels[label], flags=re.I))
    if meta.kind in ("decision", "agenda_item"):
        meta.title = _page_title(head, meta.kind)


def _page_title(head: str, kind: DocumentKind) -> str | None:
    """The line under ModernGov's "Decision details" / "Agenda item" page heading."""
    marker = "decision details" if kind == "decision" else "agenda item"
    lines = [line.strip() for line in head.split("\n") if line.strip()]
    for i, line in enumerate(lines[:-1]):
        if line.lower() == marker:
            return _strip(_FILE_NOISE.sub("", lines[i + 1]))
    return None


def _body_line(text: str) -> str | None:
    """A short heading line near the top naming a committee ("Licensing Sub-Committee")."""
    for line in text.split("\n")[:25]:
        line = _MEETING_AROUND.sub("", title_case(line.strip()))  # "PARKS AND RECREATION BOARD"
        if len(line) > 80 or not _BODY_LINE.search(line):
            continue
        if any(pattern.search(line) for pattern in _COUNCIL[:3]) or _COUNCIL[3].fullmatch(line):
            continue  # the issuing council's name, not the meeting's body
        return _strip(line)
    return None


def _address_after(text: str, offset: int) -> str | None:
    """The line right under a "Meeting of ..." heading, when it reads like a venue."""
    following = text[offset:].lstrip("\n").split("\n", 1)[0].strip()
    if following and _VENUE_WORDS.search(following) and not _DATE_RE.search(following):
        return _venue(following)
    return None


def _weekday_date_line(text: str) -> str | None:
    for line in text.split("\n")[:60]:
        if _WEEKDAY_DATE_RE.search(line) and _DATE_RE.search(line):
            return line
    return None


def council_in(text: str) -> str | None:
    """The issuing council named in ``text`` (a letterhead, an affiliation, a page title)."""
    return _council(text)


def _council(text: str) -> str | None:
    """A council named as a letterhead line or an affiliation ("Co-Chair, Hackney Council").

    Prose mentions ("... safeguarding in the London Borough of Hackney, highlighting ...")
    are about the subject, not the document's issuer: a name counts only at the start of a
    short line or table cell, or after a comma, dash or bar.
    """
    cells = [c for line in text.split("\n") for c in line.split("\t") if len(c) <= _CELL_MAX]
    # Letterheads are often in capitals: "NORTHBRIDGE BOROUGH COUNCIL".
    cells = [title_case(c.strip()) for c in cells]
    for pattern in _COUNCIL:
        for cell in cells:
            for match in pattern.finditer(cell):
                name = match.group(0).strip()
                before = cell[: match.start()].rstrip()
                if before and before[-1] not in ",-–—|:":
                    continue
                if name.split()[0] not in _NOT_PLACES or pattern is _COUNCIL[0]:
                    return name
    return None


def _decision_facts(meta: MeetingMetadata, labels: dict[str, str]) -> None:
    names = {
        "decision maker": "decision_maker",
        "decision status": "decision_status",
        "is key decision": "key_decision",
        "is subject to call in": "call_in",
    }
    for label, key in names.items():
        if label in labels:
            meta.extra[key] = labels[label]
    for label, key in (("date of decision", "decision_date"), ("publication date", "published")):
        if label in labels:
            meta.extra[key] = parse_date(labels[label]) or labels[label]
    if meta.date is None:
        meta.date = parse_date(meta.extra.get("decision_date"))


def _attendees(head: str) -> list[str]:
    names: list[str] = []
    for match in _PRESENT.finditer(head):
        names += _names(match.group("rest"), head[match.end() :])
    return _unique(names)


def _apologies(head: str) -> list[str]:
    names: list[str] = []
    for match in _APOLOGIES.finditer(head):
        label = match.group("label")
        rest = label if label is not None else _first_sentence(match.group("sentence"))
        names += _names(rest, head[match.end() :])
    return _unique(names)


def _first_sentence(text: str) -> str:
    """Cut at the first full stop that is not after an initial or a title ("Dr.")."""
    for found in re.finditer(r"\.(?:\s|$)", text):
        if not _INITIAL_OR_TITLE.search(text[: found.start()]):
            return text[: found.start()]
    return text


def _names(inline: str, following: str) -> list[str]:
    """Names listed inline after a label, or as the list/lines that follow it."""
    inline = inline.strip()
    lowered = inline.rstrip(".:").lower()
    if inline and not lowered.startswith("the following") and not lowered.endswith("following"):
        return _split_names(inline)
    names: list[str] = []
    for line in _joined_lines(following):
        if not line:
            continue  # list items are often separated by blank lines
        item = line.lstrip("-•·*– ").strip()
        people = _split_names(item) if ("," in item or " and " in item) else [_person(item)]
        if not people or None in people:
            break
        names += [p for p in people if p]
    return names


def _joined_lines(text: str) -> list[str]:
    """Lines, with a role in brackets that wraps onto the next line joined back up."""
    lines: list[str] = []
    for raw in text.split("\n")[:40]:
        line = raw.strip()
        if lines and lines[-1].count("(") > lines[-1].count(")"):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _split_names(text: str) -> list[str]:
    text = text.strip().rstrip(".")
    shared = ""
    prefix = re.match(r"^(Councillors|Cllrs)\s+", text, re.I)
    if prefix:
        shared = "Councillor " if prefix.group(1).lower() == "councillors" else "Cllr "
        text = text[prefix.end() :]
    people = []
    for part in _NAME_SPLIT.split(_ROLE.sub("", text)):
        person = _person(part, single_word=bool(shared))
        if person:
            people.append(shared + person if shared and not _TITLED.match(person) else person)
    return people


def _person(text: str, single_word: bool = False) -> str | None:
    """``text`` without its role in brackets, if what is left looks like a person's name.

    A bare single word only counts after "Councillors" ("Councillors Smith and Jones").
    """
    name = _ROLE.sub("", text).strip().rstrip(" .;,:")
    if not name or not _NAMEISH.match(name):
        return None
    words = name.split()
    if any(word in _NOT_NAME_WORDS for word in words):
        return None
    if len(words) == 1 and not single_word:
        return None
    return name


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _strip(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split()).strip(" .,:;-–—")
    return value or None


def _venue(value: str | None) -> str | None:
    value = _strip(value)
    return re.sub(r"^the\s+", "", value, flags=re.I) if value else None


def parse_date(text: str | None) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD`` (UK day-first for numeric dates)."""
    if not text:
        return None
    match = _DATE_RE.search(text)
    if not match:
        return None
    raw = re.sub(rf"^{_WEEKDAY},?\s+(?:the\s+)?", "", match.group(0), flags=re.I)
    raw = " ".join(raw.split())
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw)
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", raw)
    words = re.fullmatch(
        rf"(\d{{1,2}})\s?{ORDINAL_SUFFIX}?[”\"’]?\s+(?:day\s+of\s+)?(?:of\s+|o\s+)?({_MONTH})\.?,?\s+"
        r"(\d{4})",
        raw,
        re.I,
    )
    us = re.fullmatch(rf"({_MONTH})\.?\s+(\d{{1,2}}){ORDINAL_SUFFIX}?,?\s+(\d{{4}})", raw, re.I)
    try:
        if iso:
            value = date(int(iso[1]), int(iso[2]), int(iso[3]))
        elif numeric:
            value = date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
        elif words:
            value = date(int(words[3]), MONTHS[words[2].lower()], int(words[1]))
        elif us:
            value = date(int(us[3]), MONTHS[us[1].lower()], int(us[2]))
        else:
            return None
    except ValueError:  # "31 February": not a date the document can mean
        return None
    return value.isoformat()


def parse_time(text: str | None) -> str | None:
    """The first clock time in ``text`` as 24-hour ``HH:MM`` ("7.00 pm" -> "19:00")."""
    if not text:
        return None
    match = _TIME_RE.search(text)
    if not match:
        return None
    raw = match.group(0).lower()
    if "noon" in raw:
        return "12:00"
    parts = re.match(r"(\d{1,2})(?:[.:](\d{2}))?", raw)
    if parts is None:
        return None
    hour, minute = int(parts[1]), int(parts[2] or 0)
    if re.search(r"[ap]\.?\s*m", raw):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if raw.rstrip(". ").endswith(("pm", "p.m", "p m")) else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def without_front_matter(text: str) -> str:
    """Text copies of web pages may open with YAML front matter (``---`` ... ``---``)
    whose ``date`` is when the page was published: keep only its ``title`` line."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---", 4)
    if end < 0:
        return text
    block = text[4:end]
    title = re.search(r"^title:\s*[\"']?(?P<t>.*?)[\"']?\s*$", block, re.MULTILINE)
    rest = text[end + 4 :].lstrip("\n")
    return (title.group("t") + "\n\n" if title else "") + rest


def title_case(text: str) -> str:
    """Runs of words in capitals read as title case, so "CITY OF PORTLAND" is a name."""

    def title(match: re.Match[str]) -> str:
        words = match.group(0).title().split(" ")
        return " ".join(
            w.lower() if k and w in ("Of", "And", "The") else w for k, w in enumerate(words)
        )

    return _CAPITAL_RUN.sub(title, text)
