"""The built-in engine: a deterministic extractive summary, no LLM needed.

For each item it picks the recorded decisions and the key sentences VERBATIM from the
item's span, each with its exact span; quotes are verbatim too, attributed only to a
speaker the source names. Sentences are scored on position, figures, decision words,
named people and content-word centrality; ties break on position, so two runs give the
same summary. The meeting overview is one sentence naming the meeting and its topics
(each topic's span cited) and the key sentence of the weightiest items.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date as Date
from typing import Literal

from pipeline.models import (
    Action,
    AgendaItem,
    Decision,
    Document,
    ItemSummary,
    Quote,
    SourceSpan,
    SummarySentence,
    Usage,
)
from pipeline.summarise.decisions import find_decisions
from pipeline.summarise.people import People, opening_speaker, turn_at
from pipeline.summarise.settings import SummariseSettings
from pipeline.summarise.text import (
    PROCEDURAL_CUE_RE,
    WORD_RE,
    Sentence,
    chrome_lines,
    item_sentences,
    publishable,
    visible,
)
from pipeline.text import MONTH_NAMES, STOPWORDS, TITLES, SourceIndex, collapse, wordset

#: Bumped whenever the selection rules change, so old summaries are not reused.
EXTRACTIVE_VERSION = 2  # 2: quotes carry their kind (direct or reported)

FIGURE_RE = re.compile(
    r"£\s?\d[\d,.]*\s?(?:m|bn|k|million|billion)?|\b\d+(?:\.\d+)?%|\b\d{2,}[\d,]*\b"
)
DECISION_WORD_RE = re.compile(
    r"\b(agreed|approved|resolved|endorsed|rejected|deferred|decided|recommend\w*)\b", re.I
)
NAMED_RE = re.compile(rf"\b(?:{TITLES})\.? [A-Z]|\b[A-Z][a-z]+ [A-Z][a-z]+, (?:the )?[A-Z]")
ANAPHORA_RE = re.compile(
    r"^(?:However|Therefore|Similarly|Also|Additionally|Furthermore|Moreover|In addition|"
    r"This|These|That|Those|It|Its|They|Their|He|She|His|Her|Such|Both|Potentially|Instead)\b"
)
ACTION_RE = re.compile(
    r"\b(?:will|would|is to|are to|agreed to)\s+(?:also\s+|then\s+|now\s+)?(?:be\s+)?"
    r"(?:write|provide[sd]?|circulate[sd]?|report(?:ed)? back|bring|return|present(?:ed)?|"
    r"publish(?:ed)?|update[sd]?|follow(?:ed)? up|share[sd]?|meet|submit(?:ted)?|"
    r"respond(?:ed)?|agreed|consider(?:ed)?|develop(?:ed)?|review(?:ed)?)\b",
    re.I,
)
OWNER_RE = re.compile(
    rf"^(?P<owner>(?:The |the )?(?:Commission|Committee|Board|Cabinet|Council|Chair|Members|"
    rf"Officers|CHSCP|Panel|Partnership|Director[\w ]*?|(?:{TITLES}) [A-Z][\w'-]+))"
    r" (?:will|would|is to|are to|agreed to)\b"
)
NO_ARTICLE = wordset("Cabinet Council Full")
QUOTED_RE = re.compile(r"[“\"](?P<q>[^”\"]{20,400})[”\"]")
# Any quotation-marked passage, to tell a located quote's kind (no length limits).
QUOTATION_RE = re.compile(r"“[^“”]*”|\"[^\"]*\"")
QuoteKind = Literal["direct", "reported"]


class ExtractiveEngine:
    """Deterministic extractive summaries (see the module docstring)."""

    name = "extractive"
    model: str | None = None
    concurrency = 1

    def __init__(self, settings: SummariseSettings) -> None:
        self.settings = settings
        self._people: dict[str, People] = {}
        self._cache: dict[str, frozenset[str]] = {}

    def provenance(self) -> dict:
        """No prompt; the parameters are the selection rules' version and settings."""
        s = self.settings
        return {
            "params": {
                "engine_version": EXTRACTIVE_VERSION,
                "procedural": s.procedural,
                "min_sentences": s.min_sentences,
                "max_sentences": s.max_sentences,
                "max_quotes": s.max_quotes,
                "overview_sentences": s.overview_sentences,
            }
        }

    def chrome(self, document: Document) -> frozenset[str]:
        """Running headers and footers of a paged document (built once per document)."""
        if not document.pages:
            return frozenset()
        key = "chrome:" + document.sha256
        if key not in self._cache:
            self._cache[key] = chrome_lines(document.text)
        return self._cache[key]

    def people(self, document: Document) -> People:
        """The names in ``document`` (built once per document)."""
        if document.sha256 not in self._people:
            self._people[document.sha256] = People(document)
        return self._people[document.sha256]

    # --- items ---------------------------------------------------------------------------

    def summarise_item(self, document: Document, item: AgendaItem) -> ItemSummary:
        """Decisions, key sentences, quotes and actions of one item, all verbatim."""
        summary = base_item(item)
        labels = bool(document.turns)
        sentences, cut = item_sentences(
            document.text, item.start, item.end, labels, self.chrome(document)
        )
        summary.source_truncated = cut is not None
        if item.kind == "procedural" and self.settings.procedural == "skip":
            summary.status = "skipped"
            return summary
        agenda = document.metadata.kind in ("agenda", "agenda_pack")
        if item.kind == "procedural" and agenda:
            return summary  # the meeting has not happened: nothing to report yet
        summary.decisions = find_decisions(document, item)
        if item.kind == "procedural":
            summary.decisions = summary.decisions[:2]
        chosen = self.key_sentences(document, item, sentences, summary.decisions)
        summary.sentences = [sentence_of(s) for s in chosen]
        if item.kind == "substantive":
            summary.quotes = self.quotes(document, sentences)
            # An agenda's "will ..." sentences are plans in reports, not the meeting's actions.
            if not agenda:
                summary.actions = actions_of(sentences, summary.decisions)
        return summary

    def key_sentences(
        self,
        document: Document,
        item: AgendaItem,
        sentences: list[Sentence],
        decisions: list[Decision],
    ) -> list[Sentence]:
        """The item's best publishable sentences, in source order."""
        decided = [(d.span.start, d.span.end) for d in decisions if d.span]
        candidates = [
            s
            for s in sentences
            if publishable(s)
            and not any(a < s.end and s.start < b for a, b in decided)
            and not (item.kind == "substantive" and PROCEDURAL_CUE_RE.search(s.text))
        ]
        if not candidates:
            return []
        if item.kind == "procedural":
            limit = 1
        else:
            limit = max(
                self.settings.min_sentences,
                min(self.settings.max_sentences, 1 + math.ceil(len(candidates) / 5)),
            )
        question_blocks = {s.block for s in sentences if "?" in s.text}
        tf = Counter(w for s in sentences for w in content_words(s.text))
        raw_centrality = [centrality(s.text, tf) for s in candidates]
        top = max(raw_centrality) or 1.0
        scored = []
        for rank, (s, c) in enumerate(zip(candidates, raw_centrality, strict=True)):
            score = sentence_score(s, rank, c / top, s.block in question_blocks)
            if item.kind == "procedural":
                score += 2.0 / (1 + rank)  # the opening line says what happened
            scored.append((round(score, 6), s))
        scored.sort(key=lambda pair: (-pair[0], pair[1].start))
        chosen: list[Sentence] = []
        chosen_words: list[set[str]] = []
        for _, s in scored:
            words = set(content_words(s.text))
            if any(jaccard(words, other) > 0.5 for other in chosen_words):
                continue
            chosen.append(s)
            chosen_words.append(words)
            if len(chosen) >= limit:
                break
        return sorted(chosen, key=lambda s: s.start)

    def quotes(self, document: Document, sentences: list[Sentence]) -> list[Quote]:
        """Verbatim passages with the speaker the source names, best first, at most N."""
        if self.settings.max_quotes == 0:
            return []
        people = self.people(document)
        chrome = self.chrome(document)
        text = document.text
        found: list[tuple[float, Quote]] = []
        previous: tuple[int, str] | None = None  # (block, speaker) for "He"/"She"
        for s in sentences:
            if not s.complete or "?" in s.text or PROCEDURAL_CUE_RE.search(s.text):
                continue
            speaker: str | None = None
            start = s.start
            if document.turns:
                turn = turn_at(document, s.start)
                if turn is None or turn[0] is None:
                    continue
                speaker = turn[0]
            elif s.speaker_tag:
                speaker = people.resolve_tag(s.speaker_tag)
            else:
                prior = previous[1] if previous and previous[0] == s.block else None
                attribution = opening_speaker(s.text, prior)
                if attribution is not None:
                    speaker = attribution.speaker
                    previous = (s.block, speaker)
                    direct = QUOTED_RE.search(text, s.start, s.end)
                    if not attribution.reported and direct is None:
                        continue
                    start = skip_to(text, s.start, attribution.clause_start, s.end)
            # Words in quotation marks are the speaker's own: they make the best quotes.
            direct_quotes = [
                m for m in QUOTED_RE.finditer(text, start, s.end) if len(m["q"].split()) >= 5
            ]
            for match in direct_quotes:
                raw = text[match.start("q") : match.end("q")]
                if "\n" not in raw or visible(raw, chrome) == collapse(raw):
                    quote = quote_at(
                        document, match.start("q"), match.end("q"), speaker, kind="direct"
                    )
                    found.append((2.0 if speaker else 0.5, quote))
            if speaker is None or direct_quotes:
                continue
            if start >= s.end:
                continue
            raw = text[start : s.end]
            if "\n" in raw and visible(raw, chrome) != collapse(raw):
                continue  # runs across a page break: the span would hold the page header
            # A transcript turn is the speaker's own words; minutes' "X replied that ..." and
            # "(JG) ..." paragraphs are the clerk's account of them, not a quote to attribute.
            kind = "direct" if document.turns else "reported"
            quote = quote_at(document, start, s.end, speaker, kind=kind)
            words = len(WORD_RE.findall(quote.text))
            if not 8 <= words <= 60 or not (quote.text[:1].isalpha() or quote.text[:1].isdigit()):
                continue
            score = 1.0 - abs(words - 25) / 60 + (0.3 if FIGURE_RE.search(quote.text) else 0)
            found.append((round(score, 6), quote))
        found.sort(key=lambda pair: (-pair[0], pair[1].span.start if pair[1].span else 0))
        chosen: list[Quote] = []
        speakers: Counter[str | None] = Counter()
        for _, quote in found:
            if speakers[quote.speaker] >= 1 and len(found) > self.settings.max_quotes:
                continue  # prefer different voices
            chosen.append(quote)
            speakers[quote.speaker] += 1
            if len(chosen) >= self.settings.max_quotes:
                break
        return sorted(chosen, key=lambda q: q.span.start if q.span else 0)

    # --- the meeting -----------------------------------------------------------------------

    def summarise_meeting(
        self, document: Document, items: list[ItemSummary]
    ) -> tuple[list[SummarySentence], Usage]:
        """An opening sentence naming the meeting and its topics, then key sentences."""
        return overview_of(document, items, self.settings.overview_sentences), Usage()


# --- helpers shared with the LLM engine ------------------------------------------------------


def base_item(item: AgendaItem) -> ItemSummary:
    """An empty :class:`ItemSummary` carrying the item's identity and span."""
    return ItemSummary(
        number=item.number,
        title=item.title,
        kind=item.kind,
        start=item.start,
        end=item.end,
        pages=item.pages,
    )


def sentence_of(s: Sentence) -> SummarySentence:
    """A summary sentence that is the source sentence ``s`` itself."""
    return SummarySentence(text=s.text, spans=[SourceSpan(start=s.start, end=s.end)])


def quote_at(
    document: Document,
    start: int,
    end: int,
    speaker: str | None = None,
    kind: QuoteKind = "direct",
) -> Quote:
    """The source's words ``[start, end)`` as a quote; transcripts add the turn's time.

    ``kind`` says whether the words are the speaker's own ("direct") or the source's account
    of what they said ("reported").
    """
    time = None
    turn = turn_at(document, start) if document.turns else None
    if turn is not None:
        speaker = turn[0] or speaker
        time = turn[1]
    return Quote(
        text=collapse(document.text[start:end]),
        speaker=speaker,
        span=SourceSpan(start=start, end=end),
        time=time,
        kind=kind,
    )


def quote_kind(document: Document, start: int, end: int) -> QuoteKind:
    """``"direct"`` when ``[start, end)`` is the speaker's own words, else ``"reported"``.

    Own words are those inside quotation marks in the source (in the same paragraph) or in
    a transcript speaker turn; anything else is the source's account of what was said.
    """
    if document.turns and turn_at(document, start) is not None:
        return "direct"
    text = document.text
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    for match in QUOTATION_RE.finditer(text, para_start, para_end):
        # The quote may include the marks themselves or sit just inside them.
        if match.start() <= start and end <= match.end():
            return "direct"
        if match.start() >= end:
            break
    return "reported"


def skip_to(text: str, sentence_start: int, offset_in_collapsed: int, end: int) -> int:
    """Source offset of the ``offset_in_collapsed``-th character of a collapsed sentence."""
    seen = 0
    pos = sentence_start
    prev_space = False
    while pos < end and seen < offset_in_collapsed:
        space = text[pos].isspace()
        if not (space and prev_space):
            seen += 1
        prev_space = space
        pos += 1
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more that are not stopwords."""
    return [
        w
        for w in (m.lower().strip("'’-") for m in WORD_RE.findall(text))
        if len(w) >= 3 and w not in STOPWORDS and not w[0].isdigit()
    ]


def centrality(text: str, tf: Counter[str]) -> float:
    """How much of the item's vocabulary a sentence carries (log term frequency)."""
    words = set(content_words(text))
    if not words:
        return 0.0
    return sum(math.log1p(tf[w]) for w in words) / (len(words) + 4)


def jaccard(a: set[str], b: set[str]) -> float:
    """Overlap of two word sets (0 when both are empty)."""
    return len(a & b) / len(a | b) if a or b else 0.0


def sentence_score(s: Sentence, rank: int, centrality_norm: float, in_question: bool) -> float:
    """Deterministic salience of a candidate sentence (higher is better)."""
    score = 1.2 / (1 + rank / 4) + centrality_norm
    score += min(0.6, 0.3 * len(FIGURE_RE.findall(s.text)))
    if DECISION_WORD_RE.search(s.text):
        score += 0.5
    if NAMED_RE.search(s.text):
        score += 0.3
    if s.speaker_tag:
        score += 0.1
    words = s.words
    if words < 10:
        score -= 0.3
    elif words > 40:
        score -= 0.02 * (words - 40)
    if ANAPHORA_RE.match(s.text):
        score -= 0.35
    if PROCEDURAL_CUE_RE.search(s.text):
        score -= 1.5
    if in_question:
        score -= 0.8 if not s.text.startswith("Given") else 2.0
    return score


def actions_of(sentences: list[Sentence], decisions: list[Decision]) -> list[Action]:
    """Next steps the source states ("... will be published", "would write to ...")."""
    out: list[Action] = []
    decided = [(d.span.start, d.span.end) for d in decisions if d.span]
    for s in sentences:
        if len(out) >= 3:
            break
        if not publishable(s) or not ACTION_RE.search(s.text):
            continue
        if any(a < s.end and s.start < b for a, b in decided):
            continue
        owner = OWNER_RE.match(s.text)
        out.append(
            Action(
                text=s.text,
                owner=owner["owner"] if owner else None,
                span=SourceSpan(start=s.start, end=s.end),
            )
        )
    return out


def cap(text: str) -> str:
    """``text`` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def human_date(iso: str | None) -> str | None:
    """``2022-11-30`` -> ``30 November 2022`` (``None`` stays ``None``)."""
    if not iso:
        return None
    try:
        d = Date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def overview_of(document: Document, items: list[ItemSummary], limit: int) -> list[SummarySentence]:
    """The extractive overview (also the fallback shape other engines can reuse)."""
    usable = [i for i in items if i.status == "ok"]
    if not usable:
        return []
    substantive = [i for i in usable if i.kind == "substantive"] or usable
    meta = document.metadata
    when = human_date(meta.date)
    on = f" on {when}" if when else ""
    titles = [i.title.rstrip(". ") for i in substantive]
    spans = []
    for i in substantive:
        found = SourceIndex(document.text, i.start, i.end).find(i.title)
        if found is not None:
            spans.append(found.span)
    listing = titles[0] if len(titles) == 1 else "; ".join(titles[:-1]) + "; and " + titles[-1]
    body = meta.body
    if body and not body.startswith(("The ", "the ")) and body.split()[0] not in NO_ARTICLE:
        body = "the " + body
    if meta.kind in ("agenda", "agenda_pack"):
        opening = f"The agenda of {body or 'the meeting'}" + (f" for {when}" if when else "")
        opening += f" includes {listing}."
    elif body is None:
        opening = f"The meeting{on} considered {listing}."
    elif meta.kind in ("decision", "agenda_item") or len(titles) == 1:
        opening = f"{cap(body)} considered {listing}{on}."
    else:
        opening = f"{cap(body)} met{on} to consider {listing}."
    overview = [SummarySentence(text=opening, spans=spans)]
    # Then the key sentence of the weightiest items: decisions first, then the longest.
    ranked = sorted(
        (i for i in substantive if i.sentences),
        key=lambda i: (-(len(i.decisions) > 0), -(i.end - i.start), i.start),
    )
    picked: list[SummarySentence] = []
    for item in ranked[: max(0, limit - 1)]:
        # The first sentence that does not lean on the one before it ("However, ...").
        standalone = [s for s in item.sentences if not ANAPHORA_RE.match(s.text)]
        if standalone:
            picked.append(standalone[0])
    picked.sort(key=lambda s: s.spans[0].start if s.spans else 0)
    return overview + picked
