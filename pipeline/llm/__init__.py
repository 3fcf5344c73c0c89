"""The LLM layer: one OpenAI-compatible client with retries, cache, cost and a run log.

Typical use by a stage::

    llm = LLMSettings.from_settings(settings_from(ctx), model=model_flag)
    if llm.is_configured:
        with open_client(llm, command="summarise") as client:
            done = client.complete(prompt.render(**vars), schema=Answer, prompt=prompt)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pipeline.llm.cache import ResponseCache, request_key
from pipeline.llm.client import Completion, CompletionRequest, LLMClient, parse_json_answer
from pipeline.llm.cost import cost_usd, price_for
from pipeline.llm.errors import (
    LLMError,
    LLMInvalidOutput,
    LLMRefusal,
    LLMRequestError,
    LLMTruncated,
    LLMUnavailable,
)
from pipeline.llm.runlog import CallRecord, RunLog
from pipeline.llm.settings import LLMSettings, ModelPrice

__all__ = [
    "CallRecord",
    "Completion",
    "CompletionRequest",
    "LLMClient",
    "LLMError",
    "LLMInvalidOutput",
    "LLMRefusal",
    "LLMRequestError",
    "LLMSettings",
    "LLMTruncated",
    "LLMUnavailable",
    "ModelPrice",
    "ResponseCache",
    "RunLog",
    "cost_usd",
    "open_client",
    "parse_json_answer",
    "price_for",
    "request_key",
]


@contextmanager
def open_client(
    settings: LLMSettings,
    *,
    command: str = "llm",
    details: dict[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Iterator[LLMClient]:
    """A client with the configured cache and run log; the run is closed on exit.

    The run's status is ``ok`` unless the block raises (``failed``); set
    ``client.run_status`` (e.g. to ``"partial"``) to record something else.
    """
    cache = ResponseCache(settings.cache_path) if settings.cache else None
    run_log = RunLog(settings.run_log_path)
    run_id = run_log.start_run(command, model=settings.model, details=details)
    client = LLMClient(settings, cache, run_log, run_id=run_id, environ=environ)
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
