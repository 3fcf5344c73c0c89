"""Send digests at most once per (subscriber, digest), through SMTP or into an outbox.

The send log (table ``sends``) is written *before* each attempt (status ``sending``) and
updated after it (``sent`` or ``failed``), each step committed on its own, so a crash at
any point leaves a record:

- ``sent``: never sent again.
- ``failed``: the transport said for certain the message was not taken (an SMTP 4xx/5xx
  reply, a connection that failed before DATA): a re-run tries again.
- ``sending``: the process died mid-send, or the connection dropped after the message body
  went out. It may have been delivered, so it is *not* resent unless the editor asks
  (``--resend-unconfirmed``). The outbox transport can confirm these itself: its files are
  written atomically, so a file that exists was delivered.

Transient SMTP failures are retried by tenacity (exponential backoff with jitter) within
one run, each try on a fresh connection when the last one broke; permanent ones (5xx) are
not. Whatever happens to one message (a refusal, a dropped connection, a 421 "closing",
an error nobody foresaw), it is recorded and the rest of the digest is still sent.

Only one run sends a digest at a time (:mod:`pipeline.digest.lock`), so a ``sending`` row
met by a run is always a crashed run's, never a live one's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import smtplib
import sqlite3
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from pipeline.digest.build import OutgoingEmail, delivery_address
from pipeline.digest.settings import DigestSettings, SmtpSettings
from pipeline.fileio import write_atomic
from pipeline.render.catalog import slugify


class TransientSendError(Exception):
    """Not delivered, for certain, and worth retrying (4xx, refused connection)."""


class PermanentSendError(Exception):
    """Not delivered, for certain, and retrying will not help (5xx)."""


class UnconfirmedSendError(Exception):
    """The message may or may not have been delivered: never retried automatically."""


class Transport(Protocol):
    """Delivers one message; returns where it went (a file, ``smtp://host``)."""

    name: str
    #: True when a missing delivery record means "certainly not delivered" (an outbox).
    certain: bool

    def deliver(self, email: OutgoingEmail, sender: str) -> str: ...

    def confirm(self, email: OutgoingEmail) -> str | None:
        """Where an earlier, interrupted delivery of ``email`` ended up, if knowable."""
        ...

    def close(self) -> None: ...


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class SendLog:
    """The ``sends`` table: one row per (subscriber, digest)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def status(self, subscriber_id: int, digest_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT status FROM sends WHERE subscriber_id = ? AND digest_id = ?",
            (subscriber_id, digest_id),
        ).fetchone()
        return row["status"] if row else None

    def claim(
        self, email: OutgoingEmail, transport: str, *, force: bool = False, run_id: str = ""
    ) -> bool:
        """Record the intent to send, and what the email carries; False if the row is
        ``sent`` (or ``sending`` without ``force``).

        One conditional statement, so two runs at once cannot both claim the same send.
        ``force`` takes over a ``sending`` row; callers pass it only while holding the send
        lock, when such a row can only be a crashed run's.
        """
        allowed = "('failed', 'sending')" if force else "('failed')"
        cur = self.conn.execute(
            "INSERT INTO sends (subscriber_id, digest_id, email, message_id, status, attempts,"
            " transport, meetings, claimed_by, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, 'sending', 0, ?, ?, ?, ?, ?) "
            "ON CONFLICT (subscriber_id, digest_id) DO UPDATE SET status = 'sending',"
            " error = NULL, transport = excluded.transport, meetings = excluded.meetings,"
            " claimed_by = excluded.claimed_by, updated_at = excluded.updated_at"
            f" WHERE sends.status IN {allowed}",
            (
                email.subscriber_id,
                email.digest_id,
                email.email,
                email.message_id,
                transport,
                json.dumps(list(email.meetings)),
                run_id or None,
                _now(),
                _now(),
            ),
        )
        return cur.rowcount == 1

    def attempt(self, email: OutgoingEmail) -> None:
        self.conn.execute(
            "UPDATE sends SET attempts = attempts + 1, updated_at = ? "
            "WHERE subscriber_id = ? AND digest_id = ?",
            (_now(), email.subscriber_id, email.digest_id),
        )

    def finish(
        self, email: OutgoingEmail, status: str, *, location: str | None = None, error: str = ""
    ) -> None:
        self.conn.execute(
            "UPDATE sends SET status = ?, location = COALESCE(?, location), error = ?,"
            " updated_at = ? WHERE subscriber_id = ? AND digest_id = ?",
            (status, location, error or None, _now(), email.subscriber_id, email.digest_id),
        )

    def rows(self, digest_id: str | None = None) -> list[dict]:
        query = "SELECT * FROM sends"
        args: tuple = ()
        if digest_id is not None:
            query += " WHERE digest_id = ?"
            args = (digest_id,)
        return [dict(r) for r in self.conn.execute(query + " ORDER BY digest_id, email", args)]


@dataclass
class SendReport:
    """What a send run did, per address."""

    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    unconfirmed: dict[str, str] = field(default_factory=dict)
    retries: int = 0
    locations: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.unconfirmed

    def merge(self, other: SendReport) -> None:
        """Add another channel's report to this one."""
        self.sent += other.sent
        self.already_sent += other.already_sent
        self.failed.update(other.failed)
        self.unconfirmed.update(other.unconfirmed)
        self.retries += other.retries
        self.locations.update(other.locations)

    def to_json(self) -> dict:
        return {
            "sent": self.sent,
            "already_sent": self.already_sent,
            "failed": self.failed,
            "unconfirmed": self.unconfirmed,
            "retries": self.retries,
            "locations": self.locations,
        }


def send_all(
    emails: list[OutgoingEmail],
    log: SendLog,
    transport: Transport,
    settings: DigestSettings,
    *,
    resend_unconfirmed: bool = False,
    on_progress=None,
    run_id: str = "",
) -> SendReport:
    """Send each email unless the log says it was sent; see the module docstring.

    The caller holds the send lock of the digest (:func:`pipeline.digest.run_digest`).
    """
    report = SendReport()
    sender = _envelope_sender(settings.from_address)
    try:
        for email in emails:
            _send_one(email, log, transport, settings, sender, resend_unconfirmed, report, run_id)
            if on_progress is not None:
                on_progress(email)
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection changes nothing
            transport.close()
    return report


def _send_one(
    email: OutgoingEmail,
    log: SendLog,
    transport: Transport,
    settings: DigestSettings,
    sender: str,
    resend_unconfirmed: bool,
    report: SendReport,
    run_id: str,
) -> None:
    status = log.status(email.subscriber_id, email.digest_id)
    if status == "sent":
        report.already_sent.append(email.email)
        return
    if status == "sending" and not resend_unconfirmed:
        location = transport.confirm(email)
        if location is not None:
            log.finish(email, "sent", location=location)
            report.already_sent.append(email.email)
            return
        if not transport.certain:
            report.unconfirmed[email.email] = (
                "an earlier run was interrupted while sending; not resent "
                "(use --resend-unconfirmed after checking it did not arrive)"
            )
            return
        resend_unconfirmed = True  # the transport knows it never went out
    if not log.claim(email, transport.name, force=resend_unconfirmed, run_id=run_id):
        report.already_sent.append(email.email)
        return
    retrying = Retrying(
        retry=retry_if_exception_type(TransientSendError),
        stop=stop_after_attempt(settings.retry_attempts),
        wait=wait_exponential(multiplier=settings.retry_wait_s, max=settings.retry_wait_max_s)
        + wait_random(0, settings.retry_wait_s),
        reraise=False,
    )
    try:
        for attempt in retrying:
            with attempt:
                log.attempt(email)
                if attempt.retry_state.attempt_number > 1:
                    report.retries += 1
                location = transport.deliver(email, sender)
    except RetryError as exc:
        last = exc.last_attempt.exception()
        log.finish(email, "failed", error=f"gave up after {settings.retry_attempts} tries: {last}")
        report.failed[email.email] = f"gave up after {settings.retry_attempts} tries: {last}"
        return
    except PermanentSendError as exc:
        log.finish(email, "failed", error=str(exc))
        report.failed[email.email] = str(exc)
        return
    except UnconfirmedSendError as exc:
        log.finish(email, "sending", error=f"unconfirmed: {exc}")
        report.unconfirmed[email.email] = f"delivery unconfirmed: {exc}"
        return
    except Exception as exc:
        # Nobody foresaw this one: whether the message left is unknown, so it is not sent
        # again by itself; the connection is dropped so the next message starts clean.
        with contextlib.suppress(Exception):
            transport.close()
        reason = f"unexpected {type(exc).__name__}: {exc}"
        log.finish(email, "sending", error=f"unconfirmed: {reason}")
        report.unconfirmed[email.email] = f"delivery unconfirmed: {reason}"
        return
    log.finish(email, "sent", location=location)
    report.sent.append(email.email)
    report.locations[email.email] = location


def _envelope_sender(from_address: str) -> str:
    from email.utils import parseaddr

    return parseaddr(from_address)[1]


# --- transports ------------------------------------------------------------------------


class OutboxTransport:
    """Writes each email as an ``.eml`` file: ``<outbox>/<council>/<week>/<id>-<addr>.eml``."""

    name = "outbox"
    certain = True  # files are written atomically: no file, no delivery

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, email: OutgoingEmail) -> Path:
        address = slugify(email.email.replace("@", " at "))
        return self.folder / email.digest_id / f"{email.subscriber_id:06d}-{address}.eml"

    def deliver(self, email: OutgoingEmail, sender: str) -> str:
        target = self.path_for(email)
        write_atomic(target, email.as_bytes())
        return str(target)

    def confirm(self, email: OutgoingEmail) -> str | None:
        target = self.path_for(email)
        return str(target) if target.is_file() else None

    def close(self) -> None:
        return None


class SmtpTransport:
    """One SMTP connection (STARTTLS or implicit TLS, AUTH from the environment), reused."""

    name = "smtp"
    certain = False  # a server cannot be asked what it received

    def __init__(self, settings: SmtpSettings, environ: dict[str, str] | None = None) -> None:
        self.settings = settings
        env = dict(os.environ) if environ is None else environ
        self.user = env.get(settings.user_env) or None
        self.password = env.get(settings.password_env) or None
        self._conn: smtplib.SMTP | None = None

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_file)

    def _connect(self) -> smtplib.SMTP:
        if self._conn is not None:
            return self._conn
        s = self.settings
        conn: smtplib.SMTP | None = None
        try:
            if s.ssl:
                conn = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout_s, context=self._context()
                )
            else:
                conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout_s)
            conn.ehlo()
            if s.starttls and not s.ssl:
                conn.starttls(context=self._context())
                conn.ehlo()
            if self.user:
                conn.login(self.user, self.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            _close_quietly(conn)
            raise PermanentSendError(f"SMTP login refused: {exc.smtp_code}") from None
        except smtplib.SMTPResponseException as exc:  # e.g. a 421 greeting: busy, come back
            _close_quietly(conn)
            raise _by_code(exc.smtp_code, f"SMTP {exc.smtp_code} while connecting") from None
        except smtplib.SMTPNotSupportedError as exc:
            _close_quietly(conn)
            raise PermanentSendError(f"SMTP server: {exc}") from None
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            _close_quietly(conn)
            raise TransientSendError(f"cannot connect to {s.host}:{s.port}: {exc}") from None
        self._conn = conn
        return conn

    def deliver(self, email: OutgoingEmail, sender: str) -> str:
        conn = self._connect()
        recipient, smtputf8 = delivery_address(email.email)
        options: list[str] = []
        if smtputf8 or email.smtputf8:
            if not conn.has_extn("smtputf8"):
                raise PermanentSendError(
                    f"{email.email}: an address with a non-ASCII local part needs SMTPUTF8, "
                    f"which {self.settings.host} does not offer"
                )
            options = ["SMTPUTF8", "BODY=8BITMIME"]
        data = email.as_bytes()
        try:
            code, reply = conn.mail(sender, options)
            if code != 250:
                self._reset(code)
                raise _by_code(code, f"sender refused: {code} {_text(reply)}")
            code, reply = conn.rcpt(recipient)
            if code not in (250, 251):
                self._reset(code)
                raise _by_code(code, f"recipient refused: {code} {_text(reply)}")
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException, OSError) as exc:
            # Nothing of the message went out yet: safe to retry on a new connection.
            self._drop()
            raise TransientSendError(f"connection lost before DATA: {exc}") from None
        try:
            code, reply = conn.data(data)
        except smtplib.SMTPDataError as exc:
            # Refused at the DATA command itself, before any of the body was sent.
            self._reset(exc.smtp_code)
            raise _by_code(exc.smtp_code, f"DATA refused: {exc.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as exc:
            # The body (some or all of it) may have gone out: it may have been delivered.
            self._drop()
            raise UnconfirmedSendError(f"connection lost during DATA: {exc}") from None
        if code != 250:
            self._reset(code)
            raise _by_code(code, f"message refused: {code} {_text(reply)}")
        return f"smtp://{self.settings.host}:{self.settings.port} {_text(reply)}".strip()

    def _reset(self, code: int) -> None:
        """After a refusal: RSET, or a new connection next time when that is not possible.

        421 means the server is closing the connection (RFC 5321 3.8): never reuse it.
        """
        if code == 421:
            self._drop()
            return
        conn = self._conn
        try:
            if conn is not None:
                conn.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def confirm(self, email: OutgoingEmail) -> str | None:
        return None  # an SMTP server cannot be asked what it received

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        _close_quietly(conn)

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                _close_quietly(conn)


def _close_quietly(conn: smtplib.SMTP | None) -> None:
    if conn is not None:
        with contextlib.suppress(Exception):
            conn.close()


def _by_code(code: int, message: str) -> Exception:
    return TransientSendError(message) if 400 <= code < 500 else PermanentSendError(message)


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def make_transport(settings: DigestSettings) -> Transport:
    """The configured transport."""
    if settings.transport == "smtp":
        return SmtpTransport(settings.smtp)
    return OutboxTransport(Path(settings.outbox))
