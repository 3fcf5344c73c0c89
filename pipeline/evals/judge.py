"""The optional LLM judge: a closed answer per sentence and its best passages, merged with
the deterministic checks.

It never runs by default. It runs when ``[evals] judge = true`` (or ``--judge``) *and* an
LLM is configured; otherwise the report says why it did not. Each checkable sentence goes
to the versioned prompt with the passages retrieval found for it (``evals-judge@v2``: up
to three numbered passages; v1 took one). The answer must quote back the source words
that decide it; a quote not found in those passages makes the answer ungrounded, and an
ungrounded "supported" changes nothing. Answers are cached by the LLM client (a re-run
makes no calls).

Merging, per sentence:

- the checks passed and the judge says ``unsupported`` / ``contradicted``: a ``claim``
  issue with the judge's reason (the judge catches what words cannot: invented details
  made of words the source uses);
- the checks flagged only *soft* issues (weak lexical support, a name or figure that is in
  the source but far from the passage) and the judge says ``supported`` with grounded
  evidence: those issues are lifted (a paraphrase the words did not match);
- anything *hard* stays whatever the judge says: a quote not found, anything
  ``contradicted``, a name or figure the source does not have at all.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from pipeline.config import Settings
from pipeline.evals.report import EvalReport, Issue, JudgeStatus, SentenceResult
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.text import fold_simple

# Issue details of the checks' soft findings (the judge may lift them when it grounds the
# sentence in the passages).
_SOFT_MARKERS = ("weak support", "but not near the passage", "but not where this sentence")


class JudgeAnswer(BaseModel):
    """What ``evals-judge@v1`` must answer."""

    verdict: Literal["supported", "unsupported", "contradicted"]
    reason: str


class JudgeAnswerV2(JudgeAnswer):
    """What ``evals-judge@v2`` must answer: the verdict and the deciding source words."""

    evidence: str = ""


def is_soft(issue: Issue) -> bool:
    """An issue a grounded "supported" from the judge may lift."""
    return issue.severity == "unsupported" and any(m in issue.detail for m in _SOFT_MARKERS)


def grounded(quote: str, sentence: SentenceResult) -> bool:
    """True when the judge's quoted evidence is in the passages it was shown."""
    key = fold_simple(quote).strip(" .\"'")
    if len(key) < 8:
        return False
    return any(key in fold_simple(p.text) for p in sentence.passages)


def merge(sentence: SentenceResult, answer: JudgeAnswer) -> None:
    """Fold the judge's answer into ``sentence`` (see the module docstring)."""
    quote = getattr(answer, "evidence", "") or ""
    sentence.judge = answer.verdict
    sentence.judge_evidence = quote or None
    if answer.verdict == "supported":
        if (
            sentence.issues
            and all(is_soft(i) for i in sentence.issues)
            and grounded(quote, sentence)
        ):
            sentence.issues = []
            sentence.verdict = "supported"
        return
    if sentence.issues:
        return  # the checks already flag it, with their own reasons
    sentence.issues.append(
        Issue(
            kind="claim",
            detail=f"judge: {answer.reason}" + (f" (source: “{quote}”)" if quote else ""),
            evidence=sentence.evidence,
            severity=answer.verdict,
        )
    )
    sentence.verdict = answer.verdict


def _passages_text(sentence: SentenceResult) -> str:
    passages = sentence.passages or ([sentence.evidence] if sentence.evidence else [])
    return "\n".join(f"[{n}] {' '.join(p.text.split())}" for n, p in enumerate(passages, 1))


def run_judge(
    report: EvalReport, settings: Settings, evals: EvalsSettings, llm_settings=None
) -> JudgeStatus:
    """Ask the judge about each checkable sentence; return whether it ran and why not.

    ``llm_settings`` (an ``LLMSettings``) overrides the ``[llm]`` section of ``settings``."""
    if not evals.judge:
        return JudgeStatus(ran=False, reason="judge not requested (deterministic checks only)")
    try:
        from pipeline.llm import open_client
        from pipeline.llm.errors import LLMError
        from pipeline.llm.settings import LLMSettings
        from pipeline.prompts import load_prompt
    except ImportError as exc:  # the LLM stage is not installed in this build
        return JudgeStatus(ran=False, reason=f"LLM client unavailable ({exc.name})")
    llm = llm_settings or LLMSettings.from_settings(settings)
    if not llm.is_configured:
        return JudgeStatus(ran=False, reason="no LLM configured ([llm] model is empty)")
    prompt = load_prompt(evals.judge_prompt)
    schema = JudgeAnswerV2 if prompt.version >= 2 else JudgeAnswer
    judged = 0
    with open_client(llm, command="evals-judge") as client:
        for sentence in report.sentences:
            if sentence.verdict == "unverifiable" or sentence.evidence is None:
                continue
            if prompt.version >= 2:
                messages = prompt.render(
                    sentence=sentence.text,
                    passages=_passages_text(sentence),
                    context=sentence.heading or "",
                )
            else:
                messages = prompt.render(
                    sentence=sentence.text,
                    evidence=sentence.evidence.text,
                    context=sentence.heading or "",
                )
            try:
                answer = client.complete(messages, schema=schema, prompt=prompt).parsed
            except LLMError as exc:
                sentence.judge = f"error: {exc}"
                continue
            judged += 1
            merge(sentence, answer)
    return JudgeStatus(
        ran=True, reason=f"judged {judged} sentences", prompt=prompt.ref, model=llm.model
    )
