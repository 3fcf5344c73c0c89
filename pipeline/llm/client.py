"""One client for every OpenAI-compatible model: retries, schema checks, cache, accounting.

Layers, outermost first:

1. the response cache: an identical request (model, params, messages, schema, prompt
   hash) is answered from SQLite with zero HTTP requests;
2. one re-ask: an answer that is not valid JSON or fails its pydantic schema is sent back
   once with the validation error; a second failure raises :class:`LLMInvalidOutput`;
3. tenacity retries for transient faults (429, 5xx, 408/409, timeouts, connection errors)
   with exponential backoff and jitter, waiting exactly what ``Retry-After`` asks for when
   the server says; the SDK's own retries are off (``max_retries=0``) so one layer owns
   retrying and recorded cassettes hold exactly the requests made.

A truncated answer (``finish_reason == "length"``) raises :class:`LLMTruncated` and is
never parsed as if whole; a refusal raises :class:`LLMRefusal`. Failures are never cached.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import openai
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from pipeline.errors import ConfigError
from pipeline.llm.cache import CachedResponse, ResponseCache, request_key
from pipeline.llm.cost import cost_usd
from pipeline.llm.errors import (
    LLMError,
    LLMInvalidOutput,
    LLMRefusal,
    LLMRequestError,
    LLMTruncated,
    LLMUnavailable,
)
from pipeline.llm.runlog import CallRecord, RunLog
from pipeline.llm.settings import NO_KEY, LLMSettings
from pipeline.models import Usage
from pipeline.prompts import PromptTemplate

# Request parameters passed to the chat completions API; other prompt params (notes for
# the caller, e.g. chunk sizes) stay out of the request and out of the cache key.
WIRE_PARAMS = frozenset(
    {
        "temperature",
        "top_p",
        "max_tokens",
        "max_completion_tokens",
        "seed",
        "stop",
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "reasoning_effort",
    }
)
REASK = (
    "Your previous answer could not be used: {problem}\n"
    "Reply again with only one JSON object that matches the required schema, nothing else."
)
JSON_HINT = "Answer with one JSON object."
SCHEMA_HINT = "Answer with only one JSON object that matches this JSON Schema:\n{schema}"
# Only for answers that should be JSON and contain none: a model that starts like this has
# declined, and re-asking it for JSON would only waste a call.
REFUSAL_RE = re.compile(
    r"^\W*(i'?m sorry|i am sorry|sorry,|i can(?:no|')t|i'?m (?:not able|unable)|"
    r"i am (?:not able|unable)|i won'?t|i will not|as an ai)",
    re.IGNORECASE,
)
FENCE_RE = re.compile(r"^\s*```(?:json)?\s*\n(.*?)\n?```\s*$", re.DOTALL | re.IGNORECASE)


class Completion(BaseModel):
    """One answer: its text, the validated model (when a schema was given) and its cost."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    text: str
    parsed: Any = Field(default=None, description="schema instance, or None for free text")
    finish_reason: str | None = None
    usage: Usage = Field(default_factory=Usage)
    cache_hit: bool = False
    model: str
    duration_s: float = 0.0
    attempts: int = Field(default=0, description="HTTP requests made (0 on a cache hit)")
    request_key: str
    prompt_ref: str | None = None
    prompt_hash: str | None = None


class CompletionRequest(BaseModel):
    """The arguments of one :meth:`LLMClient.complete` call, for :meth:`complete_many`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    messages: list[dict[str, Any]]
    params: dict[str, Any] | None = None
    schema_: type[BaseModel] | None = Field(default=None, alias="schema")
    prompt: PromptTemplate | None = None


class _OutputProblem(Exception):
    """An answer that is not JSON or fails its schema (message says why, in one line)."""


class _MalformedReply(Exception):
    """An HTTP answer whose body is not the JSON of a chat completion (a proxy's error
    page, a truncated body): retried like a server error, then logged and reported."""


class _Tally:
    """Requests made and tokens spent during one ``complete()``, across retries."""

    def __init__(self) -> None:
        self.usage = Usage()
        self.attempts = 0


class LLMClient:
    """Chat completions against the configured OpenAI-compatible server.

    Thread-safe: one client serves every worker of :meth:`complete_many` (or of a caller's
    own thread pool).
    """

    def __init__(
        self,
        settings: LLMSettings,
        cache: ResponseCache | None = None,
        run_log: RunLog | None = None,
        *,
        run_id: str | None = None,
        environ: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        slots: AbstractContextManager | None = None,
    ) -> None:
        """``slots``: a semaphore every request holds while in flight (shared across the
        workers of a run, so ``[llm] concurrency`` bounds the whole run)."""
        self.settings = settings
        self._slots = slots if slots is not None else nullcontext()
        self.cache = cache
        self.run_log = run_log
        self.run_id = run_id
        self.run_status = "ok"  # what open_client() records when the run ends
        api_key = settings.api_key(environ)
        # Strings scrubbed from anything we store, should a server echo them back.
        self._secrets = [api_key] if api_key != NO_KEY else []
        self._sleep = sleep
        self._lock = threading.Lock()
        self._json_schema_refused = False
        self._openai = openai.OpenAI(
            base_url=settings.endpoint,
            api_key=api_key,
            max_retries=0,  # tenacity owns retries
            timeout=settings.timeout_s,
        )

    # --- public API -----------------------------------------------------------------------

    def complete(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        params: Mapping[str, Any] | None = None,
        schema: type[BaseModel] | None = None,
        prompt: PromptTemplate | None = None,
    ) -> Completion:
        """One chat completion; ``params`` default to the prompt's.

        Raises an :class:`LLMError` subclass on failure (never an SDK exception).
        """
        model = self.settings.model
        if not model:
            raise ConfigError("no LLM model configured: set [llm] model or pass --model")
        if params is None:
            params = prompt.params if prompt is not None else {}
        wire = {k: v for k, v in params.items() if k in WIRE_PARAMS}
        messages = [dict(m) for m in messages]
        schema_json = schema.model_json_schema() if schema is not None else None
        key = request_key(
            model=model,
            params=wire,
            messages=messages,
            schema=schema_json,
            prompt_hash=prompt.hash if prompt is not None else None,
        )
        started = time.monotonic()
        hit = self._from_cache(key, schema, prompt)
        if hit is not None:
            self._log(hit)
            return hit
        tally = _Tally()
        try:
            text, finish_reason, parsed, served_by = self._answer(
                model, messages, wire, schema, schema_json, tally
            )
        except LLMError as exc:
            exc.attempts, exc.usage = tally.attempts, tally.usage
            duration = time.monotonic() - started
            self._log_failure(key, model, prompt, exc, duration)
            raise
        except Exception as exc:
            # Whatever else the SDK or the network stack raises: every call is logged and
            # the caller gets an LLMError (the item fails, the meeting goes on).
            error = LLMError(
                self._scrub(f"unexpected {type(exc).__name__}: {_one_line(str(exc))}"),
                attempts=tally.attempts,
                usage=tally.usage,
                kind="unexpected",
            )
            self._log_failure(key, model, prompt, error, time.monotonic() - started)
            raise error from exc
        completion = Completion(
            text=text,
            parsed=parsed,
            finish_reason=finish_reason,
            usage=tally.usage,
            model=served_by or model,
            duration_s=round(time.monotonic() - started, 4),
            attempts=tally.attempts,
            request_key=key,
            prompt_ref=prompt.ref if prompt is not None else None,
            prompt_hash=prompt.hash if prompt is not None else None,
        )
        if self.cache is not None:
            self.cache.put(
                key,
                CachedResponse(
                    text=text,
                    finish_reason=finish_reason,
                    model=completion.model,
                    prompt_tokens=tally.usage.prompt_tokens,
                    completion_tokens=tally.usage.completion_tokens,
                    duration_s=completion.duration_s,
                ),
                prompt_ref=completion.prompt_ref,
            )
        self._log(completion)
        return completion

    def complete_many(
        self,
        requests: Iterable[CompletionRequest],
        *,
        on_done: Callable[[int, Completion | LLMError], None] | None = None,
    ) -> list[Completion | LLMError]:
        """Run requests on up to ``settings.concurrency`` threads; results keep input order.

        A failed request yields its :class:`LLMError` in its slot instead of raising, so
        one bad item never sinks the rest. ``on_done(index, result)`` is called as each
        finishes (from worker threads), e.g. to advance a progress bar.
        """
        requests = list(requests)

        def run(index: int) -> Completion | LLMError:
            request = requests[index]
            try:
                result: Completion | LLMError = self.complete(
                    request.messages,
                    params=request.params,
                    schema=request.schema_,
                    prompt=request.prompt,
                )
            except LLMError as exc:
                result = exc
            if on_done is not None:
                on_done(index, result)
            return result

        if not requests:
            return []
        workers = min(self.settings.concurrency, len(requests))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="llm") as pool:
            return list(pool.map(run, range(len(requests))))

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self._openai.close()

    # --- cache ----------------------------------------------------------------------------

    def _from_cache(
        self, key: str, schema: type[BaseModel] | None, prompt: PromptTemplate | None
    ) -> Completion | None:
        if self.cache is None:
            return None
        cached = self.cache.get(key)
        if cached is None:
            return None
        parsed = None
        if schema is not None:
            try:
                parsed = parse_json_answer(cached.text, schema)
            except _OutputProblem:
                return None  # the schema moved on since this was stored: ask again
        return Completion(
            text=cached.text,
            parsed=parsed,
            finish_reason=cached.finish_reason,
            usage=Usage(cache_hits=1),
            cache_hit=True,
            model=cached.model,
            duration_s=0.0,
            attempts=0,
            request_key=key,
            prompt_ref=prompt.ref if prompt is not None else None,
            prompt_hash=prompt.hash if prompt is not None else None,
        )

    # --- answer, re-ask -------------------------------------------------------------------

    def _answer(
        self,
        model: str,
        messages: list[dict[str, Any]],
        params: dict[str, Any],
        schema: type[BaseModel] | None,
        schema_json: dict[str, Any] | None,
        tally: _Tally,
    ) -> tuple[str, str | None, BaseModel | None, str | None]:
        response = self._request(model, messages, params, schema, schema_json, tally)
        text, finish_reason, served_by = self._check(response, schema)
        if schema is None:
            return text, finish_reason, None, served_by
        try:
            return text, finish_reason, parse_json_answer(text, schema), served_by
        except _OutputProblem as problem:
            first_problem = problem
        reask = [
            *messages,
            {"role": "assistant", "content": text},
            {"role": "user", "content": REASK.format(problem=first_problem)},
        ]
        response = self._request(model, reask, params, schema, schema_json, tally)
        text, finish_reason, served_by = self._check(response, schema)
        try:
            return text, finish_reason, parse_json_answer(text, schema), served_by
        except _OutputProblem as problem:
            raise LLMInvalidOutput(
                f"answer failed schema {schema.__name__} after one re-ask: {problem}",
                text=text,
            ) from None

    def _check(self, response: Any, schema: type[BaseModel] | None) -> tuple[str, str | None, str]:
        """Text, finish reason and model of a response, or the refusal/truncation error."""
        if not response.choices:
            raise LLMInvalidOutput("the server answered with no choices")
        choice = response.choices[0]
        message = choice.message
        text = message.content or ""
        refusal = getattr(message, "refusal", None)
        if refusal:
            raise LLMRefusal(f"model refused: {_one_line(refusal)}", text=refusal)
        if choice.finish_reason == "length":
            raise LLMTruncated(
                f"answer truncated at the token limit after {len(text)} characters "
                "(raise max_tokens or send less text)",
                text=text,
            )
        if choice.finish_reason == "content_filter":
            raise LLMRefusal("answer withheld by the provider's content filter", text=text)
        if schema is not None and "{" not in text and REFUSAL_RE.match(text):
            raise LLMRefusal(f"model refused: {_one_line(text)}", text=text)
        return text, choice.finish_reason, response.model

    # --- one request, with retries --------------------------------------------------------

    def _request(
        self,
        model: str,
        messages: list[dict[str, Any]],
        params: dict[str, Any],
        schema: type[BaseModel] | None,
        schema_json: dict[str, Any] | None,
        tally: _Tally,
    ) -> Any:
        retrying = Retrying(
            stop=stop_after_attempt(self.settings.max_attempts),
            wait=self._wait,
            retry=retry_if_exception(self._should_retry),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(self._send, model, messages, params, schema, schema_json, tally)
        except openai.APIError as exc:
            raise self._translate(exc, tally.attempts) from None
        except _MalformedReply as exc:
            where = _display_url(self.settings.endpoint)
            raise LLMUnavailable(
                self._scrub(f"LLM at {where}: {exc} after {tally.attempts} attempt(s)"),
                kind="bad_response",
            ) from None

    def _send(
        self,
        model: str,
        messages: list[dict[str, Any]],
        params: dict[str, Any],
        schema: type[BaseModel] | None,
        schema_json: dict[str, Any] | None,
        tally: _Tally,
    ) -> Any:
        mode = self._format_mode(schema)
        kwargs: dict[str, Any] = dict(params)
        sent = messages
        if schema is not None and schema_json is not None:
            if mode == "json_schema":
                kwargs["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": schema.__name__[:64], "schema": schema_json},
                }
            elif mode == "json_object":
                # OpenAI ignores "schema" here; llama-cpp-python's server turns it into a
                # grammar, so the model can only produce JSON of that shape.
                kwargs["response_format"] = {"type": "json_object", "schema": schema_json}
                if not any("json" in str(m.get("content", "")).lower() for m in messages):
                    sent = [*messages, {"role": "user", "content": JSON_HINT}]
            else:
                hint = SCHEMA_HINT.format(schema=json.dumps(schema_json, ensure_ascii=False))
                sent = [*messages, {"role": "user", "content": hint}]
        tally.attempts += 1
        tally.usage = tally.usage.add(Usage(calls=1))
        try:
            with self._slots:
                response = self._openai.chat.completions.create(
                    model=model, messages=sent, **kwargs
                )
        except ValueError as exc:  # the SDK's json.loads of a body that is not JSON
            raise _MalformedReply(f"reply body is not JSON ({_one_line(str(exc), 80)})") from None
        except openai.APIStatusError as exc:
            # llama-cpp-python's server answers an unknown response_format type with a 500
            # (its request validation error), others with 400 or 422.
            refused_format = exc.status_code in (400, 422, 500) and "response_format" in str(exc)
            if mode == "json_schema" and self.settings.response_format == "auto" and refused_format:
                # This server does not take json_schema; remember, and ask again at once.
                with self._lock:
                    self._json_schema_refused = True
                return self._send(model, messages, params, schema, schema_json, tally)
            raise
        usage = response.usage
        if usage is not None:
            prompt_tokens = usage.prompt_tokens or 0
            completion_tokens = usage.completion_tokens or 0
            tally.usage = tally.usage.add(
                Usage(
                    prompt_tokens=prompt_tokens,
                    completion_tokens=completion_tokens,
                    cost_usd=cost_usd(
                        model, prompt_tokens, completion_tokens, self.settings.prices
                    ),
                )
            )
        return response

    def _format_mode(self, schema: type[BaseModel] | None) -> str:
        mode = self.settings.response_format
        if schema is None:
            return "none"
        if mode == "auto":
            return "json_object" if self._json_schema_refused else "json_schema"
        return mode

    def _should_retry(self, exc: BaseException) -> bool:
        if _transient_kind(exc) is None:
            return False
        retry_after = _retry_after(exc)
        return retry_after is None or retry_after <= self.settings.retry_after_max_s

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        retry_after = _retry_after(exc) if exc is not None else None
        if retry_after is not None:
            return retry_after
        # Exponential backoff, capped, plus jitter so parallel workers do not retry in step.
        settings = self.settings
        backoff = settings.backoff_initial_s * 2 ** (state.attempt_number - 1)
        return min(backoff, settings.backoff_max_s) + random.uniform(0, settings.backoff_jitter_s)

    def _translate(self, exc: openai.APIError, attempts: int) -> LLMError:
        where = _display_url(self.settings.endpoint)
        kind = _transient_kind(exc)
        if kind is not None:
            status = getattr(exc, "status_code", None)
            what = {
                "rate_limit": "rate limited",
                "server_error": f"server error {status}",
                "timeout": f"no answer within {self.settings.timeout_s:g}s",
                "connection": "cannot connect",
            }[kind]
            retry_after = _retry_after(exc)
            if retry_after is not None and retry_after > self.settings.retry_after_max_s:
                what += f" (Retry-After {retry_after:g}s is longer than we wait)"
            return LLMUnavailable(f"LLM at {where}: {what} after {attempts} attempt(s)", kind=kind)
        status = getattr(exc, "status_code", None)
        if isinstance(exc, openai.AuthenticationError):
            detail = f"authentication failed (401): check {self.settings.api_key_env}"
        elif isinstance(exc, openai.NotFoundError):
            detail = f"not found (404): is model {self.settings.model!r} served there?"
        else:
            detail = f"request rejected ({status}): {_one_line(_error_message(exc))}"
        return LLMRequestError(self._scrub(f"LLM at {where}: {detail}"))

    # --- run log --------------------------------------------------------------------------

    def _ensure_run(self) -> str | None:
        if self.run_log is None:
            return None
        with self._lock:
            if self.run_id is None:
                self.run_id = self.run_log.start_run("llm", model=self.settings.model)
        return self.run_id

    def _log(self, completion: Completion) -> None:
        run_id = self._ensure_run()
        if self.run_log is None:
            return
        self.run_log.record_call(
            run_id,
            CallRecord(
                prompt_ref=completion.prompt_ref,
                prompt_hash=completion.prompt_hash,
                model=completion.model,
                request_key=completion.request_key,
                prompt_tokens=completion.usage.prompt_tokens,
                completion_tokens=completion.usage.completion_tokens,
                cost_usd=completion.usage.cost_usd,
                duration_s=completion.duration_s,
                cache_hit=completion.cache_hit,
                attempts=completion.attempts,
                finish_reason=completion.finish_reason,
            ),
        )

    def _log_failure(
        self,
        key: str,
        model: str,
        prompt: PromptTemplate | None,
        exc: LLMError,
        duration: float,
    ) -> None:
        run_id = self._ensure_run()
        if self.run_log is None:
            return
        self.run_log.record_call(
            run_id,
            CallRecord(
                prompt_ref=prompt.ref if prompt is not None else None,
                prompt_hash=prompt.hash if prompt is not None else None,
                model=model,
                request_key=key,
                prompt_tokens=exc.usage.prompt_tokens,
                completion_tokens=exc.usage.completion_tokens,
                cost_usd=exc.usage.cost_usd,
                duration_s=round(duration, 4),
                attempts=exc.attempts,
                error_kind=exc.kind,
                error=self._scrub(str(exc)),
            ),
        )

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


# --- helpers ------------------------------------------------------------------------------


def parse_json_answer(text: str, schema: type[BaseModel]) -> BaseModel:
    """The answer as an instance of ``schema``; raises ``_OutputProblem`` saying why not.

    Tolerates a Markdown code fence, text around one JSON object and raw control
    characters (newlines, tabs) inside strings: small models produce all three. Anything
    else must validate exactly.
    """
    body = text.strip()
    fence = FENCE_RE.match(body)
    if fence:
        body = fence.group(1).strip()
    try:
        data = json.loads(body, strict=False)
    except json.JSONDecodeError as exc:
        start = body.find("{")
        try:
            if start < 0:
                raise ValueError
            data, _ = json.JSONDecoder(strict=False).raw_decode(body[start:])
        except ValueError:
            raise _OutputProblem(f"not valid JSON ({exc.msg} at char {exc.pos})") from None
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        shown = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in errors[:5]
        )
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        raise _OutputProblem(f"JSON does not match the schema: {shown}{more}") from None


def _transient_kind(exc: BaseException) -> str | None:
    if isinstance(exc, _MalformedReply):
        return "bad_response"
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limit"
    if isinstance(exc, openai.APIStatusError) and (
        exc.status_code >= 500 or exc.status_code in (408, 409)
    ):
        return "server_error"
    return None


def _retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or ``Retry-After``)."""
    response = getattr(exc, "response", None)
    if response is None:
        return None
    headers = response.headers
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_message(exc: openai.APIError) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if "detail" in body:
            return json.dumps(body["detail"], ensure_ascii=False)[:300]
    return str(getattr(exc, "message", exc))


def _display_url(url: str) -> str:
    """``url`` without user-info (a password must never reach a message or a log)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
