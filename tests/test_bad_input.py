"""Bad input through the CLI: exit code 2, one line naming the file and the problem.

Every case here fails at ingest, before segmentation runs. ("HTML with no agenda" is
a segmentation case and is tested with segment.)
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image
from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parent.parent
MINUTES_PDF = "minutes-cyp-scrutiny-2022-11-30.pdf"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "run.py", "segment", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _text_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.cell(0, 10, "Northbridge Borough Council - Cabinet minutes")
    pdf.output(str(path))
    return path


# Each maker writes a bad input under tmp_path and returns its path.
def _empty(tmp: Path, corpus: Path) -> Path:
    path = tmp / "empty.pdf"
    path.write_bytes(b"")
    return path


def _blank(tmp: Path, corpus: Path) -> Path:
    path = tmp / "blank.txt"
    path.write_bytes(b" \n\n\t \r\n")
    return path


def _junk(tmp: Path, corpus: Path) -> Path:
    path = tmp / "junk.txt"
    path.write_bytes(random.Random(7).randbytes(6000))
    return path


def _truncated(tmp: Path, corpus: Path) -> Path:
    data = (corpus / MINUTES_PDF).read_bytes()
    path = tmp / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def _corrupt(tmp: Path, corpus: Path) -> Path:
    path = tmp / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(1).randbytes(3000) + b"\n%%EOF\n")
    return path


def _encrypted(tmp: Path, corpus: Path) -> Path:
    writer = PdfWriter(clone_from=_text_pdf(tmp / "plain.pdf"))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="AES-256")
    path = tmp / "encrypted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _scanned(tmp: Path, corpus: Path) -> Path:
    image = Image.new("L", (400, 560), color=235)
    for x in range(40, 360, 8):  # "scanned" strokes, no text layer
        for y in range(60, 500, 24):
            image.putpixel((x, y), 20)
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(image, x=10, y=10, w=180)
        pdf.rect(15, 250, 100, 20)
    path = tmp / "scanned.pdf"
    pdf.output(str(path))
    return path


def _no_pages(tmp: Path, corpus: Path) -> Path:
    path = tmp / "no-pages.pdf"
    with path.open("wb") as handle:
        PdfWriter().write(handle)
    return path


def _docx(tmp: Path, corpus: Path) -> Path:
    path = tmp / "minutes.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Minutes</w:document>")
    return path


def _zip_named_txt(tmp: Path, corpus: Path) -> Path:
    path = tmp / "minutes.txt"
    path.write_bytes(_docx(tmp, corpus).read_bytes())
    return path


def _cp1252(tmp: Path, corpus: Path) -> Path:
    path = tmp / "minutes.txt"
    text = "Minutes\n\n1. The Chair’s report – budget of £5m was “agreed”.\n"
    path.write_bytes(text.encode("cp1252"))
    return path


def _directory(tmp: Path, corpus: Path) -> Path:
    path = tmp / "meetings"
    path.mkdir()
    return path


def _missing(tmp: Path, corpus: Path) -> Path:
    return tmp / "no-such-minutes.pdf"


def _html_no_text(tmp: Path, corpus: Path) -> Path:
    path = tmp / "page.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Agenda</title><script>var a = 1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav><p hidden>Hidden</p></body></html>",
        encoding="utf-8",
    )
    return path


CASES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "empty file": (_empty, "empty file"),
    "only whitespace": (_blank, "empty file"),
    "binary junk": (_junk, "unsupported file type"),
    "truncated PDF": (_truncated, "truncated PDF"),
    "corrupt PDF": (_corrupt, "corrupt PDF"),
    "encrypted PDF": (_encrypted, "encrypted PDF: needs a password"),
    # Strokes, no words: OCR (when installed) finds nothing to read either.
    "scanned PDF without words": (_scanned, "no text layer (scanned images?)"),
    "PDF with no pages": (_no_pages, "PDF has no pages"),
    "docx": (_docx, "unsupported file type: a ZIP archive"),
    "zip named .txt": (_zip_named_txt, "unsupported file type: a ZIP archive"),
    "cp1252 text": (_cp1252, "not UTF-8 text"),
    "directory": (_directory, "directory"),
    "missing file": (_missing, "no such file"),
    "HTML with no text": (_html_no_text, "HTML page has no text"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_line_exit_2(case: str, tmp_path: Path, corpus: Path) -> None:
    make, problem = CASES[case]
    path = make(tmp_path, corpus)
    for args in ([str(path)], [str(path), "--json"]):
        result = _run(*args)
        assert result.returncode == 2, result.stderr
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("error: ")
        assert str(path) in lines[0]
        assert problem in lines[0]


def test_cp1252_error_says_how_to_fix_it(tmp_path: Path, corpus: Path) -> None:
    result = _run(str(_cp1252(tmp_path, corpus)))
    assert re.search(r"Windows-1252; re-save it as UTF-8\)$", result.stderr.strip())


def test_recoverable_pdf_damage_is_read_quietly(tmp_path: Path, corpus: Path) -> None:
    """pypdf logs what it repairs; none of that may reach the user's terminal."""
    data = (corpus / MINUTES_PDF).read_bytes()
    path = tmp_path / "repaired.pdf"
    path.write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n123", data))
    result = _run(str(path), "--text")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Agenda and minutes\n")
