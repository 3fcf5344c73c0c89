"""How cassettes of LLM traffic are recorded: matching and scrubbing (used by conftest).

- Requests match on method, scheme, host, port, path, query **and body**: every chat
  completion is a POST to the same URL, so without the body a changed prompt would still
  replay the old answer. vcrpy compares JSON bodies parsed, so key order does not matter.
- Only an allow-list of headers is kept, in both directions: Authorization, api-key,
  cookies, user-agent, openai-organization/project and every x-stainless-* header are
  dropped, and so is any header a future SDK adds.
- ``record_mode`` is deliberately absent: pytest-recording lets a ``record_mode`` in
  ``vcr_config`` beat ``--record-mode`` on the command line, and ``make test`` relies on
  the command line saying ``none``.
"""

from __future__ import annotations

import copy
from typing import Any

KEPT_REQUEST_HEADERS = frozenset({"content-type", "accept"})
KEPT_RESPONSE_HEADERS = frozenset({"content-type"})
# Tests may reach servers on this machine only (fake servers, SMTP, llama.cpp).
LOCAL_HOSTS = [r"^127\.0\.0\.1$", r"^::1$", r"^localhost$"]


def scrub_request(request: Any) -> Any:
    """Drop every request header not in :data:`KEPT_REQUEST_HEADERS` (vcrpy copied it).

    Readiness probes (``GET .../models``, sent while a server starts during recording)
    are not recorded: they are not what a test is about.
    """
    if request.method == "GET" and request.path.rstrip("/").endswith("/models"):
        return None
    for name in list(request.headers):
        if name.lower() not in KEPT_REQUEST_HEADERS:
            del request.headers[name]
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop every response header not in :data:`KEPT_RESPONSE_HEADERS`."""
    response = copy.deepcopy(response)
    response["headers"] = {
        name: value
        for name, value in response.get("headers", {}).items()
        if name.lower() in KEPT_RESPONSE_HEADERS
    }
    return response


def vcr_config() -> dict[str, Any]:
    """The pytest-recording ``vcr_config`` for this project."""
    return {
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "filter_headers": ["authorization", "api-key", "cookie", "user-agent"],
        "decode_compressed_response": True,
        "allowed_hosts": LOCAL_HOSTS,
    }
