"""The registry of sentence checks: one module per kind, one line here per module.

A check is a module in :mod:`pipeline.evals.checks` exposing ``CHECK``, an object with a
``kind`` (the issue kind it reports), a ``scope`` and a ``run(ctx)`` method returning
:class:`~pipeline.evals.report.Issue` objects for one :class:`SentenceContext`.

- ``scope = "sentence"``: runs once on the whole sentence (quotes, who said it);
- ``scope = "clause"``: runs on each clause of a sentence that joins several claims
  ("The Board considered A; B; and C"), each clause with its own evidence passages.

Adding a kind of check is one new module in ``pipeline/evals/checks/`` and one line in
:data:`CHECK_MODULES`. Checks run in the order listed: the quote check first, because
attribution reads where the quotes were found.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from pipeline.evals.context import SentenceContext
    from pipeline.evals.report import Issue

Scope = Literal["sentence", "clause"]

#: The registered checks, in the order they run (module names in pipeline.evals.checks).
CHECK_MODULES: tuple[str, ...] = (
    "quote",
    "attribution",
    "figure",
    "count",
    "name",
    "decision",
    "motion",
    "claim",
    "polarity",
    "opposite",
    "invented",
    "negation",
)


class SentenceCheck(Protocol):
    """What a registered check provides."""

    kind: str
    scope: Scope

    def run(self, ctx: SentenceContext) -> list[Issue]:
        """Issues found in ``ctx``'s sentence or clause (empty when none)."""
        ...


@dataclass(frozen=True)
class RegisteredCheck:
    """A registered check and its module name (what the calibration table and each issue's
    ``check`` call it: several checks may report the same issue ``kind``)."""

    name: str
    check: SentenceCheck

    @property
    def kind(self) -> str:
        return self.check.kind

    @property
    def scope(self) -> Scope:
        return self.check.scope

    def run(self, ctx: SentenceContext) -> list[Issue]:
        """The check's issues, each stamped with the check's name (a check may name a
        finer class of its own, "name:elsewhere", calibrated apart)."""
        issues = self.check.run(ctx)
        for issue in issues:
            issue.check = issue.check or self.name
        return issues


@cache
def registered_checks() -> tuple[RegisteredCheck, ...]:
    """The checks of :data:`CHECK_MODULES`, imported once."""
    checks = []
    for name in CHECK_MODULES:
        module = importlib.import_module(f"pipeline.evals.checks.{name}")
        checks.append(RegisteredCheck(name, module.CHECK))
    return tuple(checks)


def checks_of_scope(scope: Scope) -> list[RegisteredCheck]:
    """Registered checks that run at ``scope``, in order."""
    return [c for c in registered_checks() if c.scope == scope]
