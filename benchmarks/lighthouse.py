"""Lighthouse scores of the public pages: mobile (Lighthouse's default: a phone's screen, throttled CPU and
network), served without compression by a plain local HTTP server, in Debian's chromium.

    python benchmarks/lighthouse.py                  # builds the sample registry (registry/) first
    python benchmarks/lighthouse.py --site public    # an existing build
    python benchmarks/lighthouse.py --runs 5 --keep /tmp/lh   # the median of five runs; every report kept

Prints performance, accessibility, best practices and SEO (0-100) for the home, an account, the notices,
the directory (and a region page), the recent changes and the verify page, and which audits fell short.
Lighthouse's performance score moves by several points between runs on a busy machine: with `--runs N`
each page is scored N times in turn and the median of each category is printed (the audits short of full
marks are those of the run with the median performance).
Targets: performance >= 95, accessibility 100, best practices 100, SEO 100. Needs `npm ci` (lighthouse is
in package.json) and /usr/bin/chromium. Slow (about ten seconds a page), so not part of `make test`."""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.site.build import build_site  # noqa: E402

LIGHTHOUSE = PROJECT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = "/usr/bin/chromium"
# As the browser tests launch it (tests/support/browser.py), headless.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
TODAY = "2026-11-20"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Plain files, no compression, no caching headers: the slowest honest static host."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def pages(site: Path) -> dict[str, str]:
    """The pages scored: the first account in the listing, the first region of the directory."""
    account = sorted(p.name for p in (site / "accounts").iterdir() if p.is_dir())[0]
    regions = sorted(p.name for p in (site / "directory").iterdir() if p.is_dir())
    out = {"home": "", "account": f"accounts/{account}/", "notices": "notices/", "directory": "directory/"}
    if regions:
        out["region"] = f"directory/{regions[0]}/"
    out.update({"changes": "changes/", "verify": "verify/"})
    return out


def score(url: str, report: Path) -> dict[str, object]:
    cmd = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROME})
    return json.loads(report.read_text("utf-8"))


def short_of(result: dict) -> list[str]:  # type: ignore[type-arg]
    """The audits that cost points (score below 1 with weight), by category."""
    out = []
    for cat in CATEGORIES:
        for ref in result["categories"][cat]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                out.append(f"{cat}:{ref['id']}={audit.get('displayValue') or audit['score']}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="a built site (default: build registry/ into a temporary folder)")
    ap.add_argument("--registry", type=Path, default=PROJECT / "registry")
    ap.add_argument("--runs", type=int, default=1, help="score each page this many times; print the medians")
    ap.add_argument("--page", action="append", help="score only this page (home, account, ...); repeatable")
    ap.add_argument("--keep", type=Path, help="keep Lighthouse's JSON reports in this folder (<page>-<run>.json)")
    args = ap.parse_args()
    if not LIGHTHOUSE.is_file():
        print("lighthouse is not installed: run `npm ci`", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="portal-lighthouse-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_site(args.registry, site, TODAY)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"Lighthouse {json.loads((LIGHTHOUSE.parent.parent / 'package.json').read_text())['version']}, "
              f"mobile, {CHROME}, served uncompressed from {site}")
        reports = args.keep or Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        if args.runs > 1:
            print(f"median of {args.runs} runs per page")
        print(f"{'page':<10} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}  short of")
        missed = 0
        try:
            for name, path in pages(site).items():
                if args.page and name not in args.page:
                    continue
                results = [score(base + path, reports / f"{name}-{run}.json") for run in range(args.runs)]
                runs = [{c: round(r["categories"][c]["score"] * 100) for c in CATEGORIES} for r in results]
                got = {c: round(statistics.median(run[c] for run in runs)) for c in CATEGORIES}
                median = min(results, key=lambda r: abs(r["categories"]["performance"]["score"] * 100
                                                         - got["performance"]))
                missed += sum(got[c] < TARGETS[c] for c in CATEGORIES)
                spread = f" (runs {'/'.join(str(run['performance']) for run in runs)})" if args.runs > 1 else ""
                print(f"{name:<10} {got['performance']:>5} {got['accessibility']:>5} {got['best-practices']:>5} "
                      f"{got['seo']:>5}  {' '.join(short_of(median)) or '-'}{spread}", flush=True)
        finally:
            server.shutdown()
            server.server_close()
        print("targets: performance >= 95, accessibility 100, best practices 100, SEO 100: "
              + ("met" if not missed else f"{missed} score(s) below"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
