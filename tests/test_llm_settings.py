"""[llm] configuration, prices, cache keys and the run log's migrations."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from pipeline.config import load_settings
from pipeline.errors import ConfigError
from pipeline.llm import (
    CallRecord,
    LLMSettings,
    ModelPrice,
    ResponseCache,
    RunLog,
    cost_usd,
    price_for,
    request_key,
)
from pipeline.llm.cache import CachedResponse
from pipeline.llm.runlog import MIGRATIONS


def test_defaults_mean_no_llm_configured():
    llm = LLMSettings.from_settings(load_settings(environ={}), environ={})
    assert not llm.is_configured
    assert llm.base_url is None and llm.endpoint == "https://api.openai.com/v1"
    assert llm.prices["gpt-4o-mini"] == ModelPrice(prompt=0.15, completion=0.60)


def test_environment_and_flags():
    environ = {
        "OPENAI_BASE_URL": "http://127.0.0.1:8080/v1",
        "COUNCIL_DIGEST__LLM__CONCURRENCY": "2",
    }
    llm = LLMSettings.from_settings(load_settings(environ=environ), environ=environ, model="m")
    assert (llm.base_url, llm.model, llm.concurrency, llm.is_configured) == (
        "http://127.0.0.1:8080/v1",
        "m",
        2,
        True,
    )
    flagged = LLMSettings.from_settings(
        load_settings(environ=environ), environ=environ, base_url="http://10.0.0.2/v1"
    )
    assert flagged.base_url == "http://10.0.0.2/v1"


def test_bad_config_value_is_a_config_error(tmp_path):
    user = tmp_path / "c.toml"
    user.write_text('[llm]\nresponse_format = "xml"\n')
    with pytest.raises(ConfigError, match=r"config \[llm\] response_format"):
        LLMSettings.from_settings(load_settings(user, environ={}), environ={})


def test_api_key_comes_from_the_named_variable():
    llm = LLMSettings(model="gpt-4o-mini", api_key_env="MY_KEY")
    assert llm.api_key({"MY_KEY": "sk-abc"}) == "sk-abc"
    with pytest.raises(ConfigError, match="set MY_KEY"):
        llm.api_key({"OPENAI_API_KEY": "sk-other"})


def test_prices_exact_prefix_and_unknown():
    prices = {
        "gpt-4o": ModelPrice(prompt=2.5, completion=10),
        "gpt-4o-mini": ModelPrice(prompt=0.15, completion=0.6),
    }
    assert price_for("gpt-4o-mini-2024-07-18", prices) == prices["gpt-4o-mini"]
    assert price_for("gpt-4o-2024-08-06", prices) == prices["gpt-4o"]
    assert price_for("gemma-3-270m", prices) is None
    assert cost_usd("gpt-4o-mini", 1_000_000, 500_000, prices) == pytest.approx(0.45)
    assert cost_usd("gemma-3-270m", 10_000, 10_000, prices) == 0.0


def test_request_key_covers_what_changes_the_answer_only():
    base = dict(
        model="m",
        params={"temperature": 0, "seed": 1},
        messages=[{"role": "user", "content": "hi"}],
        schema={"type": "object"},
        prompt_hash="sha256:aa",
    )
    key = request_key(**base)
    assert key.startswith("sha256:")
    # Same content, different dict order: same key.
    reordered = {**base, "params": {"seed": 1, "temperature": 0}}
    assert request_key(**reordered) == key
    for field, value in [
        ("model", "m2"),
        ("params", {"temperature": 0.2, "seed": 1}),
        ("messages", [{"role": "user", "content": "hi!"}]),
        ("schema", None),
        ("prompt_hash", "sha256:bb"),
    ]:
        assert request_key(**{**base, field: value}) != key, field


def test_cache_round_trip_across_threads(tmp_path):
    cache = ResponseCache(tmp_path / "c.sqlite")

    def put(i: int) -> None:
        cache.put(f"k{i}", CachedResponse(text=f"t{i}", finish_reason="stop", model="m"))

    threads = [threading.Thread(target=put, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 8
    assert cache.get("k5").text == "t5"
    assert cache.get("nope") is None
    cache.close()
    mode = sqlite3.connect(tmp_path / "c.sqlite").execute("pragma journal_mode").fetchone()[0]
    assert mode == "wal"


def test_run_log_migrations_apply_once_and_record_usage(tmp_path):
    path = tmp_path / "runs.sqlite"
    log = RunLog(path)
    run = log.start_run("summarise", model="m")
    log.record_call(run, CallRecord(model="m", prompt_tokens=100, completion_tokens=20, attempts=2))
    log.record_call(run, CallRecord(model="m", cache_hit=True))
    log.record_call(run, CallRecord(model="m", attempts=1, error_kind="truncated", error="cut"))
    usage = log.usage(run)
    assert (usage.calls, usage.cache_hits, usage.prompt_tokens) == (3, 1, 100)
    log.close()
    again = RunLog(path)
    assert again.migrate() == []
    names = [r[0] for r in sqlite3.connect(path).execute("select name from migrations")]
    assert names == [name for name, _ in MIGRATIONS]
    assert [c["error_kind"] for c in again.calls(run)] == [None, None, "truncated"]
