"""`portal build`: registry -> static portal, written to a temporary folder and swapped in whole.

A registry with errors builds nothing; neither do unsafe sources (shell.check_sources) or an output
folder the build may not replace (output.check_output). The output ends with its manifest
(manifest.py): what it was built from and every file's SHA-256, for `portal audit`. Record pages are rendered from templates into the mkdocs
shell on every core (`fork_map`: forked children inherit the model), each process writing its own
slices of accounts."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.check.pipeline import validate
from generator.lookup.index import build_index
from generator.model import periods
from generator.model.records import Registry
from generator.paths import SCHEMAS_DIR
from generator.problems import Problem, has_errors
from generator.site import filing_form, manifest, results_table
from generator.site.exports import Exports, data_terms_markdown, dumps
from generator.site.history import FilingCommits, filing_commits
from generator.site.model import Model
from generator.site.output import MANIFEST, check_output, clean_leftovers, leftover_prefix, remove_later
from generator.site.pages import Pages
from generator.site.public import public_data
from generator.site.qr import qr_factory
from generator.site.shell import LIST_PAGES, Shell, check_sources, extract_shells, mkdocs_build, stage_docs
from generator.support.parallel import fork_map

T = TypeVar("T")
R = TypeVar("R")

QR_FORMAT = 1  # bump when the QR encoding changes: previous builds' qr.svg files are then not reused
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".csv", ".txt", ".map")
CHUNK = 500


class RegistryHasErrors(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{sum(1 for p in problems if p.severity.value == 'error')} error(s)")
        self.problems = problems


@dataclass
class BuildStats:
    accounts: int = 0
    units: int = 0
    files: int = 0
    bytes: int = 0
    account_page_bytes: int = 0
    qr_reused: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def mean_account_page(self) -> float:
        return self.account_page_bytes / self.accounts if self.accounts else 0.0


def load_valid(root: Path, today: str) -> Registry:
    """The registry, if `portal validate` finds no error in it."""
    result = validate(root, today=dt.date.fromisoformat(today))
    if has_errors(result.problems):
        raise RegistryHasErrors(result.problems)
    return result.registry


def _write(path: Path, data: bytes) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def _put(path: str, data: bytes) -> int:
    """Write a file whose folder exists (os-level: this runs once per record page at national scale)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    return len(data)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class _Renderer:
    """Writes the record pages of slices of the accounts and units; `fork_map` runs it in the parent
    and in forked children, which share the model without copying or pickling it."""

    pages: Pages
    shell: Shell
    exports: Exports
    tmp: str
    accounts: list[dict[str, Any]]
    units: list[dict[str, Any]]
    old_qr: Path | None  # the previous build's accounts/ folder, when its QR codes can be reused
    old_hashes: dict[str, str]  # the previous build's file list: a reused QR code's digest without reading it
    qr: Any

    def render_accounts(self, bounds: tuple[int, int]) -> tuple[int, int, int, list[tuple[str, str]]]:
        """Render accounts[lo:hi]: page, QR, JSON. Returns (bytes, page bytes, qr reused, (path, SHA-256)
        of every file written): the manifest's digests come from the bytes at hand, not a second read."""
        pages, shell, exports, tmp, old_qr = self.pages, self.shell, self.exports, self.tmp, self.old_qr
        total = page_total = reused = 0
        hashes: list[tuple[str, str]] = []
        for a in self.accounts[bounds[0]:bounds[1]]:
            aid = a["id"]
            d = f"{tmp}/accounts/{aid}"
            os.mkdir(d)
            html = shell.render(pages.account_title(a), pages.account(a), f"accounts/{aid}/",
                                pages.account_description(a)).encode()
            page_total += len(html)
            total += _put(f"{d}/index.html", html)
            detail = dumps(exports.account_detail(a))
            total += _put(f"{tmp}/api/accounts/{aid}.json", detail)
            hashes += [(f"accounts/{aid}/index.html", _sha(html)), (f"api/accounts/{aid}.json", _sha(detail))]
            if pages.qr:
                rel = f"accounts/{aid}/qr.svg"
                prev = f"{old_qr}/{aid}/qr.svg" if old_qr else None
                digest = self.old_hashes.get(rel)
                try:
                    if prev is None or digest is None:
                        raise FileNotFoundError
                    os.link(prev, f"{d}/qr.svg")  # same site URL -> same QR: reuse the previous build's file
                    reused += 1
                    total += os.stat(prev).st_size
                except OSError:
                    svg = self.qr.svg(exports.url(f"accounts/{aid}/"))
                    total += _put(f"{d}/qr.svg", svg)
                    digest = _sha(svg)
                hashes.append((rel, digest))
        return total, page_total, reused, hashes

    def render_units(self, bounds: tuple[int, int]) -> tuple[int, list[tuple[str, str]]]:
        total = 0
        hashes: list[tuple[str, str]] = []
        for u in self.units[bounds[0]:bounds[1]]:
            uid = u["id"]
            os.mkdir(f"{self.tmp}/units/{uid}")
            html = self.shell.render(u["name"], self.pages.unit(u), f"units/{uid}/", self.pages.unit_description(u)).encode()
            detail = dumps(self.exports.unit_detail(u))
            total += _put(f"{self.tmp}/units/{uid}/index.html", html)
            total += _put(f"{self.tmp}/api/units/{uid}.json", detail)
            hashes += [(f"units/{uid}/index.html", _sha(html)), (f"api/units/{uid}.json", _sha(detail))]
        return total, hashes


@dataclass
class _Tail:
    """The build's files after the record pages, as independent tasks (`TASKS`): the lookup index, the
    region, month and inspection pages, the list pages and the exports. Each renders its files, writes
    them (making their folders) and returns (bytes, (path, SHA-256) of each file)."""

    pages: Pages
    exports: Exports
    model: Model
    data: Any
    record_shell: Shell
    deep_shell: Shell
    list_shells: dict[str, Shell]
    static_pages: list[str]
    registry_name: str
    tmp: str

    TASKS = ("lookup", "regions", "months", "inspections", "lists", "xlsx")

    def run(self, task: str) -> tuple[int, list[tuple[str, str]]]:
        total = 0
        written: list[tuple[str, str]] = []
        made: set[str] = set()
        for rel, content in getattr(self, "_" + task)():
            folder = os.path.dirname(rel)
            if folder and folder not in made:
                os.makedirs(f"{self.tmp}/{folder}", exist_ok=True)
                made.add(folder)
            total += _put(f"{self.tmp}/{rel}", content)
            written.append((rel, _sha(content)))
        return total, written

    def _lookup(self) -> Iterator[tuple[str, bytes]]:
        d = self.data
        yield from build_index(self.model.config, d.units, d.accounts, self.model.today).files()

    def _regions(self) -> Iterator[tuple[str, bytes]]:
        M, pages, shell = self.model, self.pages, self.record_shell
        for region, tops in M.directory:
            slug = M.region_slug(region)
            yield (f"directory/{slug}/index.html",
                   shell.render(pages.region_title(region), pages.region(region, tops), f"directory/{slug}/",
                                pages.region_description(region)).encode())

    def _months(self) -> Iterator[tuple[str, bytes]]:
        pages, shell = self.pages, self.record_shell
        for month, _ in self.model.changes_by_month[1:]:  # the newest month is the list page, changes/
            yield (f"changes/{month}/index.html",
                   shell.render(pages.month_title(month), pages.changes(month), f"changes/{month}/",
                                pages.month_description(month)).encode())

    def _inspections(self) -> Iterator[tuple[str, bytes]]:
        M, pages, shell = self.model, self.pages, self.record_shell
        for period, batches in M.periods:
            label = periods.label(period)
            yield (f"inspections/{period}/index.html",
                   shell.render(f"检查结果：{label}", pages.period(period, batches), f"inspections/{period}/").encode())
            for b in batches:
                yield (f"inspections/{period}/{b.id}/index.html",
                       self.deep_shell.render(str(b.data.get("title") or f"{label}检查：{b.id}"), pages.batch(b),
                                              f"inspections/{period}/{b.id}/").encode())
            for name, content in results_table.period_files(M, period).items():
                yield f"inspections/{period}/{name}", content
        for year, assessment in sorted(self.data.assessments.items()):
            yield (f"assessments/{year}/index.html",
                   shell.render(f"{year} 年度政务新媒体监管工作考核", pages.assessment(assessment),
                                f"assessments/{year}/").encode())

    def _lists(self) -> Iterator[tuple[str, bytes]]:
        pages, exports = self.pages, self.exports
        bodies = {"index.html": pages.home, "directory/index.html": pages.directory,
                  "notices/index.html": pages.notices, "inspections/index.html": pages.inspections_index,
                  "changes/index.html": pages.changes, "verify/index.html": pages.verify,
                  "404.html": pages.not_found}
        for rel in LIST_PAGES:
            if rel in self.list_shells:
                yield rel, self.list_shells[rel].render("", bodies[rel]()).encode()
        yield "api/accounts.json", exports.accounts_json()
        yield "api/accounts.csv", exports.accounts_csv()
        yield "api/meta.json", exports.meta_json()
        yield "api/units.json", exports.units_json()
        for name, content in exports.feeds().items():
            yield f"feeds/{name}", content
        yield from exports.sitemaps(self.static_pages).items()
        yield "api/filing.json", dumps(filing_form.config(self.model, self.registry_name))
        for schema in sorted(SCHEMAS_DIR.glob("*.json")):
            yield f"schemas/{schema.name}", schema.read_bytes()

    def _xlsx(self) -> Iterator[tuple[str, bytes]]:
        yield "api/accounts.xlsx", self.exports.accounts_xlsx()


def _gzip_files(root: str, rels: list[str]) -> list[tuple[str, str]]:
    """Write a .gz beside each file; (path, SHA-256) of each .gz."""
    out = []
    for rel in rels:
        with open(os.path.join(root, rel), "rb") as f:
            packed = gzip.compress(f.read(), compresslevel=9, mtime=0)
        _put(os.path.join(root, rel + ".gz"), packed)
        out.append((rel + ".gz", _sha(packed)))
    return out


def _spread(fn: Callable[[T], R], items: list[T], jobs: int) -> list[R]:
    """fn over items, in order, on `jobs` cores (the one parallel mechanism: support.parallel)."""
    return fork_map(lambda i: fn(items[i]), len(items), workers=jobs)


def build_site(root: Path, out: Path, today: str, *, precompress: bool = False,
               jobs: int | None = None) -> BuildStats:
    """Validate, render into a temporary folder next to `out`, swap it in. `today` is YYYY-MM-DD."""
    root = Path(root).resolve()
    jobs = jobs or os.cpu_count() or 1
    stats = BuildStats()
    t0 = time.perf_counter()
    check_sources()  # raises UnsafeSources before anything is written
    out = check_output(out, root)  # raises OutputRefused before anything is renamed or written
    registry = load_valid(root, today)  # raises before anything is written
    data = public_data(registry, today)  # the one entry point: private blocks and maintainers stop here
    del registry
    stats.timings["load"] = time.perf_counter() - t0

    model = Model(data, today)
    history: FilingCommits = filing_commits(root)
    registry_state = manifest.registry_commit(root)
    stats.timings["history"] = time.perf_counter() - t0 - sum(stats.timings.values())
    site_url = model.config.get("site_url")
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    tmp = Path(tempfile.mkdtemp(prefix=leftover_prefix(out, "build"), dir=out.parent))
    stage = Path(tempfile.mkdtemp(prefix=leftover_prefix(out, "stage"), dir=out.parent))
    try:
        stage_docs(stage / "docs", model.config.get("profile", ""), data_terms_markdown(model.config, today))
        mkdocs_build(stage / "docs", tmp, model.config.get("name", ""), site_url)
        record_shell, list_shells, deep_shell = extract_shells(tmp)
        # the hand-written and list pages, listed before record pages make the tree large
        static_pages = sorted({"" if p.parent == tmp else p.parent.relative_to(tmp).as_posix() + "/"
                               for p in tmp.rglob("index.html")})
        for junk in ("sitemap.xml", "sitemap.xml.gz"):
            (tmp / junk).unlink(missing_ok=True)
        hashes = dict(manifest.file_hashes(tmp))  # mkdocs' pages and assets; the rest are hashed as written
        stats.timings["mkdocs"] = time.perf_counter() - t0 - sum(stats.timings.values())

        pages = Pages(model, history, qr=bool(site_url))
        exports = Exports(model, history)
        old_manifest = manifest.read_manifest(out)
        reuse_qr = (site_url and old_manifest.get("site_url") == site_url and old_manifest.get("qr") == QR_FORMAT
                    and (out / "accounts").is_dir())
        prefix = exports.url("accounts/").encode()
        qr = qr_factory(len(prefix) + 65, prefix) if site_url else None
        renderer = _Renderer(pages=pages, shell=record_shell, exports=exports, tmp=str(tmp), accounts=data.accounts,
                             units=data.units, old_qr=out / "accounts" if reuse_qr else None,
                             old_hashes=manifest.read_files_list(out) if reuse_qr else {}, qr=qr)
        n = len(data.accounts)
        bounds = [(i, min(i + CHUNK, n)) for i in range(0, n, CHUNK)]
        # computed once before forking, shared by the workers
        model.results_of_account  # noqa: B018
        model.book.trend  # noqa: B018
        model.accounts_of_unit  # noqa: B018
        model.children  # noqa: B018
        exports.summaries  # noqa: B018
        for sub in ("accounts", "api/accounts", "units", "api/units"):
            (tmp / sub).mkdir(parents=True, exist_ok=True)
        for nbytes, page_bytes, reused, written in _spread(renderer.render_accounts, bounds, jobs):
            stats.files += len(written)
            stats.bytes += nbytes
            stats.account_page_bytes += page_bytes
            stats.qr_reused += reused
            hashes.update(written)
        stats.accounts = n
        stats.timings["accounts"] = time.perf_counter() - t0 - sum(stats.timings.values())

        def put(rel: str, content: bytes) -> None:
            stats.files += 1
            stats.bytes += _write(tmp / rel, content)
            hashes[rel] = _sha(content)

        nu = len(data.units)
        for nbytes, written in _spread(renderer.render_units, [(i, min(i + CHUNK, nu)) for i in range(0, nu, CHUNK)], jobs):
            stats.files += len(written)
            stats.bytes += nbytes
            hashes.update(written)
        stats.units = nu
        stats.timings["units"] = time.perf_counter() - t0 - sum(stats.timings.values())

        # In this process, one task after the other, once every forked worker has ended: spread over both
        # cores they end sooner, but a second process that reads every account copies most of the model
        # (refcounts are writes), which takes the build's peak memory past its budget.
        tail = _Tail(pages=pages, exports=exports, model=model, data=data, record_shell=record_shell,
                     deep_shell=deep_shell, list_shells=list_shells, static_pages=static_pages,
                     registry_name=root.name, tmp=str(tmp))
        for nbytes, written in map(tail.run, _Tail.TASKS):
            stats.files += len(written)
            stats.bytes += nbytes
            hashes.update(written)
        stats.timings["index+lists+api"] = time.perf_counter() - t0 - sum(stats.timings.values())

        if precompress:
            todo = sorted(rel for rel in hashes if rel.endswith(COMPRESSIBLE) and os.path.getsize(tmp / rel) >= 1024)
            chunks = [todo[i:i + 2000] for i in range(0, len(todo), 2000)]
            for packed in _spread(lambda rels: _gzip_files(str(tmp), rels), chunks, jobs):
                hashes.update(packed)
            stats.timings["gzip"] = time.perf_counter() - t0 - sum(stats.timings.values())
        written = sorted(hashes.items())
        listing = manifest.files_list(written)
        put(manifest.FILES_LIST, listing)
        put(MANIFEST, manifest.manifest(registry=registry_state, today=today, precompress=precompress,
                                        site_url=site_url, qr=QR_FORMAT, listing=listing, count=len(written)))
        stats.timings["manifest"] = time.perf_counter() - t0 - sum(stats.timings.values())
        _swap(tmp, out, root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    stats.timings["total"] = time.perf_counter() - t0
    return stats


def _swap(tmp: Path, out: Path, registry: Path) -> None:
    """Replace `out` by `tmp` with two renames, once `out` is checked again (the build took a while);
    the old tree is deleted in the background (output.remove_later)."""
    check_output(out, registry)
    os.chmod(tmp, 0o755)
    old = None
    if os.path.lexists(out):
        old = out.with_name(f"{leftover_prefix(out, 'old')}{time.monotonic_ns()}")
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        remove_later(old)
