"""Transcripts (WebVTT, SRT, JSON, TSV, plain "Name: text") -> :class:`Document`.

Readers (one module each, registered in :data:`TRANSCRIPT_READERS`) turn a file into
:class:`~pipeline.ingest.captions_cues.Cue` objects; this module turns cues into text.

Layout of :attr:`Document.text`: one paragraph per speaker turn, paragraphs separated by a
blank line; a turn whose speaker is known reads ``"Name: words ..."``. Cue lines are joined
with single spaces. Each fragment of caption text goes through the same rules as
:func:`pipeline.ingest.normalise.normalise_text` (NFKC, zero-width and control characters,
collapsed blanks), so the text is already normalised and offsets index it directly.

Turns (:attr:`Document.turns`): a new turn starts when a cue names a different speaker
(``<v Name>``, a ``"Name: "`` label at the start of a cue line, JSON ``speaker``), or at
``>>`` (a change of speaker without a name). A cue that names nobody continues the current
speaker. When no speaker is known, the text would be one wall of words, so an unnamed turn
also ends at a pause of :data:`PAUSE_SECONDS` or more between cues, after
:data:`SOFT_WORDS` words at the end of a sentence, or after :data:`HARD_WORDS` words. A
turn's span covers its whole paragraph, label included; its times are its first cue's start
and its last cue's end.

Time anchors (:attr:`Document.time_anchors`): one at the first character of every cue that
contributes text (its start time) and one at every inline word stamp; offsets ascend.
:func:`pipeline.transcripts.time_at` reads them. Roll-up caption repeats are removed
first (:mod:`pipeline.ingest.captions_rolling`), keeping each remaining line's own times.

Metadata: ``kind="transcript"``; council, body, date, title and video URL where the file
states them (WebVTT header and ``NOTE`` lines, the lines above the first turn of a
plain-text transcript or the header of a TSV, top-level JSON fields), else from the words,
a companion metadata file and the file name
(:mod:`pipeline.ingest.transcript_facts`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import InputError
from pipeline.ingest.text import decode_text
from pipeline.limits import load_json
from pipeline.models import Document, MeetingMetadata, Speaker, TimeAnchor

if TYPE_CHECKING:
    from pipeline.ingest.captions_cues import CaptionFile, Cue

# The one registration point of transcript readers: format -> "module:parser" of decoded
# text. Named, not imported: sniffing every text file loads this module, and a reader's
# patterns are compiled only when a file of its format is read.
TRANSCRIPT_READERS: dict[str, str] = {
    "vtt": "pipeline.ingest.captions_vtt:parse_vtt",
    "srt": "pipeline.ingest.captions_srt:parse_srt",
    "transcript-json": "pipeline.ingest.captions_json:parse_json_transcript",
    "transcript-tsv": "pipeline.ingest.captions_tsv:parse_tsv_transcript",
    "transcript-text": "pipeline.ingest.captions_plain:parse_plain_transcript",
}
TRANSCRIPT_FORMATS = tuple(TRANSCRIPT_READERS)

PAUSE_SECONDS = 2.0
SOFT_WORDS = 120
HARD_WORDS = 250

_REMOVE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None)
_BLANKS = re.compile(r"[\x00-\x20\x7f\u0085]+")


def read_transcript(path: Path, fmt: str, data: bytes) -> Document:
    """Parse a transcript of format ``fmt`` (one of :data:`TRANSCRIPT_FORMATS`) into a
    :class:`Document`; raises :class:`InputError` when the file is broken or holds no cues."""
    raw = decode_text(path, data)
    captions = _parse(path, fmt, raw)
    if not captions.cues:
        what = "no speaker turns" if fmt == "transcript-text" else "no caption cues"
        raise InputError(path, f"{what} found")
    warnings: list[str] = []
    cues = captions.cues
    if fmt != "transcript-text":
        from pipeline.ingest.captions_rolling import drop_rolling_repeats, is_rolling

        if is_rolling(cues):
            cues, dropped = drop_rolling_repeats(cues)
            warnings.append(f"roll-up captions: dropped {dropped} repeated caption lines")
    builder = _TextBuilder()
    for cue in cues:
        builder.add_cue(cue)
    builder.close_turn()
    text = "".join(builder.parts)
    if not text.strip():
        raise InputError(path, "the captions hold no text")
    document = Document(
        path=str(path),
        format=fmt,  # type: ignore[arg-type]
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        turns=builder.turns,
        header=captions.header,
        time_anchors=[TimeAnchor(offset=o, seconds=s) for o, s in builder.anchors],
        warnings=warnings,
    )
    # Only a transcript read needs its fact readers; sniffing a text file loads this module.
    from pipeline.ingest.transcript_facts import transcript_metadata

    first_cue = builder.anchors[0][1] if builder.anchors else None
    document.metadata = transcript_metadata(
        path, _stated_metadata(path, captions.header), text, first_cue=first_cue
    )
    return document


def _parse(path: Path, fmt: str, raw: str) -> CaptionFile:
    reader = TRANSCRIPT_READERS.get(fmt)
    if reader is None:
        raise InputError(path, f"not a transcript format: {fmt}")
    module, name = reader.split(":")
    parse: Callable[[Path, str], CaptionFile] = getattr(import_module(module), name)
    return parse(path, raw)


def sniff_transcript_data(path: Path, data: bytes) -> str | None:
    """The transcript format of ``data`` found by content (JSON of any name, TSV), or None.

    WebVTT and SRT announce themselves and plain "Name: text" transcripts are told from
    documents later; :func:`pipeline.ingest.sniff.sniff_format` checks those itself.
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if head[:1] in (b"{", b"["):
        try:
            # Bounded parse: a hostile file (deep nesting, huge numbers) is not a transcript.
            parsed = load_json(path, data.decode("utf-8-sig"))
        except (UnicodeDecodeError, InputError):
            return None
        from pipeline.ingest.captions_json import is_json_transcript

        return "transcript-json" if is_json_transcript(parsed) else None
    if b"\t" in head:
        try:
            sample = data[:65536].decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        from pipeline.ingest.captions_tsv import looks_like_transcript_tsv

        return "transcript-tsv" if looks_like_transcript_tsv(sample) else None
    return None


def normalise_fragment(raw: str) -> str:
    """One piece of caption text normalised like :func:`normalise_text`, on one line.

    Leading and trailing blanks are kept as one space each: they mark word boundaries
    between pieces (``good<00:00:00.320><c> evening</c>``).
    """
    text = unicodedata.normalize("NFKC", raw).translate(_REMOVE)
    return _BLANKS.sub(" ", text)


@dataclass
class _OpenTurn:
    speaker: str | None
    start: int
    body_start: int
    time_start: float | None = None
    time_end: float | None = None
    words: int = 0
    continued: bool = False


@dataclass
class _TextBuilder:
    """Appends cue text paragraph by paragraph, recording turns and anchors as it goes."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    turns: list[Speaker] = field(default_factory=list)
    anchors: list[tuple[int, float]] = field(default_factory=list)
    speaker: str | None = None
    turn: _OpenTurn | None = None
    need_space: bool = False
    last_end: float | None = None
    continuing: bool = False  # the next paragraph goes on with the same unnamed speaker

    def add_cue(self, cue: Cue) -> None:
        from pipeline.ingest.captions_cues import speaker_label  # loaded by every reader

        self._maybe_break_unnamed(cue)
        stamp: float | None = cue.start
        for line in cue.lines:
            at_line_start = True
            self.need_space = True
            for kind, value in line:
                if kind == "voice":
                    self._switch(str(value))
                elif kind == "change":
                    self._switch(None, force=True)
                    at_line_start = True
                elif kind == "stamp":
                    stamp = float(value)  # type: ignore[arg-type]
                elif kind == "text":
                    text = str(value)
                    if at_line_start:
                        label = speaker_label(text.lstrip())
                        if label is not None:
                            self._switch(label[0])
                            text = text.lstrip()[label[1] :]
                    if self._append(text, stamp, cue):
                        stamp = None
                        at_line_start = False
        if cue.end is not None:
            self.last_end = cue.end

    def _maybe_break_unnamed(self, cue: Cue) -> None:
        """Unnamed speech is cut into paragraphs at pauses and at sentence ends."""
        turn = self.turn
        if turn is None or turn.speaker is not None:
            return
        paused = (
            cue.start is not None
            and self.last_end is not None
            and cue.start - self.last_end >= PAUSE_SECONDS
        )
        ended = self.parts and self.parts[-1].rstrip()[-1:] in (".", "?", "!")
        if paused or (turn.words >= SOFT_WORDS and ended) or turn.words >= HARD_WORDS:
            self._switch(None, force=True)
            self.continuing = True

    def _switch(self, speaker: str | None, force: bool = False) -> None:
        self.continuing = False  # a new speaker (named or ">>"), unless the caller says so
        if force or speaker != self.speaker:
            self.close_turn()
            self.speaker = speaker

    def _append(self, raw: str, seconds: float | None, cue: Cue) -> bool:
        """Append text; returns False when it was blank (stamps then carry forward)."""
        text = normalise_fragment(raw)
        body = text.strip(" ")
        if not body:
            self.need_space = self.need_space or bool(text)
            return False
        if self.turn is None:
            start = self.length
            if self.turns:
                self._write("\n\n")
                start = self.length
            if self.speaker:
                self._write(f"{self.speaker}: ")
            self.turn = _OpenTurn(self.speaker, start, self.length, continued=self.continuing)
            self.continuing = False
        elif self.length > self.turn.body_start and (self.need_space or text[0] == " "):
            self._write(" ")
        if seconds is not None:
            if self.anchors and self.anchors[-1][0] == self.length:
                self.anchors[-1] = (self.length, seconds)
            else:
                self.anchors.append((self.length, seconds))
        self._write(body)
        self.need_space = text[-1] == " "
        turn = self.turn
        if turn.time_start is None:
            turn.time_start = seconds if seconds is not None else cue.start
        turn.time_end = cue.end  # unknown when the last cue's end is (plain text)
        turn.words += len(body.split())
        return True

    def _write(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def close_turn(self) -> None:
        turn = self.turn
        if turn is None:
            return
        self.turns.append(
            Speaker(
                speaker=turn.speaker,
                start=turn.start,
                end=self.length,
                time_start=turn.time_start,
                time_end=turn.time_end,
                continued=turn.continued,
            )
        )
        self.turn = None


def _stated_metadata(path: Path, header: list[str]) -> MeetingMetadata:
    """What the file states about its meeting in its header, notes or top-level fields."""
    meta = MeetingMetadata()
    lines = [normalise_fragment(line).strip() for line in header]
    lines = [line for line in lines if line and not re.match(r"^(?:Kind|Language):", line)]
    if lines:
        from pipeline.ingest.facts import meeting_facts

        stub = Document(path=str(path), format="text", text="\n".join(lines), sha256="")
        meta = meeting_facts(stub)
    return meta
