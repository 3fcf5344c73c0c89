"""Detect a document's format from its bytes; the extension only breaks ties."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.errors import InputError

_HTML_HINT = re.compile(rb"<(!doctype html|html|head|body|div|table|p|h[1-6])[\s>]", re.I)
_SRT_CUE = re.compile(rb"^\s*\d+\s*\r?\n\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.M)
_BINARY_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (Word/Excel files are not supported; save as PDF)",
    b"\xd0\xcf\x11\xe0": "an old Office document (save it as PDF)",
    b"\x89PNG": "a PNG image (scanned pages need OCR first)",
    b"\xff\xd8\xff": "a JPEG image (scanned pages need OCR first)",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}


def sniff_format(path: Path, data: bytes) -> str:
    """Return one of the :data:`~pipeline.models.DocumentFormat` values or raise."""
    head = data[:4096].lstrip()
    if head.startswith(b"%PDF-") or data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16 text (Windows "Unicode" saves) is full of NULs; judge it decoded.
        sample = data[:8192].decode("utf-16", errors="replace").encode("utf-8")
        return "html" if _HTML_HINT.search(sample) else "text"
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(path, f"unsupported file type: {what}")
    if _looks_binary(data):
        raise InputError(path, "unsupported file type: binary data, not a document")
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"WEBVTT"):
        return "vtt"
    if _SRT_CUE.search(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "srt"
    if stripped[:1] in (b"{", b"[") and path.suffix.lower() == ".json":
        return "transcript-json"
    from pipeline.ingest.transcript import sniff_transcript_data

    timed = sniff_transcript_data(path, data)  # JSON of any name, tab-separated
    if timed is not None:
        return timed
    if _HTML_HINT.search(data[:65536]):
        return "html"
    from pipeline.ingest.captions_plain import looks_like_transcript_text

    if looks_like_transcript_text(data, path.name):  # turns or stamps, or named a transcript
        return "transcript-text"
    if path.suffix.lower() in (".md", ".markdown"):
        return "markdown"
    return "text"


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or mostly non-text bytes in the first 4 KB mean this is not text."""
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    text_bytes = bytes(range(32, 127)) + b"\n\r\t\f\b" + bytes(range(128, 256))
    junk = sum(1 for b in sample if b not in text_bytes)
    return junk > len(sample) * 0.05
