"""A scripted OpenAI-compatible HTTP server on 127.0.0.1, for fault tests.

It is a real HTTP server (``http.server`` in a thread), so the openai SDK, httpx and our
retry code run exactly as they do against a real provider; only the answers are scripted.

Use the ``fake_openai`` fixture (tests/conftest.py) or the class directly::

    def test_retry(fake_openai):
        fake_openai.enqueue(
            error_reply(429, headers={"Retry-After": "2"}),
            chat_reply('{"answer": 42}'),
        )
        settings = LLMSettings(base_url=fake_openai.base_url, model="fake-model")
        ...
        assert len(fake_openai.chat_requests) == 2
        assert fake_openai.chat_requests[0].json["messages"][0]["content"] == "..."

API:

- ``FakeOpenAIServer(handler=None)``: ``start()``/``stop()`` or ``with``; ``base_url`` is
  ``http://127.0.0.1:<port>/v1``.
- ``enqueue(*replies)``: replies served in order to ``POST .../chat/completions``. With the
  queue empty, ``handler(request) -> FakeReply`` answers when given (e.g. an answer built
  from the prompt); otherwise a 500 saying "no scripted reply", so a test that makes more
  calls than it scripted fails visibly.
- ``requests`` / ``chat_requests``: every request received, as :class:`RecordedRequest`
  (``method``, ``path``, ``headers`` (lower-case names), ``json``).
- Replies: :func:`chat_reply` (content, finish_reason, refusal, usage, model),
  :func:`error_reply` (status, message, headers), ``FakeReply(delay_s=...)`` to answer late
  (client timeouts), ``FakeReply(drop=True)`` to close the connection without answering.
- :func:`unused_port` gives a port where nothing listens (connection refused).

``GET /v1/models`` always answers with one model, ``fake-model``.

Tests talking to it need 127.0.0.1 allowed by pytest-recording's ``--block-network``;
the ``vcr_config`` in tests/conftest.py allows 127.0.0.1 for every test.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAKE_MODEL = "fake-model"


@dataclass
class FakeReply:
    """One scripted HTTP answer."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    drop: bool = False


@dataclass
class RecordedRequest:
    """A request as the fake server received it."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any


def chat_reply(
    content: str | None,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    model: str = FAKE_MODEL,
    prompt_tokens: int = 20,
    completion_tokens: int = 10,
) -> FakeReply:
    """A ``chat.completion`` answer with one choice."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    return FakeReply(
        body={
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 1700000000,
            "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


def error_reply(
    status: int, message: str = "scripted error", headers: dict[str, str] | None = None
) -> FakeReply:
    """An OpenAI-shaped error answer."""
    return FakeReply(
        status=status,
        body={"error": {"message": message, "type": "fake_error", "code": None}},
        headers=dict(headers or {}),
    )


def unused_port() -> int:
    """A TCP port on 127.0.0.1 with nothing listening (binds, then lets go)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeOpenAIServer:
    """Scripted OpenAI-compatible server on 127.0.0.1 (see the module docstring)."""

    def __init__(self, handler: Callable[[RecordedRequest], FakeReply] | None = None) -> None:
        self.handler = handler
        self.requests: list[RecordedRequest] = []
        self._queue: deque[FakeReply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """Requests to ``/v1/chat/completions`` only."""
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def enqueue(self, *replies: FakeReply) -> None:
        """Add replies to the script, served first in, first out."""
        with self._lock:
            self._queue.extend(replies)

    def start(self) -> FakeOpenAIServer:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes replies that are sleeping on a delay
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next_reply(self, request: RecordedRequest) -> FakeReply:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        if self.handler is not None:
            return self.handler(request)
        return error_reply(500, "fake server: no scripted reply left")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

            def do_GET(self) -> None:
                self._record(None)
                if self.path.rstrip("/").endswith("/models"):
                    body = {
                        "object": "list",
                        "data": [{"id": FAKE_MODEL, "object": "model", "owned_by": "fake"}],
                    }
                    self._send(FakeReply(body=body))
                else:
                    self._send(error_reply(404, f"no route {self.path}"))

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    payload = json.loads(raw) if raw else None
                except json.JSONDecodeError:
                    payload = raw.decode("utf-8", "replace")
                request = self._record(payload)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(error_reply(404, f"no route {self.path}"))
                    return
                self._send(fake._next_reply(request))

            def _record(self, payload: Any) -> RecordedRequest:
                request = RecordedRequest(
                    method=self.command,
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    json=payload,
                )
                with fake._lock:
                    fake.requests.append(request)
                return request

            def _send(self, reply: FakeReply) -> None:
                if reply.delay_s:
                    deadline = time.monotonic() + reply.delay_s
                    while time.monotonic() < deadline and not fake._stopping.is_set():
                        fake._stopping.wait(0.05)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if isinstance(reply.body, bytes):
                    data = reply.body
                elif isinstance(reply.body, str):
                    data = reply.body.encode("utf-8")
                else:
                    data = json.dumps(reply.body).encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

        return Handler
