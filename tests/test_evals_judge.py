"""How the judge's answers merge with the deterministic checks (no LLM needed here: the
answers are given; tests/test_evals_cli.py runs the judge over HTTP)."""

from __future__ import annotations

from pipeline.evals.judge import JudgeAnswerV2, merge
from pipeline.evals.report import Evidence, Issue, SentenceResult

PASSAGE = Evidence(
    start=0, end=60, text="3.1 Marcus Bell said that 40% of the new homes would be for social rent."
)


def sentence(*issues: Issue) -> SentenceResult:
    verdict = "supported"
    if issues:
        hard = any(i.severity == "contradicted" for i in issues)
        verdict = "contradicted" if hard else "unsupported"
    return SentenceResult(
        index=0,
        text="Two in five new homes will be let at social rents.",
        verdict=verdict,
        issues=list(issues),
        evidence=PASSAGE,
        passages=[PASSAGE],
    )


WEAK = Issue(kind="claim", detail="weak support (31%) in the best source passage")
WRONG_QUOTE = Issue(kind="quote", detail="quote “rents” not found: not in the source")


def test_a_grounded_supported_lifts_weak_lexical_support() -> None:
    s = sentence(WEAK)
    merge(
        s,
        JudgeAnswerV2(
            verdict="supported",
            reason="40% is two in five",
            evidence="40% of the new homes would be for social rent",
        ),
    )
    assert s.verdict == "supported" and s.issues == []
    assert s.judge == "supported" and s.judge_evidence.startswith("40%")


def test_an_ungrounded_supported_changes_nothing() -> None:
    s = sentence(WEAK)
    merge(
        s,
        JudgeAnswerV2(verdict="supported", reason="sure", evidence="half of the homes are social"),
    )
    assert s.verdict == "unsupported" and s.issues == [WEAK]


def test_a_failed_quote_stays_a_failure_whatever_the_judge_says() -> None:
    s = sentence(WEAK, WRONG_QUOTE)
    merge(
        s,
        JudgeAnswerV2(
            verdict="supported",
            reason="ok",
            evidence="40% of the new homes would be for social rent",
        ),
    )
    assert s.verdict == "unsupported" and WRONG_QUOTE in s.issues


def test_the_judge_flags_what_the_checks_passed() -> None:
    s = sentence()
    merge(
        s,
        JudgeAnswerV2(
            verdict="contradicted", reason="the source says 40%", evidence="40% of the new homes"
        ),
    )
    assert s.verdict == "contradicted"
    assert s.issues[0].kind == "claim" and "40% of the new homes" in s.issues[0].detail
