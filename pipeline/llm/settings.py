"""The ``[llm]`` configuration section and how it meets the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.config import Settings
from pipeline.errors import ConfigError

OPENAI_BASE_URL = "https://api.openai.com/v1"
# OpenAI-compatible servers on a private network (llama.cpp, Ollama, vLLM) take any key;
# the SDK still insists on one, so this stands in when none is configured.
NO_KEY = "not-needed"

ResponseFormatMode = Literal["auto", "json_schema", "json_object", "none"]


class ModelPrice(BaseModel):
    """USD per one million tokens."""

    model_config = ConfigDict(extra="forbid")

    prompt: float = Field(ge=0)
    completion: float = Field(ge=0)


class LLMSettings(BaseModel):
    """``[llm]`` in ``config/default.toml``; ``model = None`` means no LLM is configured."""

    model_config = ConfigDict(extra="forbid")

    base_url: str | None = Field(default=None, description="None = OpenAI's API")
    model: str | None = Field(default=None, description="None = use the extractive engine")
    api_key_env: str = "OPENAI_API_KEY"
    timeout_s: float = Field(default=120.0, gt=0)
    max_attempts: int = Field(default=4, ge=1, description="HTTP attempts per request")
    backoff_initial_s: float = Field(default=1.0, ge=0)
    backoff_max_s: float = Field(default=30.0, ge=0)
    backoff_jitter_s: float = Field(default=1.0, ge=0)
    retry_after_max_s: float = Field(
        default=120.0, ge=0, description="longest Retry-After we wait; longer fails the call"
    )
    concurrency: int = Field(default=4, ge=1)
    response_format: ResponseFormatMode = Field(
        default="auto",
        description="auto: json_schema, falling back to json_object+schema when refused",
    )
    cache: bool = True
    cache_path: str = ".cache/council-digest/llm-cache.sqlite"
    run_log_path: str = ".cache/council-digest/runs.sqlite"
    prices: dict[str, ModelPrice] = Field(default_factory=dict)

    @property
    def is_configured(self) -> bool:
        """True when a model is named, i.e. the LLM engine can run."""
        return bool(self.model)

    @property
    def endpoint(self) -> str:
        """The base URL requests go to."""
        return self.base_url or OPENAI_BASE_URL

    def api_key(self, environ: Mapping[str, str] | None = None) -> str:
        """The API key from the environment variable ``api_key_env``.

        OpenAI itself needs a key: its absence is a :class:`ConfigError`. Any other server
        gets a placeholder, because local servers usually take none.
        """
        environ = os.environ if environ is None else environ
        key = environ.get(self.api_key_env, "").strip()
        if key:
            return key
        if self.base_url is None:
            raise ConfigError(
                f"no API key for OpenAI: set {self.api_key_env}, or point [llm] base_url "
                "(or OPENAI_BASE_URL) at an OpenAI-compatible server"
            )
        return NO_KEY

    def with_environment(self, environ: Mapping[str, str] | None = None) -> LLMSettings:
        """A copy with ``OPENAI_BASE_URL`` applied (environment beats config files)."""
        environ = os.environ if environ is None else environ
        base_url = environ.get("OPENAI_BASE_URL", "").strip()
        return self.model_copy(update={"base_url": base_url}) if base_url else self

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        environ: Mapping[str, str] | None = None,
        **overrides: object,
    ) -> LLMSettings:
        """The ``[llm]`` section with the environment and flag values (``None`` = not given)."""
        if overrides:
            settings = settings.with_overrides("llm", **overrides)
        llm = settings.section("llm", cls).with_environment(environ)
        given = {k: v for k, v in overrides.items() if v is not None}
        # A --base-url flag beats OPENAI_BASE_URL.
        return llm.model_copy(update=given) if "base_url" in given else llm
