"""`portal serve`: builds, serves the output with a live-reload hook, rebuilds when a record changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.site import SMALL, TODAY, copy_registry


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def _wait(predicate, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_serve_rebuilds_on_change(tmp_path: Path) -> None:
    reg = copy_registry(SMALL, tmp_path)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--registry", str(reg), "--out",
                             str(tmp_path / "public"), "--port", str(port), "--today", TODAY],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(lambda: "青山发布" in _get(base + "accounts/qs-gov-weibo/"))
        page = _get(base + "accounts/qs-gov-weibo/")
        assert '<script src="/__portal_reload.js">' in page  # reload hook linked when served...
        assert "__portal_reload" not in (tmp_path / "public/accounts/qs-gov-weibo/index.html").read_text("utf-8")
        assert "__portal_version" in _get(base + "__portal_reload.js")  # ...a file, as the page's CSP requires
        version = _get(base + "__portal_version")
        f = reg / "accounts/qs-gov/qs-gov-weibo.yaml"
        f.write_text(f.read_text("utf-8").replace("name: 青山发布", "name: 青山发布微博"), "utf-8")
        _wait(lambda: _get(base + "__portal_version") != version)
        assert "青山发布微博" in _get(base + "accounts/qs-gov-weibo/")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
