"""The injected-instruction detector on real documents: false hits, and what it costs.

    .venv/bin/python bench/injection_scan.py [--rounds N] [--json]

1. Reads every document of ``../shared/corpus`` and ``samples/`` that ingests (scanned
   PDFs and data files that are not documents are skipped) and counts suspicious spans:
   none of them holds instructions to a model, so every hit is a false one.
2. Runs the detector alone over the corpus's conversation texts (SummEdits podcasts,
   sales calls, chats; the Seattle transcript sentences), the closest thing to people
   telling each other to "write that down".
3. Times the detector against ingest of the 140-page Hackney agenda pack in the same run
   (best of N rounds each), so the figure is a ratio, not seconds on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.ingest import load_document
from pipeline.ingest.injection import find_injections

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PACK = CORPUS / "hackney" / "agenda-pack-hwb-2023-01-26.pdf"
SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md", ".vtt", ".srt", ".json", ".tsv"}


def scan_documents() -> dict:
    read, hits = 0, []
    for root in (CORPUS, ROOT / "samples"):
        for path in sorted(p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES):
            try:
                document = load_document(path)
            except PipelineError:
                continue
            read += 1
            hits += [f"{path}: {s.reason}" for s in document.suspicious]
    return {"documents": read, "hits": hits}


def scan_conversations() -> dict:
    texts: list[str] = []
    for path in sorted((CORPUS / "faithfulness" / "summedits").glob("*.json")):
        texts += list(dict.fromkeys(row.get("doc") or "" for row in json.loads(path.read_text())))
    lines = (CORPUS / "transcripts" / "seattle-textcat-train-v0.jsonl").read_text().splitlines()
    texts += [json.loads(line).get("text", "") for line in lines if line.strip()]
    hits = sum(len(find_injections(text)) for text in texts)
    return {"texts": len(texts), "characters": sum(map(len, texts)), "hits": hits}


def time_pack(rounds: int) -> dict:
    ingest, detect = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        document = load_document(PACK)  # includes the detector
        ingest.append(time.perf_counter() - started)
        started = time.perf_counter()
        find_injections(document.text)
        detect.append(time.perf_counter() - started)
    return {
        "characters": len(document.text),
        "ingest_s": round(min(ingest), 3),
        "detector_s": round(min(detect), 3),
        "detector_share_of_ingest": round(min(detect) / min(ingest), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {
        "documents": scan_documents(),
        "conversations": scan_conversations(),
        "pack": time_pack(args.rounds),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    docs, talk, pack = result["documents"], result["conversations"], result["pack"]
    print(f"documents read: {docs['documents']}, flagged: {len(docs['hits'])}")
    for hit in docs["hits"]:
        print(f"  {hit}")
    print(
        f"conversation texts: {talk['texts']} ({talk['characters']} chars), flagged: {talk['hits']}"
    )
    print(
        f"140-page pack ({pack['characters']} chars): ingest {pack['ingest_s']}s, detector "
        f"{pack['detector_s']}s = {pack['detector_share_of_ingest']:.1%} of ingest"
    )


if __name__ == "__main__":
    main()
