"""Digest: subscribers, the weekly email per subscriber, and sending it exactly once."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.digest.build import Digest, OutgoingEmail, build_digest, compose_email
from pipeline.digest.db import connect
from pipeline.digest.send import SendLog, SendReport, Transport, make_transport, send_all
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
    """A digest and the emails made for it (``idle``: followers with nothing to read)."""

    digest: Digest
    emails: list[OutgoingEmail]
    idle: list[Subscriber] = field(default_factory=list)
    report: SendReport | None = None

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
            "emails": [{"to": e.email, "message_id": e.message_id} for e in self.emails],
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
    """Build the digest of ``council``/``week`` and compose one email per follower."""
    catalog = load_catalog(summaries)
    digest = build_digest(catalog, council, week, policy, base_url)
    secret = load_secret(settings)
    emails: list[OutgoingEmail] = []
    idle: list[Subscriber] = []
    for subscriber in list_subscribers(conn, council=digest.council):
        email = compose_email(digest, subscriber, settings, secret, site_title=site_title)
        if email is None:
            idle.append(subscriber)
        else:
            emails.append(email)
    return DigestRun(digest, emails, idle)


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
    """Send the prepared emails through the configured (or given) transport, once each."""
    report = send_all(
        run.emails,
        SendLog(conn),
        transport or make_transport(settings),
        settings,
        resend_unconfirmed=resend_unconfirmed,
        on_progress=on_progress,
    )
    run.report = report
    return report
