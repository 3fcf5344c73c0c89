"""Tasks on Dask distributed: a local cluster by default, or a real one by address.

Dask does the distributing: the client sends each task to a worker, moves the results
back, retries a task whose worker died, and :class:`distributed.Semaphore` bounds the LLM
requests in flight across every worker of every machine. What the workers must share is
in the README ("Running on a cluster"): the same files at the same paths (sources,
summaries, the LLM cache and run log), the same code, and the same working folder.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from typing import Any

from pipeline.errors import ConfigError, PipelineError
from pipeline.executors.base import TaskFn


class DaskExecutor:
    """Runs tasks through a :class:`distributed.Client`."""

    name = "dask"

    def __init__(self, workers: int, slots: int, scheduler: str | None) -> None:
        try:
            from distributed import Client, LocalCluster, Semaphore
        except ImportError:  # pragma: no cover - distributed is a dependency
            raise ConfigError("--executor dask needs the distributed package") from None
        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="30s")
            else:
                # One single-threaded worker process per core: the tasks are CPU-bound
                # Python, so threads would only contend for the interpreter lock.
                self._cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                self._client = Client(self._cluster)
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        self.workers = len(self._client.scheduler_info().get("workers", {})) or workers
        self.slots = Semaphore(
            max_leases=max(1, slots), name=f"council-digest-llm-{uuid.uuid4().hex}"
        )

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def map(self, fn: TaskFn, items: Sequence[Any]) -> list[Any]:
        """``[fn(item, slots) for item in items]`` on the cluster's workers."""
        if not items:
            return []
        futures = self._client.map(
            _in_folder, list(items), fn=fn, folder=os.getcwd(), slots=self.slots, pure=False
        )
        return self._client.gather(futures)


def _in_folder(item: Any, *, fn: TaskFn, folder: str, slots: Any) -> Any:
    """Run ``fn`` on a worker that shares the job's folder (relative paths resolve there)."""
    if os.path.realpath(os.getcwd()) != os.path.realpath(folder):
        raise PipelineError(
            f"a Dask worker runs in {os.getcwd()}, the job in {folder}: start the workers in "
            "the job's folder on the shared storage (see README, Running on a cluster)"
        )
    return fn(item, slots)
