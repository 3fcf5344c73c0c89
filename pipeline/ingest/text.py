"""Plain-text and Markdown copies of council pages."""

from __future__ import annotations

import codecs
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.normalise import normalise_text
from pipeline.ingest.options import IngestOptions, ProgressCallback
from pipeline.models import Document


def read_text(
    path: Path,
    fmt: str,
    data: bytes,
    options: IngestOptions,
    progress: ProgressCallback | None,
) -> Document:
    """The :class:`~pipeline.ingest.readers.Reader` of plain text and Markdown."""
    from pipeline.ingest.document import finish_document

    return finish_document(path, fmt, normalise_text(decode_text(path, data)))


def decode_text(path: Path, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM); anything else is a clear input error.

    We refuse to guess legacy encodings: a wrong guess silently corrupts names and quotes,
    which the evals would then "verify" against the corrupted text.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")  # the BOM states the encoding
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        if any(b in data for b in (b"\x91", b"\x92", b"\x93", b"\x94", b"\x96", b"\xa3")):
            hint = " (it looks like Windows-1252; re-save it as UTF-8)"
        raise InputError(
            path, f"not UTF-8 text: invalid byte at offset {exc.start}{hint}"
        ) from None
