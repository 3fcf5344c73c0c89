"""What every registered check sees about one sentence (or one clause of it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.evals.report import Evidence, QuoteResult

if TYPE_CHECKING:
    from pipeline.evals.check import Checker
    from pipeline.evals.claims import Support
    from pipeline.evals.quotes import QuoteMatch
    from pipeline.evals.retrieval import Region
    from pipeline.evals.settings import EvalsSettings
    from pipeline.evals.summary_input import SummaryUnit


@dataclass
class SentenceContext:
    """One sentence or clause of a summary, its evidence passages and what earlier checks
    found. Built by :func:`pipeline.evals.check.check_unit`; checks read it and may add
    quote results (the quote check) for later checks to use."""

    checker: Checker
    unit: SummaryUnit
    settings: EvalsSettings
    previous: list[str]
    full: str  # what is checked: the sentence or clause with any set-apart quotes
    sentence: str  # the sentence or clause alone ("" for a quote unit)
    unquoted: str  # ``sentence`` with quoted spans blanked
    regions: list[Region]  # evidence passages, best first
    support: Support
    speakers: list[str] = field(default_factory=list)
    is_clause: bool = False
    quote_texts: list[str] = field(default_factory=list)
    quote_matches: list[QuoteMatch] = field(default_factory=list)
    quote_results: list[QuoteResult] = field(default_factory=list)

    @property
    def speaker(self) -> str | None:
        """The first person the sentence gives words to."""
        return self.speakers[0] if self.speakers else None

    @property
    def evidence(self) -> Evidence | None:
        """The best source sentence of the best passage, as the report shows it."""
        span = self.support.sentence_span
        return self.checker.evidence(*span) if span else None
