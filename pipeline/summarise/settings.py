"""The ``[summarise]`` config section."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class SummariseSettings(BaseModel):
    """How items are summarised; defaults in ``config/default.toml``."""

    #: "auto": openai when an LLM model is configured, else extractive.
    engine: Literal["auto", "extractive", "openai"] = "auto"
    #: Procedural items (apologies, declarations, minutes of the last meeting): one line or
    #: nothing ("skip" marks them skipped).
    procedural: Literal["line", "skip"] = "line"
    #: Sentences per substantive item (besides its decisions): 1 to 3 by default.
    min_sentences: int = Field(default=1, ge=1)
    max_sentences: int = Field(default=3, ge=1)
    max_quotes: int = Field(default=2, ge=0)
    #: The overview: at most this many sentences (and 150 words).
    overview_sentences: int = Field(default=5, ge=1, le=5)
    item_prompt: str = "summarise-item@v4"
    chunk_prompt: str = "summarise-chunk@v2"
    meeting_prompt: str = "summarise-meeting@v3"
    #: Items longer than this many tokens go through map-reduce over segment's chunks
    #: (``[segment] chunk_tokens`` each, counted with ``[segment] encoding``).
    map_reduce_tokens: int = Field(default=3000, ge=200)
    #: Fuzzy score (0-100) an LLM's evidence must reach to be located in the source.
    evidence_min_score: float = Field(default=85.0, ge=50, le=100)
    #: Fuzzy score for a quote; a quote found this close is replaced by the source's words.
    quote_min_score: float = Field(default=92.0, ge=50, le=100)
    #: Sentences whose evidence is nowhere in the source are dropped (and counted).
    drop_unsupported: bool = True
