#!/usr/bin/env python3
"""What a re-run of ``fetch`` costs against the first run: requests, document bodies and
bytes transferred, wall time (ratio measured in the same run).

The site is the sample council's (``samples/northbridge-site/``, September 2024: three
meetings, one cancelled) or any folder with a ``site.toml`` (``--site``), served on
127.0.0.1 by ``scripts/council_site.py``. ``--interval`` is the per-host spacing (the
default config's 1 s makes the run as slow as it is polite).

    .venv/bin/python bench/fetch_rerun.py [--interval 1.0] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from council_site import CouncilSite  # noqa: E402

from pipeline.fetch import FetchSettings, fetch_council  # noqa: E402
from pipeline.fetch.models import Council  # noqa: E402


def _one_run(site: CouncilSite, council: Council, settings: FetchSettings, store: Path) -> dict:
    site.requests.clear()
    started = time.perf_counter()
    report = fetch_council(
        council,
        settings=settings,
        since=dt.date(2024, 9, 1),
        until=dt.date(2024, 9, 30),
        out=store,
    )
    seconds = time.perf_counter() - started
    new = [d for m in report.meetings for d in m.documents if d.status == "new"]
    return {
        "seconds": round(seconds, 3),
        "requests": len(site.requests),
        "conditional_requests": sum(1 for r in site.requests if "if-none-match" in r.headers),
        "documents_transferred": report.downloaded,
        "bytes_stored": sum(d.size or 0 for d in new),
        "meetings": len(report.meetings),
        "ok": report.ok,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "samples" / "northbridge-site")
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = FetchSettings(min_interval_s=args.interval)
    with CouncilSite(args.site) as site, tempfile.TemporaryDirectory() as store:
        council = Council(
            slug="northbridge",
            name="Northbridge Borough Council",
            platform="moderngov",
            base_url=site.url,
        )
        first = _one_run(site, council, settings, Path(store))
        again = _one_run(site, council, settings, Path(store))
    result = {
        "interval_s": args.interval,
        "first": first,
        "rerun": again,
        "rerun_time_ratio": round(again["seconds"] / first["seconds"], 3),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for name in ("first", "rerun"):
            run = result[name]
            print(
                f"{name:>6}: {run['seconds']:.2f}s, {run['requests']} requests "
                f"({run['conditional_requests']} conditional), "
                f"{run['documents_transferred']} document bodies, {run['bytes_stored']} bytes "
                f"stored, {run['meetings']} meetings, ok={run['ok']}"
            )
        print(f"re-run / first run time: {result['rerun_time_ratio']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
