"""Failures outside the stages' own errors are still one line and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import DEBUG_ENV, cli

ROOT = Path(__file__).resolve().parent.parent


def test_an_unwritable_output_is_one_line_naming_the_path(samples):
    proc = subprocess.run(
        [
            sys.executable,
            "run.py",
            "summarise",
            str(samples / "northbridge-cabinet-minutes.pdf"),
            "--out",
            "/proc/council-digest-cannot-write-here",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "/proc/council-digest-cannot-write-here" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_bug_is_one_line_unless_debugging(monkeypatch, samples):
    # Stand in for a bug deep in a stage: the segmenter raising something unexpected.
    def broken(*_args, **_kwargs):
        raise KeyError("boom")

    import pipeline.commands.segment as segment_command

    monkeypatch.setattr(segment_command, "segment_document", broken)
    pdf = str(samples / "northbridge-cabinet-minutes.pdf")
    result = CliRunner().invoke(cli, ["segment", pdf], env={DEBUG_ENV: ""})
    assert result.exit_code == 2
    assert "internal error (KeyError" in result.output and DEBUG_ENV in result.output
    debug = CliRunner().invoke(cli, ["segment", pdf], env={DEBUG_ENV: "1"})
    assert isinstance(debug.exception, KeyError)
