"""Meeting facts where the specific statements of :mod:`pipeline.ingest.metadata` are silent.

Councils word their headers in many ways; this module reads the header lines for the
facts every meeting document carries somewhere:

- kind: a header line naming the document ("CITY COUNCIL AGENDA FOR OCTOBER 16, 2012",
  "*** AGENDA ***", "Council Meeting Minutes"), an officer's report ("Agenda Item 166"
  over "Purpose of Report"), a meeting report; else the record of business done
  ("Moved by", "Carried", "Present") marks minutes. An agenda followed by other papers
  (the previous minutes, reports) is an agenda pack;
- date: a header line that dates the meeting ("... Meeting 21 February 2017", a date on
  a line of its own under the title, "THIS 12TH DAY OF JANUARY, 2011"), never a
  publication date ("Published", "Posted", front matter); month-first numeric dates when
  the document writes dates month-first; the file name only as a last resort;
- council: the issuing council as its header names it ("City of Omaha", "Township of
  Nipissing", "Stoke Ferry Parish Council"), not a county mentioned in passing; else
  the council the text names most often;
- body: a full council meeting's body is its council ("City Council", "Parish Council",
  "Council").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

from pipeline.ingest.metadata import (
    DATE_RE,
    document_head,
    extract_metadata,
    parse_date,
    parse_time,
    title_case,
)
from pipeline.ingest.verbatim import chamber, is_verbatim_record
from pipeline.models import Document, DocumentKind, MeetingMetadata
from pipeline.text import MONTH_PATTERN, wordset

_TOP_LINES = 80
_YEAR = r"(?:19|20)\d{2}"
# A numeric date, to read month-first where the document writes dates so.
_WEEKDAY_LEAD = re.compile(r"^[A-Za-z]+day,?\s+(?:the\s+)?", re.IGNORECASE)
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})$")
# Welsh: "cyfarfod" (meeting, "gyfarfod" mutated), "cynhaliwyd" (was held), "cofnodion"
# (minutes), "rhaglen" (agenda).
_MEETING_WORDS = re.compile(
    r"\b(?:meeting|minutes|agenda|held|session|hearing|convened|assembled"
    r"|c?yfarfod|g?ynhaliwyd|cofnodion|rhaglen)\b",
    re.IGNORECASE,
)
_NOT_MEETING_DATE = re.compile(
    r"\b(?:published|publication|posted|issued|printed|dated|signed|approved|circulated"
    r"|despatched|dispatched|amended|revised|updated|deadline|next\s+meeting|previous"
    r"|last\s+meeting|date\s+of\s+next)\b",
    re.IGNORECASE,
)
_TIME_CHARS = 4000
# A date with its month named: a title's date, not a stamp.
_LONG_DATE = re.compile(rf"\b(?:{MONTH_PATTERN})\b", re.IGNORECASE)
_STARTED_AT = re.compile(
    r"\b(?:(?:called|came)\s+(?:the\s+(?:\w+\s+){0,2}?meeting\s+)?to\s+order|(?:starting|commencing|beginning)|convened)\s+at\s+"
    r"(?P<time>\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?\s*m\b|\d{1,2}[.:]\d{2}|noon)",
    re.IGNORECASE,
)
_FILE_KIND_WORDS = wordset(
    """minutes agenda agendas pack report decisions decision captions caption transcript
    whisper video audio meeting special regular and"""
)
_FILE_BODY_NOUNS = wordset(
    "board committee commission council cabinet panel authority assembly forum"
)
_FILE_DATE = re.compile(
    rf"(?P<y>{_YEAR})[-_.]?(?P<m>0[1-9]|1[0-2])[-_.]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)

# "City of Omaha", "Township of Nipissing", "The Corporation of the Township of X".
_OF_COUNCIL = re.compile(
    r"\b(?P<type>City|Town|Township|Village|County|Municipality|Borough|District|Parish"
    r"|City\s+and\s+County)\s+of\s+(?P<place>(?:[A-Z][\w'’.-]+|of|the)(?:\s+(?:[A-Z][\w'’.-]+|of"
    r"|the))*)",
)
# "Stoke Ferry Parish Council", "Guelph City Council", "Napier City Council".
# "Manordeilo and Salem Community Council", "Kingston upon Thames", "West of England
# Combined Authority": small words join a place's capitalised words.
_PLACE_WORDS = (
    r"(?:[A-Z][\w'’.-]+\s+(?:(?:and|upon|on|under|&)\s+"
    r"|(?:(?<=West )|(?<=East )|(?<=North )|(?<=South )|(?<=Isle )|(?<=Vale ))of\s+)?){1,5}?"
)
_NAMED_COUNCIL = re.compile(
    rf"\b(?P<place>{_PLACE_WORDS})(?P<type>(?:Metropolitan\s+)?(?:Parish|Town|City"
    r"|District|Borough|County|Regional|Village|Community|Unitary|Township|Shire|Municipal)"
    r"\s+Council|Combined\s+Authority|Fire\s+(?:and\s+Rescue\s+)?Authority"
    r"|National\s+Park\s+Authority|District\s+Health\s+Board)\b"
)
# A US special district: "San Juan Unified School District", "Sacramento Metropolitan Fire
# District", "Regional Transportation District".
_SPECIAL_DISTRICT = re.compile(
    r"\b(?P<place>(?:[A-Z][\w'’.-]+\s+){1,4}?)(?P<type>(?:(?:Unified|Union|Elementary|High)"
    r"\s+)?School\s+District|Community\s+College\s+District|(?:Water|Fire|Fire\s+Protection"
    r"|Transportation|Transit|Sanitation|Irrigation|Utility|Utilities|(?:Recreation\s+(?i:and|&)"
    r"\s+)?Park|Hospital|Library)\s+District)\b"
)
# A Welsh council names its type first: "Cyngor Cymuned Manordeilo a Salem", "Cyngor Tref
# Aberteifi", "Cyngor Sir Ceredigion" (community, town, city, county, county borough).
_WELSH_COUNCIL = re.compile(
    r"\b(?P<type>Cyngor[ \t]+(?:Cymuned|Tref|Dinas|Sir|Bwrdeistref[ \t]+Sirol))[ \t]+"
    r"(?P<place>[A-Z][\w'’.-]+(?:[ \t]+(?:(?i:a|ac|y|yr)[ \t]+)?[A-Z][\w'’.-]+){0,4})"
)
# A US township's or county's board: "Crete Township Board" -> "Crete Township".
_BOARD_OF_PLACE = re.compile(
    r"\b(?P<place>(?:[A-Z][\w'’.-]+\s+){1,3}?)(?P<type>Township|County|Village)"
    r"(?=\s+(?:Board|Commission|Trustees)\b)"
)
_CONNECTORS = wordset("and upon on under & of")
# First words that make "X City Council" a meeting's name, not a place's council.
_NOT_PLACE = frozenset(
    [
        "the",
        "this",
        "that",
        "a",
        "an",
        "full",
        "regular",
        "special",
        "ordinary",
        "extraordinary",
        "annual",
        "joint",
        "whole",
        "meeting",
        "minutes",
        "agenda",
        "draft",
        "official",
        "our",
        "your",
        "their",
        "members",
        "member",
        "pre",
        "schedule",
    ]
)
# "the Town Council": a council speaking of itself without its place's name.
_OWN_COUNCIL = re.compile(
    r"\b(?:the|this)\s+(?P<type>Town|Parish|City|Village|Community)\s+Council\b"
)
# A council's own address: "clerk@bristol.gov.uk", "www.bristol.gov.uk" (one word, no hyphen).
_GOV_UK = re.compile(r"(?:@|\bwww\.)(?P<place>[a-z]{3,})\.gov\.uk\b", re.IGNORECASE)
_TITLE_OPENING = re.compile(
    r"^(?:(?:draft|unconfirmed|confirmed)\s+)?(?:minutes|agenda|notice)\b"
    r"|^(?:\w+\s+){0,2}meeting\s+of\b",
    re.IGNORECASE,
)
_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+|a\s+)?(?:(?:city|town)\s+of\s+)?$", re.IGNORECASE)
_TOWN_HALL = re.compile(r"\b(?P<place>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}) Town Hall\b")
_CITY_HALL = re.compile(r"\bcity\s+(?:hall|council\s+chambers?)\b", re.IGNORECASE)
_US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia"
    "|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland"
    "|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada"
    "|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma"
    "|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah"
    "|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|[A-Z]{2}"
)
# "Burbank, California 91502", "Des Moines, IA 50309": a US address's city line.
_US_ADDRESS = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){{0,3}}),\s*(?:{_US_STATES})\.?"
    r"\s+\d{5}(?:-\d{4})?\s*$"
)
_COUNTY_TYPES = ("County", "Regional", "Unitary", "Sir")  # Welsh "Cyngor Sir": a county
# Words that make a run of capitals a phrase, not a place's name.
_NOT_NAME = frozenset(
    [
        "to",
        "of",
        "be",
        "is",
        "it",
        "and",
        "or",
        "for",
        "by",
        "with",
        "at",
        "in",
        "on",
        "pursuant",
        "staff",
        "report",
        "resolution",
        "ordinance",
        "item",
        "items",
        "agenda",
        "minutes",
        "meeting",
    ]
)
_BODY_OF_TYPE = {
    "parish": "Parish Council",
    "town": "Town Council",
    "city": "City Council",
    "village": "Village Council",
    "community": "Community Council",
    "borough": "Council",
    "district": "Council",
    "county": "Council",
    "regional": "Council",
    "township": "Council",
    "municipality": "Council",
    "shire": "Council",
}
# A header line naming the kind of document. Decisions and reports name themselves at the
# start of their title line ("Decision Recording Form", "Record of Decisions", "Committee
# Report"); elsewhere in a line those words are an item's subject.
_KIND_LINE = [
    (
        re.compile(
            r"^(?:(?:the\s+)?(?:record|notice|schedule|register|summary|list)\s+of\s+(?:\w+\s+){0,2}"
            r"decisions?\b|decisions?\s+(?:recording\s+form|notice|sheet|list|record|schedule"
            r"|summary)\b|decisions?\s+(?:taken|made|determined)\s+(?:at|by)\b|decisions$)",
            re.I,
        ),
        "decision",
    ),
    (
        re.compile(
            r"^(?:committee|officers?'?|staff|cabinet|council|board|director'?s?)\s+report$", re.I
        ),
        "report",
    ),
    (re.compile(r"\b(?:agenda|reports?)\s+(?:reports?\s+)?pack(?:age)?\b", re.I), "agenda_pack"),
    (re.compile(r"\b(?:minutes|cofnodion)\b", re.I), "minutes"),  # Welsh "cofnodion"
    # "NOTICE OF BOARD FINANCE & AUDIT COMMITTEE MEETING", "NOTICE & AGENDA": a meeting
    # announced with its business is an agenda.
    (
        re.compile(
            r"^notice\s+(?:&|and)\s+agenda\b|^notice\s+of\s+(?:(?:the|a|an)\s+)?"
            r"(?:[\w&,'’-]+\s+){0,8}?(?:meeting|committee|board|commission|council)\b",
            re.I,
        ),
        "agenda",
    ),
    (re.compile(r"\b(?:agenda|rhaglen)\b(?!\s+items?\b)", re.I), "agenda"),  # Welsh "rhaglen"
    (re.compile(r"\bmeeting\s+report\b|\breport\s+(?:of|to|by)\s+the\b", re.I), "report"),
]
_NOT_KIND_LINE = re.compile(
    r"^(?:\d{1,3}[.)]?\s|[a-z][.)]\s)|approv(?:al|e|es|ing)\s+(?:of\s+)?(?:the\s+)?(?:consent\s+)?"
    r"(?:agenda|minutes)|minutes\s+of\s+(?:the\s+)?(?:previous|last)|agenda\s+items?"
    r"|view\s+\w+|online|\bon\s+the\s+agenda\b|\bmay\s+act\b",
    re.IGNORECASE,
)
_RECORD = re.compile(
    r"\b(?:moved\s+by|seconded\s+by|carried|motion\s+(?:carried|passed|failed)"
    r"|resolved\s*:?\s*that"
    r"|it\s+was\s+(?:agreed|resolved)|(?:all|members|councillors)\s+agreed|resolved\s+to"
    r"|were\s+present|present\s*:|^present$|apologies\s+(?:were\s+)?received"
    r"|the\s+meeting\s+(?:closed|ended|adjourned))(?!\w)",
    re.IGNORECASE | re.MULTILINE,
)
_REPORT_SECTIONS = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:purpose\s+of\s+(?:the\s+)?report|executive\s+summary"
    r"|recommendations?|background|financial\s+implications|legal\s+implications)\s*:?$",
    re.IGNORECASE | re.MULTILINE,
)
_ITEM_LABEL = re.compile(r"^(?:agenda\s+)?item\s+(?:no\.?\s*)?\d{1,3}[a-z]?$", re.I | re.M)
# A paper's title at the top of a page: "MINUTES", "Minutes of the ...", "REPORT TO ...".
_EMBEDDED = re.compile(
    r"^(?:DRAFT\s+|UNCONFIRMED\s+)?MINUTES\b|^(?:Draft\s+)?Minutes\s+of\s+(?:the|a|an)\b"
    r"|^(?:STAFF|OFFICER'?S?)\s+REPORT\b|^REPORT\s+(?:TO|OF)\b"
)
_MINUTES_OF = re.compile(
    r"^(?i:(?:(?:draft|confirmed|unconfirmed)\s+)?(?:minutes|agenda)\s+(?:of|for)\s+(?:the\s+)?"
    r"(?:(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?)?)(?P<body>[A-Z][\w&,'’ -]{2,80}?"
    r"(?:Sub-Committee|Committee|Board|Panel|Cabinet|Commission|Forum|Executive|Assembly))\b"
)
# "Minutes of the Enniscorthy Municipal District Meeting held on ...", "A meeting of the
# Planning Committee will be held on ...".
_MEETING_OF_HELD = re.compile(
    r"^(?i:(?:(?:draft|confirmed|unconfirmed)\s+)?minutes\s+of\s+(?:the|a|an)\s+)"
    r"(?P<body>[A-Z][\w&,'’ -]{2,80}?)\s+(?i:meeting\s+held)\b"
    r"|\b(?i:meeting\s+of\s+(?:the\s+)?)(?P<named>[A-Z][\w&,'’ -]{2,80}?(?:Sub-Committee"
    r"|Committee|Board|Panel|Cabinet|Commission|Forum|Executive|Assembly|Council))"
    r"\s+(?i:(?:will|is\s+to|was)\s+be\s+held|to\s+be\s+held|will\s+be\s+held"
    r"|has\s+been\s+called)\b"
)
# "Decision determined at Transport & Connectivity Policy Committee meeting on 15 May 2025"
_AT_MEETING = re.compile(
    r"\b(?:at|by)\s+(?:the\s+|a\s+)?(?P<body>[A-Z][\w&,'’ -]{2,80}?(?:Sub-Committee|Committee"
    r"|Board|Panel|Cabinet|Commission|Forum|Executive|Assembly|Council))\s+meeting\s+"
    r"(?:held\s+)?on\b"
)
# A title line naming the body before the kind: "Amenities, Leisure and Community Services
# Minutes | Tuesday 13th March 2018", "Planning Commission Agenda", "CITY COUNCIL AGENDA".
_BODY_BEFORE_KIND = re.compile(
    r"^(?P<body>[A-Z][\w&,'’ -]{2,100}?)\s*[-–—:|]?\s+(?i:(?:draft|approved|confirmed"
    r"|unconfirmed|signed|amended|revised|supplemental|final)\s+)?"
    r"(?i:(?:(?:regular|special|ordinary|extraordinary|annual)\s+)?"
    r"(?:meeting\s+)?(?:minutes|agenda))\b"
    r"(?=\s*$|\s*[|:,(–—-]|\s+(?i:for|of|on)\b|\s+\d|\s+[A-Z][a-z]+day\b)"
)
# "BOARD OF DIRECTORS - REGULAR MEETING": a body, a dash, the meeting.
_BODY_DASH_MEETING = re.compile(
    r"^(?P<body>[A-Z][\w&,'’ ]{2,80}?)\s+[-–—:|]\s+(?i:(?:(?:regular|special|ordinary"
    r"|extraordinary|annual|adjourned)\s+)?meeting)$"
)
# "MEASURE AV OVERSIGHT COMMITTEE ADJOURNED REGULAR MEETING": a body's name, then the meeting.
_BODY_MEETING = re.compile(
    r"^(?P<body>[A-Z][\w&,'’ ]{2,80}?(?i:Committee|Commission|Board|Authority|Panel))\s+"
    r"(?i:(?:(?:regular|special|ordinary|extraordinary|annual|adjourned)\s+)+meeting)$"
)
# "The Board of Directors of the Fair Oaks Water District holds its Regular Board Meetings".
_DISTRICT_BOARD = re.compile(r"\bBoard\s+of\s+(?:Directors|Trustees|Education|Commissioners)\b")
# "Notice of Board Policy Committee": the notice is not part of the body's name.
_NOTICE_OF = re.compile(r"^notice\s+of\s+(?:the\s+)?", re.IGNORECASE)
_BODY_NOUN = re.compile(
    r"\b(?:Sub-Committee|Committee|Board|Panel|Cabinet|Commission|Forum|Executive|Assembly"
    r"|Council)$",
    re.IGNORECASE,
)
# "Board of Education", "Committee of the Whole": a body named by its noun first.
_BODY_OF = re.compile(r"^(?:Board|Committee|Commission|Council)\s+of\s+[A-Z]", re.IGNORECASE)
# Words that name a full council's meeting, not a committee ("Regular City Council").
_GENERIC_BODY_WORDS = wordset(
    """the a full regular special ordinary extraordinary annual meeting council city town
    parish village community borough district county of and draft approved confirmed
    unconfirmed signed official public amended revised supplemental supplementary updated
    cancelled canceled final tentative adjourned continued"""
)
# A sentence, not a title: "That the minutes of the regular Council Meeting ... be adopted".
_NOT_TITLE_START = wordset("that this these it to we all any no")
_SMALL_WORDS = wordset("and of the for on in &")
# An item of business: "4.", "12/24", "A."; not a street address ("3738 Walnut Avenue").
_NUMBERED_LINE = re.compile(r"^(?:\d{1,3}(?:[./-]\d+)*[.):]?|[A-Z][.)])\s+\S")
_KIND_FIRST = re.compile(r"^(?:\w+\s+){0,2}(?:minutes|agenda)\b", re.IGNORECASE)
_ATTENDED = re.compile(r"^(?:(?:councillors|members)\s+)?present\s*:", re.IGNORECASE)
_PRESENT = re.compile(r"^(?:present|attendance|in attendance)\b", re.IGNORECASE)
# "AGENDA" or "MINUTES" as a line of its own: the document's title.
_KIND_WORD = re.compile(r"^(?:agenda|minutes|cofnodion|rhaglen)$", re.IGNORECASE)
_DECORATION = re.compile(r"^[\s*#_=~-]+|[\s*#_=~-]+$")


def refine(meta: MeetingMetadata, document: Document, head: str) -> None:
    """Fill the facts :mod:`~pipeline.ingest.metadata` left empty (see module doc)."""
    lines = _header_lines(head)
    if meta.kind not in ("decision", "agenda_item", "agenda_pack"):
        meta.kind = _kind(lines, head, document) or meta.kind
    if meta.kind == "agenda" and _is_pack(document):
        meta.kind = "agenda_pack"
    if meta.kind not in ("decision", "agenda_item") and is_verbatim_record(document.text):
        meta.kind = "transcript"  # a Hansard: speaker turns, written down
        if meta.council is None and (named := chamber(head)) is not None:
            meta.council, meta.body = named[0], meta.body or named[1]
    council, strong = _council(lines, document.text)
    if council and _replaces(council, strong, meta.council, "\n".join(lines[:15])):
        meta.council = council
    us = _month_first(head)
    found, where = _date(lines, us)
    if found and (meta.date is None or where < _line_of(lines, meta.date, us)):
        meta.date = found  # the header's own statement comes before any later date
    if meta.time is None and meta.date:
        meta.time = _time_with(lines, meta.date, us) or _time_stated(head)
    meta.date = meta.date or file_date(document.path)
    if meta.body is not None and (not _body_like(meta.body) or _KIND_WORD.match(meta.body)):
        meta.body = None  # a date, a sentence or the kind caught as a name ("Agenda")
    if meta.kind != "agenda_item":
        stated = _body_statement(lines, meta.council)
        if stated and (meta.body is None or _completes(stated, meta.body)):
            meta.body = stated
    if meta.body is None and meta.kind not in ("decision", "agenda_item"):
        meta.body = _council_body(lines, meta.council)
    elif meta.body is not None:
        # "Milburn Parish Council A.G.M", "Extraordinary Meeting of Council": the council
        # itself meets, so the body is its full council ("Parish Council", "Council").
        meta.body = _as_body(meta.body, meta.council) or meta.body
    board = None if _council_header(lines) else _board(lines)
    if board is not None and _unnamed_body(meta.body):
        meta.body = board  # "BOARD OF WATER AND POWER COMMISSIONERS" heads its agenda


def _header_lines(head: str) -> list[str]:
    out = []
    for raw in head.split("\n"):
        line = _DECORATION.sub("", raw).strip()
        if line:
            out.append(line)
        if len(out) >= _TOP_LINES:
            break
    return out


# --- kind -----------------------------------------------------------------------------


def _kind(lines: list[str], head: str, document: Document) -> DocumentKind | None:
    """The kind a header line names; else minutes when the text records business done,
    an agenda when it announces a meeting; ``None`` when nothing says."""
    if _is_report(head):
        return "report"
    for line in lines:
        if _NUMBERED_LINE.match(line) or _PRESENT.match(line):
            break  # the business or the attendance starts: the title is above
        alone = _KIND_WORD.match(line)
        if alone:
            return "minutes" if alone.group(0).lower() in ("minutes", "cofnodion") else "agenda"
    for index, line in enumerate(lines[:25]):
        if _NUMBERED_LINE.match(line):
            break  # the business starts: item titles say nothing of the document's kind
        title = index == 0 or _KIND_FIRST.match(line)  # "DRAFT MINUTES OF THE ... MEETING"
        if title:
            line = " ".join(line.split()[:12])  # a title running into the text (flattened)
        if len(line.split()) > 14 or _NOT_KIND_LINE.search(line):
            continue
        for pattern, kind in _KIND_LINE:
            if pattern.search(line):
                return kind  # type: ignore[return-value]
    # Who attended, or business recorded as done: minutes (an agenda knows neither).
    if (
        any(_ATTENDED.match(line) for line in lines)
        or len(_RECORD.findall(document.text[:20000])) >= 2
    ):
        return "minutes"
    if any(_MEETING_WORDS.search(line) for line in lines[:15]) and _date(lines, False)[0]:
        return "agenda"
    return None


def _is_report(head: str) -> bool:
    """An officer's report for an agenda item, not an agenda."""
    return bool(_ITEM_LABEL.search(head[:1500]) and _REPORT_SECTIONS.search(head))


def _is_pack(document: Document) -> bool:
    """An agenda followed by other papers: later pages open with minutes or a report."""
    if len(document.pages) < 5:
        return False
    for page in document.pages[1:]:
        top = document.text[page.start : page.end].lstrip()[:200].split("\n")[:3]
        if any(_EMBEDDED.match(_DECORATION.sub("", line)) for line in top):
            return True
    return False


# --- date -----------------------------------------------------------------------------


def _date(lines: list[str], us: bool) -> tuple[str | None, int]:
    """The meeting date of the header and its line, weighed from the evidence around each
    dated line: a line naming the meeting ("... Meeting held on 21 February 2017") or a
    date on a line of its own in the title block count for it; being near the top, a
    long form ("January 14, 2020") over a numeric stamp ("01/28/2020") too; an item of
    the business ("1. Minutes of the meeting, December 13, 2017") or a publication date
    counts against it."""
    best: tuple[float, str, int] | None = None
    for index, line in enumerate(lines):
        stated = bool(_MEETING_WORDS.search(line))
        alone = index < 25 and _mostly_date(line)
        if not (stated or alone) or _NOT_MEETING_DATE.search(line):
            continue
        found = find_date(line, us)
        if not found:
            continue
        score = 2.0 * stated + 1.5 * alone - 0.05 * index
        if _LONG_DATE.search(line):
            score += 1.0
        if _NUMBERED_LINE.match(line):
            score -= 2.0
        if best is None or score > best[0]:
            best = (score, found, index)
    return (best[1], best[2]) if best else (None, len(lines))


def _line_of(lines: list[str], iso: str, us: bool) -> int:
    """The first header line holding date ``iso`` (past the end when none does)."""
    for index, line in enumerate(lines):
        if find_date(line, us) == iso:
            return index
    return len(lines)


def _time_with(lines: list[str], iso: str, us: bool) -> str | None:
    """The start time stated with the meeting date: on the date's line ("12 September 2024
    at 5.00 pm"), the line under it, or the title block's lines just above it ("5:30 p.m.
    Closed Session" / "7:00 p.m. Regular Business" / "December 12, 2022"): the first."""
    index = _line_of(lines, iso, us)
    for line in lines[max(0, index - 3) : index + 2]:
        if _NOT_MEETING_DATE.search(line):
            continue
        time = parse_time(line)
        if time:
            return time
    return None


def _time_stated(head: str) -> str | None:
    """The start time a minutes' opening states: "The meeting was called to order at 6:30
    p.m.", "... was held on Tuesday, June 20, 2023 starting at 6:30 p.m."."""
    match = _STARTED_AT.search(" ".join(head[:_TIME_CHARS].split()))
    return parse_time(match["time"]) if match else None


def _mostly_date(line: str) -> bool:
    """A header line that is a date, perhaps with its weekday and time; not a sentence."""
    match = DATE_RE.search(line)
    if not match or line.rstrip().endswith("."):
        return False
    rest = (line[: match.start()] + " " + line[match.end() :]).split()
    return len(rest) <= 5


def find_date(text: str, us: bool = False) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD``, in the forms
    :func:`~pipeline.ingest.metadata.parse_date` reads; numeric dates month-first when
    ``us`` or when day-first cannot be ("1/14/2022")."""
    for match in DATE_RE.finditer(text):
        raw = _WEEKDAY_LEAD.sub("", match.group(0))
        numeric = _NUMERIC.match(raw)
        if numeric:
            a, b, year = int(numeric["a"]), int(numeric["b"]), int(numeric["y"])
            month, day = (a, b) if us or b > 12 else (b, a)
            iso = _iso(year, month, day)
        else:
            iso = parse_date(raw)
        if iso:
            return iso
    return None


def file_date(path: str) -> str | None:
    """A date in the file's name ("agenda-2021-10-18.pdf", "20230328.tsv"), if any."""
    match = _FILE_DATE.search(Path(path).name)
    return _iso(int(match["y"]), int(match["m"]), int(match["d"])) if match else None


def body_in_file_name(path: str) -> str | None:
    """A body named in the file's name ("planning-advisory-board-2023-06-21.srt" ->
    "Planning Advisory Board"): the words before the first date or kind word, when they
    end in a body's noun. The last resort, as for the date."""
    words = re.split(r"[-_.\s]+", Path(path).stem.lower())
    name: list[str] = []
    for word in words:
        if not word.isalpha() or word in _FILE_KIND_WORDS:
            break
        name.append(word)
    if not name or name[-1] not in _FILE_BODY_NOUNS:
        return None
    return " ".join(word.capitalize() for word in name)


def _month_first(head: str) -> bool:
    """The document writes dates month-first ("October 18, 2021")."""
    forms = [_WEEKDAY_LEAD.sub("", m.group(0))[:1] for m in DATE_RE.finditer(head)]
    return sum(f.isalpha() for f in forms) > sum(f.isdigit() for f in forms)


def _iso(year: int, month: int, day: int) -> str | None:
    from datetime import date

    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# --- council and body -----------------------------------------------------------------


def _council(lines: list[str], text: str) -> tuple[str | None, bool]:
    """The council the header names (strong), else the one the text names most often.

    A letterhead may name an authority that is not a council ("San Juan Water District",
    "Regional Transportation District", :func:`_districts`), or wrap a name over two lines
    ("CITY OF" / "ROLLING HILLS ESTATES ...")."""
    for line in lines[:15]:
        # A letterhead or title line names the council first; prose mentions it later.
        found = [name for name in _names(line) + _districts(line) if _leads(line, name)]
        if found:
            return found[0], True
    wrapped = _wrapped_city_of(lines[:15])
    if wrapped:
        return wrapped, True
    # The council's own address in the header outranks names its business mentions.
    domain = _domain_council("\n".join(lines[:40]))
    if domain:
        place = domain.split()[0]
        named = [name for name in _names(text[:60000]) if name.split()[0] == place]
        return (named[0] if named else domain), False
    # A name the text repeats; one mention in passing is about a subject, not the issuer.
    counts: Counter[str] = Counter(
        {name: n for name, n in Counter(_names(text[:60000])).items() if n >= 2}
    )
    own_type = _own_type(text[:60000])
    if own_type:  # "the Town Council" speaks of itself: another type is another council
        counts = Counter({name: n for name, n in counts.items() if own_type in name.split()})
    if not counts:
        if own_type == "Town":
            return _town_hall_council(lines[:25]), False
        return _city_hall_council(lines[:25]), False
    local = [name for name in counts if not _county(name)]
    pool = local or list(counts)
    return max(pool, key=lambda n: (counts[n], -text.find(n))), False


# A board heading its papers: "Board of Water and Power Commissioners", "Sacramento
# County Board of Education Meeting Agenda", "Board of Education Agenda".
_BOARD = re.compile(
    r"^(?:the\s+)?(?P<body>(?:[A-Z][\w.'’-]+\s+){0,3}?Board\s+of\s+[A-Z][\w'’-]+"
    r"(?:\s+(?:[A-Z][\w'’-]+|and|&)){0,4}?)"
    r"(?=\s*$|\s+[-–—|:]|\s+(?:Meeting|Agenda|Minutes|Regular|Special)\b)"
)


def _unnamed_body(body: str | None) -> bool:
    """No body, only the full council's generic name, or no body's noun at all."""
    return body is None or body in ("Council", "City Council") or not _BODY_NOUN.search(body)


def _council_header(lines: list[str]) -> bool:
    """The header names a council meeting ("CITY COUNCIL", "Town Council Agenda")."""
    return any(re.search(r"\bcouncil\b", line, re.IGNORECASE) for line in lines[:15])


def _board(lines: list[str]) -> str | None:
    """The longest "Board of X" a header line opens with, if any."""
    found = [
        " ".join(m["body"].split())
        for line in lines[:15]
        if (m := _BOARD.match(title_case(line))) is not None
    ]
    return max(found, key=len) if found else None


_OF_ALONE = re.compile(r"^(?P<type>city|town|village|county|borough)\s+of$", re.IGNORECASE)
_PLACE_LEAD = re.compile(r"^(?P<place>[A-Za-z][A-Za-z'’.-]*(?:\s+[A-Za-z][A-Za-z'’.-]*){0,3})")


def _wrapped_city_of(lines: list[str]) -> str | None:
    """A letterhead whose "CITY OF" stands on a line above the place ("CITY OF" /
    "ROLLING HILLS ESTATES 4045 PALOS VERDES DRIVE NORTH ...") -> "City of Rolling Hills
    Estates": the place is the words before the address's number."""
    for above, line in itertools.pairwise(lines):
        match = _OF_ALONE.match(above.strip())
        if match is None:
            continue
        place = re.split(r"\s+(?=\d)|\s*[•|,]", line.strip(), maxsplit=1)[0]
        lead = _PLACE_LEAD.match(place)
        if lead and len(lead["place"]) == len(place):
            return f"{match['type'].title()} of {title_case(place).strip()}"
    return None


def _districts(line: str) -> list[str]:
    """A US special district issuing the document ("San Juan Water District", "Los Rios
    Community College District"), from a header line only: the text's mentions of a
    school or water district are the business, not the issuer."""
    out = []
    for match in _SPECIAL_DISTRICT.finditer(title_case(line)):
        place = match["place"].split()
        while place and (place[0].lower() in _NOT_PLACE or place[0].lower() in _CONNECTORS):
            place = place[1:]
        if place:
            out.append(f"{' '.join(place)} {' '.join(match['type'].split())}")
    return out


def _own_type(text: str) -> str | None:
    """The type of council a document calls itself by ("the Town Council", "the Parish
    Council", at least twice), when it calls itself so and by no other type."""
    types = Counter(m["type"].title() for m in _OWN_COUNCIL.finditer(text))
    common = [t for t, n in types.items() if n >= 2]
    return common[0] if len(common) == 1 else None


def _domain_council(header: str) -> str | None:
    """A UK council's name from its ``gov.uk`` address in the header
    ("policycommittees@bristol.gov.uk" -> "Bristol Council"): the last resort of a form
    whose letterhead is an image."""
    names = {m["place"].lower() for m in _GOV_UK.finditer(header)}
    return f"{names.pop().title()} Council" if len(names) == 1 else None


def _town_hall_council(lines: list[str]) -> str | None:
    """A town council that calls itself "the Town Council" and meets in its town hall
    ("Sutton Coldfield Town Hall" -> "Sutton Coldfield Town Council")."""
    places = {m["place"] for line in lines for m in _TOWN_HALL.finditer(line)}
    return f"{places.pop()} Town Council" if len(places) == 1 else None


def _city_hall_council(lines: list[str]) -> str | None:
    """A US city's own meeting held in its city hall or council chambers, whose address
    line names the city ("Burbank, California 91502" -> "City of Burbank")."""
    if not any(_CITY_HALL.search(line) for line in lines):
        return None
    places = {m["place"] for line in lines if (m := _US_ADDRESS.match(line))}
    return f"City of {places.pop()}" if len(places) == 1 else None


def _leads(line: str, name: str) -> bool:
    """``name`` opens ``line`` (after at most three words: "Minutes of Guelph City
    Council", "The Corporation of the Township of Nipissing") or the line is short."""
    start = title_case(line).find(name.split()[0])
    if len(line.split()) <= 12 or len(line[:start].split()) <= 3:
        return True
    # "MINUTES OF THE REGULAR MEETING OF THE CITY COUNCIL OF THE CITY OF HERMOSA BEACH",
    # "Minutes of a meeting of the Hawke's Bay Regional Council held on ...": a title.
    return bool(_TITLE_OPENING.match(line) and _OF_BEFORE.search(title_case(line)[:start]))


def _county(name: str) -> bool:
    return any(word in _COUNTY_TYPES for word in name.split())


def _replaces(found: str, strong: bool, stated: str | None, header: str) -> bool:
    """Whether ``found`` should replace the council metadata already ``stated``."""
    if stated is None:
        return True
    if found == stated:
        return False
    if strong and stated.lower() not in header.lower():
        return True
    words = stated.lower().replace("-", " ").split()
    if words[0] in _NOT_PLACE or "council" in words[:-1]:
        return True  # "Regular City Council", "Pre-Council and Regular City Council"
    return _county(stated) and not _county(found)


def _names(text: str) -> list[str]:
    """Council names in ``text``, in order ("City of X", "X Parish Council")."""
    found: list[tuple[int, str]] = []
    for match in _OF_COUNCIL.finditer(title_case(text)):
        place = re.sub(r"(?:\s+(?:of|the))+$", "", match["place"]).strip()
        place = re.split(r"\s+(?:Council|City|Meeting|Minutes|Agenda|Regular|Special)\b", place)[0]
        if place and place.split()[0].lower() not in _NOT_PLACE:
            kind = " ".join(match["type"].split())
            if (
                text[max(0, match.start() - 7) : match.start()]
                .lower()
                .endswith(("london ", "royal "))
            ):
                kind = text[match.start() - 7 : match.start()].strip().title() + " " + kind
            found.append((match.start(), f"{kind} of {place}"))
    for match in _WELSH_COUNCIL.finditer(title_case(text)):
        found.append((match.start(), f"{' '.join(match['type'].split())} {match['place']}"))
    for pattern in (_NAMED_COUNCIL, _BOARD_OF_PLACE):
        for match in pattern.finditer(title_case(text)):
            place = match["place"].split()
            while place and (place[0].lower() in _NOT_PLACE or place[0].lower() in _CONNECTORS):
                place = place[1:]
            inner = [word for word in place if word.lower() not in _CONNECTORS]
            if place and not any(word.lower() in _NOT_NAME for word in inner):
                name = f"{' '.join(place)} {' '.join(match['type'].split())}"
                found.append((match.start(), name))
    return [name for _, name in sorted(found)]


def _body_statement(lines: list[str], council: str | None) -> str | None:
    """The body the title block names: "Minutes of the Planning Committee held on ...",
    "Decision determined at Transport Committee meeting on ...", "Amenities Committee
    Minutes | Tuesday 13th March 2018". A title wrapped over two lines (PDFs) is read
    joined; a council's own name gives its full-council body ("Parish Council")."""
    top = lines[:15]
    for index, line in enumerate(top):
        following = top[index + 1] if index + 1 < len(top) else ""
        for text in (line, f"{line} {following}"):
            match = _MINUTES_OF.match(text) or _AT_MEETING.search(text)
            if match:
                return _as_body(match["body"], council)
            held = _MEETING_OF_HELD.search(text)
            body = held and _as_body(held["body"] or held["named"], council)
            if body:
                return body
    for line in top[:8]:
        if _NUMBERED_LINE.match(line) or _PRESENT.match(line) or _ATTENDED.match(line):
            break  # the title block ends where the business or the attendance starts
        match = (
            _BODY_BEFORE_KIND.match(line)
            or _BODY_DASH_MEETING.match(line)
            or _BODY_MEETING.match(line)
        )
        if (
            match
            and len(line.split()) <= 14
            and _title_words(match["body"])
            and match["body"].split()[0].lower() not in _NOT_TITLE_START
            and not _NOT_KIND_LINE.search(line)
        ):
            body = _as_body(match["body"], council)
            if body:
                return body
    return None


def _as_body(name: str, council: str | None) -> str | None:
    """A body's name as a title states it, without the council's name in front; a name
    that only says which council ("Stoke Ferry Parish Council", "Regular City Council")
    is that council's full meeting."""
    if council and _initials(name.strip(" ,-–—:|")) == _initials(council, of=True):
        return _council_body([], council)  # "GCC Meeting" of Garelochhead Community Council
    name = _NOTICE_OF.sub("", " ".join(title_case(name).split()).strip(" ,-–—:|"))
    if not name or re.search(r"\d", name):
        return None
    for found in _names(name):
        if name.startswith(found):
            rest = name[len(found) :].strip(" ,-–—:|")
            if not (_BODY_NOUN.search(rest) or _BODY_OF.match(rest)):
                return _council_body([], found)
            return rest if len(rest.split()) > 1 else name  # "Crete Township Board"
    words = [w for w in re.split(r"[\s,]+", name.lower()) if w]
    if all(w in _GENERIC_BODY_WORDS for w in words):
        if "council" not in words:
            return None
        return _council_body([name], council)
    return name


def _body_like(name: str) -> bool:
    """A body's name: a few words, most capitalised, no figures or dates; not a sentence
    fragment ("February 13, 2020", "will be held in the Council Chamber")."""
    words = name.split()
    if not words or len(words) > 12 or re.search(r"\d", name) or _LONG_DATE.search(name):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in _SMALL_WORDS)
    return words[0][:1].isupper() and capitalised * 10 >= len(words) * 8


def _initials(name: str, of: bool = False) -> str | None:
    """ "GCC" as written, or (``of``) the initials of a name ("Garelochhead Community
    Council" -> "GCC")."""
    if not of:
        return name if re.fullmatch(r"[A-Z]{2,6}", name) else None
    return "".join(w[0] for w in name.split() if w[:1].isupper()) or None


def _title_words(name: str) -> bool:
    """Every word capitalised but the small ones: a name, not a sentence."""
    return all(w[0].isupper() or w in _SMALL_WORDS for w in re.findall(r"[\w'’-]+", name))


def _completes(stated: str, current: str) -> bool:
    """``stated`` is the whole of a name ``current`` holds the last line of (a title
    wrapped over two lines: "Transport and Connectivity" / "Policy Committee")."""
    return len(stated) > len(current) and stated.lower().endswith(current.lower())


def _council_body(lines: list[str], council: str | None) -> str | None:
    """The body of a full council meeting: "City Council", "Parish Council", "Council"."""
    for line in lines[:25]:
        match = re.search(
            r"\b(?P<type>City|Town|Parish|Village|Township|Community)?\s*Council\b(?=\s+"
            r"(?i:meeting|minutes|agenda|session|of\s+the)\b|\s*$)",
            title_case(line),
        )
        if match:
            kind = (match["type"] or "").lower()
            return _BODY_OF_TYPE.get(kind, "Council") if kind else "Council"
    if council is None:
        return None
    if _SPECIAL_DISTRICT.search(council):
        # A district is governed by a board, not a council: the one its header names.
        for line in lines[:25]:
            board = _DISTRICT_BOARD.search(title_case(line))
            if board:
                return board.group(0)
    welsh = _WELSH_COUNCIL.match(council)
    if welsh:
        return " ".join(welsh["type"].split())  # "Cyngor Cymuned": in the council's language
    for word in council.replace(" of ", " ").split():
        body = _BODY_OF_TYPE.get(word.lower())
        if body:
            return body
    return "Council"


def meeting_facts(document: Document) -> MeetingMetadata:
    """Every meeting fact ``document`` states: the usual places, then the header's less
    formal statements (see module doc)."""
    meta = extract_metadata(document)
    refine(meta, document, document_head(document.text))
    return meta
