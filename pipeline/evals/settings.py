"""The ``[evals]`` config section."""

from __future__ import annotations

from pydantic import BaseModel, Field


class EvalsSettings(BaseModel):
    """Thresholds of the checker (defaults in ``config/default.toml`` under ``[evals]``)."""

    quote_threshold: float = Field(90.0, ge=0, le=100, description="fuzzy quote score, documents")
    transcript_quote_threshold: float = Field(
        85.0, ge=0, le=100, description="fuzzy quote score in transcripts (caption errors)"
    )
    quote_word_ratio: float = Field(
        80.0, ge=0, le=100, description="per-word similarity a fuzzy quote's words need"
    )
    support_threshold: float = Field(0.4, ge=0, le=1, description="claim support below: flag")
    figure_context: float = Field(
        0.3, ge=0, le=1, description="share of the sentence's words near a matching figure"
    )
    name_window: int = Field(2500, ge=0, description="chars around evidence a name must be in")
    attribution_window: int = Field(1500, ge=0, description="chars before evidence for speakers")
    decision_passages: int = Field(
        3, ge=1, le=10, description="outcome-recording passages read for a decision sentence"
    )
    search_k: int = Field(6, ge=1, le=50, description="passages retrieved per sentence")
    judge: bool = Field(False, description="ask the LLM judge too (needs an LLM configured)")
    judge_prompt: str = "evals-judge@v2"
