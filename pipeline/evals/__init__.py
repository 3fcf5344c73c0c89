"""Evals: check each summary sentence, quote, figure, name and decision against the source.

Entry points: :func:`pipeline.evals.check.check_summary` (one summary),
:func:`pipeline.evals.harness.run_dataset` (score the checker on a labelled set) and
:func:`pipeline.evals.harness.compare` (two sets of summaries side by side).
"""
