"""The LLM layer: one OpenAI-compatible client with retries, cache, cost and a run log.

Typical use by a stage::

    llm = LLMSettings.from_settings(settings_from(ctx), model=model_flag)
    if llm.is_configured:
        with open_client(llm, command="summarise") as client:
            done = client.complete(prompt.render(**vars), schema=Answer, prompt=prompt)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from pipeline.lazy import lazy_exports

if TYPE_CHECKING:  # the SDK loads only when a client is made (see __getattr__)
    from pipeline.llm.client import LLMClient
    from pipeline.llm.settings import LLMSettings

# name -> module: importing ``pipeline.llm`` stays cheap (no openai SDK) until a name that
# needs the client is used, so commands that call no LLM never pay for the SDK.
_EXPORTS = {
    "ResponseCache": "pipeline.llm.cache",
    "request_key": "pipeline.llm.cache",
    "Completion": "pipeline.llm.client",
    "CompletionRequest": "pipeline.llm.client",
    "LLMClient": "pipeline.llm.client",
    "parse_json_answer": "pipeline.llm.client",
    "cost_usd": "pipeline.llm.cost",
    "price_for": "pipeline.llm.cost",
    "LLMError": "pipeline.llm.errors",
    "LLMInvalidOutput": "pipeline.llm.errors",
    "LLMRefusal": "pipeline.llm.errors",
    "LLMRequestError": "pipeline.llm.errors",
    "LLMTruncated": "pipeline.llm.errors",
    "LLMUnavailable": "pipeline.llm.errors",
    "CallRecord": "pipeline.llm.runlog",
    "RunLog": "pipeline.llm.runlog",
    "LLMSettings": "pipeline.llm.settings",
    "ModelPrice": "pipeline.llm.settings",
}

__all__ = sorted([*_EXPORTS, "open_client"])

__getattr__ = lazy_exports(__name__, _EXPORTS)


@contextmanager
def open_client(
    settings: LLMSettings,
    *,
    command: str = "llm",
    details: dict[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    slots: AbstractContextManager | None = None,
) -> Iterator[LLMClient]:
    """A client with the configured cache and run log; the run is closed on exit.

    The run's status is ``ok`` unless the block raises (``failed``); set
    ``client.run_status`` (e.g. to ``"partial"``) to record something else. ``slots`` (a
    semaphore shared by every worker of a run) bounds the requests in flight across
    processes and machines; without it only this client's threads are bounded.
    """
    from pipeline.llm.cache import ResponseCache
    from pipeline.llm.client import LLMClient
    from pipeline.llm.runlog import RunLog

    cache = ResponseCache(settings.cache_path) if settings.cache else None
    run_log = RunLog(settings.run_log_path)
    run_id = run_log.start_run(command, model=settings.model, details=details)
    client = LLMClient(settings, cache, run_log, run_id=run_id, environ=environ, slots=slots)
    client.run_status = "ok"
    try:
        yield client
    except BaseException:
        client.run_status = "failed"
        raise
    finally:
        run_log.finish_run(run_id, client.run_status)
        client.close()
        run_log.close()
        if cache is not None:
            cache.close()
