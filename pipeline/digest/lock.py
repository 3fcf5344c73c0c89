"""One run at a time per (council, week): an exclusive lock held by the process.

The lock is ``fcntl.flock`` on a file under ``<database folder>/locks/``. The kernel holds
it for the open file, so it goes away when the process exits, however it exits (a crash,
``kill -9``): a stale lock cannot outlive its run, and a lock another live run holds is
never taken over. A second run waits up to ``[digest] lock_wait_s`` for it, then stops
with one line naming the run that holds it (exit 2).

Two locks exist: ``weekly`` for a whole weekly job, keyed by the ``--council`` given, and
``send`` for the sending step, keyed by the digest (the council as the summaries name it,
and the week), so two spellings of one council ("northbridge", "Northbridge Borough
Council") still cannot send the same digest at once.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.digest.settings import DigestSettings
from pipeline.errors import PipelineError
from pipeline.render.catalog import slugify

POLL_S = 0.05


class LockBusy(PipelineError):
    """Another live run holds the lock and did not let go in time."""


def lock_folder(settings: DigestSettings) -> Path:
    """Where lock files live: beside the database whose send log they protect."""
    return Path(settings.database).parent / "locks"


def lock_path(settings: DigestSettings, kind: str, council: str, week: str) -> Path:
    """The lock file of one (council, week) for ``kind`` (``weekly`` or ``send``)."""
    return lock_folder(settings) / f"{kind}-{slugify(council)}-{slugify(week)}.lock"


@contextmanager
def run_lock(
    settings: DigestSettings,
    kind: str,
    council: str,
    week: str,
    *,
    wait_s: float | None = None,
) -> Iterator[Path]:
    """Hold the ``kind`` lock of (``council``, ``week``) for the ``with`` block."""
    path = lock_path(settings, kind, council, week)
    wait = settings.lock_wait_s if wait_s is None else wait_s
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PipelineError(f"{path}: cannot create the run lock: {exc.strerror}") from None
    try:
        _acquire(fd, path, wait, f"{kind} {slugify(council)} {week}")
        # Who holds it, for the message a waiting run shows; the lock itself is the flock.
        holder = f"pid {os.getpid()} on {socket.gethostname()} since {_now()}\n"
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder.encode("utf-8"), 0)
        yield path
    finally:
        os.close(fd)  # closing the file releases the lock


def _acquire(fd: int, path: Path, wait_s: float, what: str) -> None:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockBusy(
                    f"another run is working on {what} ({_holder(path)}); waited "
                    f"{wait_s:g}s ([digest] lock_wait_s): try again when it has finished"
                ) from None
            time.sleep(POLL_S)
        except OSError as exc:
            raise PipelineError(f"{path}: cannot lock: {exc.strerror}") from None


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    return text or "holder unknown"


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
