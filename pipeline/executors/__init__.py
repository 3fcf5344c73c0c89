"""Where the weekly job's tasks run: in this process, in a pool of processes, or on Dask.

Every executor runs independent tasks and returns their results in the order of the
tasks, so the job's output does not depend on which worker ran what or when. Each also
offers ``slots``: a semaphore shared by all its workers, which bounds the LLM requests in
flight across the whole run (``[llm] concurrency``), whatever the number of workers.

- ``local``: one task after another in this process (``--workers 1`` means this too);
- ``processes``: a pool of ``--workers`` processes on this machine
  (:mod:`concurrent.futures`), for every core;
- ``dask``: Dask distributed, a local cluster by default, or the scheduler at
  ``[weekly] scheduler`` for a real cluster (:mod:`pipeline.executors.dask`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from pipeline.errors import ConfigError
from pipeline.executors.base import Executor, TaskFn

__all__ = ["Executor", "ExecutorKind", "TaskFn", "default_workers", "open_executor"]

ExecutorKind = Literal["local", "processes", "dask"]


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def open_executor(
    kind: ExecutorKind,
    *,
    workers: int | None = None,
    slots: int = 4,
    scheduler: str | None = None,
) -> Iterator[Executor]:
    """An executor of ``kind`` with ``workers`` workers (default: the cores), whose tasks
    share ``slots`` concurrent LLM requests; shut down on exit."""
    count = workers or default_workers()
    if kind == "local" or (kind == "processes" and count == 1):
        from pipeline.executors.local import LocalExecutor

        yield LocalExecutor(slots)
    elif kind == "processes":
        from pipeline.executors.processes import ProcessExecutor

        with ProcessExecutor(count, slots) as executor:
            yield executor
    elif kind == "dask":
        from pipeline.executors.dask import DaskExecutor

        with DaskExecutor(count, slots, scheduler) as executor:
            yield executor
    else:
        raise ConfigError(f"unknown executor {kind!r}: use local, processes or dask")
