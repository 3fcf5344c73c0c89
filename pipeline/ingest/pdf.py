"""PDF pages via pypdf: raw text per physical page plus the page number printed on it.

One ``extract_text()`` per page and nothing else (no layout mode, no second pass): the
agenda packs run to hundreds of pages and ingest must stay within 1.5x of bare pypdf.

pypdf reports recoverable damage through the ``pypdf`` logger; while we read, those
records are captured (and passed on at DEBUG level to this module's logger) so stderr
stays clean. Unrecoverable damage becomes one :class:`~pipeline.errors.InputError` line.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import InputError
from pipeline.unreadable import damaged_page

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


def read_pdf_pages(
    path: Path, data: bytes, unreadable: list[tuple[int, str]] | None = None
) -> list[tuple[str, str | None]]:
    """Return ``(raw_text, printed_label)`` for every physical page of the PDF in ``data``.

    Raises :class:`InputError` for truncated, corrupt or password-protected files, a PDF
    with no pages, and a PDF whose pages carry no text layer (scanned images). Pages that
    came out empty while pypdf reported damage are appended to ``unreadable`` as
    ``(page number, reason)``.
    """
    if b"%%EOF" not in data.rstrip(_EOF_PADDING)[-_EOF_WINDOW:]:
        raise InputError(path, "truncated PDF: the file ends before its end-of-file marker")
    with _captured_pypdf_log() as messages:
        texts = _extract_texts(path, data, messages, unreadable)
    if not texts:
        raise InputError(path, "PDF has no pages")
    pages = _label_pages(texts)
    if not any(_has_words(text, label) for text, label in pages):
        raise InputError(path, "no text layer (scanned images?): run OCR first")
    return pages


def _extract_texts(
    path: Path, data: bytes, messages: list[str], unreadable: list[tuple[int, str]] | None
) -> list[str]:
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
    texts: list[str] = []
    for index in range(count):
        before = len(messages)
        try:
            texts.append(pages[index].extract_text() or "")
            damage = damaged_page(texts[-1], messages[before:])
            if damage is not None and unreadable is not None:
                unreadable.append((index + 1, damage))
        except Exception as exc:  # a damaged content stream; the page cannot be trusted
            reason = _reason(exc, messages)
            raise InputError(path, f"corrupt PDF: page {index + 1} unreadable ({reason})") from None
    return texts


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
