"""What every executor offers (see :mod:`pipeline.executors`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

#: A task function: ``fn(item, slots)`` with ``slots`` the executor's shared semaphore.
TaskFn = Callable[[Any, AbstractContextManager], Any]


class Executor(Protocol):
    """Runs ``fn(item, slots)`` for every item; results in the items' order."""

    name: str
    workers: int

    def map(self, fn: TaskFn, items: Sequence[Any]) -> list[Any]:
        """``[fn(item, slots) for item in items]``, run by the workers."""
        ...
