"""`portal serve`: build, serve the output, and rebuild when records or pages change (live reload)."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import os
import sys
import threading
import time
from pathlib import Path

import click

from generator.commands._common import guard
from generator.paths import PROJECT_DIR, SITE_SOURCES_DIR, STATIC_DIR, TEMPLATES_DIR
from generator.site.build import RegistryHasErrors, build_site
from generator.site.output import OutputRefused
from generator.site.shell import UnsafeSources

from .build import report_problems, report_refused_output, report_unsafe_sources

# Served at /__portal_reload.js and linked from served HTML only (never from the built files): reloads
# when the build number changes. A file, not an inline script: the pages' Content-Security-Policy
# allows scripts from the site's own origin only.
_RELOAD_JS = (b"(function(){var v=null;setInterval(function(){fetch('/__portal_version').then(function(r)"
              b"{return r.text()}).then(function(t){if(v!==null&&t!==v)location.reload();v=t}).catch(function(){})},1000)})();\n")
_RELOAD = b'<script src="/__portal_reload.js"></script>'


def _snapshot(paths: list[Path]) -> tuple[tuple[str, float], ...]:
    items: list[tuple[str, float]] = []
    for base in paths:
        if base.is_file():
            items.append((str(base), base.stat().st_mtime))
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for f in filenames:
                p = os.path.join(dirpath, f)
                with contextlib.suppress(OSError):
                    items.append((p, os.stat(p).st_mtime))
    return tuple(sorted(items))


class _State:
    version = 0


def _handler(directory: Path, state: _State) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(directory), **kwargs)

        def log_message(self, format: str, *args) -> None:  # type: ignore[no-untyped-def]  # noqa: A002
            pass

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/__portal_version":
                self._send(str(state.version).encode(), "text/plain")
                return
            if self.path == "/__portal_reload.js":
                self._send(_RELOAD_JS, "text/javascript; charset=utf-8")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes().replace(b"</body>", _RELOAD + b"</body>", 1)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    return Handler


@click.command("serve")
@click.option("--registry", type=click.Path(file_okay=False, path_type=Path), default=Path("registry"), show_default=True,
              help="备案库目录 / registry folder")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("public"), show_default=True,
              help="输出目录 / output folder (replaced whole)")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址 / address to listen on")
@click.option("--port", type=int, default=8000, show_default=True, help="端口 / port")
@click.option("--today", default=None, help="生成日期 YYYY-MM-DD（默认今天）/ the build's date")
@guard
def command(registry: Path, out: Path, host: str, port: int, today: str | None) -> None:
    """生成网站并在本机预览，记录变化时自动重新生成 / Build, serve and rebuild on change."""
    state = _State()
    watched = [registry, SITE_SOURCES_DIR, TEMPLATES_DIR, STATIC_DIR, PROJECT_DIR / "mkdocs.yml"]

    def rebuild() -> None:
        day = today or dt.date.today().isoformat()
        try:
            stats = build_site(registry, out, day)
            state.version += 1
            click.echo(f"已生成：{stats.accounts} 个账号，{stats.timings['total']:.1f} 秒")
        except RegistryHasErrors as err:
            report_problems(err)
            click.echo("请修正后保存，预览将自动更新。", err=True)
        except UnsafeSources as err:
            report_unsafe_sources(err)
        except OutputRefused as err:
            report_refused_output(err)
            sys.exit(2)

    rebuild()
    out.mkdir(parents=True, exist_ok=True)
    # Serve the output folder by path each request: the build swaps it whole.
    server = http.server.ThreadingHTTPServer((host, port), _handler(out.resolve(), state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.echo(f"预览地址 / serving on http://{host}:{port}/ （Ctrl+C 退出）")
    snap = _snapshot(watched)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(watched)
            if now != snap:
                snap = now
                rebuild()
    except KeyboardInterrupt:
        server.shutdown()
