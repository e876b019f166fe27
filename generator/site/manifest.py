"""The build manifest: what a published portal was built from, so that anyone can rebuild it and compare.

Two files at the top of the output, both deterministic (no clock, no host, no absolute path):

- `.portal-build.json` (output.MANIFEST, also the mark of a build's own folder): the registry's Git
  commit (null when the registry is not in a Git repository or has uncommitted changes, and which of the
  two), the generator's version and a fingerprint of its code, pages and schemas, the versions of the
  libraries that shape the output, the build's `today` and options, and the digest of the file list.
- `.portal-files.sha256`: the SHA-256 of every other output file, sorted by path, in the format
  `sha256sum -c` reads.

`portal audit` rebuilds the registry with the manifest's `today` and options and compares the trees."""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson

from generator import __version__
from generator.paths import PACKAGE_DIR, SCHEMAS_DIR
from generator.site import shell
from generator.site.output import MANIFEST
from generator.support.fingerprint import fingerprint

FILES_LIST = ".portal-files.sha256"
FORMAT = 2
# Libraries whose version can change the bytes of the output (their templates, Markdown, JSON, QR codes).
OUTPUT_LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "markupsafe", "segno", "orjson", "yaml-rs")
NOT_GIT, UNCOMMITTED, COMMITTED = "not_a_git_repository", "uncommitted_changes", "committed"


def generator_info() -> dict[str, Any]:
    """Version, code fingerprint (the package, schemas, hand-written pages, mkdocs.yml) and libraries."""
    libraries = {}
    for name in OUTPUT_LIBRARIES:
        try:
            libraries[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libraries[name] = None
    return {"version": __version__,
            "fingerprint": fingerprint(PACKAGE_DIR, SCHEMAS_DIR, shell.SITE_SOURCES_DIR, shell.MKDOCS_YML),
            "libraries": libraries}


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False, text=True,
                              env={**os.environ, "LC_ALL": "C"})
    except OSError:
        return None
    return proc.stdout if proc.returncode == 0 else None


def registry_commit(root: Path) -> dict[str, Any]:
    """{commit, state, path}: the commit the registry folder is at, or null and why (state)."""
    head = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    prefix = _git(root, "rev-parse", "--show-prefix")
    if head is None or prefix is None:
        return {"commit": None, "state": NOT_GIT, "path": None}
    # any change to a tracked file or a new file in the registry folder; the loader's cache is not data
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", ".", ":(exclude).portal-cache")
    if status is None or status.strip():
        return {"commit": None, "state": UNCOMMITTED, "path": prefix.strip()}
    return {"commit": head.strip(), "state": COMMITTED, "path": prefix.strip()}


def _hash_files(root: str, rels: list[str]) -> list[tuple[str, str]]:
    out = []
    for rel in rels:
        with open(os.path.join(root, rel), "rb") as f:
            out.append((rel, hashlib.file_digest(f, "sha256").hexdigest()))
    return out


def output_files(root: Path) -> list[str]:
    """Every file of a build's output but the two manifest files, as sorted relative paths."""
    rels = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        base = os.path.relpath(dirpath, root)
        for name in filenames:
            rel = name if base == "." else f"{base}/{name}".replace(os.sep, "/")
            if rel not in (MANIFEST, FILES_LIST):
                rels.append(rel)
    return sorted(rels)


def file_hashes(root: Path, spread: Callable[[Callable[[list[str]], list[tuple[str, str]]], list[list[str]]],
                                             list[list[tuple[str, str]]]] | None = None) -> list[tuple[str, str]]:
    """(path, SHA-256) of every output file, sorted by path; `spread` runs the chunks on several cores."""
    rels = output_files(root)
    chunks = [rels[i:i + 2000] for i in range(0, len(rels), 2000)]
    work = lambda chunk: _hash_files(str(root), chunk)  # noqa: E731
    results = spread(work, chunks) if spread else [work(c) for c in chunks]
    return [pair for chunk in results for pair in chunk]


def files_list(hashes: list[tuple[str, str]]) -> bytes:
    """`sha256sum` format: `<hex>  <path>` per line."""
    return "".join(f"{digest}  {rel}\n" for rel, digest in hashes).encode("utf-8")


def manifest(*, registry: dict[str, Any], today: str, precompress: bool, site_url: str | None, qr: int,
             listing: bytes, count: int) -> bytes:
    return orjson.dumps({
        "format": FORMAT,
        "generator": generator_info(),
        "registry": registry,
        "today": today,
        "options": {"precompress": precompress},
        "site_url": site_url,
        "qr": qr,
        "files": {"list": FILES_LIST, "count": count, "sha256": hashlib.sha256(listing).hexdigest()},
    }, option=orjson.OPT_INDENT_2) + b"\n"


def read_files_list(folder: Path) -> dict[str, str]:
    """path → SHA-256 from a build's file list; {} when there is none."""
    try:
        text = (folder / FILES_LIST).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    out = {}
    for line in text.splitlines():
        digest, sep, rel = line.partition("  ")
        if sep and len(digest) == 64:
            out[rel] = digest
    return out


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a build's output; {} when there is none or it is not one."""
    try:
        data = orjson.loads((folder / MANIFEST).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
