"""Scanned PDFs: OCR with Tesseract instead of a refusal, said in the output, cached.

The scans are made here from the project's own sample PDF: each page rendered to an
image by Poppler and wrapped into an image-only PDF by fpdf2, so they carry no text layer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest import load_document
from pipeline.ingest.ocr import OcrSettings, _cache_file, ocr_available, parse_tsv
from pipeline.ingest.options import IngestOptions
from pipeline.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "northbridge-cabinet-minutes.pdf"
DEV = ROOT.parent / "shared" / "corpus" / "dev"

needs_ocr = pytest.mark.skipif(not ocr_available(), reason="Tesseract/Poppler not installed")


def _scan(pdf: Path, out: Path, pages: int) -> Path:
    """An image-only PDF of the first ``pages`` pages of ``pdf`` (150 dpi greyscale)."""
    from fpdf import FPDF

    scan = FPDF(unit="pt", format="A4")
    for number in range(1, pages + 1):
        prefix = out.parent / f"page-{number}"
        subprocess.run(
            [
                *("pdftoppm", "-r", "150", "-gray", "-png", "-singlefile"),
                *("-f", str(number), "-l", str(number), str(pdf), str(prefix)),
            ],
            check=True,
        )
        scan.add_page()
        scan.image(str(prefix.with_suffix(".png")), x=0, y=0, w=scan.w, h=scan.h)
    scan.output(str(out))
    return out


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ocr_available():
        pytest.skip("Tesseract/Poppler not installed")
    folder = tmp_path_factory.mktemp("scan")
    return _scan(SAMPLE, folder / "cabinet-minutes-scan.pdf", pages=2)


@needs_ocr
def test_scanned_pdf_is_read_by_ocr_and_segmented(scanned: Path, tmp_path: Path) -> None:
    options = IngestOptions(ocr_cache_dir=tmp_path / "ocr")
    document = load_document(scanned, options)
    assert document.ocr_pages == [1, 2]
    assert any("recognised by OCR" in w for w in document.warnings)
    assert "Minute 44/24 Revenue Budget Monitoring" in document.text
    # OCR'd lines keep their left edge, for the layout cues segmenting uses.
    assert document.layout and all(style.x >= 0 for style in document.layout)
    seg = segment_document(document)
    numbers = [item.number for item in seg.items if not item.parent]
    assert numbers[:4] == ["41/24", "42/24", "43/24", "44/24"]
    assert seg.to_contract()["ocr"] is True
    assert any("OCR" in w for w in seg.warnings)


@needs_ocr
def test_ocr_result_is_cached_for_the_next_run(scanned: Path, tmp_path: Path) -> None:
    settings = OcrSettings(cache_dir=tmp_path / "ocr")
    options = IngestOptions(ocr_cache_dir=settings.cache_dir)
    first = load_document(scanned, options)
    cache = _cache_file(scanned.read_bytes(), settings)
    assert cache is not None and cache.is_file()
    # The next run reads the cache, not Tesseract: an edit to the cache shows.
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["pages"]["1"]["text"] = data["pages"]["1"]["text"].replace("Cabinet", "Kabinett", 1)
    cache.write_text(json.dumps(data), encoding="utf-8")
    second = load_document(scanned, options)
    assert "Kabinett" in second.text and "Kabinett" not in first.text


@needs_ocr
def test_cli_says_the_text_came_from_ocr(scanned: Path, tmp_path: Path) -> None:
    env_cache = {"COUNCIL_DIGEST__INGEST__OCR_CACHE_DIR": str(tmp_path / "ocr")}
    run = subprocess.run(
        [sys.executable, "run.py", "segment", str(scanned), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **env_cache},
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["ocr"] is True
    assert "text recognised by OCR" in run.stderr


def test_ocr_off_refuses_a_scan_in_one_line(tmp_path: Path) -> None:
    if not ocr_available():
        pytest.skip("Tesseract/Poppler not installed")
    scan = _scan(SAMPLE, tmp_path / "scan.pdf", pages=1)
    with pytest.raises(InputError, match=r"no text layer .*OCR is off"):
        load_document(scan, IngestOptions(ocr="off"))


def test_tesseract_tsv_becomes_lines_and_paragraphs() -> None:
    header = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    rows = [
        "5\t1\t1\t1\t1\t1\t300\t100\t40\t40\t96\t1.",
        "5\t1\t1\t1\t1\t2\t400\t100\t200\t40\t95\tApologies",
        "5\t1\t1\t2\t1\t1\t600\t200\t100\t30\t-1\t",
        "5\t1\t1\t2\t1\t2\t600\t200\t100\t30\t90\tNone",
    ]
    page = parse_tsv("\n".join([header, *rows]), dpi=300)
    assert page.text == "1. Apologies\n\nNone"
    assert [(line.text, line.x) for line in page.lines] == [("1. Apologies", 72.0), ("None", 144.0)]
    assert page.confidence == pytest.approx(93.7, abs=0.1)


@pytest.mark.slow
@needs_ocr
def test_scanned_agenda_pack_of_66_pages() -> None:
    """The dev corpus's scanned pack: the amended agenda on page 1 gives 13 items."""
    path = DEV / "ca-nipissing" / "agenda-package-2025-09-16.pdf"
    options = IngestOptions(ocr_cache_dir=ROOT / ".cache" / "council-digest" / "ocr")
    document = load_document(path, options)
    assert len(document.ocr_pages) == 66
    meta = document.metadata
    assert (meta.kind, meta.date, meta.council) == (
        "agenda_pack",
        "2025-09-16",
        "Township of Nipissing",
    )
    seg = segment_document(document)
    top = [item for item in seg.items if not item.parent]
    assert [item.number for item in top] == [str(n) for n in range(1, 14)]
    assert top[-1].title.startswith("Adjournment")
