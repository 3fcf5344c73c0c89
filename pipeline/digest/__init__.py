"""Digest: subscribers, the weekly email per subscriber, and sending it exactly once."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.digest.build import Digest, OutgoingEmail, build_digest
from pipeline.digest.channels import Channel, load_channel
from pipeline.digest.db import connect
from pipeline.digest.history import RECEIVED, late_meetings, record_week_done, subscriber_history
from pipeline.digest.lock import run_lock
from pipeline.digest.send import SendLog, SendReport, Transport, send_all
from pipeline.digest.settings import DigestSettings, SmtpSettings
from pipeline.digest.subscribers import Subscriber, list_subscribers
from pipeline.digest.tokens import load_secret
from pipeline.render.catalog import PublishPolicy, ReviewSettings, load_catalog
from pipeline.render.site import RenderSettings

__all__ = [
    "Digest",
    "DigestRun",
    "DigestSettings",
    "OutgoingEmail",
    "SendLog",
    "SendReport",
    "SmtpSettings",
    "Transport",
    "connect",
    "prepare_configured_digest",
    "prepare_digest",
    "run_digest",
]


@dataclass
class DigestRun:
    """A digest and the messages made for it (``idle``: followers with nothing to read)."""

    digest: Digest
    emails: list[OutgoingEmail]
    idle: list[Subscriber] = field(default_factory=list)
    report: SendReport | None = None
    followers: list[Subscriber] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)

    def to_json(self) -> dict:
        data = {
            "council": self.digest.council,
            "week": self.digest.week,
            "digest_id": self.digest.digest_id,
            "subject": self.digest.subject,
            "meetings": [
                {"body": m.body, "date": m.date.isoformat() if m.date else None, "page": m.href}
                for m in self.digest.meetings
            ],
            "emails": [
                {"to": e.email, "message_id": e.message_id, "digest_id": e.digest_id}
                for e in self.emails
            ],
            "no_content": [s.email for s in self.idle],
        }
        if self.report is not None:
            data["send"] = self.report.to_json()
        return data


def prepare_digest(
    summaries: Path,
    council: str,
    week: str,
    conn: sqlite3.Connection,
    settings: DigestSettings,
    *,
    policy: PublishPolicy,
    base_url: str | None = None,
    site_title: str = "Council Digest",
) -> DigestRun:
    """Build the digest of ``council``/``week`` and compose one message per follower."""
    catalog = load_catalog(summaries)
    lookback = settings.late_lookback_weeks if settings.late_meetings != "off" else 0
    digest = build_digest(catalog, council, week, policy, base_url, lookback_weeks=lookback)
    secret = load_secret(settings)
    channels = [load_channel(name, settings, secret, site_title) for name in settings.channels]
    followers = list_subscribers(conn, council=digest.council)
    run = DigestRun(digest, [], followers=followers, channels=channels)
    compose_all(run, conn, settings)
    return run


def compose_all(run: DigestRun, conn: sqlite3.Connection, settings: DigestSettings) -> None:
    """(Re)compose every follower's messages from the send log as it stands now."""
    digest = run.digest
    run.emails, run.idle = [], []
    for subscriber in run.followers:
        history = subscriber_history(conn, subscriber.id, digest.council_slug)
        late = (
            late_meetings(history, digest.earlier)
            if settings.late_meetings == "next_digest"
            else []
        )
        update = (
            late_meetings(history, digest.meetings) if settings.late_meetings == "follow_up" else []
        )
        made = []
        for channel in run.channels:
            made.append(channel.compose(digest, subscriber, late=late))
            if update:
                made.append(channel.compose(digest, subscriber, update=update))
        messages = [m for m in made if m is not None]
        run.emails += messages
        if not messages:
            run.idle.append(subscriber)


def prepare_configured_digest(
    summaries: Path,
    council: str,
    week: str,
    conn: sqlite3.Connection,
    settings: DigestSettings,
    review: ReviewSettings,
    render: RenderSettings,
) -> DigestRun:
    """:func:`prepare_digest` under the [review] publish policy and the [render] site."""
    return prepare_digest(
        summaries,
        council,
        week,
        conn,
        settings,
        policy=review.publish,
        base_url=render.base_url,
        site_title=render.site_title,
    )


def run_digest(
    run: DigestRun,
    conn: sqlite3.Connection,
    settings: DigestSettings,
    *,
    transport: Transport | None = None,
    resend_unconfirmed: bool = False,
    on_progress=None,
) -> SendReport:
    """Send the digest through each channel's (or the given) transport, once per subscriber.

    Holds the digest's send lock throughout: the messages are composed again under it,
    from the send log as it stands, then sent; then each follower's week is recorded as
    done, so a meeting published later is carried on (:mod:`pipeline.digest.history`).
    """
    digest = run.digest
    with run_lock(settings, "send", digest.council, digest.week):
        compose_all(run, conn, settings)
        report = SendReport()
        log = SendLog(conn)
        run_id = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        for channel in run.channels:
            messages = [e for e in run.emails if e.channel == channel.name]
            report.merge(
                send_all(
                    messages,
                    log,
                    transport or channel.transport(),
                    settings,
                    resend_unconfirmed=resend_unconfirmed,
                    on_progress=on_progress,
                    run_id=run_id,
                )
            )
        now = _now()
        idle = {s.id for s in run.idle}
        for subscriber in run.followers:
            status = log.status(subscriber.id, digest.digest_id)
            if status in RECEIVED or subscriber.id in idle:
                record_week_done(conn, subscriber.id, digest.council_slug, digest.week, now)
    run.report = report
    return report


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
