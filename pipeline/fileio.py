"""File writes that never leave a half-written output behind.

Outputs (site pages, summaries, the outbox) get the mode the process umask gives a new
file (0644 under umask 022), so a web server running as another user can read them;
``mkstemp`` alone would leave them 0600. Secrets pass ``mode=0o600`` and are never wider,
not even for an instant.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def current_umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    # Elsewhere the only portable way is to set it and put it back (not thread-safe, brief).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def default_file_mode() -> int:
    """The mode ``open(path, "w")`` would give a new file under the current umask."""
    return 0o666 & ~current_umask()


def write_atomic(path: str | Path, content: str | bytes, *, mode: int | None = None) -> Path:
    """Write ``content`` to ``path`` through a temporary file and a rename.

    ``mode`` defaults to what the umask gives a normal file; pass ``0o600`` for secrets.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, default_file_mode() if mode is None else mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
