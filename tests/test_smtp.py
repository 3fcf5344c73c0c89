"""Sending digests through a real SMTP server (aiosmtpd) on 127.0.0.1, and reading them back."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from publish_support import make_summary, write_evals, write_summary

from pipeline.digest import DigestSettings, SmtpSettings, connect, prepare_digest, run_digest
from pipeline.digest.send import SendLog, SmtpTransport
from pipeline.digest.subscribers import add_subscriber

ROOT = Path(__file__).resolve().parent.parent
WEEK = "2024-W37"
COUNCIL = "Northbridge Borough Council"

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])


class Inbox:
    """An aiosmtpd handler that keeps what arrived and can misbehave on cue."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.lock = threading.Lock()
        self.tempfail_once: set[str] = set()  # 451 on the first RCPT for these
        self.reject: set[str] = set()  # 550 on every RCPT for these
        self.on_data = None  # callable(count) run after a message arrived, before replying

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 mailbox unavailable"
        if address in self.tempfail_once:
            self.tempfail_once.discard(address)
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
            count = len(self.messages)
        if self.on_data is not None:
            self.on_data(count)
        return "250 2.0.0 accepted"

    def recipients(self) -> list[str]:
        return sorted(r for rcpts, _ in self.messages for r in rcpts)

    def parsed(self, address: str) -> email.message.EmailMessage:
        found = [raw for rcpts, raw in self.messages if address in rcpts]
        assert len(found) == 1, (address, len(found))
        return email.message_from_bytes(found[0], policy=policy.default)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _summaries(tmp_path: Path) -> Path:
    root = tmp_path / "summaries"
    write_evals(write_summary(root, make_summary()))
    return root


def _settings(tmp_path: Path, port: int, **smtp) -> DigestSettings:
    return DigestSettings(
        database=str(tmp_path / "subs.sqlite3"),
        secret_file=str(tmp_path / "secret"),
        transport="smtp",
        retry_wait_s=0,
        retry_wait_max_s=0,
        smtp=SmtpSettings(**{"host": "127.0.0.1", "port": port, "starttls": False, **smtp}),
    )


def _send(tmp_path, settings, addresses, transport=None):
    conn = connect(settings.database)
    for address in addresses:
        add_subscriber(conn, address, [COUNCIL], ["housing"])
    prepared = prepare_digest(
        _summaries(tmp_path), "Northbridge", WEEK, conn, settings, policy="approved_or_clean"
    )
    report = run_digest(prepared, conn, settings, transport=transport)
    return conn, report


def test_digest_arrives_with_headers_and_both_parts(tmp_path, inbox):
    handler, port = inbox
    conn, report = _send(tmp_path, _settings(tmp_path, port), ["a@example.org", "b@example.org"])
    assert report.ok and sorted(report.sent) == ["a@example.org", "b@example.org"]
    assert handler.recipients() == ["a@example.org", "b@example.org"]
    msg = handler.parsed("a@example.org")
    assert msg["Subject"].startswith(f"{COUNCIL}: weekly digest {WEEK}")
    assert msg["From"] == "Council Digest <digest@council-digest.localhost>"
    assert msg["To"] == "a@example.org"
    assert msg["Message-ID"] and msg["Date"]
    assert msg["List-Unsubscribe"].startswith("<https://") and "token=" in msg["List-Unsubscribe"]
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    text = msg.get_body(("plain",)).get_content()
    page = msg.get_body(("html",)).get_content()
    for body in (text, page):
        assert "Housing Allocations Policy" in body
        assert "The Cabinet approved a revised housing allocations policy." in body
        assert "Unsubscribe" in body
    assert "<ul" in page and "<ul" not in text
    rows = SendLog(conn).rows()
    assert {r["status"] for r in rows} == {"sent"} and {r["attempts"] for r in rows} == {1}
    # A second run sends nothing: the server sees no new message.
    _, again = _send(tmp_path, _settings(tmp_path, port), [])
    assert again.sent == [] and len(again.already_sent) == 2
    assert len(handler.messages) == 2


def test_starttls_and_auth_with_credentials_from_the_environment(tmp_path, monkeypatch):
    cert, key = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret-pass")

    handler = Inbox()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=_free_port(),
        tls_context=server_tls,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    controller.start()
    try:
        monkeypatch.setenv("COUNCIL_DIGEST_SMTP_USER", "digest-bot")
        monkeypatch.setenv("COUNCIL_DIGEST_SMTP_PASSWORD", "s3cret-pass")
        settings = _settings(tmp_path, controller.port, starttls=True, ca_file=str(cert))
        _, report = _send(tmp_path, settings, ["a@example.org"])
        assert report.ok, report.to_json()
        assert logins == [(b"digest-bot", b"s3cret-pass")]
        assert handler.recipients() == ["a@example.org"]
        msg = handler.parsed("a@example.org")
        assert msg.get_content_type() == "multipart/alternative"
    finally:
        controller.stop()


def test_transient_failure_is_retried_and_delivered_once(tmp_path, inbox):
    handler, port = inbox
    handler.tempfail_once = {"b@example.org"}
    conn, report = _send(
        tmp_path, _settings(tmp_path, port), ["a@example.org", "b@example.org", "c@example.org"]
    )
    assert report.ok and report.retries == 1
    assert handler.recipients() == ["a@example.org", "b@example.org", "c@example.org"]
    attempts = {r["email"]: r["attempts"] for r in SendLog(conn).rows()}
    assert attempts == {"a@example.org": 1, "b@example.org": 2, "c@example.org": 1}


def test_permanent_failure_is_reported_others_still_sent_and_rerun_retries_only_it(tmp_path, inbox):
    handler, port = inbox
    handler.reject = {"b@example.org"}
    settings = _settings(tmp_path, port)
    _conn, report = _send(tmp_path, settings, ["a@example.org", "b@example.org", "c@example.org"])
    assert not report.ok and list(report.failed) == ["b@example.org"]
    assert "550" in report.failed["b@example.org"] and report.retries == 0
    assert handler.recipients() == ["a@example.org", "c@example.org"]
    handler.reject = set()  # the mailbox is fixed
    _, again = _send(tmp_path, settings, [])
    assert again.sent == ["b@example.org"] and len(again.already_sent) == 2
    assert handler.recipients() == ["a@example.org", "b@example.org", "c@example.org"]


def test_unreachable_server_gives_up_after_retries_and_reports(tmp_path):
    settings = _settings(tmp_path, _free_port()).model_copy(update={"retry_attempts": 3})
    conn, report = _send(tmp_path, settings, ["a@example.org"])
    assert "gave up after 3 tries" in report.failed["a@example.org"]
    assert SendLog(conn).rows()[0]["attempts"] == 3
    assert SendLog(conn).rows()[0]["status"] == "failed"


def test_process_killed_mid_send_then_rerun_sends_no_duplicates(tmp_path, inbox):
    """A real crash: the SMTP server SIGKILLs the sending process during the 3rd message."""
    handler, port = inbox
    _summaries(tmp_path)
    env = {
        **os.environ,
        "COUNCIL_DIGEST_SECRET": "test-secret-0123456789abcdef",
        "COUNCIL_DIGEST__PATHS__SUMMARIES": str(tmp_path / "summaries"),
        "COUNCIL_DIGEST__DIGEST__DATABASE": str(tmp_path / "subs.sqlite3"),
        "COUNCIL_DIGEST__DIGEST__TRANSPORT": '"smtp"',
        "COUNCIL_DIGEST__DIGEST__SMTP__HOST": '"127.0.0.1"',
        "COUNCIL_DIGEST__DIGEST__SMTP__PORT": str(port),
        "COUNCIL_DIGEST__DIGEST__SMTP__STARTTLS": "false",
    }
    command = [sys.executable, str(ROOT / "run.py")]
    addresses = [f"s{i}@example.org" for i in range(6)]
    for address in addresses:
        subprocess.run(
            [*command, "subscribers", "add", address, "--council", COUNCIL],
            env=env,
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )
    digest = [*command, "digest", "--council", "Northbridge", "--week", WEEK, "--send"]
    first = subprocess.Popen(
        digest, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )

    def kill_on_third(count: int) -> None:
        if count == 3:  # the message arrived; the sender dies before hearing "250"
            os.kill(first.pid, signal.SIGKILL)

    handler.on_data = kill_on_third
    first.communicate(timeout=120)
    assert first.returncode == -signal.SIGKILL
    assert len(handler.messages) == 3
    handler.on_data = None

    second = subprocess.run(
        digest, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    # Everyone has exactly one copy: the in-flight message is not sent again...
    assert handler.recipients() == addresses
    # ...and the run says so (exit 1: one delivery could not be confirmed).
    assert second.returncode == 1, second.stderr
    assert "unconfirmed: s2@example.org" in second.stderr
    third = subprocess.run(
        digest, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert "sent 0 via smtp" in third.stdout
    assert handler.recipients() == addresses


def test_smtp_transport_reuses_one_connection(tmp_path, inbox):
    handler, port = inbox
    settings = _settings(tmp_path, port)
    transport = SmtpTransport(settings.smtp)
    _send(
        tmp_path, settings, ["a@example.org", "b@example.org", "c@example.org"], transport=transport
    )
    assert len(handler.messages) == 3
    assert transport._conn is None  # closed (QUIT) at the end of the run
