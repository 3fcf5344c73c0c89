"""Summarise: agenda items in, a structured meeting summary out, every sentence cited.

- :mod:`.engine`: the :class:`Engine` protocol every summariser implements.
- :mod:`.extractive`: the built-in deterministic engine (default without an LLM).
- :mod:`.llm_engine`: any OpenAI-compatible model through versioned prompts.
- :mod:`.orchestrate`: items concurrently, failures contained, finished work reused.
- :mod:`.stage`: a segmented document into the summary store (:mod:`pipeline.store`).
"""

from __future__ import annotations

from pipeline.lazy import lazy_exports

# name -> module, loaded on first use: reading the settings loads no engine.
_EXPORTS = {
    "Engine": "pipeline.summarise.engine",
    "ExtractiveEngine": "pipeline.summarise.extractive",
    "SummariseSettings": "pipeline.summarise.settings",
    "summarise_meeting": "pipeline.summarise.orchestrate",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
