"""What the summarise prompts ask the model to answer (pydantic, sent as JSON Schema).

Kept small and flat: every field costs prompt tokens when the server needs the schema in
the prompt, and small models follow short schemas better. Every claim carries
``evidence``: passages copied from the source, which the engine then finds in the source
to cite exact spans (and drops the claim when it cannot).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from pipeline.models import Outcome


class Point(BaseModel):
    """One summary sentence and the source passages it rests on."""

    text: str = Field(description="one plain sentence")
    evidence: list[str] = Field(description="passages copied exactly", min_length=1)


class DraftQuote(BaseModel):
    """Words copied exactly from the source, with the speaker the source names."""

    text: str
    speaker: str | None = None


class DraftDecision(BaseModel):
    """A decision the source records."""

    text: str
    outcome: Outcome | None = None
    evidence: str = ""


class DraftAction(BaseModel):
    """An action or next step the source states."""

    text: str
    owner: str | None = None
    evidence: str = ""


class ItemDraft(BaseModel):
    """The answer of summarise-item and summarise-chunk.

    ``sentences`` is required and not empty: servers that turn the schema into a grammar
    would otherwise let a small model answer ``{}``.
    """

    sentences: list[Point] = Field(min_length=1)
    quotes: list[DraftQuote] = Field(default_factory=list)
    decisions: list[DraftDecision] = Field(default_factory=list)
    actions: list[DraftAction] = Field(default_factory=list)


class BriefDecision(DraftDecision):
    """A decision with the vote and movers the source records (summarise-item v3)."""

    vote: str | None = None
    moved_by: str | None = None
    seconded_by: str | None = None


class BriefAction(DraftAction):
    """A next step with its deadline (summarise-item v3)."""

    due: str | None = None


class ItemBrief(ItemDraft):
    """The answer of summarise-item v3: the brief's sentences, decisions with their votes,
    next steps with their deadlines."""

    decisions: list[BriefDecision] = Field(default_factory=list)  # type: ignore[assignment]
    actions: list[BriefAction] = Field(default_factory=list)  # type: ignore[assignment]


class OverviewSentence(BaseModel):
    """One sentence of the meeting overview and the item numbers it draws on."""

    text: str
    items: list[str] = Field(default_factory=list)


class MeetingDraft(BaseModel):
    """The answer of summarise-meeting."""

    sentences: list[OverviewSentence] = Field(min_length=1)


#: The ``output`` names the prompt files use, resolved to models.
OUTPUTS: dict[str, type[BaseModel]] = {
    "ItemDraft": ItemDraft,
    "ItemBrief": ItemBrief,
    "MeetingDraft": MeetingDraft,
}
