"""PDF pages via pypdf: text, typography and the page number printed on each page.

One ``extract_text()`` per page and nothing else (no layout mode, no second pass): the
agenda packs run to hundreds of pages and ingest must stay within 1.5x of bare pypdf.
pypdf's text visitor, called during that same pass, reports each run of text with its
font, size and position; every line keeps its left edge, its font size and how much of
its start is bold (:class:`~pipeline.models.LineStyle`), which is what tells a heading
from body text when the words alone do not.

Pages with images but no text layer (scans) are recognised by OCR
(:mod:`pipeline.ingest.ocr`) when ``[ingest] ocr`` allows it; the document then says so
in ``ocr_pages`` and a warning.

pypdf reports recoverable damage through the ``pypdf`` logger; while we read, those
records are captured (and passed on at DEBUG level to this module's logger) so stderr
stays clean. Unrecoverable damage becomes one :class:`~pipeline.errors.InputError` line.
"""

from __future__ import annotations

import io
import logging
import math
import re
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.normalise import normalise_text
from pipeline.ingest.options import IngestOptions, ProgressCallback
from pipeline.models import Document, LineStyle, PageSpan
from pipeline.unreadable import damaged_page, record_unreadable_pages

log = logging.getLogger(__name__)

# The PDF spec puts "%%EOF" at the very end; real files sometimes add a little padding.
_EOF_WINDOW = 2048
_EOF_PADDING = b"\x00\r\n\t \x0c"

# A printed page number that names itself: "Page 7", "Page 7 of 20", "Page | 7", "7 | Page".
_STRONG_LABEL = re.compile(
    r"^(?:page|pg\.?)\s*[|:]?\s*(\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|^(\d{1,4})\s*\|\s*page$",
    re.IGNORECASE,
)
# A bare number as first or last line: "7", "- 7 -", "(7)". Only trusted when a
# neighbouring page carries the next/previous number (see _confirm_weak_labels).
_WEAK_LABEL = re.compile(r"^[-–—(]?\s*(\d{1,4})\s*[-–—)]?$")
_LETTER = re.compile(r"[^\W\d_]")
_WHITESPACE = re.compile(r"\s")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SYMBOLS = re.compile(r"[^\w\s]")
# Longer "words" are words run together (URLs and e-mail addresses aside, rare).
_RUN_TOGETHER = re.compile(r"\S{26,}")


@dataclass(slots=True)
class _RawLine:
    """Typography of one line of a page's raw text (before normalisation)."""

    size: float = 0.0
    bold: int = 0  # non-space characters at the start set in bold
    x: float = -1.0
    letters: int = 0


@dataclass(slots=True)
class _Page:
    """One physical page: raw text, printed label and per-line typography."""

    text: str
    label: str | None = None
    lines: list[_RawLine] = field(default_factory=list)
    images: bool = False
    damage: str | None = None  # why the page came out empty: pypdf's complaint


def read_pdf(
    path: Path,
    fmt: str,
    data: bytes,
    options: IngestOptions,
    progress: ProgressCallback | None,
) -> Document:
    """The :class:`~pipeline.ingest.readers.Reader` of PDFs (OCR for scanned pages)."""
    from pipeline.ingest.document import finish_document, join_pages

    pages = _read_pages(path, data)
    _respace(data, pages)
    scanned = [number for number, page in enumerate(pages, start=1) if _needs_ocr(page)]
    warnings_: list[str] = []
    ocr_pages: list[int] = []
    if scanned and options.ocr == "auto":
        confidence = _recognise(path, data, pages, scanned, options, progress)
        ocr_pages = scanned
        warnings_.append(
            f"{_page_list(scanned)} had no readable text layer: text recognised by OCR (Tesseract, "
            f"mean word confidence {confidence:.0f}%); check names and figures against the "
            "original"
        )
    if not any(_has_words(page.text, page.label) and _readable(page.text) for page in pages):
        if options.ocr == "off":
            raise InputError(path, "no text layer (scanned images?): OCR is off ([ingest] ocr)")
        if ocr_pages:
            raise InputError(path, "no text layer (scanned images?) and OCR found no words")
        raise InputError(path, "no text layer (scanned images?): run OCR first")
    text, spans = join_pages([(page.text, page.label) for page in pages])
    document = finish_document(
        path,
        fmt,
        text,
        spans,
        layout=_layout(text, spans, pages),
        ocr_pages=ocr_pages,
        warnings=warnings_,
    )
    damaged = [
        (number, page.damage)
        for number, page in enumerate(pages, start=1)
        if page.damage is not None and not page.text.strip()
    ]
    record_unreadable_pages(document, damaged)
    return document


def read_pdf_pages(path: Path, data: bytes) -> list[tuple[str, str | None]]:
    """Return ``(raw_text, printed_label)`` for every physical page of the PDF in ``data``.

    Raises :class:`InputError` for truncated, corrupt or password-protected files, a PDF
    with no pages, and a PDF whose pages carry no text layer (scanned images).
    """
    pages = _read_pages(path, data)
    if not any(_has_words(page.text, page.label) for page in pages):
        raise InputError(path, "no text layer (scanned images?): run OCR first")
    return [(page.text, page.label) for page in pages]


def _read_pages(path: Path, data: bytes) -> list[_Page]:
    if b"%%EOF" not in data.rstrip(_EOF_PADDING)[-_EOF_WINDOW:]:
        raise InputError(path, "truncated PDF: the file ends before its end-of-file marker")
    with _captured_pypdf_log() as messages:
        pages = _extract_pages(path, data, messages)
    if not pages:
        raise InputError(path, "PDF has no pages")
    for page, (_, label) in zip(pages, _label_pages([p.text for p in pages]), strict=True):
        page.label = label
    return pages


def _recognise(
    path: Path,
    data: bytes,
    pages: list[_Page],
    numbers: list[int],
    options: IngestOptions,
    progress: ProgressCallback | None,
) -> float:
    """Replace the text of scanned ``pages`` by OCR; returns the mean word confidence."""
    from pipeline.ingest.ocr import OcrSettings, ocr_pages

    settings = OcrSettings(
        language=options.ocr_language,
        dpi=options.ocr_dpi,
        workers=options.ocr_workers,
        cache_dir=options.ocr_cache_dir,
    )
    recognised = ocr_pages(path, data, numbers, settings, progress)
    for number, ocr in recognised.items():
        page = pages[number - 1]
        page.text = ocr.text
        # Word-box heights vary with ascenders and descenders more than print sizes do:
        # OCR'd lines keep their left edge only, not a size to compare headings by.
        page.lines = [_RawLine(x=line.x) for line in ocr.lines]
        # OCR lines carry no blank lines; the page text separates paragraphs by one.
        page.lines = _spread_over_blank_lines(ocr.text, page.lines)
    labels = _label_pages([p.text for p in pages])
    for number in numbers:
        pages[number - 1].label = labels[number - 1][1]
    values = [recognised[n].confidence for n in numbers if recognised[n].text.strip()]
    return sum(values) / len(values) if values else 0.0


def _spread_over_blank_lines(text: str, lines: list[_RawLine]) -> list[_RawLine]:
    styled = iter(lines)
    return [next(styled, _RawLine()) if raw.strip() else _RawLine() for raw in text.split("\n")]


def _page_list(numbers: list[int]) -> str:
    """ "page 3", "pages 1-66", "pages 2, 5-7" """
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    plural = len(numbers) > 1
    return ("pages " if plural else "page ") + ", ".join(parts)


def _extract_pages(path: Path, data: bytes, messages: list[str]) -> list[_Page]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Council PDFs are often encrypted with an empty user password (copy/print
            # restrictions only): those open without asking anybody for anything.
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise InputError(
                    path, "encrypted PDF: its cipher is not supported by this installation"
                ) from None
            if not opened:
                raise InputError(path, "encrypted PDF: needs a password")
        pages = reader.pages
        count = len(pages)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files; all mean "corrupt"
        raise InputError(path, f"corrupt PDF: {_reason(exc, messages)}") from None
    out: list[_Page] = []
    for index in range(count):
        try:
            page = pages[index]
            runs = _Runs()
            before = len(messages)
            text = page.extract_text(visitor_text=runs.visit) or ""
            images = not _readable(text) and _has_images(page)
            damage = damaged_page(text, messages[before:])
        except Exception as exc:  # a damaged content stream; the page cannot be trusted
            reason = _reason(exc, messages)
            raise InputError(path, f"corrupt PDF: page {index + 1} unreadable ({reason})") from None
        out.append(_Page(text, None, runs.lines(), images, damage))
    return out


def _respace(data: bytes, pages: list[_Page]) -> None:
    """Pages whose words pypdf ran together ("CALLTOORDER"): Poppler's pdftotext, which
    spaces words by their glyphs' positions, reads them again. Much cheaper than OCR,
    and exact; used when Poppler is installed (the OCR set-up installs it)."""
    numbers = [n for n, page in enumerate(pages, start=1) if _run_together(page.text) and page.text]
    if not numbers or shutil.which("pdftotext") is None:
        return
    with tempfile.TemporaryDirectory(prefix="council-digest-pdf-") as tmp:
        pdf = Path(tmp) / "document.pdf"
        pdf.write_bytes(data)
        for number in numbers:
            done = subprocess.run(
                ["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(pdf), "-"],
                capture_output=True,
                text=True,
                check=False,
            )
            text = done.stdout.replace("\f", "")
            if done.returncode == 0 and _readable(text):
                page = pages[number - 1]
                page.text, page.lines = text, []


def _run_together(text: str) -> bool:
    tokens = len(text.split())
    return bool(tokens) and len(_RUN_TOGETHER.findall(text)) * 5 >= tokens


def _needs_ocr(page: _Page) -> bool:
    """A scan (images, no text) or text drawn in fonts that map to no characters."""
    if _has_words(page.text, page.label) and _readable(page.text):
        return False
    return page.images or bool(page.text.strip())


def _readable(text: str) -> bool:
    """Text made of characters and words: not the glyph codes of a font without a
    character map ("\\x19\\x1f"#\\x1c..."), nor words run together because the
    writer positioned each one instead of spacing them ("CALLTOORDERANDPLEDGE").

    Counted with regexes (C speed): this runs on every page of a 300-page pack.
    """
    visible = len(text) - len(_WHITESPACE.findall(text))
    if visible <= 0:
        return False
    control = len(_CONTROL_CHARS.findall(text))
    symbols = len(_SYMBOLS.findall(text))
    if control * 10 > visible or (visible - symbols) * 10 < visible * 4:
        return False
    tokens = len(text.split())
    return len(_RUN_TOGETHER.findall(text)) * 5 < tokens


def _has_images(page: object) -> bool:
    """True when the page draws an image (a scan), directly, in a form XObject or as a
    tiling pattern that paints the page (some scanners wrap the page image that way)."""
    try:
        return _draws_image(page["/Resources"], depth=2)  # type: ignore[index]
    except Exception:  # damaged resources: treat as no image, the page stays textless
        return False


def _draws_image(resources: object, depth: int) -> bool:
    """An image among ``resources``' XObjects, or inside its forms and tiling patterns."""
    if not resources:
        return False
    nested = []
    for kind in ("/XObject", "/Pattern"):
        for ref in (resources.get(kind) or {}).values():  # type: ignore[attr-defined]
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                return True
            if obj.get("/Subtype") == "/Form" or obj.get("/PatternType") == 1:
                nested.append(obj.get("/Resources"))
    return depth > 0 and any(_draws_image(inner, depth - 1) for inner in nested)


_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|,b\b", re.IGNORECASE)


class _Runs:
    """Collects pypdf's text runs of one page into per-line typography.

    pypdf's visitor sees exactly the text ``extract_text`` returns, run by run, so the
    runs' characters line up with the raw text's lines.
    """

    def __init__(self) -> None:
        self._lines: list[_RawLine] = [_RawLine()]
        self._bold_open = True  # the current line's start is still all bold so far
        self._fonts: dict[int, bool] = {}

    def visit(self, text: str, cm: list, tm: list, font: dict | None, size: float) -> None:
        if not text:
            return
        bold = self._is_bold(font)
        points = abs(size) * math.hypot(tm[2], tm[3]) * (math.hypot(cm[2], cm[3]) or 1.0)
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if k:
                self._lines.append(_RawLine())
                self._bold_open = True
            line = self._lines[-1]
            # Counted with str methods: this runs for every run of text in the document.
            visible = len(part) - part.count(" ") - part.count("\t")
            if visible <= 0:
                continue
            if line.x < 0 and k == 0:
                line.x = round(x, 1)
            # The line's size is that of its longest run (a page number or a bullet
            # set apart in another size does not decide it).
            if visible > line.letters:
                line.size = round(points, 1)
                line.letters = visible
            if self._bold_open:
                if bold:
                    line.bold += visible
                else:
                    self._bold_open = False

    def lines(self) -> list[_RawLine]:
        return self._lines

    def _is_bold(self, font: dict | None) -> bool:
        if not font:
            return False
        key = id(font)
        known = self._fonts.get(key)
        if known is None:
            name = str(font.get("/BaseFont", ""))
            known = bool(_BOLD_NAME.search(name))
            self._fonts[key] = known
        return known


def _layout(text: str, spans: list[PageSpan], pages: list[_Page]) -> list[LineStyle]:
    """Line styles at their offsets in the joined, normalised ``text``.

    Normalisation keeps every non-blank line and its order, so the raw lines of a page
    meet the page's normalised lines one to one; they are compared without whitespace
    (and through NFKC only when that differs), which costs little on 300 pages.
    """
    styles: list[LineStyle] = []
    for span, page in zip(spans, pages, strict=True):
        raw = [
            ("".join(line.split()), style)
            for line, style in zip(page.text.split("\n"), page.lines, strict=False)
        ]
        raw = [(key, style) for key, style in raw if key]
        offset = span.start
        k = 0
        for line in text[span.start : span.end].split("\n"):
            if line and k < len(raw):
                key = "".join(line.split())
                found = next(
                    (j for j in range(k, min(k + 4, len(raw))) if _same_line(raw[j][0], key)),
                    None,
                )
                if found is not None:
                    k = found
                    style = raw[k][1]
                    k += 1
                    if style.size or style.x >= 0:
                        styles.append(
                            LineStyle(
                                start=offset,
                                size=style.size,
                                bold=_bold_chars(line, style.bold),
                                x=style.x,
                            )
                        )
            offset += len(line) + 1
    return styles


def _same_line(raw: str, normalised: str) -> bool:
    if raw == normalised:
        return True
    return "".join(normalise_text(raw).split()) == normalised


def _bold_chars(line: str, visible: int) -> int:
    """Characters of normalised ``line`` covering its first ``visible`` non-space ones."""
    if visible <= 0:
        return 0
    seen = 0
    for index, char in enumerate(line):
        if not char.isspace():
            seen += 1
            if seen >= visible:
                return index + 1
    return len(line)


def _label_pages(texts: list[str]) -> list[tuple[str, str | None]]:
    """Pair each page's text with the page number printed on it, when there is one."""
    strong: list[str | None] = []
    weak: list[int | None] = []
    for text in texts:
        label, bare = _printed_number(text)
        strong.append(label)
        weak.append(bare)
    confirmed = _confirm_weak_labels(weak)
    return [
        (text, strong[i] if strong[i] is not None else confirmed[i]) for i, text in enumerate(texts)
    ]


def _printed_number(text: str) -> tuple[str | None, int | None]:
    """A self-describing label ("Page 7") or a bare number from the page's edge lines.

    Footers come last in most content streams, headers first; some generators write the
    footer first, so both ends are looked at (last line first).
    """
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return None, None
    edges = [lines[-1], lines[0]]
    if len(lines) > 2:
        edges += [lines[-2], lines[1]]
    for line in edges:
        match = _STRONG_LABEL.match(line)
        if match:
            return (match.group(1) or match.group(2)), None
    for line in edges[:2]:
        match = _WEAK_LABEL.match(line)
        if match:
            return None, int(match.group(1))
    return None, None


def _confirm_weak_labels(numbers: list[int | None]) -> list[str | None]:
    """Keep a bare number only when a neighbouring page continues the same sequence.

    A lone "3" at the bottom of a page may be the end of a numbered list; "3" followed by
    "4" on the next page is a page number. Sequences may restart (one per report in a pack).
    """
    confirmed: list[str | None] = [None] * len(numbers)
    for i, number in enumerate(numbers):
        if number is None:
            continue
        before = numbers[i - 1] if i > 0 else None
        after = numbers[i + 1] if i + 1 < len(numbers) else None
        if before == number - 1 or after == number + 1:
            confirmed[i] = str(number)
    return confirmed


def _has_words(text: str, label: str | None) -> bool:
    """True when the page has letters besides its own page label."""
    if label is None:
        return bool(_LETTER.search(text))
    return any(
        _LETTER.search(line) and not _STRONG_LABEL.match(line.strip()) for line in text.splitlines()
    )


def _reason(exc: Exception, messages: list[str]) -> str:
    """A short one-line cause: the exception's message, else pypdf's last complaint."""
    text = str(exc).strip() or (messages[-1] if messages else "") or type(exc).__name__
    line = " ".join(text.split())
    return line if len(line) <= 120 else line[:117] + "..."


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.messages.append(message)
        log.debug("pypdf: %s", message)


@contextmanager
def _captured_pypdf_log() -> Iterator[list[str]]:
    """Route pypdf's log records and warnings away from stderr for the duration."""
    logger = logging.getLogger("pypdf")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
