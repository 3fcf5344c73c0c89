"""Build a council's weekly digest and the email each subscriber gets.

A digest is the publishable meetings of one council in one ISO week (by meeting date).
Each follower of that council gets one email: the week's meetings and, for each topic they
follow, the matching items from every council's meetings of the same week. Every email is
multipart/alternative (text/plain then text/html), with a signed unsubscribe link and
List-Unsubscribe / List-Unsubscribe-Post headers (RFC 2369, RFC 8058).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from urllib.parse import quote, urlencode

from email_validator import EmailNotValidError, validate_email

from pipeline.digest.settings import DigestSettings
from pipeline.digest.subscribers import Subscriber
from pipeline.digest.tokens import make_token
from pipeline.errors import ConfigError
from pipeline.render.catalog import (
    PublishPolicy,
    StoredSummary,
    clean_label,
    matches_council,
    slugify,
    week_bounds,
    week_label,
)
from pipeline.render.env import render, safe_url
from pipeline.render.site import week_range
from pipeline.render.views import GlanceView, ItemView, MeetingView, meeting_view

# CRLF line ends; headers fold only past RFC 5322's hard limit, so a long List-Unsubscribe
# URL stays one plain header instead of being RFC 2047-encoded (which clients cannot use).
MESSAGE_POLICY = policy.SMTP.clone(max_line_length=998)
# Internationalised mail (RFC 6532): UTF-8 in the address headers, for SMTPUTF8 servers.
UTF8_POLICY = MESSAGE_POLICY.clone(utf8=True)


@dataclass(frozen=True)
class TopicMatch:
    """An item from any council's meeting that mentions a followed topic."""

    topic: str
    meeting: MeetingView
    item: ItemView
    url: str | None


#: An email entry: the meeting's first sentences and its decisions at a glance; the full
#: summary stays on the site.
LEAD_SENTENCES = 2
GLANCE_DECISIONS = 4


@dataclass(frozen=True)
class EmailEntry:
    """One meeting in a digest email: short enough to read on a phone in seconds."""

    meeting: MeetingView
    lead: list[str]
    glance: list[GlanceView]
    more_decisions: int
    url: str | None


def email_entry(view: MeetingView, url: str | None) -> EmailEntry:
    """The meeting's one or two opening sentences and its first decisions, linking home."""
    lead = list(view.overview[:LEAD_SENTENCES])
    if not lead:
        lead = [s for item in view.items for s in item.sentences][:1]
    glance = view.glance[:GLANCE_DECISIONS]
    return EmailEntry(view, lead, glance, len(view.glance) - len(glance), url)


@dataclass
class Digest:
    """One council's week: the meetings every follower's email is built around."""

    council: str
    council_slug: str
    week: str
    range: str
    meetings: list[MeetingView]
    urls: dict[str, str | None]  # meeting path -> absolute page URL (when base_url is set)
    week_url: str | None
    everything: list[MeetingView] = field(default_factory=list)  # all councils, same week
    # This council's publishable meetings of the weeks before (``late_lookback_weeks``): the
    # candidates for "published since your last digest".
    earlier: list[MeetingView] = field(default_factory=list)

    @property
    def entries(self) -> list[EmailEntry]:
        """The email entry of each of the week's meetings."""
        return [email_entry(m, self.urls.get(m.path)) for m in self.meetings]

    @property
    def digest_id(self) -> str:
        """The send log key: one email per subscriber per ``digest_id``."""
        return f"{self.council_slug}/{self.week}"

    @property
    def subject(self) -> str:
        count = len(self.meetings)
        meetings = f"{count} meeting{'' if count == 1 else 's'}"
        return f"{self.council}: weekly digest {self.week} ({self.range}, {meetings})"


@dataclass(frozen=True)
class OutgoingEmail:
    """A composed message and the send-log key it goes out under.

    ``meetings``: the keys (page paths) of the meetings it carries, recorded with the send
    so that no subscriber gets one meeting twice. ``smtputf8``: the address has a non-ASCII
    local part, so the message can only travel as internationalised mail (RFC 6531/6532).
    """

    subscriber_id: int
    email: str
    digest_id: str
    message: EmailMessage
    meetings: tuple[str, ...] = ()
    smtputf8: bool = False
    channel: str = "email"

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    def as_bytes(self) -> bytes:
        """The message on the wire: UTF-8 headers only when the address needs them."""
        return self.message.as_bytes(policy=UTF8_POLICY if self.smtputf8 else MESSAGE_POLICY)


def week_of(stored: StoredSummary) -> str | None:
    return week_label(stored.date) if stored.date else None


def build_digest(
    catalog: list[StoredSummary],
    council: str,
    week: str,
    policy: PublishPolicy,
    base_url: str | None = None,
    *,
    lookback_weeks: int = 0,
) -> Digest:
    """The publishable meetings of ``council`` in ``week`` (and of every council, for topics).

    ``lookback_weeks``: also list the council's publishable meetings of that many weeks
    before (``Digest.earlier``), for meetings published after their own week's digest.
    """
    monday, _ = week_bounds(week)  # validates the week
    # Never a header line break or control character from the command line in a subject.
    council = clean_label(council) or council
    in_week = [s for s in catalog if week_of(s) == week and s.publishable(policy)]
    views = {id(s): meeting_view(s, cite=False) for s in in_week}
    mine = [s for s in in_week if matches_council(s, council)]
    name = mine[0].council if mine else _display_name(catalog, council)
    start = monday - dt.timedelta(weeks=lookback_weeks)
    earlier = [
        meeting_view(s)
        for s in catalog
        if s.date is not None
        and start <= s.date < monday
        and matches_council(s, name)
        and s.publishable(policy)
    ]
    base = safe_url(base_url)
    base = base.rstrip("/") + "/" if base else None
    everything = [views[id(s)] for s in in_week]
    slug = slugify(name)
    return Digest(
        council=name,
        council_slug=slug,
        week=week,
        range=week_range(week),
        meetings=[views[id(s)] for s in mine],
        urls={v.path: (f"{base}{v.href}" if base else None) for v in [*everything, *earlier]},
        week_url=f"{base}{slug}/weeks/{week}.html" if base else None,
        everything=everything,
        earlier=earlier,
    )


def _display_name(catalog: list[StoredSummary], council: str) -> str:
    for stored in catalog:
        if matches_council(stored, council):
            return stored.council
    return council


def topic_matches(digest: Digest, topics: list[str]) -> list[TopicMatch]:
    """Items of any council's meetings this week that mention one of ``topics``."""
    found: list[TopicMatch] = []
    for topic in topics:
        # Whole words, with an optional plural: "library" does not match "libraryish".
        pattern = re.compile(rf"\b{re.escape(topic.lower())}(?:s|es)?\b", re.IGNORECASE)
        for meeting in digest.everything:
            for item in meeting.items:
                haystack = " ".join(
                    [item.title, *item.sentences, *(d.text for d in item.decisions)]
                )
                if pattern.search(haystack):
                    found.append(TopicMatch(topic, meeting, item, digest.urls.get(meeting.path)))
    return found


def compose_email(
    digest: Digest,
    subscriber: Subscriber,
    settings: DigestSettings,
    secret: bytes,
    *,
    site_title: str = "Council Digest",
    now: dt.datetime | None = None,
    late: list[MeetingView] | None = None,
    update: list[MeetingView] | None = None,
) -> OutgoingEmail | None:
    """The subscriber's email for ``digest``, or ``None`` when there is nothing to tell them.

    ``late``: meetings of earlier weeks published since the subscriber's digest of their
    week, added under their own heading. ``update``: instead of the weekly digest, a short
    follow-up carrying only these meetings of the digest's week (``late_meetings =
    "follow_up"``), under its own send-log key.
    """
    late = list(late or [])
    if update is not None:
        meetings, matches, digest_id = list(update), [], update_id(digest, update)
        if not meetings:
            return None
        count = len(meetings)
        subject = (
            f"{digest.council}: update to the weekly digest {digest.week} "
            f"({count} more meeting{'' if count == 1 else 's'})"
        )
    else:
        meetings, matches, digest_id = (
            digest.meetings,
            topic_matches(digest, subscriber.topics),
            (digest.digest_id),
        )
        if not meetings and not matches and not late:
            return None
        subject = digest.subject
    to, smtputf8 = delivery_address(subscriber.email)
    token = make_token(secret, subscriber.id, digest.council_slug, subscriber.email)
    unsubscribe = _unsubscribe_url(settings, token)
    context = {
        "digest": digest,
        "meetings": meetings,
        "entries": [email_entry(m, digest.urls.get(m.path)) for m in meetings],
        "late": late,
        "late_entries": [email_entry(m, digest.urls.get(m.path)) for m in late],
        "update": update is not None,
        "subject": subject,
        "matches": matches,
        "subscriber": subscriber,
        "unsubscribe_url": unsubscribe,
        "site_title": site_title,
    }
    message = EmailMessage(policy=UTF8_POLICY if smtputf8 else MESSAGE_POLICY)
    message["Subject"] = subject
    message["From"] = _from_header(settings.from_address)
    message["To"] = to
    if settings.reply_to:
        message["Reply-To"] = settings.reply_to
    message["Date"] = format_datetime(now or dt.datetime.now(dt.UTC))
    message["Message-ID"] = _message_id(digest_id, digest, subscriber, settings.message_id_domain)
    targets = [f"<{unsubscribe}>"]
    if settings.unsubscribe_mailto:
        subject = quote(f"unsubscribe {token}")
        targets.insert(0, f"<mailto:{settings.unsubscribe_mailto}?subject={subject}>")
    message["List-Unsubscribe"] = ", ".join(targets)
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["List-Id"] = (
        f"{digest.council} weekly digest <{digest.council_slug}.{settings.message_id_domain}>"
    )
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(
        render("digest_email.txt", **context), subtype="plain", cte="quoted-printable"
    )
    message.add_alternative(
        render("digest_email.html", **context), subtype="html", cte="quoted-printable"
    )
    carried = tuple(sorted({m.path for m in [*meetings, *late]}))
    return OutgoingEmail(
        subscriber.id, subscriber.email, digest_id, message, carried, smtputf8=smtputf8
    )


def update_id(digest: Digest, meetings: list[MeetingView]) -> str:
    """The send-log key of a follow-up: the same meetings give the same key (sent once)."""
    key = "\0".join(sorted(m.path for m in meetings))
    return f"{digest.digest_id}/update-{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def delivery_address(address: str) -> tuple[str, bool]:
    """The address to put on the wire, and whether it needs SMTPUTF8.

    Subscribers are stored in one canonical form (:func:`~pipeline.digest.subscribers.
    normalise_email`: Unicode domain). An ASCII local part travels with the domain in
    IDNA form (``xn--...``), which every server takes; a non-ASCII local part can only
    travel as internationalised mail.
    """
    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return address, not address.isascii()
    if checked.ascii_email:
        return checked.ascii_email, False
    return checked.normalized, True


def _unsubscribe_url(settings: DigestSettings, token: str) -> str:
    base = safe_url(settings.unsubscribe_url)
    if base is None:
        raise ConfigError("config [digest] unsubscribe_url: must be an http(s) URL")
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}{urlencode({'token': token})}"


def _from_header(value: str) -> Address:
    pairs = getaddresses([value])
    if len(pairs) != 1 or "@" not in pairs[0][1]:
        raise ConfigError(f"config [digest] from_address: {value!r} is not one address")
    display, address = pairs[0]
    return Address(display_name=display, addr_spec=address)


def _message_id(digest_id: str, digest: Digest, subscriber: Subscriber, domain: str) -> str:
    # Deterministic per (digest, subscriber): were a message ever delivered twice, mail
    # clients would fold the copies together.
    key = f"{digest_id}\0{subscriber.id}\0{subscriber.email.lower()}"
    digest_hash = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"<{digest.week}.{digest.council_slug[:40]}.{digest_hash}@{domain}>"
