"""LLMClient against a scripted OpenAI-compatible server on 127.0.0.1 (tests/fake_openai.py).

Every fault the issue names: rate limits with Retry-After, server errors, timeouts,
refused connections, invalid JSON (re-asked once), schema failures, truncation, refusals;
plus the cache (zero requests on a repeat) and credentials staying out of every file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import vcr
from fake_openai import FakeOpenAIServer, FakeReply, chat_reply, error_reply, unused_port
from llm_cassettes import vcr_config
from pydantic import BaseModel

from pipeline.errors import ConfigError
from pipeline.llm import (
    CompletionRequest,
    LLMClient,
    LLMError,
    LLMInvalidOutput,
    LLMRefusal,
    LLMRequestError,
    LLMSettings,
    LLMTruncated,
    LLMUnavailable,
    ModelPrice,
    ResponseCache,
    RunLog,
)

SECRET = "sk-test-SECRET-d41d8cd98f00b204"
MESSAGES = [
    {"role": "system", "content": "You answer in JSON."},
    {"role": "user", "content": "How many councillors attended?"},
]
VALID = '{"answer": 9, "reason": "nine names under Present"}'


class Verdict(BaseModel):
    answer: int
    reason: str


def make_client(
    base_url: str, tmp_path: Path | None = None, sleeps: list[float] | None = None, **overrides
) -> LLMClient:
    values = dict(
        base_url=base_url,
        model="fake-model",
        timeout_s=5,
        max_attempts=3,
        backoff_initial_s=0.5,
        backoff_max_s=4,
        backoff_jitter_s=0.25,
        cache=False,
    )
    values.update(overrides)
    settings = LLMSettings(**values)
    cache = ResponseCache(tmp_path / "cache.sqlite") if tmp_path is not None else None
    run_log = RunLog(tmp_path / "runs.sqlite") if tmp_path is not None else None
    record = sleeps.append if sleeps is not None else (lambda seconds: None)
    return LLMClient(settings, cache, run_log, environ={"OPENAI_API_KEY": SECRET}, sleep=record)


# --- transient faults: retried --------------------------------------------------------------


def test_rate_limit_waits_retry_after_then_succeeds(fake_openai):
    fake_openai.enqueue(error_reply(429, headers={"Retry-After": "2"}), chat_reply(VALID))
    sleeps: list[float] = []
    done = make_client(fake_openai.base_url, sleeps=sleeps).complete(
        MESSAGES, params={"temperature": 0}, schema=Verdict
    )
    assert done.parsed == Verdict(answer=9, reason="nine names under Present")
    assert len(fake_openai.chat_requests) == 2
    assert sleeps == [2.0]  # exactly what the server asked for, not the backoff
    assert done.attempts == 2
    assert done.usage.calls == 2


def test_retry_after_ms_is_honoured(fake_openai):
    fake_openai.enqueue(error_reply(429, headers={"retry-after-ms": "1500"}), chat_reply("ok"))
    sleeps: list[float] = []
    make_client(fake_openai.base_url, sleeps=sleeps).complete(MESSAGES, params={})
    assert sleeps == [1.5]


def test_retry_after_longer_than_we_wait_fails_at_once(fake_openai):
    fake_openai.enqueue(error_reply(429, headers={"Retry-After": "3600"}), chat_reply("ok"))
    sleeps: list[float] = []
    client = make_client(fake_openai.base_url, sleeps=sleeps, retry_after_max_s=60)
    with pytest.raises(LLMUnavailable) as caught:
        client.complete(MESSAGES, params={})
    assert caught.value.kind == "rate_limit"
    assert "3600" in str(caught.value)
    assert sleeps == []
    assert len(fake_openai.chat_requests) == 1


def test_server_error_backs_off_then_succeeds(fake_openai):
    fake_openai.enqueue(error_reply(500), error_reply(503), chat_reply("fine"))
    sleeps: list[float] = []
    done = make_client(fake_openai.base_url, sleeps=sleeps).complete(MESSAGES, params={})
    assert done.text == "fine"
    assert len(fake_openai.chat_requests) == 3
    # Exponential: 0.5s then 1s, each plus up to 0.25s of jitter.
    assert 0.5 <= sleeps[0] <= 0.75
    assert 1.0 <= sleeps[1] <= 1.25


def test_server_errors_exhaust_attempts(fake_openai, tmp_path):
    fake_openai.enqueue(*[error_reply(502) for _ in range(3)])
    client = make_client(fake_openai.base_url, tmp_path)
    with pytest.raises(LLMUnavailable) as caught:
        client.complete(MESSAGES, params={})
    assert caught.value.kind == "server_error"
    assert caught.value.attempts == 3
    assert "502" in str(caught.value)
    assert len(fake_openai.chat_requests) == 3
    [call] = client.run_log.calls(client.run_id)
    assert (call["error_kind"], call["attempts"]) == ("server_error", 3)


def test_timeout_is_retried_then_reported(fake_openai):
    fake_openai.enqueue(FakeReply(delay_s=3, body={}), FakeReply(delay_s=3, body={}))
    client = make_client(fake_openai.base_url, timeout_s=0.3, max_attempts=2)
    with pytest.raises(LLMUnavailable) as caught:
        client.complete(MESSAGES, params={})
    assert caught.value.kind == "timeout"
    assert caught.value.attempts == 2
    assert len(fake_openai.chat_requests) == 2


def test_connection_refused_is_retried_then_reported():
    sleeps: list[float] = []
    client = make_client(f"http://127.0.0.1:{unused_port()}/v1", sleeps=sleeps)
    with pytest.raises(LLMUnavailable) as caught:
        client.complete(MESSAGES, params={})
    assert caught.value.kind == "connection"
    assert caught.value.attempts == 3
    assert len(sleeps) == 2


def test_dropped_connection_is_retried(fake_openai):
    fake_openai.enqueue(FakeReply(drop=True), chat_reply("back"))
    done = make_client(fake_openai.base_url).complete(MESSAGES, params={})
    assert done.text == "back"
    assert len(fake_openai.chat_requests) == 2


# --- permanent faults: not retried ----------------------------------------------------------


def test_bad_request_is_not_retried(fake_openai):
    fake_openai.enqueue(error_reply(400, "max_tokens is too large"), chat_reply("never"))
    with pytest.raises(LLMRequestError) as caught:
        make_client(fake_openai.base_url).complete(MESSAGES, params={"max_tokens": 10**9})
    assert "max_tokens is too large" in str(caught.value)
    assert len(fake_openai.chat_requests) == 1


def test_authentication_error_names_the_variable_not_the_key(fake_openai):
    fake_openai.enqueue(error_reply(401, f"Incorrect API key provided: {SECRET}"))
    with pytest.raises(LLMRequestError) as caught:
        make_client(fake_openai.base_url).complete(MESSAGES, params={})
    assert "OPENAI_API_KEY" in str(caught.value)
    assert SECRET not in str(caught.value)


# --- answers that fail: re-ask, truncation, refusal ----------------------------------------


def test_invalid_json_gets_one_reask_with_the_error(fake_openai):
    fake_openai.enqueue(chat_reply('{"answer": 9, "reason": '), chat_reply(VALID))
    done = make_client(fake_openai.base_url).complete(MESSAGES, params={}, schema=Verdict)
    assert done.parsed.answer == 9
    first, second = fake_openai.chat_requests
    sent = second.json["messages"]
    assert sent[: len(MESSAGES)] == first.json["messages"][: len(MESSAGES)]
    assert sent[-2] == {"role": "assistant", "content": '{"answer": 9, "reason": '}
    assert "not valid JSON" in sent[-1]["content"]
    assert done.usage.calls == 2
    assert done.usage.prompt_tokens == 40  # both calls counted


def test_schema_invalid_twice_fails_with_the_reason(fake_openai, tmp_path):
    bad = '{"answer": "nine", "reason": "names"}'
    fake_openai.enqueue(chat_reply(bad), chat_reply(bad))
    client = make_client(fake_openai.base_url, tmp_path)
    with pytest.raises(LLMInvalidOutput) as caught:
        client.complete(MESSAGES, params={}, schema=Verdict)
    assert "answer" in str(caught.value)
    assert caught.value.attempts == 2
    assert caught.value.text == bad
    assert "answer" in fake_openai.chat_requests[1].json["messages"][-1]["content"]
    assert len(client.cache) == 0  # failures are never cached


def test_code_fenced_json_is_accepted(fake_openai):
    fake_openai.enqueue(chat_reply(f"```json\n{VALID}\n```"))
    done = make_client(fake_openai.base_url).complete(MESSAGES, params={}, schema=Verdict)
    assert done.parsed.answer == 9
    assert len(fake_openai.chat_requests) == 1


def test_prose_around_json_and_raw_newlines_in_strings_are_accepted(fake_openai):
    fake_openai.enqueue(
        chat_reply('Here you go: {"answer": 9, "reason": "line one\nline two"} Done')
    )
    done = make_client(fake_openai.base_url).complete(MESSAGES, params={}, schema=Verdict)
    assert done.parsed.reason == "line one\nline two"
    assert len(fake_openai.chat_requests) == 1


def test_truncated_answer_is_not_parsed(fake_openai, tmp_path):
    # The cut-off text happens to be valid JSON; it must still not be taken as the answer.
    fake_openai.enqueue(chat_reply('{"answer": 9, "reason": "x"}', finish_reason="length"))
    client = make_client(fake_openai.base_url, tmp_path, cache=True)
    with pytest.raises(LLMTruncated) as caught:
        client.complete(MESSAGES, params={"max_tokens": 8}, schema=Verdict)
    assert caught.value.text.startswith('{"answer"')
    assert caught.value.usage.completion_tokens == 10
    assert len(client.cache) == 0
    [call] = client.run_log.calls()
    assert call["error_kind"] == "truncated"


def test_refusal_field_raises_refusal(fake_openai):
    fake_openai.enqueue(chat_reply(None, refusal="I can't help with that."))
    with pytest.raises(LLMRefusal) as caught:
        make_client(fake_openai.base_url).complete(MESSAGES, params={}, schema=Verdict)
    assert "can't help" in str(caught.value)
    assert len(fake_openai.chat_requests) == 1


def test_refusal_in_plain_text_instead_of_json_raises_refusal(fake_openai):
    fake_openai.enqueue(chat_reply("I'm sorry, but I cannot summarise this document."))
    with pytest.raises(LLMRefusal):
        make_client(fake_openai.base_url).complete(MESSAGES, params={}, schema=Verdict)
    assert len(fake_openai.chat_requests) == 1  # no pointless re-ask


def test_free_text_that_starts_with_sorry_is_an_answer(fake_openai):
    fake_openai.enqueue(chat_reply("Sorry, the meeting was adjourned after item 3."))
    done = make_client(fake_openai.base_url).complete(MESSAGES, params={})
    assert done.text.startswith("Sorry, the meeting")


# --- response_format negotiation ------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 422, 500])
def test_json_schema_refused_falls_back_to_json_object(fake_openai, status):
    # llama-cpp-python's server says this with a 500; other servers with a 400 or 422.
    refused = error_reply(
        status, "('body', 'response_format', 'type'): Input should be 'text' or 'json_object'"
    )
    fake_openai.enqueue(refused, chat_reply(VALID), chat_reply(VALID))
    client = make_client(fake_openai.base_url)
    client.complete(MESSAGES, params={}, schema=Verdict)
    client.complete(MESSAGES, params={"seed": 1}, schema=Verdict)
    formats = [r.json["response_format"] for r in fake_openai.chat_requests]
    assert formats[0]["type"] == "json_schema"
    assert formats[0]["json_schema"]["schema"] == Verdict.model_json_schema()
    assert formats[1] == {"type": "json_object", "schema": Verdict.model_json_schema()}
    assert formats[2]["type"] == "json_object"  # remembered: no second 422


def test_mode_none_puts_the_schema_in_the_prompt(fake_openai):
    fake_openai.enqueue(chat_reply(VALID))
    client = make_client(fake_openai.base_url, response_format="none")
    client.complete(MESSAGES, params={}, schema=Verdict)
    [request] = fake_openai.chat_requests
    assert "response_format" not in request.json
    assert '"answer"' in request.json["messages"][-1]["content"]


def test_params_are_sent_and_unknown_ones_are_not(fake_openai):
    fake_openai.enqueue(chat_reply("ok"))
    params = {"temperature": 0, "seed": 7, "max_tokens": 50, "chunk_tokens": 900}
    make_client(fake_openai.base_url).complete(MESSAGES, params=params)
    sent = fake_openai.chat_requests[0].json
    assert (sent["temperature"], sent["seed"], sent["max_tokens"]) == (0, 7, 50)
    assert "chunk_tokens" not in sent
    assert sent["model"] == "fake-model"


# --- cache, accounting, concurrency ---------------------------------------------------------


def test_identical_call_is_served_from_cache_with_zero_requests(fake_openai, tmp_path):
    fake_openai.enqueue(chat_reply(VALID, prompt_tokens=120, completion_tokens=30))
    prices = {"fake-model": ModelPrice(prompt=1.0, completion=2.0)}
    client = make_client(fake_openai.base_url, tmp_path, cache=True, prices=prices)
    first = client.complete(MESSAGES, params={"temperature": 0}, schema=Verdict)
    second = client.complete(MESSAGES, params={"temperature": 0}, schema=Verdict)
    assert len(fake_openai.chat_requests) == 1
    assert not first.cache_hit and second.cache_hit
    assert second.parsed == first.parsed
    assert first.usage.cost_usd == pytest.approx((120 * 1.0 + 30 * 2.0) / 1e6)
    assert (second.usage.calls, second.usage.cache_hits, second.usage.cost_usd) == (0, 1, 0)
    # A fresh client on the same cache file (a re-run) also makes no request.
    rerun = make_client(fake_openai.base_url, tmp_path, cache=True, prices=prices)
    assert rerun.complete(MESSAGES, params={"temperature": 0}, schema=Verdict).cache_hit
    assert len(fake_openai.chat_requests) == 1
    # Anything that changes the answer misses: params, messages, schema.
    fake_openai.enqueue(chat_reply(VALID), chat_reply("plain"))
    client.complete(MESSAGES, params={"temperature": 0.5}, schema=Verdict)
    client.complete(MESSAGES, params={"temperature": 0})
    assert len(fake_openai.chat_requests) == 3
    usage = client.run_log.usage(client.run_id)
    assert (usage.calls, usage.cache_hits) == (3, 1)


def test_complete_many_keeps_order_and_isolates_failures(tmp_path):
    def answer(request):
        text = request.json["messages"][-1]["content"]
        if text == "item 3":
            return error_reply(400, "no")
        return chat_reply(f"summary of {text}")

    with FakeOpenAIServer(handler=answer) as server:
        client = make_client(server.base_url, concurrency=3)
        requests = [
            CompletionRequest(messages=[{"role": "user", "content": f"item {i}"}], params={})
            for i in range(8)
        ]
        seen: list[int] = []
        results = client.complete_many(requests, on_done=lambda i, r: seen.append(i))
    assert [r.text if not isinstance(r, LLMError) else None for r in results] == [
        f"summary of item {i}" if i != 3 else None for i in range(8)
    ]
    assert isinstance(results[3], LLMRequestError)
    assert sorted(seen) == list(range(8))


# --- credentials ----------------------------------------------------------------------------


def _bytes_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_credentials_never_reach_cache_run_log_or_cassette(fake_openai, tmp_path):
    # Cache and run log (with their WAL files) after a success and a failure.
    fake_openai.enqueue(chat_reply(VALID), error_reply(401, f"bad key {SECRET}"))
    client = make_client(fake_openai.base_url, tmp_path, cache=True)
    client.complete(MESSAGES, params={}, schema=Verdict)
    with pytest.raises(LLMRequestError):
        client.complete(MESSAGES, params={"seed": 2}, schema=Verdict)
    assert fake_openai.chat_requests[0].headers["authorization"] == f"Bearer {SECRET}"
    stored = _bytes_under(tmp_path)
    assert stored and SECRET.encode() not in stored
    assert b"Bearer" not in stored
    # A cassette recorded with the project's vcr config.
    fake_openai.enqueue(chat_reply(VALID))
    config = vcr_config()
    recorder = vcr.VCR(
        record_mode="all",
        **{k: v for k, v in config.items() if k != "allowed_hosts"},
    )
    cassette = tmp_path / "cassettes" / "secret.yaml"
    with recorder.use_cassette(str(cassette)):
        make_client(fake_openai.base_url).complete(MESSAGES, params={"seed": 3})
    text = cassette.read_text()
    assert "chat/completions" in text
    for forbidden in (SECRET, "Bearer", "authorization", "x-stainless", "user-agent"):
        assert forbidden.lower() not in text.lower()


def test_committed_cassettes_hold_no_credentials():
    folder = Path(__file__).parent / "cassettes"
    files = sorted(folder.rglob("*.yaml"))
    assert files, "no cassettes recorded yet: run `make record`"
    for path in files:
        text = path.read_text().lower()
        for forbidden in ("authorization", "bearer", "api-key", "x-stainless", "cookie"):
            assert forbidden not in text, f"{path}: {forbidden}"


# --- configuration errors -------------------------------------------------------------------


def test_no_model_is_a_config_error(fake_openai):
    client = make_client(fake_openai.base_url, model=None)
    with pytest.raises(ConfigError, match="no LLM model configured"):
        client.complete(MESSAGES, params={})


def test_openai_without_a_key_is_a_config_error():
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        LLMClient(LLMSettings(model="gpt-4o-mini"), environ={})


def test_local_server_needs_no_key(fake_openai):
    fake_openai.enqueue(chat_reply("ok"))
    settings = LLMSettings(base_url=fake_openai.base_url, model="fake-model", cache=False)
    LLMClient(settings, environ={}).complete(MESSAGES, params={})
    assert fake_openai.chat_requests[0].headers["authorization"] == "Bearer not-needed"


def test_run_log_holds_no_unexpected_columns(tmp_path):
    log = RunLog(tmp_path / "runs.sqlite")
    run = log.start_run("summarise", model="m", details={"items": 3})
    log.finish_run(run, "partial")
    [row] = log.runs()
    assert row["status"] == "partial"
    assert json.loads(row["details_json"]) == {"items": 3}
