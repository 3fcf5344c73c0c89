"""What every summarising engine provides, so the orchestrator can drive any of them."""

from __future__ import annotations

from typing import Literal, Protocol

from pipeline.models import AgendaItem, Document, ItemSummary, SummarySentence, Usage


class Engine(Protocol):
    """A summariser: one item at a time, then the meeting overview from the items.

    ``summarise_item`` may raise (an :class:`~pipeline.errors.PipelineError` from the LLM
    layer, typically); the orchestrator records that as the item's failure and carries on.
    """

    name: Literal["extractive", "openai"]
    model: str | None
    #: Items summarised at once (threads); 1 for CPU-bound engines.
    concurrency: int

    def provenance(self) -> dict:
        """Provenance fields this engine fixes: prompt id/version/hash, params, prompts."""
        ...

    def summarise_item(self, document: Document, item: AgendaItem) -> ItemSummary:
        """Summary of one item (status ``ok`` or ``skipped``), or raise."""
        ...

    def summarise_meeting(
        self, document: Document, items: list[ItemSummary]
    ) -> tuple[list[SummarySentence], Usage]:
        """The meeting overview from the items that succeeded, and what it cost."""
        ...
