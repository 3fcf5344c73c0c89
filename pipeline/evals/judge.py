"""The optional LLM judge: a closed answer per sentence through a versioned prompt.

It never runs by default. It runs when ``[evals] judge = true`` (or ``--judge``) *and* an
LLM is configured; otherwise the report says why it did not. The judge only adds to the
deterministic verdict: a judged "contradicted" or "unsupported" on a sentence the checks
passed becomes a ``claim`` issue; it never clears an issue the checks found.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from pipeline.config import Settings
from pipeline.evals.report import EvalReport, Issue, JudgeStatus
from pipeline.evals.settings import EvalsSettings


class JudgeAnswer(BaseModel):
    """What the judge prompt must answer."""

    verdict: Literal["supported", "unsupported", "contradicted"]
    reason: str


def run_judge(report: EvalReport, settings: Settings, evals: EvalsSettings) -> JudgeStatus:
    """Ask the judge about each checkable sentence; return whether it ran and why not."""
    if not evals.judge:
        return JudgeStatus(ran=False, reason="judge not requested (deterministic checks only)")
    try:
        from pipeline.llm import open_client
        from pipeline.llm.errors import LLMError
        from pipeline.llm.settings import LLMSettings
        from pipeline.prompts import load_prompt
    except ImportError as exc:  # the LLM stage is not installed in this build
        return JudgeStatus(ran=False, reason=f"LLM client unavailable ({exc.name})")
    llm = LLMSettings.from_settings(settings)
    if not llm.is_configured:
        return JudgeStatus(ran=False, reason="no LLM configured ([llm] model is empty)")
    prompt = load_prompt(evals.judge_prompt)
    judged = 0
    with open_client(llm, command="evals-judge") as client:
        for sentence in report.sentences:
            if sentence.verdict == "unverifiable" or sentence.evidence is None:
                continue
            messages = prompt.render(
                sentence=sentence.text,
                evidence=sentence.evidence.text,
                context=sentence.heading or "",
            )
            try:
                answer = client.complete(messages, schema=JudgeAnswer, prompt=prompt).parsed
            except LLMError as exc:
                sentence.judge = f"error: {exc}"
                continue
            judged += 1
            sentence.judge = answer.verdict
            if answer.verdict != "supported" and not sentence.issues:
                sentence.issues.append(
                    Issue(
                        kind="claim",
                        detail=f"judge: {answer.reason}",
                        evidence=sentence.evidence,
                        severity=answer.verdict,
                    )
                )
                sentence.verdict = answer.verdict
    return JudgeStatus(
        ran=True, reason=f"judged {judged} sentences", prompt=prompt.ref, model=llm.model
    )
