"""Shared fixtures: paths to the real corpus and the project's own samples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "hackney"
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The folder of real Hackney documents (``../shared/corpus/hackney``)."""
    if not CORPUS.is_dir():
        pytest.fail(f"corpus not found at {CORPUS}: clone the project beside ../shared")
    return CORPUS


@pytest.fixture(scope="session")
def samples() -> Path:
    """The project's own fictional sample documents."""
    return SAMPLES


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """Small hand-written documents for layouts the corpus lacks."""
    return FIXTURES


# --- LLM: cassette config, fake OpenAI server, real llama.cpp server ------------------------
# (details in tests/llm_cassettes.py, tests/fake_openai.py and tests/llm_server.py)


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    """pytest-recording config: body matching, header scrubbing, 127.0.0.1 allowed."""
    from llm_cassettes import vcr_config as build

    return build()


@pytest.fixture
def fake_openai():
    """A started scripted OpenAI-compatible server (tests/fake_openai.py)."""
    from fake_openai import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture(scope="session")
def llama_server():
    """llama-cpp-python's server with Gemma 3 270M on a free port (``@pytest.mark.live``)."""
    from llm_server import LlamaServer, LlamaServerError

    try:
        server = LlamaServer().start()
    except LlamaServerError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()


@pytest.fixture
def recording_llm(request: pytest.FixtureRequest, record_mode: str, tmp_path: Path):
    """``LLMSettings`` for cassette tests: the real server when recording, none on replay."""
    from llm_server import CASSETTE_BASE_URL, MODEL_ALIAS

    from pipeline.llm import LLMSettings

    if record_mode != "none":
        request.getfixturevalue("_cassette_llama_server")
    return LLMSettings(
        base_url=CASSETTE_BASE_URL,
        model=MODEL_ALIAS,
        cache=False,
        max_attempts=1,
        timeout_s=900,  # recording on 2 shared cores can be slow; replay is instant
        cache_path=str(tmp_path / "llm-cache.sqlite"),
        run_log_path=str(tmp_path / "runs.sqlite"),
    )


@pytest.fixture(scope="session")
def _cassette_llama_server():
    from llm_server import CASSETTE_PORT, LlamaServer, LlamaServerError

    try:
        server = LlamaServer(port=CASSETTE_PORT).start(reuse=True)
    except LlamaServerError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()
