"""The calibration table: each registered check's precision on the dev splits, and whether
its issues flag a sentence or only warn.

A check flags only when what it raises on the dev splits is mostly real: of the dev
sentences it fires on, at least :data:`MIN_PRECISION` must be injected errors rather than
faithful sentences. A check below that (a young heuristic, or one tuned on too few
documents) still runs and its issues are shown as warnings, but it never makes a sentence
``unsupported`` or ``contradicted`` on its own. The table is measured, never set by hand:
``python evals/calibrate.py`` rebuilds ``calibration.json`` from the dev splits, and a test
checks that every registered check has a row and that each row's action follows from its
figures.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")

#: Dev precision below which a check's issues warn instead of flagging.
MIN_PRECISION = 0.7
#: Fewer dev firings than this say nothing about a check's precision: it keeps flagging.
MIN_FIRINGS = 5

Action = Literal["flag", "warn"]


class CheckCalibration(BaseModel):
    """One check's dev figures: how often it fired on injected errors' sentences and on
    faithful sentences, and what its issues do."""

    on_errors: int = Field(ge=0)
    on_faithful: int = Field(ge=0)
    action: Action = "flag"

    @property
    def firings(self) -> int:
        return self.on_errors + self.on_faithful

    @property
    def precision(self) -> float | None:
        return self.on_errors / self.firings if self.firings else None


class Calibration(BaseModel):
    """The table as stored: the datasets and command it was measured with, and one row per
    registered check."""

    measured_on: list[str] = Field(default_factory=list)
    command: str = ""
    checks: dict[str, CheckCalibration] = Field(default_factory=dict)

    def action(self, check: str | None) -> Action:
        """What an issue of ``check`` does: "flag" unless the table says "warn"."""
        row = self.checks.get(check or "")
        return row.action if row is not None else "flag"


def action_for(on_errors: int, on_faithful: int) -> Action:
    """The action the dev figures call for (see the module docstring)."""
    firings = on_errors + on_faithful
    if firings < MIN_FIRINGS:
        return "flag"
    return "flag" if on_errors / firings >= MIN_PRECISION else "warn"


@cache
def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """The calibration table (read once); an absent file means every check flags."""
    if not path.exists():
        return Calibration()
    return Calibration.model_validate(json.loads(path.read_text(encoding="utf-8")))
