"""How to ingest: the ``[ingest]`` settings (OCR of scanned pages and its cache)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from pipeline.config import Settings


class IngestOptions(BaseModel):
    """The ``[ingest]`` config section; the defaults suit the command line."""

    model_config = ConfigDict(frozen=True)

    # "auto": pages of a PDF that have images but no text layer are recognised by OCR;
    # "off": such a PDF is refused (one line, exit 2) as before.
    ocr: Literal["auto", "off"] = "auto"
    ocr_language: str = "eng"
    ocr_dpi: int = 300
    ocr_workers: int = 0  # pages recognised at once; 0: one per core (at most 4)
    # OCR results are cached here (keyed by the PDF's sha256); None: no cache.
    ocr_cache_dir: Path | None = Path(".cache/council-digest/ocr")


ProgressCallback = Callable[[int, int], None]
"""Called with (done, total) while long ingest work (OCR) runs."""


def ingest_options(settings: Settings) -> IngestOptions:
    """The ``[ingest]`` section; the OCR cache defaults to ``[paths] cache`` + ``/ocr``."""
    if "ocr_cache_dir" not in settings.raw("ingest"):
        cache = settings.raw("paths").get("cache")
        if cache:
            settings = settings.with_overrides("ingest", ocr_cache_dir=str(Path(cache) / "ocr"))
    return settings.section("ingest", IngestOptions)
