"""The ``[fetch]`` config section: where things go and how politely we ask for them."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from pipeline.fetch.kinds import KIND_ORDER


class FetchSettings(BaseModel):
    """Settings of the fetch stage (``[fetch]`` in ``config/default.toml``)."""

    # The councils registry (relative paths are relative to the current folder).
    registry: str = "config/councils.toml"
    # Where fetched meetings are stored: <store>/<council>/<body>/<date>/.
    store: str = "sources"
    # Who to tell when our fetching misbehaves; it goes into the User-Agent.
    contact: str = "digest@council-digest.localhost"
    user_agent: str = "CouncilDigest/0.1 (+mailto:{contact}; council meeting documents)"
    # Seconds between two requests to one host (1.0 = one request a second); a longer
    # Crawl-delay in the host's robots.txt wins, up to crawl_delay_max_s.
    min_interval_s: float = Field(default=1.0, ge=0)
    crawl_delay_max_s: float = Field(default=60.0, ge=0)
    # Requests in flight at once: per host, and in all.
    host_concurrency: int = Field(default=2, ge=1)
    concurrency: int = Field(default=4, ge=1)
    timeout_s: float = Field(default=60.0, gt=0)
    # Attempts per request; 429, 5xx, timeouts, dropped connections and truncated bodies
    # are retried with exponential backoff (initial * 2^n, capped), or after Retry-After.
    max_attempts: int = Field(default=4, ge=1)
    backoff_initial_s: float = Field(default=2.0, ge=0)
    backoff_max_s: float = Field(default=60.0, ge=0)
    # A Retry-After longer than this fails the request at once instead of waiting.
    retry_after_max_s: float = Field(default=300.0, ge=0)
    # Largest document, and largest listing page or API answer, we accept (bytes).
    max_bytes: int = Field(default=200_000_000, gt=0)
    max_page_bytes: int = Field(default=20_000_000, gt=0)
    max_redirects: int = Field(default=10, ge=0)
    obey_robots: bool = True
    # Window when --since/--until are not given: days before and after today.
    days_back: int = Field(default=28, ge=0)
    days_ahead: int = Field(default=7, ge=0)
    # Which kinds of document to download, in this order of priority.
    kinds: list[str] = Field(default_factory=lambda: list(KIND_ORDER))

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, value: list[str]) -> list[str]:
        unknown = [k for k in value if k not in KIND_ORDER]
        if unknown:
            raise ValueError(f"unknown kind {unknown[0]!r} (known: {', '.join(KIND_ORDER)})")
        return value

    @property
    def agent(self) -> str:
        """The User-Agent header: product token, version and the contact address."""
        return self.user_agent.replace("{contact}", self.contact)

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt rules are matched against (``CouncilDigest``)."""
        return self.agent.split("/", 1)[0].strip() or "*"
