"""OCR of scanned PDF pages: Poppler renders each page, Tesseract reads it.

Both are Debian packages (``poppler-utils``, ``tesseract-ocr``) that ``make setup-ocr``
installs; they run as subprocesses, several pages at once. Tesseract's TSV output gives
every word with its box, so each recognised line keeps its left edge and height (in
points, like pypdf's layout): the segmenter reads OCR'd pages with the same typographic
cues as born-digital ones (a heading's indent, a larger title), bold excepted.

Results are cached per PDF (sha256 of its bytes) and settings as JSON, so a re-run reads
the cache instead of recognising the pages again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.fileio import write_atomic

# Bump when the way text is rebuilt from Tesseract's TSV changes: old cache entries are
# then ignored rather than misread.
CACHE_FORMAT = 1
_POINTS_PER_INCH = 72.0


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognised line: its text, left edge and height in points."""

    text: str
    x: float
    size: float


@dataclass(frozen=True, slots=True)
class OcrPage:
    """A recognised page: its text (blank lines between paragraphs) and its lines."""

    text: str
    lines: tuple[OcrLine, ...]
    confidence: float  # mean word confidence, 0-100


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How to OCR: language(s), resolution, parallel pages and where to cache results."""

    language: str = "eng"
    dpi: int = 300
    workers: int = 0  # 0: one per core
    cache_dir: Path | None = None


ProgressCallback = Callable[[int, int], None]


def ocr_available() -> bool:
    """True when both Poppler's ``pdftoppm`` and ``tesseract`` are on the PATH."""
    return shutil.which("pdftoppm") is not None and shutil.which("tesseract") is not None


def ocr_pages(
    path: Path,
    data: bytes,
    pages: list[int],
    settings: OcrSettings,
    progress: ProgressCallback | None = None,
) -> dict[int, OcrPage]:
    """Recognise the 1-based ``pages`` of the PDF in ``data``; cached results are reused."""
    if not pages:
        return {}
    if not ocr_available():
        raise InputError(
            path,
            "scanned PDF with no text layer: OCR needs Tesseract and Poppler "
            "(make setup-ocr, or apt-get install tesseract-ocr poppler-utils)",
        )
    cache = _cache_file(data, settings)
    done = _read_cache(cache)
    todo = [n for n in pages if n not in done]
    if todo:
        done.update(_recognise(path, data, todo, settings, progress, len(pages) - len(todo)))
        if cache is not None:
            _write_cache(cache, done)
    return {n: done[n] for n in pages}


def _recognise(
    path: Path,
    data: bytes,
    pages: list[int],
    settings: OcrSettings,
    progress: ProgressCallback | None,
    already: int,
) -> dict[int, OcrPage]:
    workers = settings.workers or max(1, min(4, os.cpu_count() or 1))
    total = already + len(pages)
    results: dict[int, OcrPage] = {}
    with tempfile.TemporaryDirectory(prefix="council-digest-ocr-") as tmp:
        pdf = Path(tmp) / "document.pdf"
        pdf.write_bytes(data)

        def one(number: int) -> tuple[int, OcrPage]:
            return number, _page(path, pdf, number, settings, Path(tmp))

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for number, page in pool.map(one, pages):
                results[number] = page
                if progress is not None:
                    progress(already + len(results), total)
    return results


def _page(source: Path, pdf: Path, number: int, settings: OcrSettings, tmp: Path) -> OcrPage:
    prefix = tmp / f"page-{number}"
    _run(
        source,
        [
            "pdftoppm",
            "-r",
            str(settings.dpi),
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            str(number),
            "-l",
            str(number),
            str(pdf),
            str(prefix),
        ],
    )
    image = prefix.with_suffix(".png")
    # One thread per Tesseract process: pages run in parallel instead, which is faster
    # on few cores than Tesseract's own OpenMP threads fighting each other.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    tsv = _run(
        source,
        ["tesseract", str(image), "stdout", "-l", settings.language, "--psm", "3", "tsv"],
        env=env,
    )
    image.unlink(missing_ok=True)
    return parse_tsv(tsv, settings.dpi)


def _run(source: Path, command: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    except OSError as exc:
        raise InputError(source, f"OCR failed: {command[0]}: {exc.strerror}") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise InputError(source, f"OCR failed: {command[0]}: {reason[:120]}")
    return done.stdout


def parse_tsv(tsv: str, dpi: int) -> OcrPage:
    """Rebuild a page from Tesseract's TSV: words joined into lines, a blank line between
    paragraphs, each line's left edge and height converted from pixels to points."""
    scale = _POINTS_PER_INCH / dpi
    lines: list[tuple[tuple[int, int, int], list[tuple[int, int, int, str]]]] = []
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        if not word:
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))  # block, paragraph, line
        left, height = int(cols[6]), int(cols[9])
        if not lines or lines[-1][0] != key:
            lines.append((key, []))
        lines[-1][1].append((left, height, len(word), word))
        if float(cols[10]) >= 0:
            confidences.append(float(cols[10]))
    out: list[str] = []
    styled: list[OcrLine] = []
    previous: tuple[int, int] | None = None
    for (block, par, _), words in lines:
        if previous is not None and previous != (block, par):
            out.append("")
        previous = (block, par)
        text = " ".join(w[3] for w in words)
        heights = sorted(w[1] for w in words if w[2] > 1) or [w[1] for w in words]
        out.append(text)
        styled.append(OcrLine(text, round(words[0][0] * scale, 1), _median(heights) * scale))
    confidence = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage("\n".join(out), tuple(styled), round(confidence, 1))


def _median(values: list[int]) -> float:
    return float(values[len(values) // 2]) if values else 0.0


# --- cache ---------------------------------------------------------------------------


def _cache_file(data: bytes, settings: OcrSettings) -> Path | None:
    if settings.cache_dir is None:
        return None
    key = hashlib.sha256(data).hexdigest()
    return Path(settings.cache_dir) / f"{key}-{settings.language}-{settings.dpi}.json"


def _read_cache(cache: Path | None) -> dict[int, OcrPage]:
    if cache is None or not cache.is_file():
        return {}
    try:
        raw = json.loads(cache.read_text(encoding="utf-8"))
        if raw.get("format") != CACHE_FORMAT:
            return {}
        return {
            int(number): OcrPage(
                page["text"],
                tuple(OcrLine(*line) for line in page["lines"]),
                page["confidence"],
            )
            for number, page in raw["pages"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # a damaged cache entry is recomputed, never trusted


def _write_cache(cache: Path, pages: dict[int, OcrPage]) -> None:
    payload = {
        "format": CACHE_FORMAT,
        "pages": {
            str(number): {
                "text": page.text,
                "lines": [[line.text, line.x, line.size] for line in page.lines],
                "confidence": page.confidence,
            }
            for number, page in sorted(pages.items())
        },
    }
    # An unwritable cache only costs time on the next run.
    with contextlib.suppress(OSError):
        write_atomic(cache, json.dumps(payload, ensure_ascii=False))
