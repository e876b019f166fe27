"""Debian's Chromium driven by Playwright, and a local server for a built site: what every browser
test module shares (the `browser` fixture in tests/conftest.py is `chromium_session`)."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.support.site import stop_idle_executors

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # screenshots for a reviewer

# Runs before the page's own scripts (Playwright injects it outside the page's policy).
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(root: Path, handler: type[http.server.SimpleHTTPRequestHandler] = Quiet) -> Iterator[str]:
    """Serve `root` on a free local port for as long as the generator is open; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_session() -> Iterator[Any]:
    """A launched Chromium for a module's tests. Afterwards Playwright's thread pools are shut down and
    must be gone (within a few seconds): while one lives, this test process may not fork, and the tests
    of the forked loader and rules that run after in it would silently run in one process."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
    stop_idle_executors()
    deadline = time.monotonic() + 5
    while (left := [t.name for t in threading.enumerate() if t.name.startswith("asyncio_")]) and \
            time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, left


def watched_page(browser: Any, width: int = 360) -> tuple[Any, Any, list[str]]:
    """A new context and page that record policy violations (`window.__csp`) and console errors."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors
