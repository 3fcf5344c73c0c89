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

from pipeline.digest.settings import DigestSettings
from pipeline.digest.subscribers import Subscriber
from pipeline.digest.tokens import make_token
from pipeline.errors import ConfigError
from pipeline.render.catalog import (
    PublishPolicy,
    StoredSummary,
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
    """A composed email and the send-log key it goes out under."""

    subscriber_id: int
    email: str
    digest_id: str
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


def week_of(stored: StoredSummary) -> str | None:
    return week_label(stored.date) if stored.date else None


def build_digest(
    catalog: list[StoredSummary],
    council: str,
    week: str,
    policy: PublishPolicy,
    base_url: str | None = None,
) -> Digest:
    """The publishable meetings of ``council`` in ``week`` (and of every council, for topics)."""
    week_bounds(week)  # validates the week
    in_week = [s for s in catalog if week_of(s) == week and s.publishable(policy)]
    views = {id(s): meeting_view(s, cite=False) for s in in_week}
    mine = [s for s in in_week if matches_council(s, council)]
    name = mine[0].council if mine else _display_name(catalog, council)
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
        urls={v.path: (f"{base}{v.href}" if base else None) for v in everything},
        week_url=f"{base}{slug}/weeks/{week}.html" if base else None,
        everything=everything,
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
) -> OutgoingEmail | None:
    """The subscriber's email for ``digest``, or ``None`` when there is nothing to tell them."""
    matches = topic_matches(digest, subscriber.topics)
    if not digest.meetings and not matches:
        return None
    token = make_token(secret, subscriber.id, digest.council_slug, subscriber.email)
    unsubscribe = _unsubscribe_url(settings, token)
    context = {
        "digest": digest,
        "matches": matches,
        "subscriber": subscriber,
        "unsubscribe_url": unsubscribe,
        "site_title": site_title,
    }
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["Subject"] = digest.subject
    message["From"] = _from_header(settings.from_address)
    message["To"] = subscriber.email
    if settings.reply_to:
        message["Reply-To"] = settings.reply_to
    message["Date"] = format_datetime(now or dt.datetime.now(dt.UTC))
    message["Message-ID"] = _message_id(digest, subscriber, settings.message_id_domain)
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
    return OutgoingEmail(subscriber.id, subscriber.email, digest.digest_id, message)


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


def _message_id(digest: Digest, subscriber: Subscriber, domain: str) -> str:
    # Deterministic per (digest, subscriber): were a message ever delivered twice, mail
    # clients would fold the copies together.
    key = f"{digest.digest_id}\0{subscriber.id}\0{subscriber.email.lower()}"
    digest_hash = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"<{digest.week}.{digest.council_slug[:40]}.{digest_hash}@{domain}>"
