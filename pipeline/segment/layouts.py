"""Layouts: the document families segmenting knows, tried in a fixed order.

A layout looks at a document's lines and either returns the items it finds (as
:class:`~pipeline.segment.draft.Draft` objects) or ``None`` when the document is not of
its family. Adding a family takes one module with a function of the :class:`Layout`
shape and one line in :data:`LAYOUTS`, placed by how specific its signal is: the first
layout that answers wins.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from pipeline.models import Document
from pipeline.segment.draft import Draft
from pipeline.segment.lines import Line
from pipeline.segment.typography import Typography


@dataclass(frozen=True, slots=True)
class Source:
    """What every layout reads: the document, its lines and their typography."""

    document: Document
    lines: list[Line]
    typography: Typography


@dataclass(slots=True)
class Found:
    """A layout's answer: the items, and whether their decisions are this meeting's."""

    drafts: list[Draft]
    decisions: bool = True  # False for agenda packs: reports recommend, nothing is decided
    warnings: list[str] | None = None


class Layout(Protocol):
    """Finds the items of one document family, or returns ``None``."""

    def __call__(self, source: Source) -> Found | None: ...


LAYOUTS: tuple[str, ...] = (
    # ModernGov "Decision details" / "Agenda item" pages: one item.
    "pipeline.segment.single:single_item_page",
    # Agenda report packs: an order-of-business table with page ranges, then reports.
    "pipeline.segment.pack:agenda_pack",
    # Unnumbered section headings over numbered lists that count afresh under each.
    "pipeline.segment.sections:sectioned_lists",
    # Numbered items: "4.", "Minute 32/24", "R2024-214", "(Item 7)", flattened text.
    "pipeline.segment.headings:numbered_headings",
    # No numbers: headings told by typography, Markdown or capitals.
    "pipeline.segment.unnumbered:unnumbered_headings",
)


def layouts() -> list[Layout]:
    """The registered layouts, in the order they are tried."""
    found = []
    for entry in LAYOUTS:
        module, _, name = entry.partition(":")
        found.append(getattr(importlib.import_module(module), name))
    return found
