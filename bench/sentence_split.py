"""Our sentence splitter (pipeline/text.py) against pysbd and syntok, on council text.

Two measures, in the same run: how many of a set of council-minutes sentences each
splitter cuts correctly (titles, initials, sums of money, paragraph numbers, times), and
how fast each splits the paragraphs of the Hackney corpus documents and the samples.
Needs ``pip install -e '.[bench]'`` (pysbd, syntok).

    .venv/bin/python bench/sentence_split.py
"""

from __future__ import annotations

import glob
import time
from pathlib import Path

import pysbd
from syntok import segmenter

from pipeline.ingest import load_document
from pipeline.text import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
# (text, number of sentences): shapes council minutes print.
CASES = [
    ("Cllr. Smith proposed the motion. It was agreed.", 2),
    ("The forecast overspend is £1.7m. Officers will report back.", 2),
    ("Apologies were received from Mr J. Smith and Ms K. Patel. Cllr Tran substituted.", 2),
    ("The plan (see para. 4.2) was noted. Members asked questions.", 2),
    ("The meeting started at 7.00 p.m. and closed at 9.15 p.m. The Chair thanked everyone.", 2),
    ("St. Mary's School was discussed, e.g. its funding. No decision was taken.", 2),
    ("Item No. 5 was deferred. The report is at Appendix A.", 2),
    ("The Commission noted the report. RESOLVED: That the report be noted.", 2),
    ('He said "We will act now." The Chair agreed.', 2),
    ("Spending rose 12.5% in 2023/24. This was above target.", 2),
    ("The vote was 5 for, 2 against. The motion was carried.", 2),
    ("Dr. Bennett introduced the report. She highlighted three risks.", 2),
    ("The approx. cost is £2m. Cabinet approved it.", 2),
    ("Questions were asked about the A10. Officers responded.", 2),
    ("The minutes of 9 Sept. 2024 were agreed. There were no matters arising.", 2),
]
_PYSBD = pysbd.Segmenter(language="en", clean=False)


def ours(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def with_pysbd(text: str) -> list[str]:
    return [s.strip() for s in _PYSBD.segment(text) if s.strip()]


def with_syntok(text: str) -> list[str]:
    return [
        "".join(token.spacing + token.value for token in sentence).strip()
        for paragraph in segmenter.process(text)
        for sentence in paragraph
    ]


def main() -> None:
    splitters = {"ours": ours, "pysbd": with_pysbd, "syntok": with_syntok}
    files = glob.glob(str(ROOT.parent / "shared/corpus/hackney/*.txt"))
    files += glob.glob(str(ROOT / "samples/*.txt"))
    paragraphs = [p for f in files for p in load_document(f).text.split("\n\n") if len(p) > 40]
    chars = sum(map(len, paragraphs))
    print(f"{len(CASES)} council cases; {len(paragraphs)} corpus paragraphs, {chars} chars")
    for name, split in splitters.items():
        right = sum(len(split(text)) == count for text, count in CASES)
        started = time.perf_counter()
        for paragraph in paragraphs:
            split(paragraph)
        seconds = time.perf_counter() - started
        print(
            f"  {name:<7} cases right {right}/{len(CASES)}  {chars / seconds / 1000:8.0f}k chars/s"
        )


if __name__ == "__main__":
    main()
