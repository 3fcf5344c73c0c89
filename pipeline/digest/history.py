"""What each subscriber was already sent, so a meeting published late reaches them once.

A meeting can be approved (or pass evals) after its week's digest went out. The send log
records which meetings every email carried (``sends.meetings``) and which weeks' digests
each subscriber has had (``digest_weeks``: sent, or nothing to send). A meeting of such a
week that the subscriber never received is sent on, either in their next digest ("Also
published since your last digest") or as a short follow-up for its own week (``[digest]
late_meetings``). A meeting is never sent to one subscriber twice: anything an email
carried, or may have carried (a send whose outcome is unknown), counts as received.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from pipeline.render.views import MeetingView

# Send-log rows that delivered (or may have delivered) their email.
RECEIVED = ("sent", "sending")


@dataclass
class History:
    """One subscriber's digests of one council."""

    weeks_done: set[str] = field(default_factory=set)  # weeks whose digest they have had
    meetings: set[str] = field(default_factory=set)  # every meeting received (or maybe)


def subscriber_history(conn: sqlite3.Connection, subscriber_id: int, council_slug: str) -> History:
    """Read what ``subscriber_id`` was sent of ``council_slug``'s digests."""
    history = History()
    for row in conn.execute(
        "SELECT week FROM digest_weeks WHERE subscriber_id = ? AND council_slug = ?",
        (subscriber_id, council_slug),
    ):
        history.weeks_done.add(row["week"])
    for row in conn.execute(
        "SELECT meetings FROM sends WHERE subscriber_id = ? AND status IN (?, ?)"
        " AND substr(digest_id, 1, ?) = ? AND meetings IS NOT NULL",
        (subscriber_id, *RECEIVED, len(council_slug) + 1, f"{council_slug}/"),
    ):
        history.meetings |= _keys(row["meetings"])
    return history


def _keys(meetings_json: str) -> set[str]:
    try:
        value = json.loads(meetings_json)
    except ValueError:
        return set()
    return {str(k) for k in value} if isinstance(value, list) else set()


def late_meetings(history: History, candidates: list[MeetingView]) -> list[MeetingView]:
    """The ``candidates`` published after the subscriber's digest of their week.

    A candidate counts when that week's digest is done for this subscriber and the
    meeting was not in anything they were sent. Someone who started following the council
    later never had that week's digest, so old meetings do not flood their first one.
    """
    return [
        m for m in candidates if m.week in history.weeks_done and m.path not in history.meetings
    ]


def record_week_done(
    conn: sqlite3.Connection, subscriber_id: int, council_slug: str, week: str, at: str
) -> None:
    """Remember that ``subscriber_id`` has had ``council_slug``'s digest of ``week``."""
    conn.execute(
        "INSERT INTO digest_weeks (subscriber_id, council_slug, week, done_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (subscriber_id, council_slug, week, at),
    )
