"""Tasks on a pool of worker processes on this machine (every core).

The pool's processes start from a fork server that has already imported the pipeline, so
a worker starts in milliseconds and no thread or lock of the parent leaks into it. The
LLM semaphore is a ``multiprocessing`` semaphore handed to each worker when it starts.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager
from typing import Any

from pipeline.executors.base import TaskFn

# The worker's share of the run: the semaphore it was started with (one per process).
_worker_slots: AbstractContextManager | None = None


def _start_worker(slots: AbstractContextManager) -> None:
    global _worker_slots
    _worker_slots = slots


def _run(fn: TaskFn, item: Any, folder: str) -> Any:
    assert _worker_slots is not None
    # The fork server may have started in another folder (an earlier run in this process):
    # relative paths of the job resolve against the folder the job runs in.
    if os.getcwd() != folder:
        os.chdir(folder)
    return fn(item, _worker_slots)


class ProcessExecutor:
    """A :class:`~concurrent.futures.ProcessPoolExecutor` of ``workers`` processes."""

    name = "processes"

    def __init__(self, workers: int, slots: int) -> None:
        self.workers = workers
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline.job"])
        self.slots = context.BoundedSemaphore(max(1, slots))
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(self.slots,),
        )

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def map(self, fn: TaskFn, items: Sequence[Any]) -> list[Any]:
        """``[fn(item, slots) for item in items]``, one task per process at a time."""
        folder = os.getcwd()
        futures = [self._pool.submit(_run, fn, item, folder) for item in items]
        return [future.result() for future in futures]
