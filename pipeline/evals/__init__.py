"""Evals: check each summary sentence, quote, figure, name and decision against the source.

Entry points: :func:`pipeline.evals.check.check_summary` (one summary; the checks it runs
are registered in :mod:`pipeline.evals.registry`), :func:`pipeline.evals.harness.run_any`
(score the checker on a labelled set or SummEdits) and
:func:`pipeline.evals.harness.compare` (two sets of summaries side by side).
"""
