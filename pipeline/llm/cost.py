"""Price lookup: USD per call from the ``[llm.prices]`` table."""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.llm.settings import ModelPrice


def price_for(model: str, prices: Mapping[str, ModelPrice]) -> ModelPrice | None:
    """The price of ``model``: an exact entry, else the longest entry it starts with.

    Providers answer with dated names ("gpt-4o-mini-2024-07-18") for the alias asked for
    ("gpt-4o-mini"); the prefix rule prices both without listing every snapshot.
    """
    if model in prices:
        return prices[model]
    candidates = [name for name in prices if model.startswith(name + "-")]
    return prices[max(candidates, key=len)] if candidates else None


def cost_usd(
    model: str, prompt_tokens: int, completion_tokens: int, prices: Mapping[str, ModelPrice]
) -> float:
    """Cost of one call in USD; 0.0 for a model with no price (local servers)."""
    price = price_for(model, prices)
    if price is None:
        return 0.0
    total = prompt_tokens * price.prompt + completion_tokens * price.completion
    return round(total / 1_000_000, 8)
