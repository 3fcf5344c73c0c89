"""The built-in engine's summaries are never flagged on their own source.

Every real document of the shared corpus (``../shared/corpus/dev`` and ``hackney``) is
summarised with ``run.py summarise`` (the default, extractive engine) and the summary is
checked with ``run.py evals check``: the extractive engine copies the source's own words,
so any flag is a false alarm of the checker.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
OCR_CACHE = Path(__file__).resolve().parents[1] / ".cache" / "council-digest" / "ocr"
SUFFIXES = {".pdf", ".txt", ".md", ".vtt", ".json", ".tsv", ".srt", ".html"}
NOT_DOCUMENTS = {"truth.json", "README.md", "SOURCES.md"}


def real_documents() -> list[Path]:
    found = []
    for folder in ("dev", "hackney"):
        for path in sorted((CORPUS / folder).rglob("*")):
            # The opencouncil page is a summary, not a source.
            if (
                path.suffix in SUFFIXES
                and path.name not in NOT_DOCUMENTS
                and not path.name.startswith("opencouncil-summary")
            ):
                found.append(path)
    return found


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus beside the project")
def test_extractive_summaries_of_every_real_document_are_never_flagged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # A scanned document's OCR is kept in the project's cache, as any run keeps it, not
    # redone in each run's temporary folder.
    monkeypatch.setenv("COUNCIL_DIGEST__INGEST__OCR_CACHE_DIR", str(OCR_CACHE))
    runner = CliRunner()
    checked = []
    flagged = []
    for n, document in enumerate(real_documents()):
        out = tmp_path / f"s{n}"
        made = runner.invoke(cli, ["summarise", str(document), "--out", str(out), "--json"])
        if made.exit_code == 2:
            continue  # not readable here (a scanned PDF with no text layer): nothing to check
        assert made.exit_code in (0, 1), made.output
        written = json.loads(made.stdout)["summaries"][0]["summary"]
        result = runner.invoke(
            cli, ["evals", "check", "--source", str(document), "--summary", written, "--json"]
        )
        assert result.exit_code in (0, 1), result.output
        report = json.loads(result.stdout)
        checked.append((document.name, len(report["summary_sentences"])))
        here = [
            (document.name, s["text"][:120], [i["detail"] for i in s["issues"]])
            for s in report["summary_sentences"]
            if s["verdict"] in ("unsupported", "contradicted")
        ]
        missing = [q["text"] for q in report["quotes"] if not q["found"]]
        assert result.exit_code == (1 if here or missing else 0)
        flagged += here + [(document.name, q, ["quote not found"]) for q in missing]
    # The summaries are short news briefs (at most 5 overview sentences, 1-3 per item): 219
    # sentences over the 18 documents with a text layer, a few more with the scanned pack.
    assert len(checked) >= 15 and sum(n for _, n in checked) >= 200, checked
    assert flagged == []
