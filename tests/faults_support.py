"""Shared parts of the fault-injection suite (tests/test_faults_*.py, marker ``faults``).

Everything here is real: ``run.py`` in its own process, SQLite files, an aiosmtpd server
on 127.0.0.1 that can misbehave on cue, summaries built from the real models.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller
from publish_support import make_summary, write_evals, write_summary

from pipeline.digest.db import connect
from pipeline.digest.subscribers import add_subscriber

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = "Northbridge Borough Council"
WEEK = "2024-W37"
SECRET = "faults-secret-0123456789abcdef"


def cli_env(folder: Path, **config: str) -> dict[str, str]:
    """The environment of a ``run.py`` process working in ``folder``.

    ``config``: ``SECTION__KEY=value`` overrides (``COUNCIL_DIGEST__`` is added).
    """
    env = {
        **os.environ,
        "COUNCIL_DIGEST_SECRET": SECRET,
        "COUNCIL_DIGEST__PATHS__SUMMARIES": str(folder / "summaries"),
        "COUNCIL_DIGEST__DIGEST__DATABASE": str(folder / "data" / "subscribers.sqlite3"),
        "COUNCIL_DIGEST__DIGEST__OUTBOX": str(folder / "outbox"),
        "COUNCIL_DIGEST__RENDER__OUT_DIR": str(folder / "site"),
        "COUNCIL_DIGEST__REVIEW__PUBLISH": "approved",
    }
    env.pop("COUNCIL_DIGEST_CONFIG", None)
    env.update({f"COUNCIL_DIGEST__{k}": v for k, v in config.items()})
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "run.py"), *args]


def run_cli(
    folder: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """``run.py ARGS`` in ``folder``; never raises on a non-zero exit."""
    return subprocess.run(
        command(*args),
        cwd=folder,
        env=env or cli_env(folder),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def seed_week(folder: Path, *, status: str = "approved") -> Path:
    """Two Northbridge meetings of 2024-W37 with clean evals reports."""
    root = folder / "summaries"
    write_evals(write_summary(root, make_summary(date="2024-09-11", status=status)))
    write_evals(
        write_summary(
            root, make_summary(date="2024-09-12", body="Planning Committee", status=status)
        )
    )
    return root


def seed_subscribers(folder: Path, addresses: list[str]) -> None:
    """Subscribe ``addresses`` to Northbridge (the database the CLI env points at)."""
    conn = connect(folder / "data" / "subscribers.sqlite3")
    for address in addresses:
        add_subscriber(conn, address, [COUNCIL], [])
    conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FaultyInbox:
    """An aiosmtpd handler that keeps what arrived and misbehaves on cue.

    - ``drop_after_421``: addresses whose RCPT gets "421 closing" and then the connection
      dropped, every time (a relay shedding load);
    - ``utf8``: whether the server offers SMTPUTF8 (set on the controller, see
      :func:`start_smtp`).
    """

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes, list[str]]] = []
        self.lock = threading.Lock()
        self.drop_after_421: set[str] = set()
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.drop_after_421:
            await server.push("421 4.3.2 service shutting down, closing connection")
            server.transport.close()
            return "421 4.3.2 closing"  # not seen: the connection is gone
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                (list(envelope.rcpt_tos), envelope.original_content, list(envelope.mail_options))
            )
        return "250 2.0.0 accepted"

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(r for rcpts, _, _ in self.messages for r in rcpts)


def start_smtp(handler: FaultyInbox, *, smtputf8: bool = True) -> Controller:
    """A started aiosmtpd controller on 127.0.0.1 (``stop()`` it when done)."""
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        enable_SMTPUTF8=smtputf8,
        decode_data=False,
    )
    controller.start()
    return controller


def smtp_config(port: int) -> dict[str, str]:
    """``cli_env`` overrides sending through the SMTP server on ``port``."""
    return {
        "DIGEST__TRANSPORT": '"smtp"',
        "DIGEST__SMTP__HOST": '"127.0.0.1"',
        "DIGEST__SMTP__PORT": str(port),
        "DIGEST__SMTP__STARTTLS": "false",
        "DIGEST__RETRY_WAIT_S": "0",
        "DIGEST__RETRY_WAIT_MAX_S": "0",
    }


def weekly_args(sources: str, *extra: str) -> list[str]:
    """``weekly`` for Northbridge in 2024-W37 over the ``sources`` folder."""
    return ["weekly", "--council", "northbridge", "--week", WEEK, "--sources", sources, *extra]
