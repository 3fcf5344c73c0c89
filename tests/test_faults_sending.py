"""Fault injection, sending: concurrent runs, SMTP faults, addresses, late meetings, tokens.

Each test reproduces a defect of issue 15 with the real parts (``run.py`` processes, the
SQLite send log, an aiosmtpd server on 127.0.0.1) and states the guarantee that holds.
"""

from __future__ import annotations

import base64
import email
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from email import policy
from pathlib import Path

import pytest
from faults_support import (
    COUNCIL,
    ROOT,
    WEEK,
    FaultyInbox,
    cli_env,
    command,
    run_cli,
    seed_subscribers,
    seed_week,
    smtp_config,
    start_smtp,
    weekly_args,
)
from publish_support import make_summary, write_evals, write_summary

from pipeline.digest import DigestSettings, connect, prepare_digest, run_digest
from pipeline.digest.lock import run_lock
from pipeline.digest.send import SendLog
from pipeline.digest.subscribers import add_subscriber, find_subscriber, list_subscribers

pytestmark = [pytest.mark.faults, pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])]

TRIALS = 20
RUNS_AT_ONCE = 3
SUBSCRIBERS = [f"resident{i:02d}@example.org" for i in range(30)]


def _weekly_at_once(
    folder: Path, env: dict[str, str], runs: int
) -> list[subprocess.CompletedProcess]:
    """``runs`` weekly jobs for the same council and week, started together."""
    (folder / "no-documents").mkdir(exist_ok=True)
    args = command(*weekly_args("no-documents"))
    procs = [
        subprocess.Popen(
            args, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(runs)
    ]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return done


# --- concurrent runs ------------------------------------------------------------------------


def test_concurrent_weekly_runs_never_send_twice_to_one_outbox(tmp_path):
    for trial in range(TRIALS):
        folder = tmp_path / f"trial{trial}"
        folder.mkdir()
        seed_week(folder)
        seed_subscribers(folder, SUBSCRIBERS)
        procs = _weekly_at_once(folder, cli_env(folder), RUNS_AT_ONCE)
        assert [p.returncode for p in procs] == [0] * RUNS_AT_ONCE, [p.stderr for p in procs]
        files = sorted((folder / "outbox").rglob("*.eml"))
        recipients = Counter(
            email.message_from_bytes(f.read_bytes(), policy=policy.default)["To"] for f in files
        )
        assert sorted(recipients) == SUBSCRIBERS, f"trial {trial}"
        assert set(recipients.values()) == {1}, f"trial {trial}: duplicates"
        rows = SendLog(connect(folder / "data" / "subscribers.sqlite3")).rows()
        assert len(rows) == 30 and {r["status"] for r in rows} == {"sent"}


def test_concurrent_weekly_runs_never_send_twice_through_smtp(tmp_path):
    handler = FaultyInbox()
    controller = start_smtp(handler)
    try:
        for trial in range(TRIALS):
            folder = tmp_path / f"trial{trial}"
            folder.mkdir()
            seed_week(folder)
            seed_subscribers(folder, SUBSCRIBERS)
            before = len(handler.messages)
            env = cli_env(folder, **smtp_config(controller.port))
            procs = _weekly_at_once(folder, env, RUNS_AT_ONCE)
            # Every run ends well: none reports a false "unconfirmed" for another's sends.
            assert [p.returncode for p in procs] == [0] * RUNS_AT_ONCE, [p.stderr for p in procs]
            assert not any("unconfirmed" in p.stdout + p.stderr for p in procs)
            arrived = Counter(r for rcpts, _, _ in handler.messages[before:] for r in rcpts)
            assert sorted(arrived) == SUBSCRIBERS, f"trial {trial}"
            assert set(arrived.values()) == {1}, f"trial {trial}: duplicates"
    finally:
        controller.stop()


def test_a_second_run_waits_for_the_lock_then_gives_up_with_one_line(tmp_path):
    seed_week(tmp_path)
    seed_subscribers(tmp_path, SUBSCRIBERS[:2])
    settings = DigestSettings(database=str(tmp_path / "data" / "subscribers.sqlite3"))
    env = cli_env(tmp_path, DIGEST__LOCK_WAIT_S="0.5")
    with run_lock(settings, "weekly", "northbridge", WEEK):
        (tmp_path / "no-documents").mkdir()
        blocked = run_cli(tmp_path, *weekly_args("no-documents"), env=env)
    assert blocked.returncode == 2
    assert blocked.stderr.count("\n") == 1
    assert blocked.stderr.startswith("error: another run is working on weekly northbridge")
    assert f"pid {os.getpid()}" in blocked.stderr and "lock_wait_s" in blocked.stderr
    assert not (tmp_path / "outbox").exists()  # it waited, gave up, touched nothing


def test_a_lock_dies_with_its_process(tmp_path):
    """kill -9 of the run holding the lock: the next run goes ahead at once."""
    seed_week(tmp_path)
    seed_subscribers(tmp_path, SUBSCRIBERS[:2])
    hold = (
        "import sys, time\n"
        "from pipeline.digest import DigestSettings\n"
        "from pipeline.digest.lock import run_lock\n"
        "settings = DigestSettings(database=sys.argv[1])\n"
        "with run_lock(settings, 'weekly', 'northbridge', sys.argv[2]):\n"
        "    print('holding', flush=True)\n"
        "    time.sleep(600)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", hold, str(_db(tmp_path)), WEEK],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    (tmp_path / "no-documents").mkdir()
    env = cli_env(tmp_path, DIGEST__LOCK_WAIT_S="0")
    after = run_cli(tmp_path, *weekly_args("no-documents"), env=env)
    assert after.returncode == 0, after.stderr
    assert len(list((tmp_path / "outbox").rglob("*.eml"))) == 2


# --- SMTP faults ----------------------------------------------------------------------------


def test_421_then_dropped_connection_fails_that_message_only_and_it_goes_next_run(tmp_path):
    handler = FaultyInbox()
    controller = start_smtp(handler)
    try:
        addresses = [f"s{i}@example.org" for i in range(5)]
        seed_week(tmp_path)
        seed_subscribers(tmp_path, addresses)
        handler.drop_after_421 = {"s1@example.org"}
        env = cli_env(tmp_path, **smtp_config(controller.port), DIGEST__RETRY_ATTEMPTS="2")
        digest = ("digest", "--council", "Northbridge", "--week", WEEK, "--send")
        first = run_cli(tmp_path, *digest, env=env)
        # That message is recorded failed; the connection is opened again; the rest go.
        assert first.returncode == 1, first.stderr
        assert "failed: s1@example.org" in first.stderr and "421" in first.stderr
        assert "Traceback" not in first.stderr and "unconfirmed" not in first.stderr
        assert handler.recipients() == [a for a in addresses if a != "s1@example.org"]
        assert handler.connections >= 3  # the first, and one after each drop
        rows = {r["email"]: r["status"] for r in SendLog(connect(_db(tmp_path))).rows()}
        assert rows["s1@example.org"] == "failed"
        assert {s for a, s in rows.items() if a != "s1@example.org"} == {"sent"}

        handler.drop_after_421 = set()  # the relay recovers
        second = run_cli(tmp_path, *digest, env=env)
        assert second.returncode == 0, second.stderr
        assert "sent 1 via smtp" in second.stdout and "4 already sent" in second.stdout
        assert handler.recipients() == addresses
    finally:
        controller.stop()


def _db(folder: Path) -> Path:
    return folder / "data" / "subscribers.sqlite3"


# --- internationalised addresses -------------------------------------------------------------


def test_an_idn_address_is_stored_once_and_sent_with_an_ascii_domain(tmp_path):
    conn = connect(_db(tmp_path))
    first = add_subscriber(conn, "a@xn--exmple-cua.org", [COUNCIL], [])
    second = add_subscriber(conn, "a@exämple.org", [COUNCIL], [])
    assert first.id == second.id and len(list_subscribers(conn)) == 1
    assert find_subscriber(conn, "A@XN--EXMPLE-CUA.ORG").id == first.id
    conn.close()
    handler = FaultyInbox()
    controller = start_smtp(handler, smtputf8=False)
    try:
        seed_week(tmp_path)
        env = cli_env(tmp_path, **smtp_config(controller.port))
        sent = run_cli(
            tmp_path, "digest", "--council", "Northbridge", "--week", WEEK, "--send", env=env
        )
        assert sent.returncode == 0, sent.stderr
        assert handler.recipients() == ["a@xn--exmple-cua.org"]
        (_, raw, options) = handler.messages[0]
        assert "SMTPUTF8" not in options
        assert raw.isascii() and b"To: a@xn--exmple-cua.org\r\n" in raw
    finally:
        controller.stop()


def test_a_non_ascii_mailbox_goes_by_smtputf8_or_fails_alone_with_a_reason(tmp_path):
    seed_week(tmp_path)
    seed_subscribers(tmp_path, ["zoë@example.org", "plain@example.org"])
    without = FaultyInbox()
    controller = start_smtp(without, smtputf8=False)
    try:
        env = cli_env(tmp_path, **smtp_config(controller.port))
        args = ("digest", "--council", "Northbridge", "--week", WEEK, "--send")
        refused = run_cli(tmp_path, *args, env=env)
        assert refused.returncode == 1
        assert "failed: zoë@example.org" in refused.stderr and "SMTPUTF8" in refused.stderr
        assert without.recipients() == ["plain@example.org"]
    finally:
        controller.stop()
    with_utf8 = FaultyInbox()
    controller = start_smtp(with_utf8, smtputf8=True)
    try:
        env = cli_env(tmp_path, **smtp_config(controller.port))
        again = run_cli(tmp_path, *args, env=env)
        assert again.returncode == 0, again.stderr
        assert with_utf8.recipients() == ["zoë@example.org"]
        (_, raw, options) = with_utf8.messages[0]
        assert "SMTPUTF8" in options
        message = email.message_from_bytes(raw, policy=policy.default)
        assert message["To"] == "zoë@example.org"
    finally:
        controller.stop()


def test_outbox_headers_of_idn_and_utf8_addresses_are_well_formed(tmp_path):
    seed_week(tmp_path)
    seed_subscribers(tmp_path, ["a@xn--exmple-cua.org", "zoë@exämple.org"])
    sent = run_cli(tmp_path, "digest", "--council", "Northbridge", "--week", WEEK, "--send")
    assert sent.returncode == 0, sent.stderr
    raw = {p.read_bytes() for p in (tmp_path / "outbox").rglob("*.eml")}
    (ascii_message,) = [r for r in raw if r.isascii()]
    message = email.message_from_bytes(ascii_message, policy=policy.default)
    assert not message.defects and not message["To"].defects
    assert message["To"].addresses[0].addr_spec == "a@xn--exmple-cua.org"
    # The other needs internationalised mail (RFC 6532): the address as UTF-8, never an
    # RFC 2047 encoded-word inside an address (which no client can use).
    (utf8_message,) = [r for r in raw if not r.isascii()]
    assert "\r\nTo: zoë@exämple.org\r\n" in utf8_message.decode("utf-8")
    assert b"=?utf-8?" not in utf8_message.split(b"\r\n\r\n", 1)[0].lower()


# --- meetings approved after their week's digest ---------------------------------------------


def _late_setup(tmp_path: Path, mode: str):
    root = tmp_path / "summaries"
    cabinet = write_summary(root, make_summary(date="2024-09-11", status="approved"))
    write_evals(cabinet)
    planning = write_summary(
        root, make_summary(date="2024-09-12", body="Planning Committee", status="draft")
    )
    write_evals(planning, flagged=1)  # not publishable yet
    settings = DigestSettings(
        database=str(_db(tmp_path)),
        outbox=str(tmp_path / "outbox"),
        secret_file=str(tmp_path / "secret"),
        late_meetings=mode,
    )
    conn = connect(settings.database)
    add_subscriber(conn, "early@example.org", [COUNCIL], [])
    return root, planning, settings, conn


def _send(root, week, conn, settings):
    run = prepare_digest(root, "Northbridge", week, conn, settings, policy="approved_or_clean")
    report = run_digest(run, conn, settings)
    return run, report


def _meetings_received(folder: Path, address: str = "early@example.org") -> Counter:
    """How many times each meeting reached ``address``, over every email in the outbox."""
    received: Counter = Counter()
    for path in (folder / "outbox").rglob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] != address:
            continue
        text = message.get_body(("plain",)).get_content()
        for heading in ("== Cabinet ==", "== Planning Committee =="):
            received[heading] += text.count(heading)
    return received


def test_a_meeting_approved_after_its_digest_goes_into_the_next_digest_once(tmp_path):
    root, planning, settings, conn = _late_setup(tmp_path, "next_digest")
    _send(root, WEEK, conn, settings)
    assert _meetings_received(tmp_path) == Counter({"== Cabinet ==": 1})
    # The planning meeting is approved after the W37 digest went out.
    write_evals(planning)
    summary = json.loads(planning.read_text())
    summary["review"]["status"] = "approved"
    planning.write_text(json.dumps(summary))
    # A subscriber who joins now never had the W37 digest: nothing old floods them.
    add_subscriber(conn, "later@example.org", [COUNCIL], [])
    run, _ = _send(root, "2024-W38", conn, settings)
    late = {e.email: e for e in run.emails}
    text = late["early@example.org"].message.get_body(("plain",)).get_content()
    assert "Also published since your last digest" in text and "Planning Committee" in text
    assert "later@example.org" not in late
    assert _meetings_received(tmp_path) == Counter(
        {"== Cabinet ==": 1, "== Planning Committee ==": 1}
    )
    # Re-running either week, or the week after, sends no meeting a second time...
    for week in (WEEK, "2024-W38", "2024-W39"):
        _send(root, week, conn, settings)
    assert _meetings_received(tmp_path) == Counter(
        {"== Cabinet ==": 1, "== Planning Committee ==": 1}
    )
    # ...to anyone: the later subscriber got the W37 digest when it was run again.
    assert _meetings_received(tmp_path, "later@example.org") == Counter(
        {"== Cabinet ==": 1, "== Planning Committee ==": 1}
    )


def test_a_meeting_approved_late_can_go_as_a_follow_up_of_its_week_once(tmp_path):
    root, planning, settings, conn = _late_setup(tmp_path, "follow_up")
    _send(root, WEEK, conn, settings)
    write_evals(planning)  # now clean: publishable as a draft
    run, report = _send(root, WEEK, conn, settings)
    updates = [e for e in run.emails if "/update-" in e.digest_id]
    assert len(updates) == 1 and report.sent == ["early@example.org"]
    subject = str(updates[0].message["Subject"])
    assert subject.startswith(f"{COUNCIL}: update to the weekly digest {WEEK} (1 more meeting)")
    for week in (WEEK, WEEK, "2024-W38"):
        _send(root, week, conn, settings)
    assert _meetings_received(tmp_path) == Counter(
        {"== Cabinet ==": 1, "== Planning Committee ==": 1}
    )


# --- unsubscribe tokens ------------------------------------------------------------------------


def _payload(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "token",
    [
        f"{_payload('999:northbridge-borough-council')}.{'A' * 43}",
        f"{_payload('-1:x')}.{'A' * 43}",
        f"{_payload(f'{2**70}:northbridge-borough-council')}.{'A' * 43}",
        f"{_payload(f'2:{2**70}:northbridge-borough-council:AAAA')}.{'A' * 43}",
        f"{_payload('2:1:northbridge-borough-council:AAAAAAAAAAAA')}.{'A' * 43}",
        f"{_payload('1:northbridge-borough-council')}.{'A' * 43}",
        "garbage",
        "https://example.org/unsubscribe?token=",
    ],
)
def test_every_invalid_unsubscribe_token_gets_the_same_answer(tmp_path, token):
    seed_subscribers(tmp_path, ["a@example.org"])
    result = run_cli(tmp_path, "subscribers", "unsubscribe", token)
    assert result.returncode == 2
    assert result.stderr == "error: not a valid unsubscribe token\n"
    assert "a@example.org" in run_cli(tmp_path, "subscribers", "list").stdout


def test_a_genuine_token_unsubscribes_once_then_says_so(tmp_path):
    seed_week(tmp_path)
    seed_subscribers(tmp_path, ["a@example.org"])
    run_cli(tmp_path, "digest", "--council", "Northbridge", "--week", WEEK, "--send")
    (eml,) = (tmp_path / "outbox").rglob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    url = message["List-Unsubscribe"].strip("<>")
    first = run_cli(tmp_path, "subscribers", "unsubscribe", url)
    assert first.returncode == 0 and first.stdout == "unsubscribed: a@example.org\n"
    again = run_cli(tmp_path, "subscribers", "unsubscribe", url)
    assert again.returncode == 0 and again.stdout == "already unsubscribed\n"
