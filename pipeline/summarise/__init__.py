"""Summarise: agenda items in, a structured meeting summary out, every sentence cited.

- :mod:`.engine`: the :class:`Engine` protocol every summariser implements.
- :mod:`.extractive`: the built-in deterministic engine (default without an LLM).
- :mod:`.llm_engine`: any OpenAI-compatible model through versioned prompts.
- :mod:`.orchestrate`: items concurrently, failures contained, finished work reused.
- :mod:`.store`: ``summaries/<body>/<date>/summary.json`` and its published JSON Schema.
"""

from __future__ import annotations

from pipeline.summarise.engine import Engine
from pipeline.summarise.extractive import ExtractiveEngine
from pipeline.summarise.orchestrate import summarise_meeting
from pipeline.summarise.settings import SummariseSettings

__all__ = ["Engine", "ExtractiveEngine", "SummariseSettings", "summarise_meeting"]
