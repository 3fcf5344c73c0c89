"""Summarise: agenda items in, a structured meeting summary out, every sentence cited.

- :mod:`.engine`: the :class:`Engine` protocol every summariser implements.
- :mod:`.extractive`: the built-in deterministic engine (default without an LLM).
- :mod:`.llm_engine`: any OpenAI-compatible model through versioned prompts.
- :mod:`.orchestrate`: items concurrently, failures contained, finished work reused.
- :mod:`.stage`: a segmented document into the summary store (:mod:`pipeline.store`).
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> module, loaded on first use: reading the settings loads no engine.
_EXPORTS = {
    "Engine": "pipeline.summarise.engine",
    "ExtractiveEngine": "pipeline.summarise.extractive",
    "SummariseSettings": "pipeline.summarise.settings",
    "summarise_meeting": "pipeline.summarise.orchestrate",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
