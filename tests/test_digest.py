"""Subscribers, unsubscribe tokens, digest emails and the outbox, through the CLI and API."""

from __future__ import annotations

import email
import sqlite3
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html
from publish_support import make_summary, write_evals, write_summary

from pipeline.cli import cli
from pipeline.digest import DigestSettings, connect, prepare_digest, run_digest
from pipeline.digest.db import MIGRATIONS
from pipeline.digest.send import OutboxTransport
from pipeline.digest.subscribers import add_subscriber
from pipeline.digest.tokens import InvalidToken, make_token, matches, read_token
from pipeline.models import ItemSummary, Quote, SummarySentence

WEEK = "2024-W37"


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A working folder with config pointing the digest at tmp paths."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COUNCIL_DIGEST_SECRET", "test-secret-0123456789abcdef")
    monkeypatch.setenv("COUNCIL_DIGEST__PATHS__SUMMARIES", str(tmp_path / "summaries"))
    monkeypatch.setenv("COUNCIL_DIGEST__DIGEST__DATABASE", str(tmp_path / "subs.sqlite3"))
    monkeypatch.setenv("COUNCIL_DIGEST__DIGEST__OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.setenv("COUNCIL_DIGEST__RENDER__BASE_URL", "https://digest.example.org/")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _settings(tmp_path: Path) -> DigestSettings:
    return DigestSettings(
        database=str(tmp_path / "subs.sqlite3"),
        outbox=str(tmp_path / "outbox"),
        secret_file=str(tmp_path / "secret"),
    )


def _store_week(root: Path) -> None:
    """Two Northbridge meetings this week, one last week, one Southby meeting on housing."""
    write_evals(write_summary(root, make_summary(date="2024-09-11")))
    write_evals(
        write_summary(
            root, make_summary(date="2024-09-12", body="Planning Committee", status="approved")
        )
    )
    write_evals(write_summary(root, make_summary(date="2024-09-05", body="Licensing")))
    flagged = write_summary(root, make_summary(date="2024-09-13", body="Audit Committee"))
    write_evals(flagged, flagged=1)
    southby = make_summary(
        council="Southby District Council",
        body="Housing Scrutiny",
        date="2024-09-10",
        items=[
            ItemSummary(
                number="3",
                title="Homelessness Strategy",
                kind="substantive",
                start=0,
                end=5,
                sentences=[SummarySentence(text="Members reviewed housing need.")],
            )
        ],
    )
    write_evals(write_summary(root / "southby", southby))


def test_subscribers_add_list_remove(env):
    result = run(
        "subscribers",
        "add",
        "Alice@Example.org",
        "--council",
        "Northbridge Borough Council",
        "--topic",
        "Housing",
        "--topic",
        "SEND",
    )
    assert result.exit_code == 0 and "subscribed: Alice@example.org" in result.output
    run("subscribers", "add", "bob@example.org", "--council", "Southby District Council")
    again = run("subscribers", "add", "alice@example.org", "--council", "Southby District Council")
    assert again.exit_code == 0
    listed = run("subscribers", "list", "--json")
    data = {s["email"].lower(): s for s in __import__("json").loads(listed.output)}
    assert data["alice@example.org"]["councils"] == [
        "Northbridge Borough Council",
        "Southby District Council",
    ]
    assert data["alice@example.org"]["topics"] == ["housing", "send"]
    only = run("subscribers", "list", "--council", "southby district council", "--json")
    assert len(__import__("json").loads(only.output)) == 2
    assert run("subscribers", "remove", "bob@example.org").exit_code == 0
    missing = run("subscribers", "remove", "bob@example.org")
    assert missing.exit_code == 2 and missing.output.startswith("error:")


@pytest.mark.parametrize("address", ["not-an-address", "a@b", "alice@@example.org", "x@.org"])
def test_invalid_addresses_are_refused_with_one_line(env, address):
    result = run("subscribers", "add", address, "--council", "Northbridge")
    assert result.exit_code == 2
    assert result.output.startswith("error:") and result.output.count("\n") == 1


def test_migrations_are_applied_in_order_and_once(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO subscribers (email, created_at) VALUES ('a@example.org', 'x')")
    old.commit()
    old.close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT COUNT(*) FROM subscribers").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM sends").fetchone()[0] == 0
    conn.close()
    connect(path).close()  # idempotent


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    result = CliRunner().invoke(
        cli, ["subscribers", "list"], env={"COUNCIL_DIGEST__DIGEST__DATABASE": str(path)}
    )
    assert result.exit_code == 2 and "newer than this program" in result.output


def test_tokens_are_signed_and_verified(tmp_path):
    secret = b"s" * 32
    token = make_token(secret, 7, "northbridge-borough-council", "a@example.org")
    claim = read_token(secret, token)
    assert claim.subscriber_id == 7 and claim.council_slug == "northbridge-borough-council"
    assert claim.verified and matches(secret, claim, "A@example.org")
    assert not matches(secret, claim, "b@example.org")
    with pytest.raises(InvalidToken):
        read_token(b"t" * 32, token)  # the MAC is checked before anything else
    forged = make_token(b"guess" * 8, 8, "northbridge-borough-council", "a@example.org")
    with pytest.raises(InvalidToken):
        read_token(secret, forged)
    url = f"https://x.example/unsubscribe?token={token}"
    assert read_token(secret, url) == claim


def test_digest_email_content_headers_and_parts(env):
    _store_week(env / "summaries")
    settings = _settings(env)
    conn = connect(settings.database)
    add_subscriber(conn, "alice@example.org", ["Northbridge Borough Council"], ["housing"])
    add_subscriber(conn, "bob@example.org", ["Northbridge Borough Council"], [])
    prepared = prepare_digest(
        env / "summaries",
        "Northbridge",
        WEEK,
        conn,
        settings,
        policy="approved_or_clean",
        base_url="https://digest.example.org/",
    )
    digest = prepared.digest
    # ISO week by meeting date, publishable only: not last week's, not the flagged one.
    assert [m.body for m in digest.meetings] == ["Cabinet", "Planning Committee"]
    assert len(prepared.emails) == 2
    alice = next(e for e in prepared.emails if e.email == "alice@example.org")
    msg = email.message_from_bytes(alice.message.as_bytes(), policy=policy.default)
    assert msg["Subject"] == (
        "Northbridge Borough Council: weekly digest 2024-W37 (9 to 15 September 2024, 2 meetings)"
    )
    assert msg["To"] == "alice@example.org" and msg["Date"] and msg["Message-ID"].endswith(">")
    assert msg.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    text = msg.get_body(("plain",)).get_content()
    page = msg.get_body(("html",)).get_content()
    for body in (text, page):
        assert "Cabinet" in body and "Planning Committee" in body
        assert "Homelessness Strategy" in body  # topic match from another council
        assert "Licensing" not in body and "Audit Committee" not in body
        # A short entry per meeting: its opening sentences and decisions at a glance; the
        # quotes and item-by-item text stay on the site.
        assert "The Cabinet approved a revised housing allocations policy." in body
        assert "Decisions at a glance" in body
        assert "families in temporary accommodation had waited far too long" not in body
    # Followed topics come first, then the council's meetings.
    assert text.index("Topics you follow") < text.index("== Cabinet ==")
    assert "Housing Allocations Policy: Approved" in text
    words = len(text.split("== Cabinet ==")[1].split("== Planning Committee ==")[0].split())
    assert words < 80, "a meeting's entry reads in seconds"
    assert (
        "https://digest.example.org/northbridge-borough-council/cabinet/2024-09-11/index.html"
        in text
    )
    doc = html.fromstring(page)
    unsubscribe = [a.get("href") for a in doc.xpath("//a") if a.text_content() == "Unsubscribe"]
    assert len(unsubscribe) == 1 and "token=" in unsubscribe[0]
    header = msg["List-Unsubscribe"]
    assert header == f"<{unsubscribe[0]}>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Bob follows no topic: no cross-council section.
    bob = next(e for e in prepared.emails if e.email == "bob@example.org")
    assert "Homelessness Strategy" not in bob.message.get_body(("plain",)).get_content()
    assert alice.message_id != bob.message_id


def test_hostile_text_in_email_html_is_escaped(env):
    root = env / "summaries"
    evil = make_summary(
        overview=['<script>alert(1)</script> <a href="javascript:x">click</a>'],
        video_url="javascript:alert(1)",
    )
    write_evals(write_summary(root, evil))
    settings = _settings(env)
    conn = connect(settings.database)
    add_subscriber(conn, "a@example.org", ["Northbridge Borough Council"], [])
    prepared = prepare_digest(root, "Northbridge", WEEK, conn, settings, policy="approved_or_clean")
    page = prepared.emails[0].message.get_body(("html",)).get_content()
    doc = html.fromstring(page)
    assert doc.xpath("//script") == []
    assert all(not h.startswith("javascript") for h in doc.xpath("//a/@href"))
    assert "<script>alert(1)</script>" in doc.text_content()
    text = prepared.emails[0].message.get_body(("plain",)).get_content()
    assert "<script>alert(1)</script>" in text  # plain text is not HTML-escaped


def test_send_to_outbox_once_and_rerun_sends_nothing(env):
    _store_week(env / "summaries")
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        run("subscribers", "add", address, "--council", "Northbridge Borough Council")
    dry = run("digest", "--council", "Northbridge", "--week", WEEK, "--no-send")
    assert dry.exit_code == 0 and "would send to a@example.org" in dry.output
    assert not (env / "outbox").exists()
    first = run("digest", "--council", "Northbridge", "--week", WEEK, "--send")
    assert first.exit_code == 0, first.output
    files = sorted((env / "outbox").rglob("*.eml"))
    assert len(files) == 3
    stamps = [f.stat().st_mtime_ns for f in files]
    second = run("digest", "--council", "Northbridge", "--week", WEEK, "--send", "--json")
    data = __import__("json").loads(second.output)
    assert data["send"]["sent"] == [] and len(data["send"]["already_sent"]) == 3
    assert [f.stat().st_mtime_ns for f in sorted((env / "outbox").rglob("*.eml"))] == stamps
    msg = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert msg.get_content_type() == "multipart/alternative"


class _CrashAfter(OutboxTransport):
    """An outbox whose process 'dies' (a BaseException) after ``limit`` deliveries."""

    def __init__(self, folder: Path, limit: int, *, after_write: bool = False) -> None:
        super().__init__(folder)
        self.limit, self.count, self.after_write = limit, 0, after_write

    def deliver(self, email, sender):
        if self.count == self.limit:
            if self.after_write:  # the file is written, the log update never happens
                super().deliver(email, sender)
            raise KeyboardInterrupt("killed")
        self.count += 1
        return super().deliver(email, sender)


@pytest.mark.parametrize("after_write", [False, True])
def test_crash_halfway_then_rerun_sends_each_email_once(env, after_write):
    _store_week(env / "summaries")
    settings = _settings(env)
    conn = connect(settings.database)
    for i in range(5):
        add_subscriber(conn, f"s{i}@example.org", ["Northbridge Borough Council"], [])
    prepared = prepare_digest(
        env / "summaries", "Northbridge", WEEK, conn, settings, policy="approved_or_clean"
    )
    crashing = _CrashAfter(Path(settings.outbox), 2, after_write=after_write)
    with pytest.raises(KeyboardInterrupt):
        run_digest(prepared, conn, settings, transport=crashing)
    statuses = [r[0] for r in conn.execute("SELECT status FROM sends ORDER BY email")]
    assert statuses == ["sent", "sent", "sending"]  # intent recorded before the crash
    conn.close()
    conn = connect(settings.database)  # "a new process"
    prepared = prepare_digest(
        env / "summaries", "Northbridge", WEEK, conn, settings, policy="approved_or_clean"
    )
    report = run_digest(prepared, conn, settings)
    files = sorted(Path(settings.outbox).rglob("*.eml"))
    assert len(files) == 5
    if after_write:  # the outbox confirms the interrupted one: it is not written again
        assert len(report.sent) == 2 and len(report.already_sent) == 3
    else:  # nothing was written before the crash: the interrupted one is sent now
        assert len(report.sent) == 3 and len(report.already_sent) == 2
    rows = conn.execute("SELECT status, COUNT(*) FROM sends GROUP BY status").fetchall()
    assert [tuple(r) for r in rows] == [("sent", 5)]


def test_unsubscribe_token_from_the_email_works_once(env):
    _store_week(env / "summaries")
    run("subscribers", "add", "a@example.org", "--council", "Northbridge Borough Council")
    run("digest", "--council", "Northbridge", "--week", WEEK, "--send")
    eml = next((env / "outbox").rglob("*.eml"))
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    url = msg["List-Unsubscribe"].strip("<>")
    token = url.split("token=")[1]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    bad = run("subscribers", "unsubscribe", tampered)
    assert bad.exit_code == 2 and "not a valid unsubscribe token" in bad.output
    assert run("subscribers", "unsubscribe", "garbage").exit_code == 2
    ok = run("subscribers", "unsubscribe", url)
    assert ok.exit_code == 0 and "unsubscribed: a@example.org" in ok.output
    assert "no subscribers" in run("subscribers", "list").output
    assert "already unsubscribed" in run("subscribers", "unsubscribe", token).output


def test_secret_file_is_created_once_and_private(tmp_path):
    from pipeline.digest.tokens import load_secret

    settings = DigestSettings(secret_file=str(tmp_path / "data/secret"))
    first = load_secret(settings, environ={})
    assert load_secret(settings, environ={}) == first and len(first) >= 32
    assert (tmp_path / "data/secret").stat().st_mode & 0o077 == 0


def test_bad_week_is_a_one_line_error(env):
    result = run("digest", "--council", "Northbridge", "--week", "2024-37")
    assert result.exit_code == 2 and result.output.startswith("error: --week")
    result = run("digest", "--council", "Northbridge", "--week", "2021-W53")
    assert result.exit_code == 2


def test_reported_speech_in_emails_is_never_presented_as_a_quote(env):
    root = env / "summaries"
    summary = make_summary()
    reported = "the average nightly cost had risen from £59 to £68 over the year"
    summary.items[1].quotes = [
        Quote(text=reported, speaker="Councillor Amira Hussain", kind="reported")
    ]
    write_evals(write_summary(root, summary))
    settings = _settings(env)
    conn = connect(settings.database)
    add_subscriber(conn, "a@example.org", ["Northbridge Borough Council"], [])
    prepared = prepare_digest(root, "Northbridge", WEEK, conn, settings, policy="approved_or_clean")
    message = prepared.emails[0].message
    text = message.get_body(("plain",)).get_content()
    assert f'"{reported}"' not in text and "(Councillor Amira Hussain)" not in text
    doc = html.fromstring(message.get_body(("html",)).get_content())
    assert not doc.xpath("//blockquote")
    assert f"“{reported}”" not in doc.text_content()
