"""End to end against the real llama.cpp server with Gemma 3 270M (``make test-live``).

Starts ``python -m llama_cpp.server`` on a free port of 127.0.0.1 (``llama_server``
fixture, once per session) and runs the client through it with the configured cache and
run log: nothing is replayed or scripted here.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from pipeline.llm import LLMSettings, open_client

pytestmark = pytest.mark.live


class ItemFacts(BaseModel):
    title: str = Field(max_length=80)
    decision: str = Field(max_length=160)


MESSAGES = [
    {"role": "system", "content": "You read council minutes. Answer in JSON."},
    {
        "role": "user",
        "content": "Item 5: Mill Lane housing. The committee considered the application "
        "for 24 new homes on Mill Lane. RESOLVED: that planning permission be granted "
        "subject to conditions.\n\nGive the item's title and its decision.",
    },
]


def test_completion_end_to_end_then_cached(llama_server, tmp_path):
    settings = LLMSettings(
        base_url=llama_server.base_url,
        model=llama_server.model,
        timeout_s=600,
        cache_path=str(tmp_path / "cache.sqlite"),
        run_log_path=str(tmp_path / "runs.sqlite"),
    )
    params = {"temperature": 0, "seed": 7, "max_tokens": 200}
    with open_client(settings, command="live-test", environ={}) as client:
        first = client.complete(MESSAGES, params=params, schema=ItemFacts)
        again = client.complete(MESSAGES, params=params, schema=ItemFacts)
        run_id = client.run_id
        usage = client.run_log.usage(run_id)
        calls = client.run_log.calls(run_id)
    assert isinstance(first.parsed, ItemFacts)
    assert first.model == "gemma-3-270m" and first.usage.prompt_tokens > 0
    assert not first.cache_hit and again.cache_hit and again.parsed == first.parsed
    assert [c["cache_hit"] for c in calls] == [0, 1]
    assert usage.prompt_tokens == first.usage.prompt_tokens
    assert usage.cache_hits == 1
