"""Does a summary read as prose a resident can take in? A rule-based reader of what a page
shows, used three ways: by the built-in engine (a sentence it may not publish), by the LLM
engine after the model answers (fragments and unquoted first person dropped), and as a
check over whole summaries (the tests and ``bench/readability.py`` run it on every real
document of the corpus).

What it reports, per sentence shown on a meeting page:

- ``fragment``: not a whole sentence (no capital or final stop, cut mid-phrase, no finite
  verb, a table row, a title in capitals, unbalanced brackets or quotation marks);
- ``first_person``: "I", "we", "you" ... outside quotation marks (a speaker's words shown
  as if they were the summary's);
- ``glued_heading``: a heading run into the sentence ("Approval of Minutes The minutes
  ...", "Street Lighting Maintenance Three quotes ...");
- ``out_of_context``: leans on a sentence the page does not show ("However, ...", "This
  meant ...", "He said ..." after nothing), unless the sentence before it on the page is
  the one before it in the source;
- ``repeat``: the same sentence twice on a page (overview and item; a sentence and a quote;
  a heading and its sentence);
- ``run_on_overview``: an overview of more than 5 sentences or 150 words, or an overview
  sentence that is a list;
- ``speaker``: a quote attributed to a list letter or an acronym ("GG", "(SCP)");
- ``missing_vote``: a decision segmenting found with a recorded vote, shown without it;
- ``tense``: an agenda's overview framed as a meeting that happened, or minutes framed as
  an agenda;
- ``unverbatim``: a sentence with words that are neither from its cited spans nor
  connective words and meeting facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pipeline.models import (
    Document,
    ItemSummary,
    MeetingSummary,
    Segmentation,
    SourceSpan,
)
from pipeline.summarise.facts import PAST_FORMS
from pipeline.summarise.text import FINITE_VERBS, WORD_RE, chrome_lines, visible
from pipeline.text import INLINE_LABEL_RE, MONTH_NAMES, WEEKDAY_NAMES, fold, wordset

ProblemKind = Literal[
    "fragment",
    "first_person",
    "glued_heading",
    "out_of_context",
    "repeat",
    "run_on_overview",
    "speaker",
    "missing_vote",
    "tense",
    "unverbatim",
]
#: The kinds issue 11 names as never allowed; the others are reported too.
CORE_KINDS: tuple[ProblemKind, ...] = (
    "fragment",
    "first_person",
    "glued_heading",
    "repeat",
    "run_on_overview",
)
OVERVIEW_MAX_SENTENCES = 5
OVERVIEW_MAX_WORDS = 150
OVERVIEW_SENTENCE_MAX_WORDS = 45
SENTENCE_MAX_WORDS = 70


@dataclass(frozen=True)
class Problem:
    """One readability problem: what kind, where on the page, the text, and why."""

    kind: ProblemKind
    where: str
    text: str
    detail: str

    def to_json(self) -> dict:
        """Plain data for reports."""
        return {"kind": self.kind, "where": self.where, "text": self.text, "detail": self.detail}


# --- one sentence -----------------------------------------------------------------------

# Words that end a phrase early: a sentence never stops on them.
DANGLING = wordset(
    """the a an of to in on at by for with from and or but nor which whose as is are was were
    be been into onto than cllr cllrs mr mrs ms dr no st including such per via"""
)
_OPEN = "\"'“‘([£$€"
_CLOSE = "\"'”’)]"
# Words quoted in the source are the speaker's; the rest is the summary's voice.
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|‘[^‘’]{3,}’")
# First and second person, outside quotation marks ("I" handled below; "US" is a country).
_PERSONAL = re.compile(
    r"\b(?:we're|we've|we'd|we'll|you're|you've|you'd|you'll|i'm|i've|i'd|i'll|me|my|mine|"
    r"myself|we|us|our|ours|ourselves|you|your|yours|yourself|yourselves)\b",
    re.I,
)
# "I" is a pronoun unless it numbers something ("Phase I", "Schedule I", "Item I").
_PRONOUN_I = re.compile(r"(?<![\w'’])I(?![\w'’.-])")
_NUMBERED_BY_I = wordset(
    """Item Part Phase Schedule Appendix Annex Section Class Grade Tier Type Stage Volume Chapter
    Exhibit Attachment Option Level Article Title Division Unit Zone Area Band Category War
    Act Book Table Figure Plan Chart Year Round Track"""
)
# A capitalised word that opens a sentence, seen mid-sentence right after a heading's words.
OPENERS = wordset(
    """The A An This These Those It There Members Councillors All No Three Two Four Five Six
    One Several Following He She They Their His Her Its Our We Residents"""
)
# Titles open a sentence too ("... Minutes Cllr Shah said"), but also follow a rank
# ("Deputy Mayor"): after a heading of two words or more only.
TITLE_OPENERS = wordset("Cllr Cllrs Councillor Councillors Mr Mrs Ms Dr Mayor")
_HEADING_JOINERS = wordset("of and the for to in on at & - – with from a an or by")
# Sentences that lean on the one before them.
_ANAPHORA = re.compile(
    r"^(?:However|Therefore|Thus|Hence|Similarly|Likewise|Also|Additionally|Furthermore|"
    r"Moreover|In addition|As a result|Consequently|Instead|Nevertheless|Meanwhile|Otherwise|"
    r"(?:This|These|Those)(?! (?:report|paper|agenda|document|item|meeting|plan|strategy|policy|"
    r"section|appendix|update|briefing|presentation|application|scheme|proposal|record)s?\b)|"
    r"That(?= (?:is|was|would|will|has|had|meant|means|said|could)\b)|"
    r"They|Their|He|She|His|Her|Him|Them|Such|Both|Its|It(?! (?:is|was|"
    r"has been|had been|will be|would be|should be) (?:agreed|noted|resolved|reported|"
    r"proposed|recommended|confirmed|decided|felt|explained|suggested|requested|moved|"
    r"stated|understood|important|expected|hoped|anticipated|clear|likely|necessary))|"
    r"Further(?:more)?|Again|Then|Here|The (?:latter|former|same))\b"
)
_BACK_REFERENCE = re.compile(
    r"\b(?:this|these|those|such)\s+(?:task|issue|matter|point|work|proposals?|requests?|"
    r"approach|concerns?|questions?|process|change|case|arrangement|situation|problem|idea|"
    r"information|response|suggestion|feedback)s?\b",
    re.I,
)
# "[gavel pounded]" inside a sentence: a transcript's stage direction, not prose.
_STAGE_DIRECTION = re.compile(r"\[[a-z][^\]]{2,40}\]")


def _transcript_line(text: str) -> bool:
    """A speaker's one-word label before words ("Adams: Aye.") or a stage direction."""
    if _STAGE_DIRECTION.search(text):
        return True
    return any(
        " " not in m["name"] and text[m.end() :].lstrip()[:1].isalpha()
        for m in INLINE_LABEL_RE.finditer(text)
    )


# A UK postcode or a figure just before a capitalised sentence opener: "... PE33 9SY The".
_GLUE_TOKEN = re.compile(r"[£$€]?[\d.,/%-]+|[A-Z]{1,2}\d[A-Z\d]?")
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s:;,]))(?:[ivx]{1,4}|[a-zA-Z]|\d{1,2})\)(?=\s)")
_TABLE = re.compile(r"(?:[£$]?\d[\d,.]*\s+){4,}|\t")


def unbalanced(text: str) -> bool:
    """Whether ``text`` opens a bracket or quotation it does not close (or the reverse)."""
    bracketed = _LIST_MARKER.sub(" ", text)  # "i) ..., ii) ..." are list markers, not brackets
    return (
        bracketed.count("(") != bracketed.count(")")
        or text.count("“") != text.count("”")
        or text.count('"') % 2 == 1
    )


def first_person(text: str) -> str | None:
    """The first- or second-person word of ``text`` outside quotation marks, if any."""
    bare = _QUOTED.sub(" ", text)
    for match in _PERSONAL.finditer(bare):
        if match.group(0) != "US":
            return match.group(0)
    for found in _PRONOUN_I.finditer(bare):
        before = bare[: found.start()].split()
        if before and before[-1].strip(",:;(") in _NUMBERED_BY_I:
            continue
        after = bare[found.end() :].lstrip()
        # "I" at the end of a title or before a capital ("Part I Report") is a numeral.
        if not after or after[:1].isupper() or after[:1].isdigit():
            if not after[:1].isalpha() or not before:
                continue
            if after.split()[0] not in ("Am", "Was", "Have", "Will", "Would", "Think"):
                continue
        return "I"
    return None


def glued_heading(text: str) -> int | None:
    """Where the sentence proper starts when a heading is run into it, else ``None``.

    "Approval of Minutes The minutes of ..." -> the offset of "The". A heading is a run of
    capitalised words (joined by "of", "and", "&" ...) with no verb, directly followed by a
    word that opens sentences, with no punctuation between.
    """
    tokens = list(re.finditer(r"\S+", text))
    for i in range(1, min(len(tokens), 40)):
        word = tokens[i].group(0)
        if i >= 14 and not _GLUE_TOKEN.fullmatch(tokens[i - 1].group(0)):
            continue  # far in, only a figure or a postcode before an opener is a seam
        bare = word.strip("\"'“‘(")
        titled = bare in TITLE_OPENERS
        if bare not in OPENERS and not titled:
            continue
        previous = tokens[i - 1].group(0)
        if previous[-1:] in '.:;,!?)—–-"”’' or previous.lower() in _HEADING_JOINERS:
            continue
        heading = [t.group(0) for t in tokens[:i]]
        if _GLUE_TOKEN.fullmatch(previous) and bare in OPENERS and bare not in ("A", "An"):
            return tokens[i].start()  # "... Norfolk PE33 9SY The Parish Council had ..."
        if heading[0] in ("The", "A", "An", "That", "To", "It") or not _looks_like_heading(heading):
            continue
        if titled and len([w for w in heading if w.lower() not in _HEADING_JOINERS]) < 2:
            continue
        return tokens[i].start()
    return None


def glued_boundaries(text: str) -> list[int]:
    """Every place in ``text`` where a new sentence starts with no punctuation before it:
    after a heading's words or a figure ("... Village Bus Councillors resolved to donate £65
    A letter from ..."). Minutes typed without full stops run sentences together so."""
    tokens = list(re.finditer(r"\S+", text))
    found = []
    run_start = 0
    for i in range(1, len(tokens)):
        previous = tokens[i - 1].group(0)
        if previous[-1:] in ".:;!?)":
            run_start = i
            continue
        bare = tokens[i].group(0).strip("\"'“‘(")
        if bare not in OPENERS and bare not in TITLE_OPENERS:
            continue
        if previous.lower() in _HEADING_JOINERS or previous[-1:] in ',—–-"”’':
            continue
        number = re.fullmatch(r"[£$€]?[\d.,/%-]+", previous) is not None
        before = [t.group(0) for t in tokens[max(run_start, i - 4) : i]]
        if number or (before and _looks_like_heading(before) and before[0] not in ("The", "A")):
            if bare in TITLE_OPENERS and not number and len(before) < 2:
                continue
            found.append(tokens[i].start())
            run_start = i
    return found


def _looks_like_heading(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _HEADING_JOINERS]
    if not content:
        return False
    if any(w.lower().strip(",.") in FINITE_VERBS for w in words):
        return False
    capitalised = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit())
    return capitalised >= max(1, 0.75 * len(content))


def has_finite_verb(words: list[str]) -> bool:
    """A word that can carry a clause: an auxiliary, a reporting verb, or a past form."""
    for w in words:
        lower = w.lower().strip("'’")
        if lower in FINITE_VERBS:
            return True
        if len(lower) > 4 and lower.endswith("ed") and not lower.endswith("eed"):
            return True
    return False


def sentence_problems(text: str, *, overview: bool = False) -> list[tuple[ProblemKind, str]]:
    """What keeps one prose sentence from standing alone on a page (empty when fine)."""
    t = " ".join(text.split())
    found: list[tuple[ProblemKind, str]] = []
    words = WORD_RE.findall(t)
    if len(words) < 4:
        return [("fragment", "fewer than four words")]
    first = t.lstrip(_OPEN)[:1]
    if not (first.isupper() or first.isdigit()):
        found.append(("fragment", "does not open with a capital"))
    stripped = t.rstrip(_CLOSE)
    if not stripped.endswith((".", "!", "?")) or stripped.endswith(("..", "…")):
        found.append(("fragment", "does not end with a full stop"))
    else:
        last = re.findall(r"[\w'’&-]+", stripped[:-1])
        if last and last[-1].lower() in DANGLING:
            found.append(("fragment", f"ends on {last[-1]!r}: cut mid-phrase"))
    if not has_finite_verb(words):
        found.append(("fragment", "no finite verb"))
    if unbalanced(t):
        found.append(("fragment", "unbalanced brackets or quotation marks"))
    if _TABLE.search(t):
        found.append(("fragment", "a table row"))
    if _transcript_line(t):
        found.append(("fragment", "a transcript line (a speaker's label or a stage direction)"))
    letters = [c for c in t if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        found.append(("fragment", "in capitals: a heading"))
    if t.count(";") >= 3:
        found.append(("run_on_overview" if overview else "fragment", "a list, not a sentence"))
    if len(words) > (OVERVIEW_SENTENCE_MAX_WORDS if overview else SENTENCE_MAX_WORDS):
        found.append(("run_on_overview" if overview else "fragment", f"{len(words)} words"))
    pronoun = first_person(t)
    if pronoun:
        found.append(("first_person", f"{pronoun!r} outside quotation marks"))
    if glued_heading(t) is not None:
        found.append(("glued_heading", "a heading runs into the sentence"))
    return found


def leans_on_context(text: str) -> bool:
    """Does the sentence need the one before it ("However, ...", "He said ...")?"""
    t = text.lstrip(_OPEN)
    if _ANAPHORA.match(t):
        return True
    head = " ".join(t.split()[:10])
    return _BACK_REFERENCE.search(head) is not None


# --- a whole summary --------------------------------------------------------------------

#: Words the built-in engine may add to verbatim spans: they join, frame the meeting or
#: state an outcome the source records, and make no claim of their own.
CONNECTIVES = wordset(
    """the a an and or also on at in of to for with by as its their it was were is are be
        met meet meets will meeting meetings considered consider considers discussed covered
        items item include includes including included agenda members member council committee
        board resolved decided made following decisions decision vote votes voted next held
        document dated covers that"""
) | frozenset(PAST_FORMS.values())


@dataclass(frozen=True)
class Shown:
    """One piece of text a meeting page shows, with where it sits and what it cites."""

    where: str
    text: str
    role: Literal["overview", "sentence", "decision", "action", "quote", "title"]
    spans: tuple[SourceSpan, ...] = ()
    quoted: bool = False  # shown inside quotation marks (a direct quote, a resolution's words)


def resolution_words(text: str) -> bool:
    """Is a decision the resolution's own wording ("That we adopt ...", "To note ...")?

    Pages show such a decision inside quotation marks, as the words the meeting resolved.
    """
    t = text.lstrip(_OPEN)
    return bool(re.match(r"(?:THAT|That|To|TO|NOW THEREFORE|WHEREAS|BE IT)\b", t)) or bool(
        first_person(text)
    )


def page_texts(summary: MeetingSummary) -> list[Shown]:
    """What a meeting page shows, in order: the overview, then each substantive item."""
    shown = [
        Shown("overview", s.text, "overview", tuple(s.spans))
        for s in summary.overview
        if s.text.strip()
    ]
    spoken = summary.meeting.kind == "transcript"
    for item in summary.items:
        if not on_page(item):
            continue
        where = f"item {item.number}"
        shown.append(Shown(where, item.title, "title"))
        decisions = [
            d
            for d in item.decisions
            if not heading_decision(d.text, item.title)
            and not any(same_text(d.text, s.text) for s in summary.overview)
        ]
        shown += [Shown(where, s.text, "sentence", tuple(s.spans)) for s in item.sentences]
        shown += [
            Shown(where, q.text, "quote", (q.span,) if q.span else (), quoted=q.kind == "direct")
            for q in item.quotes
        ]
        shown += [
            Shown(
                where,
                d.text,
                "decision",
                (d.span,) if d.span else (),
                quoted=spoken or resolution_words(d.text),
            )
            for d in decisions
        ]
        shown += [Shown(where, a.text, "action", (a.span,) if a.span else ()) for a in item.actions]
    return shown


def heading_decision(decision: str, title: str) -> bool:
    """Is the decision's text the item's heading too? Pages then show its outcome only (as
    they do for a decision the overview states in full)."""
    return same_text(decision, title)


def on_page(item: ItemSummary) -> bool:
    """A substantive item with something to say gets its own section on the page."""
    has_content = item.sentences or item.quotes or item.decisions or item.actions
    return item.kind == "substantive" and item.status == "ok" and bool(has_content)


def check_summary(
    summary: MeetingSummary,
    document: Document | None = None,
    segmentation: Segmentation | None = None,
) -> list[Problem]:
    """Every readability problem of ``summary`` as a page shows it.

    With ``document``, assembled sentences are checked against their spans and a sentence
    that leans on context is excused when the sentence before it on the page is the one
    before it in the source. With ``segmentation``, every decision recorded with a vote
    must be shown with it.
    """
    problems: list[Problem] = []
    shown = page_texts(summary)
    problems += _sentence_checks(shown, document)
    problems += _repeats(shown)
    problems += _overview_checks(summary, document)
    problems += _speakers(summary)
    if segmentation is not None:
        problems += missing_votes(summary, segmentation)
    return problems


def _sentence_checks(shown: list[Shown], document: Document | None) -> list[Problem]:
    problems: list[Problem] = []
    previous: Shown | None = None
    for piece in shown:
        if piece.role in ("overview", "sentence", "action") or (
            piece.role == "decision" and not piece.quoted
        ):
            for kind, detail in sentence_problems(piece.text, overview=piece.role == "overview"):
                if piece.role == "decision" and kind == "fragment" and _list_entry_ok(detail):
                    continue  # a decision is a list entry: "Approved: the budget"
                problems.append(Problem(kind, piece.where, piece.text, detail))
            if (
                piece.role in ("overview", "sentence")
                and leans_on_context(piece.text)
                and not _follows_in_source(previous, piece, document)
            ):
                problems.append(
                    Problem(
                        "out_of_context",
                        piece.where,
                        piece.text,
                        "leans on a sentence the page does not show",
                    )
                )
            if document is not None and piece.role in ("overview", "sentence"):
                extra = unverbatim_words(piece, document)
                if extra:
                    problems.append(
                        Problem(
                            "unverbatim",
                            piece.where,
                            piece.text,
                            f"words not in its spans: {' '.join(sorted(extra)[:8])}",
                        )
                    )
        elif piece.role == "quote" and not piece.quoted:
            pronoun = first_person(piece.text)
            if pronoun:
                problems.append(
                    Problem(
                        "first_person",
                        piece.where,
                        piece.text,
                        f"reported speech with {pronoun!r}: the speaker's own words shown as the"
                        " minutes' account",
                    )
                )
        if piece.role != "title":
            previous = piece
    return problems


def _list_entry_ok(detail: str) -> bool:
    # A decision is shown as a list entry after its outcome ("Agreed: the payments"): it
    # need not carry its own verb or full stop, and a resolution may be long.
    return detail in (
        "no finite verb",
        "does not end with a full stop",
        "fewer than four words",
    ) or detail.endswith(" words")


def _follows_in_source(previous: Shown | None, piece: Shown, document: Document | None) -> bool:
    if previous is None or document is None or previous.where != piece.where:
        return False
    if not previous.spans or not piece.spans:
        return False
    gap = document.text[previous.spans[-1].end : piece.spans[0].start]
    return 0 <= len(gap.strip()) <= 3


def unverbatim_words(piece: Shown, document: Document) -> set[str]:
    """Words of an overview or item sentence that are neither in its cited spans nor
    connective words or meeting facts (empty for a verbatim or well assembled sentence)."""
    text = fold(piece.text)
    chrome = chrome_lines(document.text) if document.pages else frozenset()
    for span in piece.spans:
        cited = fold(visible(document.text[span.start : span.end], chrome))
        if cited:
            text = text.replace(cited, " ")
            text = text.replace(cited.rstrip(".;,"), " ")
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w'’-]*", text)}
    facts = _fact_words(document)
    return {w for w in words if w not in CONNECTIVES and w not in facts}


def _fact_words(document: Document) -> set[str]:
    meta = document.metadata
    words = {m.lower() for m in MONTH_NAMES} | {d.lower() for d in WEEKDAY_NAMES}
    for value in (meta.body, meta.council, meta.venue, meta.title):
        if value:
            words |= {w.lower() for w in re.findall(r"[A-Za-z][\w'’-]*", value)}
    return words


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9£$%]+", fold(text)))


def _repeats(shown: list[Shown]) -> list[Problem]:
    problems: list[Problem] = []
    seen: list[tuple[Shown, str]] = []
    for piece in shown:
        norm = _normal(piece.text)
        if len(norm.split()) < 4:
            continue
        for other, other_norm in seen:
            if piece.role == "title" or (other.role == "title" and other.where != piece.where):
                continue
            if piece.role == other.role == "decision" and piece.spans != other.spans:
                continue  # two motions carried in the same words are two decisions
            if _same(norm, other_norm):
                problems.append(
                    Problem(
                        "repeat",
                        piece.where,
                        piece.text,
                        f"also shown as {other.role} in {other.where}",
                    )
                )
                break
        seen.append((piece, norm))
    return problems


def same_text(a: str, b: str) -> bool:
    """Would a reader see ``a`` and ``b`` as the same sentence? Equal once case and
    punctuation are set aside, or one (six words or more) is most of the other."""
    return _same(_normal(a), _normal(b))


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short.split()) >= 6 and short in long and len(short) >= 0.6 * len(long)


def _overview_checks(summary: MeetingSummary, document: Document | None) -> list[Problem]:
    problems: list[Problem] = []
    texts = [s.text for s in summary.overview if s.text.strip()]
    words = sum(len(WORD_RE.findall(t)) for t in texts)
    if len(texts) > OVERVIEW_MAX_SENTENCES or words > OVERVIEW_MAX_WORDS:
        problems.append(
            Problem(
                "run_on_overview",
                "overview",
                " ".join(texts)[:200],
                f"{len(texts)} sentences, {words} words (at most {OVERVIEW_MAX_SENTENCES} and "
                f"{OVERVIEW_MAX_WORDS})",
            )
        )
    kind = summary.meeting.kind
    for sentence in summary.overview:
        framing = _framing(sentence.text, sentence.spans, document)
        if "will be held" in sentence.text:
            framing = framing - {"held"}  # a meeting still to come
        if kind in ("agenda", "agenda_pack") and framing & {
            "met",
            "considered",
            "agreed",
            "approved",
            "decided",
            "resolved",
            "discussed",
            "held",
        }:
            problems.append(Problem("tense", "overview", sentence.text, "an agenda framed as held"))
        if kind in ("minutes", "decision", "transcript") and framing & {"agenda", "will"}:
            problems.append(
                Problem("tense", "overview", sentence.text, "a record framed as an agenda")
            )
    return problems


def _framing(text: str, spans: list[SourceSpan], document: Document | None) -> set[str]:
    """The overview sentence's own words (outside its cited spans)."""
    folded = fold(text)
    if document is not None:
        for span in spans:
            cited = fold(document.text[span.start : span.end])
            if cited:
                folded = folded.replace(cited.rstrip(".;,"), " ")
    return set(re.findall(r"[a-z]+", folded))


_NOT_A_SPEAKER = re.compile(r"^\(?(?:[A-Z]{1,5}|[a-z]{1,2}|[ivx]{1,4}|\d+)\)?$")
#: Labels of a minute's or agenda's parts ("Resolution: Authorize ..."), never a person.
BUSINESS_LABELS = wordset(
    """resolution resolutions motion recommendation recommendations decision decisions action
    actions note notes purpose background summary report item question answer response
    moved seconded carried amendment outcome recommended resolved agreed proposal"""
)


def _speakers(summary: MeetingSummary) -> list[Problem]:
    problems = []
    for item in summary.items:
        if not on_page(item):
            continue
        for quote in item.quotes:
            if quote.speaker and not is_person_name(quote.speaker):
                problems.append(
                    Problem(
                        "speaker",
                        f"item {item.number}",
                        quote.text,
                        f"{quote.speaker!r} is a list letter or an acronym, not a person",
                    )
                )
    return problems


def is_person_name(speaker: str) -> bool:
    """A speaker a page may name: not a list letter, numeral, bare acronym or the label of
    a part of the minutes ("Resolution")."""
    s = speaker.strip()
    if s.lower() in BUSINESS_LABELS:
        return False
    return bool(s) and not _NOT_A_SPEAKER.match(s) and any(c.islower() for c in s)


def missing_votes(summary: MeetingSummary, segmentation: Segmentation) -> list[Problem]:
    """Decisions segmenting found with a recorded vote that the summary shows without it."""
    from pipeline.summarise.decisions import find_decisions, vote_window
    from pipeline.summarise.facts import find_vote

    document = segmentation.document
    problems = []
    items = {(i.number, i.start): i for i in summary.items}
    for item in segmentation.items:
        recorded = find_decisions(document, item)
        if not recorded:
            continue
        mine = items.get((item.number, item.start))
        for index, decision in enumerate(recorded):
            assert decision.span is not None
            start, end = vote_window(document.text, recorded, index, item.end)
            vote = find_vote(document.text, start, end)
            if vote is None:
                continue
            shown = [
                d
                for d in (mine.decisions if mine else [])
                if d.span and d.span.start < decision.span.end and decision.span.start < d.span.end
            ]
            if not any(d.vote is not None or vote.text in d.text for d in shown):
                problems.append(
                    Problem(
                        "missing_vote",
                        f"item {item.number}",
                        decision.text,
                        f"recorded vote {vote.text!r} not shown",
                    )
                )
    return problems
