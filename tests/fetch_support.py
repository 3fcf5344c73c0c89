"""Helpers for the fetch tests: recorded council sites on 127.0.0.1 and quick settings.

The sites are served by ``scripts/council_site.py`` (the same server ``make demo`` uses) from
``tests/fixtures/fetch/<site>/`` (provenance in ``tests/fixtures/fetch/SOURCES.md``) and
``samples/northbridge-site/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from council_site import CouncilSite, Reply  # noqa: E402

from pipeline.fetch.models import Council  # noqa: E402
from pipeline.fetch.settings import FetchSettings  # noqa: E402

FETCH_FIXTURES = ROOT / "tests" / "fixtures" / "fetch"
NORTHBRIDGE_SITE = ROOT / "samples" / "northbridge-site"
PDF = (FETCH_FIXTURES / "documents" / "document.pdf").read_bytes()

__all__ = ["FETCH_FIXTURES", "NORTHBRIDGE_SITE", "PDF", "CouncilSite", "Reply"]


def quick_settings(**overrides) -> FetchSettings:
    """Settings for tests: no spacing between requests, no backoff, two attempts."""
    values = {
        "min_interval_s": 0.0,
        "backoff_initial_s": 0.0,
        "backoff_max_s": 0.0,
        "max_attempts": 2,
        "timeout_s": 10.0,
        "contact": "fetch-tests@council-digest.localhost",
    }
    return FetchSettings(**(values | overrides))


def council_at(site_url: str, platform: str = "moderngov", **fields) -> Council:
    """A registry entry for a council served at ``site_url``."""
    values = {
        "slug": "northbridge",
        "name": "Northbridge Borough Council",
        "platform": platform,
        "base_url": site_url,
    }
    return Council(**(values | fields))


def write_registry(path: Path, *councils: Council) -> Path:
    """A councils registry file holding ``councils``."""
    from pipeline.fetch.registry import council_toml

    path.write_text("\n".join(council_toml(c) for c in councils), encoding="utf-8")
    return path


def run_cli(folder: Path, *args: str, registry: Path, **env: str) -> subprocess.CompletedProcess:
    """``run.py ARGS`` in ``folder`` against ``registry``, with no spacing or backoff."""
    environ = {
        **os.environ,
        "COUNCIL_DIGEST__FETCH__REGISTRY": str(registry),
        "COUNCIL_DIGEST__FETCH__MIN_INTERVAL_S": "0",
        "COUNCIL_DIGEST__FETCH__BACKOFF_INITIAL_S": "0",
        "COUNCIL_DIGEST__FETCH__MAX_ATTEMPTS": "2",
        **env,
    }
    environ.pop("COUNCIL_DIGEST_CONFIG", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "run.py"), *args],
        cwd=folder,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )
