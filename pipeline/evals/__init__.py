"""Evals: check each summary sentence, quote, figure, name and decision against the source.

Entry points: :func:`pipeline.evals.check.check_summary` (one summary; the checks it runs
are registered in :mod:`pipeline.evals.registry`), :func:`pipeline.evals.harness.run_any`
(score the checker on a labelled set or SummEdits) and
:func:`pipeline.evals.harness.compare` (two sets of summaries side by side).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.config import Settings
    from pipeline.evals.report import EvalReport
    from pipeline.models import Document, MeetingSummary, Segmentation


def check_meeting(
    document: Document,
    segmentation: Segmentation | None,
    summary: MeetingSummary,
    summary_path: str,
    settings: Settings,
) -> EvalReport:
    """In process, the report ``evals check --source DOC --summary SUMMARY`` prints for a
    summary already in memory (``summary_path`` names it in the report), judge included
    when ``[evals] judge`` and an LLM are configured."""
    from pipeline.evals.check import check_summary
    from pipeline.evals.judge import run_judge
    from pipeline.evals.settings import EvalsSettings
    from pipeline.evals.summary_input import parse_summary

    config = settings.section("evals", EvalsSettings)
    units = parse_summary(summary.model_dump_json(), path=summary_path, fmt="json")
    report = check_summary(document, segmentation, units, config)
    report.judge = run_judge(report, settings, config)
    return report
