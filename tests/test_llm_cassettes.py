"""LLMClient against real HTTP exchanges with llama-cpp-python's server (Gemma 3 270M).

``make test`` replays ``tests/cassettes/test_llm_cassettes/*.yaml`` with the network
blocked; ``make record`` starts the real server on 127.0.0.1:8765 and records them again
(``recording_llm`` fixture). Requests match on method, URI and body, so a change to what
the client sends fails here until the cassettes are re-recorded.

Gemma 3 270M is a small base model: its answers are poor, which is fine, since these tests
are about the wire: what we send, and how we handle what a real server answers.
"""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, Field

from pipeline.llm import LLMClient, LLMTruncated, ResponseCache

MINUTES = (
    "Minutes of the Planning Committee of Northbridge Borough Council, held on "
    "4 March 2025 at the Civic Centre. Present: Councillors Adebayo (Chair), Lund and Osei."
)


class MeetingFacts(BaseModel):
    # Bounds keep a small model's grammar-constrained answer from looping until max_tokens.
    council: str = Field(max_length=60)
    date: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def sent_bodies(cassette) -> list[dict]:
    return [json.loads(request.body) for request in cassette.requests]


@pytest.mark.vcr
def test_plain_completion(recording_llm, vcr):
    client = LLMClient(recording_llm, environ={})
    messages = [
        {"role": "system", "content": "Answer in one short sentence."},
        {"role": "user", "content": "What is the capital of France?"},
    ]
    done = client.complete(
        messages, params={"temperature": 0, "seed": 7, "max_tokens": 48, "stop": ["\n"]}
    )
    assert done.text.strip()
    assert done.finish_reason == "stop"
    assert done.model == "gemma-3-270m"
    assert done.usage.calls == 1 and done.usage.prompt_tokens > 0
    assert done.usage.completion_tokens > 0 and done.usage.cost_usd == 0.0
    [body] = sent_bodies(vcr)
    assert body["messages"] == messages
    assert (body["temperature"], body["seed"], body["model"]) == (0, 7, "gemma-3-270m")


@pytest.mark.vcr
def test_json_schema_completion_falls_back_to_json_object(recording_llm, vcr):
    client = LLMClient(recording_llm, environ={})
    messages = [
        {"role": "system", "content": "You extract facts from council minutes. Answer in JSON."},
        {"role": "user", "content": f"{MINUTES}\n\nGive the council and the date."},
    ]
    done = client.complete(
        messages, params={"temperature": 0, "seed": 7, "max_tokens": 120}, schema=MeetingFacts
    )
    assert isinstance(done.parsed, MeetingFacts)
    assert done.finish_reason == "stop"
    # llama-cpp-python's server rejects json_schema (with a 500); the client falls back to
    # json_object + schema, which that server turns into a grammar.
    first, second = sent_bodies(vcr)
    assert first["response_format"]["type"] == "json_schema"
    assert second["response_format"] == {
        "type": "json_object",
        "schema": MeetingFacts.model_json_schema(),
    }
    assert done.attempts == 2


@pytest.mark.vcr
def test_truncated_answer_from_a_real_server(recording_llm, vcr):
    client = LLMClient(recording_llm, environ={})
    messages = [{"role": "user", "content": f"Summarise these minutes:\n\n{MINUTES}"}]
    with pytest.raises(LLMTruncated) as caught:
        client.complete(messages, params={"temperature": 0, "seed": 7, "max_tokens": 12})
    assert caught.value.text
    assert caught.value.usage.completion_tokens == 12
    assert len(vcr.requests) == 1


@pytest.mark.vcr
def test_rerun_is_served_by_the_cache(recording_llm, vcr, tmp_path):
    cache = ResponseCache(tmp_path / "cache.sqlite")
    messages = [
        {"role": "system", "content": "You extract facts from council minutes. Answer in JSON."},
        {"role": "user", "content": f"{MINUTES}\n\nGive the council and the date."},
    ]
    params = {"temperature": 0, "seed": 11, "max_tokens": 120}
    settings = recording_llm.model_copy(update={"response_format": "json_object"})
    first = LLMClient(settings, cache, environ={}).complete(
        messages, params=params, schema=MeetingFacts
    )
    again = LLMClient(settings, cache, environ={}).complete(
        messages, params=params, schema=MeetingFacts
    )
    assert not first.cache_hit and again.cache_hit
    assert again.parsed == first.parsed
    assert again.usage.calls == 0
    assert len(vcr.requests) == 1
