"""Tasks one after another in this process: the reference every other executor equals."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from pipeline.executors.base import TaskFn


class LocalExecutor:
    """Runs each task here, in order."""

    name = "local"
    workers = 1

    def __init__(self, slots: int) -> None:
        self.slots = threading.BoundedSemaphore(max(1, slots))

    def map(self, fn: TaskFn, items: Sequence[Any]) -> list[Any]:
        """``[fn(item, slots) for item in items]``."""
        return [fn(item, self.slots) for item in items]
