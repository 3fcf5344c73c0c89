"""The evals report: the output contract, a terminal table and a self-contained HTML page."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Verdict = Literal["supported", "unsupported", "contradicted", "unverifiable"]
# The kinds of the registered checks (pipeline/evals/registry.py), e.g. "quote", "figure".
IssueKind = str
Severity = Literal["unsupported", "contradicted"]


class Evidence(BaseModel):
    """A span of the source's normalised text."""

    start: int
    end: int
    text: str


class Issue(BaseModel):
    """One problem with a sentence: kind, a one-line reason, and the evidence span."""

    kind: IssueKind
    detail: str
    evidence: Evidence | None = None
    severity: Severity = "unsupported"
    # The registered check that raised it (pipeline/evals/registry.py), or a finer class of
    # it ("name:elsewhere": a name the source has, but not near the passage): the
    # calibration table's key, finer than ``kind`` (negation and opposite report "claim").
    check: str | None = None
    # For a conflict: how strongly the evidence's source sentences state the claim
    # (alignment.claim_match); the verdict policy reads it.
    match: float | None = Field(default=None, exclude=True, repr=False)


class SentenceResult(BaseModel):
    """The verdict on one summary sentence."""

    index: int
    text: str
    verdict: Verdict
    issues: list[Issue] = Field(default_factory=list)
    # Issues of checks whose dev precision is too low to flag on their own
    # (pipeline/evals/calibration.json): shown to a reviewer, never part of the verdict.
    warnings: list[Issue] = Field(default_factory=list)
    heading: str | None = None
    support: float = 0.0
    evidence: Evidence | None = None
    judge: str | None = None
    judge_evidence: str | None = None
    # The best source passages the checks read (what the optional judge is shown).
    passages: list[Evidence] = Field(default_factory=list, exclude=True, repr=False)

    @property
    def flagged(self) -> bool:
        return self.verdict in ("unsupported", "contradicted")


class QuoteResult(BaseModel):
    """A quote and where the source has it."""

    text: str
    found: bool
    score: float
    start: int | None
    end: int | None
    method: str = "none"
    sentence_index: int = 0
    speaker: str | None = None


class Coverage(BaseModel):
    """Which substantive items and recorded decisions the summary covers."""

    items_total: int
    items_covered: int
    decisions_total: int
    decisions_covered: int
    missing_items: list[str] = Field(default_factory=list)
    missing_decisions: list[str] = Field(default_factory=list)


class JudgeStatus(BaseModel):
    """Whether the LLM judge ran, and why not."""

    ran: bool = False
    reason: str = "no LLM configured (deterministic checks only)"
    prompt: str | None = None
    model: str | None = None


class EvalReport(BaseModel):
    """Everything ``evals check`` found about one summary."""

    source: str
    summary: str
    sentences: list[SentenceResult]
    quotes: list[QuoteResult]
    coverage: Coverage | None = None
    judge: JudgeStatus = Field(default_factory=JudgeStatus)
    segmentation: str = "unavailable"
    source_text: str = Field(default="", exclude=True, repr=False)

    @property
    def flagged(self) -> list[SentenceResult]:
        return [s for s in self.sentences if s.flagged]

    @property
    def exit_code(self) -> int:
        """0 when nothing is flagged, 1 when a sentence or a quote is."""
        return 1 if self.flagged or any(not q.found for q in self.quotes) else 0

    def counts(self) -> dict[str, int]:
        counts = {v: 0 for v in ("supported", "unsupported", "contradicted", "unverifiable")}
        for s in self.sentences:
            counts[s.verdict] += 1
        return counts

    def evidence_marks(self) -> list[tuple[int, int, str, str]]:
        """The source spans a report page highlights: (start, end, anchor id, class).

        Each issue's evidence is anchored ``ev<sentence>-<issue>``; a clean sentence's own
        evidence ``ev<sentence>-0``, classed "supported"."""
        marks: list[tuple[int, int, str, str]] = []
        for s in self.sentences:
            for n, issue in enumerate(s.issues, start=1):
                if issue.evidence:
                    anchor = f"ev{s.index}-{n}"
                    marks.append((issue.evidence.start, issue.evidence.end, anchor, issue.severity))
            if not s.issues and s.evidence:
                marks.append((s.evidence.start, s.evidence.end, f"ev{s.index}-0", "supported"))
        return marks

    def to_contract(self) -> dict:
        """The ``evals check --json`` shape (the issue's contract, plus extra keys)."""
        return {
            "summary_sentences": [
                {
                    "index": s.index,
                    "text": s.text,
                    "verdict": s.verdict,
                    "issues": [_issue_contract(i) for i in s.issues],
                    "warnings": [_issue_contract(i) for i in s.warnings],
                    "heading": s.heading,
                    "support": round(s.support, 3),
                    "evidence": s.evidence.model_dump() if s.evidence else None,
                    "judge": s.judge,
                    "judge_evidence": s.judge_evidence,
                }
                for s in self.sentences
            ],
            "quotes": [
                {
                    "text": q.text,
                    "found": q.found,
                    "score": q.score,
                    "start": q.start,
                    "end": q.end,
                    "method": q.method,
                    "sentence_index": q.sentence_index,
                    "speaker": q.speaker,
                }
                for q in self.quotes
            ],
            "coverage": self.coverage.model_dump() if self.coverage else None,
            "source": self.source,
            "summary": self.summary,
            "counts": self.counts(),
            "judge": self.judge.model_dump(),
            "segmentation": self.segmentation,
        }


def _issue_contract(issue: Issue) -> dict:
    return {
        "kind": issue.kind,
        "detail": issue.detail,
        "evidence": issue.evidence.model_dump() if issue.evidence else None,
        "severity": issue.severity,
        "check": issue.check,
    }
