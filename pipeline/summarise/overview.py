"""The built-in engine's overview: a short news brief of the meeting, in plain prose.

At most 5 sentences and 150 words:

1. what the meeting was: who met (or, for an agenda, will meet) and when, and the main
   items it considered ("The Cabinet met on 9 September 2024 and considered Revenue Budget
   Monitoring, the Housing Revenue Account and Library Opening Hours.");
2. the 2-4 most consequential decisions, each restated from the resolution's own words
   with its vote ("That the forecast overspend of £1.7m be noted. Carried 6-0." -> "The
   Cabinet noted the forecast overspend of £1.7m (Carried 6-0)."), ranked by outcome,
   figures, a contested vote, and never a routine one (minutes approved, adjournment);
3. what comes next: the date of the next meeting, when the source states it.

Every sentence is assembled from verbatim spans of the source (titles, a resolution's
object, a vote), each cited, joined by connective words that add no claim (``met on``,
``considered``, the past tense of the resolution's own verb). Nothing here repeats a
sentence an item shows: a decision is restated, never copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import Decision, Document, ItemSummary, SourceSpan, SummarySentence
from pipeline.summarise.facts import PAST_FORMS
from pipeline.summarise.readability import (
    DANGLING,
    OVERVIEW_MAX_SENTENCES,
    OVERVIEW_MAX_WORDS,
    first_person,
    glued_heading,
    leans_on_context,
    same_text,
    sentence_problems,
    unbalanced,
)
from pipeline.summarise.text import (
    WORD_RE,
    chrome_lines,
    item_sentences,
    line_width,
    visible,
    wrapped_title,
)
from pipeline.text import MONTH_NAMES, TITLES, WEEKDAY_NAMES, SourceIndex, collapse, wordset

# Labels that open a title but are not its subject ("Resolution:", "To Note:").
TITLE_LABEL_RE = re.compile(
    r"^(?:(?:Resolution|By-?Law|Report|Item|Agenda Item|Minute|Presentation|Motion|Ordinance|"
    r"Ord\.|Res\.|Decision)\s*(?:No\.?\s*[\w/-]+)?\s*[:\-–]\s*"
    r"|To\s+(?:Discuss|Note|Approve|Receive|Consider|Agree|Review|Adopt)"
    r"(?:\s+and\s+(?:Approve|Agree|Note|Discuss|Receive))?\s*[:\-–]?\s*)",
    re.I,
)
HOUSEKEEPING_RE = re.compile(
    r"\b(?:roll|invocation|pledge|prayer|karakia|minutes|apologies|adjourn\w*|welcome|"
    r"declarations?|publication|quorum|call to order)\b",
    re.I,
)
# A title that names a kind of business, not what it is about ("Resolution", "Closed
# Session", "Committee Reports", "Clerk's Report", "Other Reports - for information only"):
# it tells a resident nothing in an overview.
GENERIC_TITLE_RE = re.compile(
    r"^(?:(?:committee|staff|officers?'?|council|other|new|old|unfinished|general|"
    r"[A-Za-z]+['’]s)\s+)?"
    r"(?:resolutions?|motions?|reports?|ordinances?|by-?laws?|correspondence|communications?|"
    r"presentations?|petitions?|delegations?|business|closed session|in camera|"
    r"consent agenda|information items?)(?:\s*[-–—:(].*)?$",
    re.I,
)
#: Auxiliaries that make a heading a clause: the minute itself, not the item's name.
CLAUSE_AUXILIARIES = wordset("is are was were has have had will would")
DATED_RE = re.compile(
    rf"\b\d{{1,2}}\s?(?:st|nd|rd|th)?\s+(?:{'|'.join(MONTH_NAMES)})\b|"
    rf"\b(?:{'|'.join(MONTH_NAMES)})\s+\d{{1,2}}\b",
    re.I,
)
SCHEDULED_RE = re.compile(r"\s*\((?:\d{1,2}[.:]\d{2}|\d+\s*(?:mins?|minutes))\)\s*$", re.I)
# Decisions nobody needs told: minutes approved, agenda adopted, adjournment, closed session.
ROUTINE_RE = re.compile(
    r"\b(?:minutes\b.{0,80}\b(?:approved|adopted|confirmed|signed|true record)|"
    r"approv\w+ (?:of )?the agenda|agenda be (?:approved|adopted)|adjourn|closed (?:to the "
    r"public|session)|in camera|confirm(?:ing)? (?:the )?proceedings|resume to an open|"
    r"accept the correspondence|correspondence be (?:received|accepted|noted)|"
    r"declarations? of interest|apologies)\b",
    re.I,
)
NEXT_MEETING_RE = re.compile(
    rf"\bnext\s+(?:\w+\s+){{0,2}}(?:meeting|session)\b.{{0,80}}?"
    rf"(?:\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{'|'.join(MONTH_NAMES)})|"
    rf"\b(?:{'|'.join(MONTH_NAMES)})\s+\d{{1,2}}|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})",
    re.I | re.S,
)
OUTCOME_WEIGHT = {
    "approved": 1.0,
    "rejected": 1.1,
    "deferred": 0.9,
    "agreed": 0.8,
    "other": 0.5,
    "noted": 0.3,
    None: 0.4,
}
_ACTIVE_SUBJECT = (
    r"(?:we|Council|the Council|the Committee|the Board|the Cabinet|Cabinet|the Commission|"
    r"Members|the Panel|the Authority)"
)
_PARTICIPLES = "|".join(sorted(set(PAST_FORMS.values()) - {"set", "wrote", "considered"}))
# "That X be noted", "That the minutes ... be adopted as published"
PASSIVE_RE = re.compile(
    rf"\b(?:THAT|That|that)\s+(?P<obj>[^;:]+?),?\s+(?:be|is|are)\s+(?:hereby\s+)?"
    rf"(?P<verb>{_PARTICIPLES})\b(?P<rest>[^.;:]*)",
)
# "That we adopt X", "NOW THEREFORE we authorize X", "That Council approve X"
ACTIVE_RE = re.compile(
    rf"\b(?:THAT|That|that|NOW THEREFORE|THEREFORE)\s+{_ACTIVE_SUBJECT}\s+(?:hereby\s+)?"
    r"(?P<verb>[a-z]+)\s+(?P<obj>[^.;:]+)"
)
# "RESOLVED: To note the report", "Agreed - to approve the budget"
INFINITIVE_RE = re.compile(
    r"^\W*(?:(?:RESOLVED|Resolved|AGREED|Agreed|DECIDED|Decided)\s*[:\-–—]?\s*)?"
    r"(?:to|To|TO)\s+(?P<verb>[a-z]+)\s+(?P<obj>[^.;:]+)"
)
# A second predicate joined by "and": "... agreed to A and noted that B".
COORDINATED_RE = re.compile(r",?\s+and\s+(?:also\s+)?(?=(?:[a-z]+ed|agreed|noted|resolved)\b)")
# Who undertook to act, when it is one person or officer ("The Clerk agreed to ...").
UNDERTAKING_RE = re.compile(
    rf"^(?:The\s+)?(?:Clerk|Chair(?:man|person)?|Mayor|Officers?|(?:{TITLES})\.?\s+[A-Z][\w'’-]+"
    r"(?:\s+[A-Z][\w'’-]+)?)\s+(?:also\s+)?(?:agreed|undertook|offered|would)\b"
)
# "That the Commission would write to the DfE ..." -> "The Commission would write ..."
MODAL_RE = re.compile(
    r"\b(?:THAT|That)\s+(?P<obj>(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+"
    r"(?:would|will|should|shall|is to|are to)\s+[^.;:]+)"
)
APPOSITIVE_RE = re.compile(r",\s+(?:being|which|as follows)\b|\s+\(|,?\s+as follows\s*$")
MAX_BRIEF_WORDS = 34
#: A decision this consequential or more may lead the overview (noted items and one
#: person's undertakings stay in their item unless money or a contested vote is involved).
MIN_CONSEQUENCE = 0.5


@dataclass(frozen=True)
class Brief:
    """One overview sentence and how much it matters (for the word budget)."""

    sentence: SummarySentence
    weight: float
    order: int


def overview_of(document: Document, items: list[ItemSummary]) -> list[SummarySentence]:
    """The overview of a meeting from its item summaries (see the module docstring)."""
    usable = [i for i in items if i.status == "ok"]
    if not usable:
        return []
    meta = document.metadata
    agenda = meta.kind in ("agenda", "agenda_pack")
    actor = meeting_actor(meta.body, meta.council)
    chrome = chrome_lines(document.text) if document.pages else frozenset()
    topics = _topics(document, [i for i in usable if i.kind == "substantive"], chrome)
    # A transcript's decisions are the chair's spoken words: quoted in their item, never
    # narrated; an agenda records none.
    spoken = meta.kind == "transcript" or bool(document.turns)
    briefs = []
    if not agenda and not spoken:
        briefs = _decision_briefs(document, usable, actor or "The meeting", chrome)
    following = None if agenda else _next_meeting(document, items, chrome)
    briefs = sorted(briefs, key=lambda b: -b.weight)[:4]
    # Three decisions or more say what the meeting was about: they replace the topics.
    for with_topics in (3, 2, 1, 0) if len(briefs) < 3 else (0,):
        opening = _opening(document, actor, topics[:with_topics], agenda)
        chosen = list(briefs)[: max(0, OVERVIEW_MAX_SENTENCES - len(opening) - bool(following))]
        while True:
            sentences = opening + [b.sentence for b in sorted(chosen, key=lambda b: b.order)]
            if following is not None:
                sentences.append(following)
            words = sum(len(WORD_RE.findall(s.text)) for s in sentences)
            if words <= OVERVIEW_MAX_WORDS or not chosen:
                break
            chosen.remove(min(chosen, key=lambda b: b.weight))
        if words <= OVERVIEW_MAX_WORDS:
            return sentences
    return sentences[:1]


# --- who met, and the main items --------------------------------------------------------

# "Minutes of Wretton Parish Council": the document's kind is not the body's name.
BODY_PREFIX_RE = re.compile(
    r"^(?:(?:Draft\s+)?(?:Minutes|Agenda|Summary|Notes|Record|Decisions)\s+(?:of|for)\s+"
    r"(?:the\s+)?(?:(?:a|an)\s+)?(?:(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?)?)",
    re.I,
)
NO_ARTICLE = frozenset({"Cabinet", "Council", "Full Council", "Executive"})
GENERIC_FIRST = frozenset(
    {"City", "County", "Town", "Parish", "Borough", "District", "Village", "Regional", "Council"}
)


def meeting_actor(body: str | None, council: str | None) -> str | None:
    """Who met, as a sentence's subject: "The Planning Committee", "Cabinet", "Stoke Ferry
    Parish Council"; the council when the body is unknown; ``None`` when neither is."""
    name = BODY_PREFIX_RE.sub("", collapse(body or "")) or BODY_PREFIX_RE.sub(
        "", collapse(council or "")
    )
    # "Wretton Parish Council", not "... Of ...": small words of a name in lower case.
    name = re.sub(r"(?<=\s)(Of|The|And|For)\b", lambda m: m.group(1).lower(), name)
    if not name or len(name.split()) > 8 or not any(c.islower() for c in name):
        return None
    if not name[0].isupper():
        return None  # words lifted from a sentence ("above Council"), not a name
    if name.startswith(("The ", "the ")):
        return "The " + name[4:]
    if name in NO_ARTICLE:
        return name
    words = name.split()
    if words[-1] in ("Council", "Cabinet") and words[0] not in GENERIC_FIRST:
        return name  # a named council: "Stoke Ferry Parish Council"
    return "The " + name


def clean_title(title: str) -> str | None:
    """An item's title as a phrase a sentence can carry, or ``None`` when it cannot: cut
    mid-phrase, in capitals, a verb ("Adopt the ...", "Approving ..."), or too long."""
    t = SCHEDULED_RE.sub("", collapse(title)).rstrip(" .")
    cut = glued_heading(t)
    if cut is not None:
        t = t[:cut].rstrip(" .")
    t = TITLE_LABEL_RE.sub("", t).strip(" .-–:")
    words = t.split()
    if not 1 <= len(words) <= 12 or any(c in t for c in ";:*"):
        return None
    if words[-1].lower().strip(",") in DANGLING or t.endswith(","):
        return None
    letters = [c for c in t if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return None
    if re.match(r"[A-Z][a-z]{1,4}\.\s", t):
        return None  # "Res. that ...", "Ord. to ...": a legal label and a clause, not a name
    if DATED_RE.search(t) or any(day in t for day in WEEKDAY_NAMES):
        return None  # the meeting's own heading ("Parish Council - 3rd September 2019")
    if re.search(r"\b(?:as follows|the following)$", t, re.I):
        return None  # a lead-in to a list, not a subject
    if any(w in CLAUSE_AUXILIARIES for w in words[1:]):
        return None  # "Accounts were presented and accepted": a sentence, not a name
    if HOUSEKEEPING_RE.search(t) or GENERIC_TITLE_RE.match(t):
        return None  # the roll call, a prayer, "Resolutions": not what the meeting was about
    first = words[0].lower()
    if first in PAST_FORMS or (first.endswith("ing") and len(first) > 5) or not t[0].isupper():
        return None
    if unbalanced(t) or first_person(t):
        return None  # a stray quotation mark or a form's "your statement": not a subject
    return t


def _topics(
    document: Document, items: list[ItemSummary], chrome: frozenset[str]
) -> list[tuple[str, SourceSpan]]:
    """Up to three main items, in agenda order: their clean titles and where they stand."""
    weighted = []
    whole = SourceIndex(document.text)  # a pack prints titles in its order of business
    width = line_width(document.text)
    for item in items:
        title = clean_title(item.title)
        if title is None or wrapped_title(document.text, item.start, item.end, item.title, width):
            continue  # a title the layout wrapped is cut short
        found = SourceIndex(document.text, item.start, item.end).find(title) or whole.find(title)
        if found is None or collapse(title) != visible(
            document.text[found.span.start : found.span.end], chrome
        ):
            continue
        weight = (
            2.0 * sum(1 for d in item.decisions if not ROUTINE_RE.search(d.text))
            + len(item.sentences)
            + min(3.0, (item.end - item.start) / 2000)
        )
        if any(title.lower() == seen.lower() for _, _, seen, _ in weighted):
            continue  # two items of one name: the listing names it once
        weighted.append((weight, item.start, title, found.span))
    weighted.sort(key=lambda w: (-w[0], w[1]))
    top = sorted(weighted[:3], key=lambda w: w[1])
    return [(_in_sentence(title), span) for _, _, title, span in top]


def _in_sentence(title: str) -> str:
    # "The Budget" inside a sentence reads "the Budget".
    return "the" + title[3:] if title.startswith("The ") else title


def _opening(
    document: Document,
    actor: str | None,
    topics: list[tuple[str, SourceSpan]],
    agenda: bool,
) -> list[SummarySentence]:
    """Who met (or will meet) and when, then the main items: one sentence each, so each
    rests on its own spans. The date is stated only where the document states it."""
    meta = document.metadata
    date_span = _date_span(document.text, meta.date)
    when = None
    if date_span is not None:
        printed = collapse(document.text[date_span.start : date_span.end])
        # The date as the document prints it ("November 12, 2024"), unless in figures only.
        when = printed if re.search(r"[A-Za-z]", printed) else human_date(meta.date)
    spans: list[SourceSpan] = []
    if actor is not None:
        head = SourceIndex(document.text, 0, min(len(document.text), 4000))
        found = head.find(actor.removeprefix("The "))
        if found is not None:
            spans.append(found.span)
    if date_span is not None:
        spans.append(date_span)
    # A document of unknown kind may be an agenda or a record: it is described, never
    # said to have met.
    unknown = meta.kind == "unknown"
    sentences = []
    if when is not None:
        subject = actor or "The meeting"
        if unknown:
            text = f"The document{(' of ' + actor) if actor else ''} is dated {when}."
        elif agenda:
            text = f"{subject} {'will meet' if actor else 'will be held'} on {when}."
        else:
            text = f"{subject} {'met' if actor else 'was held'} on {when}."
        sentences.append(SummarySentence(text=text, spans=spans))
    listing = _listing([t for t, _ in topics])
    if listing:
        subject = "The meeting" if when is not None or actor is None else actor
        if unknown:
            subject, verb = "The document", "covers"
        else:
            verb = "will consider" if agenda else "considered"
        text = f"{subject} {verb} {listing}."
        sentences.append(SummarySentence(text=text, spans=[span for _, span in topics]))
    return sentences


def _listing(titles: list[str]) -> str:
    if not titles:
        return ""
    if len(titles) == 1:
        return titles[0]
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def human_date(iso: str | None) -> str | None:
    """``2022-11-30`` -> ``30 November 2022`` (``None`` stays ``None``)."""
    if not iso:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if match is None:
        return iso
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return iso
    return f"{day} {MONTH_NAMES[month - 1]} {year}"


def _date_span(text: str, iso: str | None) -> SourceSpan | None:
    """Where the document states the meeting's date (first mention), in any common form."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if match is None:
        return None
    year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12:
        return None
    name = MONTH_NAMES[month - 1]
    forms = [
        rf"\b0?{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{name}\s*,?\s+{year}\b",
        rf"\b{name}\s+0?{day}(?:st|nd|rd|th)?\s*,?\s+{year}\b",
        rf"\b0?{day}[/.]0?{month}[/.](?:{year}|{year[2:]})\b",
        rf"\b{year}-{month:02d}-{day:02d}\b",
    ]
    best = None
    for form in forms:
        found = re.search(form, text, re.I)
        if found and (best is None or found.start() < best.start()):
            best = found
    return SourceSpan(start=best.start(), end=best.end()) if best else None


# --- decisions in brief -----------------------------------------------------------------


def _decision_briefs(
    document: Document, items: list[ItemSummary], actor: str, chrome: frozenset[str]
) -> list[Brief]:
    briefs = []
    for item in items:
        if item.kind != "substantive":
            continue
        for decision in item.decisions:
            if decision.span is None or ROUTINE_RE.search(decision.text):
                continue
            sentence = decision_brief(document, decision, actor, chrome) or decision_lead(
                document, decision, chrome
            )
            if sentence is None:
                continue
            weight = consequence(decision)
            if any(same_text(sentence.text, b.sentence.text) for b in briefs):
                continue
            if weight >= MIN_CONSEQUENCE:
                briefs.append(Brief(sentence, weight, decision.span.start))
    return briefs


def decision_lead(
    document: Document, decision: Decision, chrome: frozenset[str] = frozenset()
) -> SummarySentence | None:
    """A decision that is already a sentence with its own subject ("The payments were
    agreed, Cllr Janet Taylor abstained.") as an overview sentence: whole when short (the
    item then points to the overview instead of repeating it), else its first clause when
    a second one is joined by "and" ("The Parish Council unanimously agreed to the three
    working parties and noted that ...")."""
    assert decision.span is not None
    text = decision.text
    if not re.match(
        r"(?:The|It|Members|Councillors|All|[A-Z][a-z]+ (?:Council|Committee))\b", text
    ):
        return None
    words = len(WORD_RE.findall(text))
    start, end = decision.span.start, decision.span.end
    if words > MAX_BRIEF_WORDS:
        joined = COORDINATED_RE.search(document.text, start, end)
        if joined is None:
            return None
        end = joined.start()
        text = visible(document.text[start:end], chrome).rstrip(" ,") + "."
    if not text.rstrip().endswith((".", "!")):
        text = text.rstrip(" ;,") + "."
    if len(WORD_RE.findall(text)) > MAX_BRIEF_WORDS or sentence_problems(text, overview=True):
        return None
    if leans_on_context(text):
        return None
    return SummarySentence(text=text, spans=[SourceSpan(start=start, end=end)])


def consequence(decision: Decision) -> float:
    """How much a decision matters to a resident: its outcome, money, a contested vote."""
    weight = OUTCOME_WEIGHT.get(decision.outcome, 0.4)
    if UNDERTAKING_RE.match(decision.text):
        weight -= 0.6  # one person's undertaking: an action, not the meeting's decision
    if re.search(r"[£$€]\s?\d", decision.text):
        weight += 0.6
    elif re.search(r"\d+(?:\.\d+)?\s?%|\b\d{2,}\b", decision.text):
        weight += 0.2
    vote = decision.vote
    if vote is not None:
        weight += 0.2
        if vote.result == "lost" or (vote.votes_against or 0) > 0:
            weight += 0.5
    return round(weight, 6)


def decision_brief(
    document: Document, decision: Decision, actor: str, chrome: frozenset[str] = frozenset()
) -> SummarySentence | None:
    """The decision restated as "<who> <did> <what> (<vote>)." from the resolution's own
    words, or ``None`` when the resolution has no shape to restate or the result would not
    read as a sentence."""
    assert decision.span is not None
    text = document.text
    start, end = decision.span.start, decision.span.end
    modal = MODAL_RE.search(text, start, end)
    if modal is not None:
        obj_start, obj_end = modal.start("obj"), modal.end("obj")
        words = visible(text[obj_start:obj_end], chrome).rstrip(" ,")
        sentence = words[:1].upper() + words[1:] + "."
        if len(WORD_RE.findall(sentence)) <= MAX_BRIEF_WORDS and not sentence_problems(
            sentence, overview=True
        ):
            return SummarySentence(text=sentence, spans=[SourceSpan(start=obj_start, end=obj_end)])
    for pattern in (PASSIVE_RE, ACTIVE_RE, INFINITIVE_RE):
        match = pattern.search(text, start, end)
        if match is None:
            continue
        verb = match["verb"]
        past = verb if pattern is PASSIVE_RE else PAST_FORMS.get(verb)
        if past is None:
            continue
        if past in REPORTED_FORMS:
            resolution = _as_resolution(document, match, pattern, actor, decision, chrome)
            if resolution is not None:
                return resolution
            continue
        obj_start, obj_end = match.start("obj"), match.end("obj")
        rest_end = match.end("rest") if "rest" in match.groupdict() else obj_end
        cut = APPOSITIVE_RE.search(text, obj_start, obj_end)
        if cut is not None:
            obj_end = cut.start()
            rest_end = obj_end
        obj = visible(text[obj_start:obj_end], chrome).rstrip(" ,")
        rest = ""
        if pattern is PASSIVE_RE and rest_end > match.end("verb"):
            rest = visible(text[match.end("verb") : rest_end], chrome).rstrip(" ,")
        if not obj:
            continue
        if obj[:4] == "The " or obj[:4] == "THE ":
            obj = "the " + obj[4:]
        spans = [SourceSpan(start=obj_start, end=obj_end)]
        if rest:
            spans.append(SourceSpan(start=match.end("verb"), end=rest_end))
        # "... be approved, to fund ...": the rest keeps its comma, no space before it.
        joiner = "" if rest[:1] in ",;" else " "
        words = f"{actor} {past} {obj}{(joiner + rest) if rest else ''}"
        if decision.vote is not None and decision.vote.span is not None:
            words += f" ({decision.vote.text})"
            spans.append(decision.vote.span)
        sentence = collapse(words) + "."
        if len(WORD_RE.findall(sentence)) > MAX_BRIEF_WORDS:
            return None
        if sentence_problems(sentence, overview=True):
            return None
        return SummarySentence(text=sentence, spans=spans)
    return None


#: Past forms that also report speech ("<body> asked/noted ..."): a reader, and the evals'
#: attribution check, would take the restated decision for words someone said. Such a
#: resolution is stated as resolved, in its own words.
REPORTED_FORMS = frozenset({"asked", "noted", "confirmed", "referred", "considered"})


def _as_resolution(
    document: Document,
    match: re.Match[str],
    pattern: re.Pattern[str],
    actor: str,
    decision: Decision,
    chrome: frozenset[str],
) -> SummarySentence | None:
    """ "<who> resolved that <X be asked to ...>" / "<who> resolved to note ...", the
    resolution's words verbatim; ``None`` for a form that would not read ("that we ...")."""
    text = document.text
    if pattern is PASSIVE_RE:
        lead, start, end = "resolved that", match.start("obj"), match.end("rest")
    elif pattern is INFINITIVE_RE:
        lead, start, end = "resolved to", match.start("verb"), match.end("obj")
    else:
        return None
    cut = APPOSITIVE_RE.search(text, start, end)
    if cut is not None:
        end = cut.start()
    words = visible(text[start:end], chrome).rstrip(" ,")
    if not words:
        return None
    spans = [SourceSpan(start=start, end=end)]
    sentence_words = f"{actor} {lead} {words}"
    if decision.vote is not None and decision.vote.span is not None:
        sentence_words += f" ({decision.vote.text})"
        spans.append(decision.vote.span)
    sentence = collapse(sentence_words) + "."
    if len(WORD_RE.findall(sentence)) > MAX_BRIEF_WORDS or sentence_problems(
        sentence, overview=True
    ):
        return None
    return SummarySentence(text=sentence, spans=spans)


# --- what comes next --------------------------------------------------------------------


def _next_meeting(
    document: Document, items: list[ItemSummary], chrome: frozenset[str]
) -> SummarySentence | None:
    """The sentence that states the next meeting's date, unless an item already shows it."""
    shown = {
        collapse(t)
        for i in items
        if i.kind == "substantive"
        for t in [*(s.text for s in i.sentences), *(d.text for d in i.decisions)]
    }
    labels = bool(document.turns)
    found = None
    for item in items:
        sentences, _ = item_sentences(document.text, item.start, item.end, labels, chrome)
        for s in sentences:
            if not NEXT_MEETING_RE.search(s.text) or sentence_problems(s.text, overview=True):
                continue
            if any(s.text in t or t in s.text for t in shown):
                continue
            found = SummarySentence(text=s.text, spans=[SourceSpan(start=s.start, end=s.end)])
    return found
