"""View models: a stored summary turned into the plain, already-cleaned values templates show.

Templates never see the raw models; everything here is a ``str`` (escaped by jinja2 on
output), a number, or a URL that passed :func:`~pipeline.render.env.safe_url`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pipeline.models import ItemSummary, MeetingSummary, Provenance
from pipeline.render.catalog import (
    EvalsSummary,
    StoredSummary,
    clean_label,
    strip_control,
    week_label,
)
from pipeline.render.citations import Cited, Citer
from pipeline.render.env import clock, long_date, safe_url, timestamp
from pipeline.summarise.overview import UNDERTAKING_RE
from pipeline.summarise.readability import (
    heading_decision,
    on_page,
    resolution_words,
    same_text,
)
from pipeline.text import slugify


@dataclass(frozen=True)
class QuoteView:
    text: str
    speaker: str | None
    time_label: str | None
    time_url: str | None
    # "reported": the minutes' account of what the speaker said, never shown as their words.
    kind: str = "direct"
    href: str | None = None  # where the source says it
    label: str | None = None

    @property
    def reported(self) -> bool:
        return self.kind == "reported"

    @property
    def reported_lead(self) -> str:
        """The words that introduce reported speech, naming the person but not quoting them."""
        if not self.speaker:
            return "Reported in the minutes:"
        if self.text[:1].islower():  # "replied that the average ..." kept its clause
            return f"As recorded in the minutes, {self.speaker} said that"
        return f"Reported in the minutes, not a direct quote ({self.speaker}):"


OUTCOME_LABELS = {
    "approved": "Approved",
    "agreed": "Agreed",
    "noted": "Noted",
    "rejected": "Rejected",
    "deferred": "Deferred",
}


@dataclass(frozen=True)
class DecisionView:
    text: str
    outcome: str | None
    vote: str | None = None  # "Motion Carried 6-0", as the source records it
    moved_by: str | None = None
    seconded_by: str | None = None
    # The resolution's own wording ("That we adopt ..."): shown inside quotation marks.
    quoted: bool = False
    # Its words are the item's heading, or a sentence of the overview: the entry then
    # shows the outcome and vote only, never the same words twice on a page.
    heading: bool = False
    above: bool = False
    href: str | None = None
    label: str | None = None

    @property
    def outcome_label(self) -> str:
        """ "Approved", "Noted", ... ("Decided" when the source states no outcome)."""
        return OUTCOME_LABELS.get(self.outcome or "", "Decided")

    @property
    def movers(self) -> str | None:
        """ "moved by A, seconded by B" when the source names them."""
        parts = []
        if self.moved_by:
            parts.append(f"moved by {self.moved_by}")
        if self.seconded_by:
            parts.append(f"seconded by {self.seconded_by}")
        return ", ".join(parts) or None


@dataclass(frozen=True)
class ActionView:
    text: str
    owner: str | None
    due: str | None = None
    href: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class ItemView:
    number: str
    title: str
    anchor: str
    sentences: list[Cited]
    quotes: list[QuoteView]
    decisions: list[DecisionView]
    actions: list[ActionView]
    failed: bool = False
    unreadable_pages: tuple[int, ...] = ()  # source pages that could not be read


@dataclass(frozen=True)
class GlanceView:
    """One line of "decisions at a glance": the item, its outcome, the vote (the item's
    first decision; ``more`` counts its others)."""

    title: str
    anchor: str
    decision: DecisionView
    more: int = 0


def glance_of(items: list[ItemView], summary: MeetingSummary) -> list[GlanceView]:
    """One line per item that decided something: the meeting's own decisions (one person's
    undertaking, "The Clerk agreed to ...", is an action, not a decision at a glance)."""
    undertakings = {
        text(d.text)
        for item in summary.items
        for d in item.decisions
        if UNDERTAKING_RE.match(text(d.text))
    }
    lines = []
    for item in items:
        decided = [d for d in item.decisions if d.text not in undertakings]
        if decided:
            lines.append(GlanceView(item.title, item.anchor, decided[0], len(decided) - 1))
    return lines


@dataclass(frozen=True)
class BadgeView:
    checked: int
    flagged: int
    quotes_total: int
    quotes_missing: int
    report_href: str | None

    @property
    def clean(self) -> bool:
        return self.flagged == 0 and self.quotes_missing == 0


@dataclass(frozen=True)
class MeetingView:
    """Everything a meeting page, a digest entry or a feed entry shows about one meeting."""

    council: str
    council_slug: str
    body: str
    body_slug: str
    date: dt.date | None
    date_label: str
    week: str | None
    time_label: str | None
    venue: str | None
    heading: str
    path: str  # site-relative folder of the meeting page, e.g. "northbridge/cabinet/2024-09-11"
    status: str
    ai_label: str
    engine_detail: str
    overview: list[str]
    items: list[ItemView]
    other_items: list[str]
    badge: BadgeView | None
    source_url: str | None
    source_name: str | None
    video_url: str | None
    council_page_url: str | None
    updated: dt.datetime
    topics_text: str = field(repr=False, default="")
    # Page sentence -> why evals flagged it (shown beside the sentence).
    flagged: dict[str, str] = field(default_factory=dict)
    kind: str = "unknown"
    glance: list[GlanceView] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # Passages the source text view (text.html) marks for the page's links.
    text_marks: list[tuple[int, int]] = field(default_factory=list, repr=False)
    text_view: bool = False

    @property
    def href(self) -> str:
        return f"{self.path}/index.html"


def text(value: str | None) -> str:
    """Document text made fit for a page: control characters out, whitespace collapsed."""
    return " ".join(strip_control(value or "").split())


def meeting_folder(stored: StoredSummary) -> str:
    """The site folder of a meeting's page when no other meeting takes it first:
    ``council/body/date`` (the summary's folder name where the date is unknown)."""
    date = stored.date
    folder = date.isoformat() if date else slugify(stored.path.parent.name)
    return f"{slugify(stored.council)}/{slugify(stored.body)}/{folder}"


def meeting_view(
    stored: StoredSummary,
    *,
    source_name: str | None = None,
    evals_href: str | None = None,
    path: str | None = None,
    cite: bool = True,
) -> MeetingView:
    """The view of one stored summary.

    ``source_name``: a copied source file beside the page; ``evals_href``: the evals report;
    ``path``: the page folder when the default one is taken (two meetings, same body and day);
    ``cite``: link each sentence to its source (meeting pages; not needed for digests).
    """
    summary = stored.summary
    meeting = summary.meeting
    date = stored.date
    council_slug = slugify(stored.council)
    body_slug = slugify(stored.body)
    time_label = clock(meeting.time)
    heading = stored.body
    video_url = safe_url(meeting.video_url)
    source_url = safe_url(meeting.source_url)
    citer = _citer(stored, source_name, source_url) if cite else Citer(None)
    overview = [citer.cite(t, list(s.spans)) for s in summary.overview if (t := text(s.text))]
    items, others = _items(summary, video_url, citer)
    return MeetingView(
        council=stored.council,
        council_slug=council_slug,
        body=stored.body,
        body_slug=body_slug,
        date=date,
        date_label=long_date(date),
        week=week_label(date) if date else None,
        time_label=time_label,
        venue=clean_label(meeting.venue),
        heading=heading,
        path=path or meeting_folder(stored),
        status=summary.review.status,
        ai_label=ai_label(summary.provenance),
        engine_detail=engine_detail(summary.provenance),
        overview=overview,
        items=items,
        other_items=others,
        badge=_badge(stored.evals, evals_href),
        source_url=source_url,
        source_name=source_name,
        video_url=video_url,
        council_page_url=safe_url(meeting.page_url),
        updated=updated_at(summary),
        topics_text=_topic_text(summary),
        flagged=_flagged(stored, overview, items),
        kind=meeting.kind,
        glance=glance_of(items, summary),
        notices=notices(summary, date),
        text_marks=sorted(set(citer.marks)),
        text_view=citer.text_view,
    )


def _citer(stored: StoredSummary, source_name: str | None, source_url: str | None) -> Citer:
    """Links into the source: its PDF's pages, else the text view of its normalised text."""
    document = stored.document
    if document is None:
        return Citer(None)
    pdf = None
    if document.format == "pdf":
        if source_name and source_name.lower().endswith(".pdf"):
            pdf = source_name
        elif source_url and source_url.lower().split("?")[0].split("#")[0].endswith(".pdf"):
            pdf = source_url
    return Citer(document, pdf)


def notices(summary: MeetingSummary, date: dt.date | None) -> list[str]:
    """What a reader must know before trusting the page: an agenda written before its
    meeting, and items whose source page cuts the minutes short."""
    found = []
    if summary.meeting.kind in ("agenda", "agenda_pack"):
        when = f" of {long_date(date)}" if date else ""
        found.append(
            f"This is a summary of the agenda, published before the meeting{when}: it says "
            "what the meeting will consider, not what it decided."
        )
    cut = [i for i in summary.items if i.source_truncated and i.status != "skipped"]
    if cut:
        names = ", ".join(text(i.title) or f"item {text(i.number)}" for i in cut)
        found.append(
            f"The council's page cuts the minutes short for {names} (\"... view the full "
            'minutes text"): this summary covers only what it shows. Read the full minutes '
            "on the council's website."
        )
    return found


def ai_label(provenance: Provenance) -> str:
    """``AI generated summary (extractive engine, prompt meeting-summary v1)``."""
    if provenance.engine == "extractive":
        who = "built-in extractive engine, no language model"
    else:
        who = f"model {text(provenance.model)}" if provenance.model else "language model"
    prompt = ""
    if provenance.prompt_id:
        version = f" v{provenance.prompt_version}" if provenance.prompt_version else ""
        prompt = f", prompt {text(provenance.prompt_id)}{version}"
    return f"AI generated summary ({who}{prompt})"


def engine_detail(provenance: Provenance) -> str:
    """A one-line audit trail for the page footer."""
    parts = [f"engine {provenance.engine}"]
    if provenance.model:
        parts.append(f"model {text(provenance.model)}")
    if provenance.prompt_id:
        parts.append(f"prompt {text(provenance.prompt_id)} v{provenance.prompt_version or '?'}")
    if provenance.prompt_hash:
        parts.append(f"prompt hash {text(provenance.prompt_hash)[:12]}")
    parts.append(f"source sha256 {text(provenance.source_sha256)[:12]}")
    return "; ".join(parts)


def updated_at(summary: MeetingSummary) -> dt.datetime:
    """When this summary last changed (review or creation), timezone-aware, for feeds."""
    for value in (summary.review.at, summary.provenance.created_at):
        parsed = _parse_datetime(value)
        if parsed is not None:
            return parsed
    day = summary.meeting.date
    try:
        return dt.datetime.fromisoformat(f"{day}T00:00:00+00:00")
    except (TypeError, ValueError):
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _parse_datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def video_at(video_url: str | None, seconds: float | None) -> str | None:
    """A link to the video at ``seconds`` (``?t=`` for YouTube, ``#t=`` otherwise)."""
    if video_url is None or seconds is None:
        return None
    try:  # the transcripts stage owns the canonical rule when it is installed
        from pipeline.transcripts import video_link
    except ImportError:
        video_link = None
    if video_link is not None:
        try:
            linked = video_link(video_url, seconds)
        except Exception:  # a helper bug must not take the page down: no time link then
            return None
        # Players whose start-time syntax is unknown get the plain URL back: no time link.
        return safe_url(linked) if linked != video_url else None
    parts = urlsplit(video_url)
    host = (parts.hostname or "").lower()
    if host.endswith("youtube.com") or host == "youtu.be":
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "t"]
        query.append(("t", str(int(seconds))))
        return safe_url(urlunsplit(parts._replace(query=urlencode(query))))
    return None


def _items(
    summary: MeetingSummary, video_url: str | None, citer: Citer | None = None
) -> tuple[list[ItemView], list[str]]:
    citer = citer or Citer(None)
    views: list[ItemView] = []
    others: list[str] = []
    spoken = summary.meeting.kind == "transcript"
    for item in summary.items:
        title = text(item.title) or f"Item {text(item.number)}"
        if item.status == "failed":
            views.append(_item_view(summary, item, title, video_url, citer, spoken, failed=True))
        elif on_page(item):
            views.append(_item_view(summary, item, title, video_url, citer, spoken))
        else:
            others.append(title)
    return views, others


def _item_view(
    summary: MeetingSummary,
    item: ItemSummary,
    title: str,
    video_url: str | None,
    citer: Citer,
    spoken: bool,
    failed: bool = False,
) -> ItemView:
    quotes = []
    for q in item.quotes:
        if not text(q.text):
            continue
        cited = citer.cite(text(q.text), [q.span])
        quotes.append(
            QuoteView(
                text=text(q.text),
                speaker=clean_label(q.speaker),
                time_label=timestamp(q.time),
                time_url=video_at(video_url, q.time),
                kind=q.kind,
                href=cited.href,
                label=cited.label,
            )
        )
    decisions = []
    for d in item.decisions:
        words = text(d.text)
        if not words:
            continue
        cited = citer.cite(words, [d.vote.span if d.vote else None, d.span][::-1])
        decisions.append(
            DecisionView(
                text=words,
                outcome=d.outcome,
                vote=text(d.vote.text) if d.vote else None,
                moved_by=clean_label(d.moved_by),
                seconded_by=clean_label(d.seconded_by),
                quoted=spoken or resolution_words(words),
                heading=heading_decision(words, title),
                above=any(same_text(words, s.text) for s in summary.overview),
                href=cited.href,
                label=cited.label,
            )
        )
    actions = []
    for a in item.actions:
        if not text(a.text):
            continue
        cited = citer.cite(text(a.text), [a.span])
        actions.append(
            ActionView(
                text(a.text), clean_label(a.owner), text(a.due) or None, cited.href, cited.label
            )
        )
    return ItemView(
        number=text(item.number),
        title=title,
        anchor=f"item-{slugify(item.number or title)}",
        sentences=[citer.cite(t, list(s.spans)) for s in item.sentences if (t := text(s.text))],
        quotes=quotes,
        decisions=decisions,
        actions=actions,
        failed=failed,
        unreadable_pages=tuple(item.unreadable_pages),
    )


def _flagged(stored: StoredSummary, overview: list[str], items: list[ItemView]) -> dict[str, str]:
    """The page's sentences and quotes that evals flagged, with the first reason of each
    (evals may check a page sentence in parts: a flagged part flags its sentence)."""
    from pipeline.review import flagged_sentences

    found = flagged_sentences(stored.folder / "evals.json")
    if not found:
        return {}
    shown = overview + [t for item in items for t in item.sentences + [q.text for q in item.quotes]]
    marks: dict[str, str] = {}
    for f in found:
        key = text(f.text).strip("“”")
        for sentence in shown:
            if sentence not in marks and key and (key in sentence or sentence in key):
                marks[sentence] = f.reasons[0] if f.reasons else f.verdict
    return marks


def _badge(evals: EvalsSummary | None, href: str | None) -> BadgeView | None:
    if evals is None:
        return None
    return BadgeView(evals.checked, evals.flagged, evals.quotes_total, evals.quotes_missing, href)


def _topic_text(summary: MeetingSummary) -> str:
    parts = [summary.meeting.body or "", summary.meeting.title or ""]
    parts += [s.text for s in summary.overview]
    for item in summary.items:
        parts.append(item.title)
        parts += [s.text for s in item.sentences]
        parts += [d.text for d in item.decisions]
    return text(" ".join(parts)).lower()
