"""Everything that can go wrong with an LLM call, as :class:`LLMError` subclasses.

Each error carries how many HTTP attempts were made and the tokens already spent, so the
caller can record an item's failure with its true cost and move on to the next item.
"""

from __future__ import annotations

from pipeline.errors import PipelineError
from pipeline.models import Usage


class LLMError(PipelineError):
    """An LLM call that failed; ``kind`` is the short name recorded in the run log."""

    kind = "error"

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        usage: Usage | None = None,
        text: str | None = None,
        kind: str | None = None,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.usage = usage or Usage()
        self.text = text
        if kind is not None:
            self.kind = kind


class LLMUnavailable(LLMError):
    """Rate limits, server errors, timeouts or connection failures that outlasted retries.

    ``kind`` says which: ``rate_limit``, ``server_error``, ``timeout`` or ``connection``.
    """

    kind = "unavailable"


class LLMRequestError(LLMError):
    """The server refused the request itself (bad request, auth, unknown model): no retry."""

    kind = "request"


class LLMInvalidOutput(LLMError):
    """The answer failed its schema twice (the first answer and one re-ask)."""

    kind = "invalid_output"


class LLMTruncated(LLMError):
    """The answer hit the token limit (finish_reason "length"); ``text`` holds the part."""

    kind = "truncated"


class LLMRefusal(LLMError):
    """The model declined to answer."""

    kind = "refusal"
