"""The weekly job reads each source file once: the manifest of the sources folder knows
every file's meeting, and a finished meeting is not opened again on a re-run."""

from __future__ import annotations

import shutil

import pytest

import pipeline.ingest
from pipeline.config import load_settings
from pipeline.weekly import run_weekly

WEEK = "2024-W37"


@pytest.fixture
def week(tmp_path, samples, monkeypatch):
    """A job folder with a copy of the samples, and a counter of documents read."""
    sources = tmp_path / "sources"
    shutil.copytree(samples, sources, ignore=shutil.ignore_patterns("src"))
    monkeypatch.chdir(tmp_path)
    read: list[str] = []
    real = pipeline.ingest.load_document

    def counting(path):
        read.append(str(path))
        return real(path)

    monkeypatch.setattr(pipeline.ingest, "load_document", counting)
    settings = load_settings(environ={"COUNCIL_DIGEST_SECRET": "manifest-test-secret"})

    def run(week: str = WEEK):
        read.clear()
        return run_weekly(
            settings,
            council="northbridge",
            week=week,
            sources=str(sources),
            send=False,
            echo=lambda _line: None,
            workers=1,
        )

    return run, read, sources


def test_each_file_is_read_once_then_known_from_the_manifest(week):
    run, read, sources = week
    first = run()
    # Every file once to learn its meeting; the week's two are not read again to summarise.
    assert sorted(read) == sorted(str(p) for p in sources.iterdir() if p.is_file())
    again = run()
    assert read == []  # finished meetings are not opened, other files not read
    assert again.summaries == first.summaries and again.summaries_written == 0
    assert run("2024-W40").summaries == [] and read == []


def test_a_changed_file_is_read_again_and_only_it(week):
    run, read, sources = week
    run()
    pack = sources / "northbridge-cabinet-agenda-pack.txt"
    pack.write_text(pack.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = run()
    assert read == [str(pack)]
    assert len(result.summaries) == 2  # the minutes still record the Cabinet meeting
