"""The registered sentence checks (see :mod:`pipeline.evals.registry`)."""
