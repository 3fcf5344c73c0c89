"""Meeting facts of a transcript: council, body, date and start time from what is said.

A recording states its meeting out loud, usually in the chair's opening: "welcome to the
special meeting of the Oakland City Council", "I'm the chair of the Administration &
Enterprise Oversight Committee and I am going to call to order our regular meeting for
Monday, October 7th, 2024". Captions are often all lower or all upper case, so nothing
here relies on capitals.

Sources, per fact, in order (the first that states it wins):

1. what the file states (WebVTT header and NOTE lines, top-level JSON fields, lines above
   a plain-text transcript): read by the caller with the documents' metadata reader;
2. **the words** (:func:`spoken_facts`):

   - body: the name after "meeting of the", "session of the", "chair of the", "welcome to
     the", "call ... to order" in the opening (:data:`OPENING_CHARS`), ending in a body
     word (council, committee, board, commission, cabinet, panel ...); "Oakland City
     Council" gives the body "City Council" and the place "Oakland";
   - council: the place most often named as "City of X", "X City Council", "X Council",
     "Town of X", "X County" across the whole text (a proper name recurs; a mention of a
     neighbour does not), the place in the opening's body name counting most; written as
     the text names it ("City of Canada Bay", "Hackney Council"), "X City Council" as
     "City of X";
   - body when no name is said: the full council ("City Council" for a city whose
     speakers say so, else "Council") when the chair is addressed as mayor or "this
     council" is spoken of;
   - date: the first date in the opening said next to the meeting ("meeting for Monday,
     October 7th, 2024", "Tuesday, August 9", "the 28th of March"), not another day's
     ("the minutes of the meeting held on May 28", "our next meeting on April 28"); a
     date said without its year takes the year that puts it on the weekday said, among the years the
     transcript mentions and the years the companion file and file name give (Oakland's
     "Tuesday August 9" with "2022" said later is 2022-08-09); with no weekday, the
     context year, else the year the text mentions most;
   - time: "called to order at 6:02 p.m.", "it is now 10:03";
3. a **companion file** beside the transcript (:func:`companion_facts`): yt-dlp's
   ``NAME.info.json`` (title, description, channel), or ``NAME.meta.json`` /
   ``NAME.metadata.json`` / ``NAME.json`` with ``council``, ``body``, ``date`` keys;
4. the **file name**, last: a date written ``2025-03-04``, ``2025_03_04`` or ``20250304``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.facts import body_in_file_name
from pipeline.limits import load_json
from pipeline.models import MeetingMetadata
from pipeline.numbers import UNITS
from pipeline.text import MONTH_NAMES, WEEKDAY_NAMES
from pipeline.text import wordset as _word_set

OPENING_CHARS = 6000


COMPANION_MAX_BYTES = 2_000_000

_BODY_HEAD = (
    r"(?:city\s+council|town\s+council|county\s+council|borough\s+council|district\s+council"
    r"|parish\s+council|village\s+board|board\s+of\s+(?:supervisors|aldermen|trustees"
    r"|commissioners|selectmen|directors|education)|council|sub-?committee|committee"
    r"|commission|board|cabinet|panel|assembly|legislature)"
)
# A name: up to eight words (with "&", "and", "of" inside) ending in a body word.
_NAME = rf"(?P<name>(?:[\w'’&.-]+\s+){{0,8}}?{_BODY_HEAD})(?![\w-])"
_MEETING_PHRASES = [
    re.compile(rf"\b(?:meeting|session|sitting)\s+of\s+(?:the\s+)?{_NAME}", re.I),
    re.compile(
        rf"\b(?:chair|chairman|chairwoman|chairperson|president|convener)\s+of\s+(?:the\s+)?"
        rf"{_NAME}",
        re.I,
    ),
    re.compile(rf"\bwelcome\s+(?:back\s+)?to\s+(?:the\s+|this\s+|our\s+)?{_NAME}", re.I),
    re.compile(
        rf"\b(?:call|calling|called)\s+(?:the|this|our)\s+{_NAME}\s+(?:meeting\s+)?to\s+order",
        re.I,
    ),
]
# Words that open a name phrase but are not part of the body's name.
_NAME_LEAD = re.compile(
    r"^(?:(?:this|the|our|today'?s|tonight'?s|regular|special|ordinary|extraordinary|annual"
    r"|adjourned|concurrent|joint|full|monthly|weekly|scheduled|budget|public|virtual|hybrid"
    r"|remote|in-person|a|an|meeting|of|and|to|welcome|back|everyone|everybody|all)\s+)+",
    re.I,
)
_PLACE_BODY = re.compile(
    r"^(?P<place>.+?)\s+(?P<body>(?:city|town|county|borough|district|parish|village)\s+"
    r"(?:council|board|commission)|council|board\s+of\s+\w+|commission)$",
    re.I,
)
# Words that are never (the first or last word of) a place's name.
_NOT_PLACE = _word_set(
    """the a an this that these those our your their my his her its each every any all some
    other full local whole progressive neighbouring neighboring previous next same new city
    county town borough district parish village state regional metropolitan council councils
    committee board government mayor and or of to for in on at by with from as is are was
    were be been it we you they i he she if but so not no yes thank thanks please also
    hello good morning afternoon evening welcome members member staff public people
    special regular meeting agenda item items motion vote that's there here what which who
    about because before after since under over into than then now just only very really
    clerk chair madam mister mr mrs ms"""
)
_PLACE_OF = re.compile(
    r"\b(?:city|town|township|village|borough|county|shire|municipality)\s+of\s+"
    r"(?P<place>[\w'’.-]+(?:\s+[\w'’.-]+){0,2})",
    re.I,
)
# "X City Council", "X Council" (not "council members"): the words before are the place.
_COUNCIL_WORD = re.compile(
    r"\b(?:(?P<kind>city|town|county|borough|district|parish|shire|regional)\s+)?council\b"
    r"(?!s|\s*(?:members?|woman|man|person|president|chambers?|staff|meeting)\b)",
    re.I,
)
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, start=1)}
_WEEKDAYS = {d.lower(): i for i, d in enumerate(WEEKDAY_NAMES)}
_MONTH = r"(?P<month>" + "|".join(_MONTHS) + r")"
_DAY = (
    r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<dayword>(?:twenty|thirty)[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth)|" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + "))"
)
_WEEKDAY = r"(?:\b(?P<weekday>" + "|".join(_WEEKDAYS) + r"),?\s+(?:the\s+)?)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
# "Monday, October 7th, 2024", "Tuesday August 9", "the 28th of March 2023".
_SPOKEN_DATES = [
    re.compile(rf"{_WEEKDAY}\b{_MONTH}\s+(?:the\s+)?{_DAY}\b{_YEAR}", re.I),
    re.compile(rf"{_WEEKDAY}\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b{_YEAR}", re.I),
]
# Words before a date that make it this meeting's, and words that make it another day's.
_DATE_CONTEXT = re.compile(
    r"\b(?:meeting|session|today|tonight|this\s+(?:morning|afternoon|evening)|order"
    r"|welcome|convened?|it\s+is|it'?s)\b[^.?!]{0,40}$",
    re.I,
)
_OTHER_DAY = re.compile(
    r"\b(?:held|minutes|previous|last|next|upcoming|following|until|through|expires?|by|since"
    r"|after|before|from|scheduled|deadline|due|on\s+or)\b[^.?!]{0,25}$",
    re.I,
)
_YEARS = re.compile(r"(?<![\d$£€.,])(?:19[89]\d|20\d{2})(?![\d%])")
_START_TIME = re.compile(
    r"\b(?:to\s+order(?:\s+(?:at|is))?|it\s+is\s+now|it'?s\s+now"
    r"|it\s+is(?:\s+\w+day,[^.?!]{4,30}?\d{4},)?|the\s+time\s+is(?:\s+now)?)\s+"
    r"(?:(?P<time>\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s*m\b\.?)?|\d{1,2}\s*[ap]\.?\s*m\b\.?)"
    r"|(?P<hour>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
    r"\s+(?:o'?clock\b|(?=[ap]\.?\s?m\b)))",
    re.I,
)
# The full council sits: its mayor is addressed, or "this council" is spoken of.
_FULL_COUNCIL = re.compile(
    r"\b(?:mr\.?|mister|madam|madame|lord|deputy|your\s+worship)\s+mayor\b|\bthank\s+you,?\s+mayor\b"
    r"|\b(?:this|our)\s+(?:city\s+)?council\b(?!\s+(?:members?|chambers?|meeting))",
    re.I,
)
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_PLACE_KINDS = frozenset(["city", "town", "county", "borough", "district", "parish", "village"])
_SMALL_WORDS = frozenset(["of", "and", "the", "for", "on", "in", "at", "to", "a", "an"])


@dataclass
class SpokenFacts:
    """What the words of a transcript say about its meeting (``None`` where silent)."""

    council: str | None = None
    body: str | None = None
    date: str | None = None
    time: str | None = None


def transcript_metadata(
    path: Path, stated: MeetingMetadata, text: str, first_cue: float | None = None
) -> MeetingMetadata:
    """``stated`` (what the file says) completed from the words, a companion file and the
    file name, in that order (see the module docstring). ``first_cue``: the seconds of
    the first caption, a clock time when captions are stamped with the time of day."""
    meta = stated.model_copy(deep=True)
    companion = companion_facts(path)
    file_date = date_in_file_name(path.name)
    context_years = [int(d[:4]) for d in (companion.date, file_date) if d]
    spoken = spoken_facts(text, context_years=context_years)
    for name in ("council", "body", "date", "time"):
        if getattr(meta, name) is None:
            value = getattr(spoken, name) or getattr(companion, name)
            setattr(meta, name, value)
    if meta.title is None:
        meta.title = companion.title
    for key, url in companion.urls.items():
        meta.urls.setdefault(key, url)
    if meta.date is None:
        meta.date = file_date
    if meta.time is None:
        meta.time = _clock_cue(first_cue)
    if meta.body is None:
        meta.body = body_in_file_name(path.name)
    if meta.council is None:
        meta.council = council_in_path(path)
    meta.kind = "transcript"
    return meta


# A folder named for its council, with the country's code first: "us-chico",
# "uk-west-dereham", "ca-nipissing" (how collections of recordings are filed by place).
_PLACE_FOLDER = re.compile(
    r"^(?P<country>us|ca|uk|gb|ie|nz|au|za)[-_](?P<place>[a-z][a-z-]{2,40})$"
)
_PLACE_FORMS = ("county", "township", "town", "village", "borough", "parish", "city")


def council_in_path(path: Path) -> str | None:
    """The council a transcript's folder names ("us-chico/council-2024-07-16.txt" ->
    "City of Chico"): the last resort when neither the words nor a companion file say
    it. A US or Canadian place without its own form ("Knox County") is a city."""
    match = _PLACE_FOLDER.match(path.parent.name.lower())
    if match is None:
        return None
    words = [w for w in match.group("place").split("-") if w]
    name = " ".join(w.capitalize() for w in words)
    if words[-1] in _PLACE_FORMS or words[0] in ("city", "town"):
        return name
    return f"City of {name}" if match.group("country") in ("us", "ca") else name


def spoken_facts(text: str, context_years: list[int] | None = None) -> SpokenFacts:
    """Council, body, date and start time from the words of a transcript."""
    opening = text[:OPENING_CHARS]
    facts = SpokenFacts()
    named = _named_body(opening)
    place = None
    kind = None
    if named is not None:
        place, facts.body = named
        kind = facts.body.split()[0].lower() if facts.body and " " in facts.body else None
    facts.council = _council(text, place, kind if kind in _PLACE_KINDS else None)
    if facts.body is None and facts.council and _FULL_COUNCIL.search(text):
        city = facts.council.startswith("City of") and re.search(r"\bcity\s+council\b", text, re.I)
        facts.body = "City Council" if city else "Council"
    facts.date = _spoken_date(opening, text, context_years or [])
    match = _START_TIME.search(opening)
    if match and match.group("time"):
        from pipeline.ingest.metadata import parse_time

        facts.time = parse_time(match.group("time")) or _clock(match.group("time"))
    elif match:
        hour = match.group("hour").lower()
        facts.time = _oclock(int(hour) if hour.isdigit() else UNITS.index(hour))
    return facts


# Captions stamped with the time of day start hours into the "recording"; a recording's
# own clock starts near zero.
_CLOCK_CUE = 5 * 3600


def _clock_cue(seconds: float | None) -> str | None:
    """The first caption's time of day ("18:02:13.000" -> "18:02") when the captions are
    stamped with the clock, not the recording's time."""
    if seconds is None or not _CLOCK_CUE <= seconds < 24 * 3600:
        return None
    minutes = int(seconds) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _clock(said: str) -> str | None:
    """ "7:03" said without a.m. or p.m.: the hour read as :func:`_oclock` reads it."""
    hour, _, minute = said.partition(":")  # "2.50" is a figure, not a time
    if not (hour.isdigit() and minute[:2].isdigit()) or int(minute[:2]) > 59:
        return None
    if 13 <= int(hour) <= 23:
        return f"{int(hour):02d}:{minute[:2]}"
    at = _oclock(int(hour))
    return f"{at[:2]}:{minute[:2]}" if at else None


def _oclock(hour: int) -> str | None:
    """ "six o'clock" said when a meeting is called to order: a council sits from noon to
    the evening at one to seven o'clock, in the morning at eight to eleven."""
    if not 1 <= hour <= 12:
        return None
    return f"{hour + 12 if hour < 8 else hour:02d}:00"


def _named_body(opening: str) -> tuple[str | None, str] | None:
    """(place, body) from the first phrase of the opening that names the meeting's body."""
    found: list[tuple[int, str]] = []
    for pattern in _MEETING_PHRASES:
        for match in pattern.finditer(opening):
            found.append((match.start("name"), match.group("name")))
    bare: str | None = None
    for _, raw in sorted(found):
        name = _NAME_LEAD.sub("", " ".join(raw.split()))
        if not name or name.lower() in ("committee", "board", "commission"):
            continue
        if name.lower() == "council":
            bare = bare or "Council"  # "this work session of the council": the full council
            continue
        split = _PLACE_BODY.match(name)
        if split and _is_place(split.group("place")):
            return _title(split.group("place")), _title(split.group("body"))
        return None, _title(name)
    return (None, bare) if bare else None


def _council(text: str, opening_place: str | None, opening_kind: str | None = None) -> str | None:
    """The place the transcript names most as a council (see the module docstring)."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    named: list[tuple[list[list[str]], str]] = []  # (spans to try, form)
    cased = text != text.lower() and text != text.upper()
    for match in _PLACE_OF.finditer(text):
        words = match.group("place").split()
        if cased and words[0][:1].isupper():  # "the city of Fairfax operates under ..."
            words = list(itertools.takewhile(lambda w: w[:1].isupper(), words))
        named.append(([words[:n] for n in range(1, len(words) + 1)], match.group(0).split()[0]))
    for match in _COUNCIL_WORD.finditer(text):
        words = text[max(0, match.start() - 60) : match.start()].split()[-3:]
        if not words:
            continue
        kind = match.group("kind")
        label = f"_{kind.lower()}" if kind else "_council"
        named.append(([words[-n:] for n in range(1, len(words) + 1)], label))
    for spans, label in named:
        for span in spans:
            place = " ".join(span).lower().strip(".,'’")
            if not _is_place(place):
                break
            counts[place] += 1
            forms.setdefault(place, Counter())[label.lower()] += 1
    if opening_place:
        counts[opening_place.lower()] += 3
        form = "_" + (opening_kind or "city")
        forms.setdefault(opening_place.lower(), Counter())[form] += 1
    if not counts:
        return None
    best = _best_place(counts)
    if best is None:
        return None
    formal_once = any(not f.startswith("_") for f in forms.get(best, {})) and all(
        counts[p] < 2 for p in counts if p != best
    )
    if counts[best] < 2 and not formal_once:
        return None  # one "X council" in passing names no one; one "City of X" alone does
    # The formal "City of X" whenever it is said, else the form said most.
    seen = forms.get(best, Counter({"_council": 1}))
    formal = [form for form, _ in seen.most_common() if not form.startswith("_")]
    label = formal[0] if formal else seen.most_common(1)[0][0]
    name = _title(best)
    if not label.startswith("_"):
        return f"{label.capitalize()} of {name}"
    if label == "_city":
        return f"City of {name}"
    if label == "_council":
        return f"{name} Council"
    if label == "_county":
        return f"{name} County"  # "Knox County Commission": the county itself
    return f"{name} {label[1:].capitalize()} Council"


def _best_place(counts: Counter[str]) -> str | None:
    """The most named place; a longer name wins when most mentions of its part are of it
    ("canada bay" over "bay")."""
    ranked = sorted(counts, key=lambda p: (-counts[p], -len(p)))
    best = ranked[0]
    for place in ranked:
        longer = [
            other
            for other in counts
            if other != place
            and (other.endswith(" " + place) or other.startswith(place + " "))
            and counts[other] >= 0.6 * counts[place]
        ]
        if place == best and longer:
            best = max(longer, key=lambda p: (counts[p], len(p)))
        if place == best:
            break
    return best


def _is_place(place: str) -> bool:
    words = place.lower().split()
    if not words or len(words) > 3:
        return False
    if words[0] in _NOT_PLACE or words[-1] in _NOT_PLACE:
        return False
    return all(re.fullmatch(r"[a-z][a-z'’.-]*", w) for w in words) and not any(
        w in ("and", "of", "the") for w in words
    )


def _spoken_date(opening: str, text: str, context_years: list[int]) -> str | None:
    """The meeting date said in the opening, its year completed from context."""
    mentioned = Counter(int(y) for y in _YEARS.findall(text))
    matches = sorted(
        (m for pattern in _SPOKEN_DATES for m in pattern.finditer(opening)), key=lambda m: m.start()
    )
    for match in matches:
        before = opening[max(0, match.start() - 80) : match.start()]
        if _OTHER_DAY.search(before):
            continue  # "the minutes of the meeting held on May 28", "our next meeting on ..."
        if not match.group("weekday") and not _DATE_CONTEXT.search(before):
            continue
        month = _MONTHS[match.group("month").lower()]
        day = _day(match)
        if day is None or not 1 <= day <= 31:
            continue
        weekday = match.group("weekday")
        if match.group("year"):
            years = [int(match.group("year"))]
        else:
            years = _candidate_years(mentioned, context_years)
        for year in years:
            try:
                value = date(year, month, day)
            except ValueError:
                continue
            if weekday and value.weekday() != _WEEKDAYS[weekday.lower()]:
                continue
            return value.isoformat()
    return None


def _candidate_years(mentioned: Counter[int], context: list[int]) -> list[int]:
    """Years a yearless date may be in, most likely first."""
    ordered = list(dict.fromkeys(context))
    ordered += [y for y, _ in mentioned.most_common()]
    for year in list(ordered):
        ordered += [year - 1, year + 1]
    return list(dict.fromkeys(ordered))


def _day(match: re.Match[str]) -> int | None:
    if match.group("day"):
        return int(match.group("day"))
    word = match.group("dayword").lower()
    parts = re.split(r"[\s-]", word)
    if len(parts) == 2:
        tens = {"twenty": 20, "thirty": 30}[parts[0]]
        return tens + _ORDINALS[parts[1]]
    return _ORDINALS.get(word) or (UNITS.index(word) if word in UNITS else None)


def _title(name: str) -> str:
    """Title case for names heard in lower or upper case ("of", "and" stay small)."""
    words = name.split()
    out = []
    for index, word in enumerate(words):
        lower = word.lower()
        if index and lower in _SMALL_WORDS:
            out.append(lower)
        elif word.isupper() or word.islower():
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
        else:
            out.append(word)
    return " ".join(out)


@dataclass
class CompanionFacts:
    """Facts from a metadata file published beside the transcript."""

    council: str | None = None
    body: str | None = None
    date: str | None = None
    time: str | None = None
    title: str | None = None
    urls: dict[str, str] | None = None

    def __post_init__(self) -> None:
        self.urls = self.urls or {}


def companion_facts(path: Path) -> CompanionFacts:
    """Facts from ``NAME.info.json`` (yt-dlp), ``NAME.meta.json``, ``NAME.metadata.json`` or
    ``NAME.json`` beside the transcript ``path`` (NAME without language tags like ``.en``)."""
    facts = CompanionFacts()
    data = _companion_json(path)
    if not data:
        return facts
    from pipeline.ingest.metadata import parse_date

    def text_of(*keys: str) -> str | None:
        for key in keys:
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return " ".join(value.split())
        return None

    facts.title = text_of("title", "fulltitle", "name")
    facts.council = text_of("council", "municipality", "city")
    facts.body = text_of("body", "committee")
    stated_date = text_of("date", "meeting_date")
    facts.date = parse_date(stated_date) or date_in_file_name(stated_date or "")
    words = " ".join(filter(None, [facts.title, text_of("description")]))
    if words:
        place, body = _title_names(facts.title or "")
        spoken = spoken_facts(words)
        facts.body = facts.body or body or spoken.body
        facts.council = facts.council or place or spoken.council
        facts.date = facts.date or parse_date(words) or _numeric_us_date(words)
    facts.council = facts.council or text_of("channel", "uploader")
    url = text_of("webpage_url", "video_url", "url")
    if url and url.startswith(("http://", "https://")):
        facts.urls = {"video": url}
    return facts


def _companion_json(path: Path) -> dict | None:
    base = path.name
    while True:
        stem, dot, suffix = base.rpartition(".")
        if not dot or not stem:
            break
        base = stem
        if not re.fullmatch(r"[a-z]{2}(?:[-_][A-Za-z]{2,4})?|vtt|srt|json3?|tsv|txt", suffix):
            break
    names = [f"{base}.info.json", f"{base}.meta.json", f"{base}.metadata.json"]
    if not path.name.endswith(".json"):
        names.append(f"{base}.json")
    for name in names:
        candidate = path.with_name(name)
        if candidate == path or not candidate.is_file():
            continue
        try:
            if candidate.stat().st_size > COMPANION_MAX_BYTES:
                continue
            data = load_json(candidate, candidate.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, InputError):
            continue
        if isinstance(data, dict) and not isinstance(data.get("segments"), list):
            return data
    return None


def _title_names(title: str) -> tuple[str | None, str | None]:
    """(council, body) named in a video title: "Springfield City Council - Regular Meeting"."""
    match = re.search(_NAME, title, re.I)
    if match is None:
        return None, None
    name = _NAME_LEAD.sub("", " ".join(match.group("name").split()))
    split = _PLACE_BODY.match(name)
    if split and _is_place(split.group("place")):
        place, body = _title(split.group("place")), _title(split.group("body"))
        council = f"City of {place}" if body.lower() == "city council" else f"{place} {body}"
        return council, body
    return None, _title(name) if name else None


def _numeric_us_date(text: str) -> str | None:
    """``8/9/22`` or ``08-09-2022`` in a US video title: month first."""
    match = re.search(r"(?<![\d/])(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})(?![\d/])", text)
    if not match:
        return None
    year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
    try:
        return date(year, int(match[1]), int(match[2])).isoformat()
    except ValueError:
        return None


def date_in_file_name(name: str) -> str | None:
    """A date written in a file name (``2025-03-04``, ``2025_03_04``, ``20250304``)."""
    for match in _FILE_DATE.finditer(name):
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            continue
    return None
