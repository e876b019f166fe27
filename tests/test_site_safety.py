"""Nothing hostile gets through: escaping helpers, the link policy, and a full build of a registry
full of hostile strings checked statically (the browser test checks it in Chromium)."""

from __future__ import annotations

import ast
import base64
import gzip
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from generator.model import labels
from generator.paths import SCHEMAS_DIR
from generator.site.build import load_valid
from generator.site.csp import PLACEHOLDER, add_policy, inline_scripts, script_hash
from generator.site.public import PUBLIC_CHANGE_FIELDS, public_data
from generator.site.safety import json_for_script, md_escape, platform_link, web_link
from tests.support.site import (
    HOSTILE,
    SMALL,
    TODAY,
    build,
    copy_registry,
    edit_record,
    git,
    parse,
    tree_bytes,
)

WEIBO = ("weibo.com", "m.weibo.cn")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " https://weibo.com/u/1", "https://weibo.com.evil.cn/u/1",
    "https://evil.cn/weibo.com", "https://user:pw@weibo.com/u/1", "data:text/html,x", "//weibo.com/u/1",
    "https://weibo.com/u/1\nx", "ftp://weibo.com/", None, 42,
])
def test_platform_link_rejects(url: object) -> None:
    assert platform_link(url, WEIBO) is None


def test_platform_link_accepts_own_hosts_only() -> None:
    assert platform_link("https://weibo.com/u/2803301701", WEIBO) == "https://weibo.com/u/2803301701"
    assert platform_link("http://M.WEIBO.CN/u/1", WEIBO) == "http://M.WEIBO.CN/u/1"
    assert platform_link("https://weibo.com/u/1", ()) is None
    assert web_link("https://www.gov.cn/x") == "https://www.gov.cn/x"
    assert web_link("javascript:x") is None


def test_json_for_script_cannot_close_the_tag() -> None:
    out = str(json_for_script({"a": "</script><!-- \u2028 & '"}))
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"a": "</script><!-- \u2028 & '"}


def test_md_escape() -> None:
    assert md_escape("[x](javascript:1) ![i](u) <b> *a* _b_ `c`") == (
        "\\[x\\]\\(javascript:1\\) \\!\\[i\\]\\(u\\) \\<b\\> \\*a\\* \\_b\\_ \\`c\\`")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    out = base / "out"
    build(copy_registry(HOSTILE, base), out, precompress=True)
    return out


# The only inline script a page may carry: the theme's own (allowed by hash in the page's policy).
ALLOWED_INLINE = ("__md_scope=",)


def test_hostile_no_injected_markup(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        t = parse(page)
        rel = page.relative_to(hostile_site)
        for tag, attrs in t.tags:
            assert tag not in ("iframe", "style", "object", "embed"), (rel, tag, attrs)
            if tag == "img":
                assert (attrs.get("src") or "").endswith(("qr.svg", "assets/portal/logo.svg")), (rel, attrs)
            assert not any(name.startswith("on") for name in attrs), (rel, tag, attrs)
            for name in ("href", "src", "action"):
                assert not (attrs.get(name) or "").lower().lstrip().startswith(("javascript:", "data:")), (rel, attrs)
        for body in t.scripts:
            assert body == "" or body.startswith(ALLOWED_INLINE) or body.startswith("{"), (rel, body[:80])
            assert "__pwned" not in body, rel
        text = page.read_text("utf-8")
        assert "<svg onload" not in text
        assert "\u202e" not in text and "\u202a" not in text, rel  # no bidi override reorders the page


def test_hostile_links_only_to_platform_hosts(hostile_site: Path) -> None:
    wechat = (hostile_site / "accounts/evil-wechat/index.html").read_text("utf-8")
    weibo = (hostile_site / "accounts/evil-weibo/index.html").read_text("utf-8")
    assert 'href="https://mp.weixin.qq.com/&#34;&gt;&lt;script&gt;' in wechat  # own host: escaped, kept
    assert "evil.example.com" not in weibo  # another host: not linked
    assert "user:pass@" not in (hostile_site / "notices/index.html").read_text("utf-8")
    detail = json.loads((hostile_site / "api/accounts/evil-weibo.json").read_text("utf-8"))
    assert "url" not in detail


def test_hostile_text_is_shown_escaped(hostile_site: Path) -> None:
    page = (hostile_site / "accounts/evil-wechat/index.html").read_text("utf-8")
    assert "&lt;script&gt;window.__pwned=12&lt;/script&gt;青山发布" in page
    assert "{{ 7*7 }}" in page and "49" not in page.split("<article", 1)[1].split("</article>")[0]
    assert "[点我](javascript:window.__pwned=13)" in page  # Markdown syntax is shown, never interpreted


def test_hostile_canary_never_published(hostile_site: Path) -> None:
    for rel, data in tree_bytes(hostile_site).items():
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        for canary in (b"CANARY", b"13900000000", b"13700000000", b"canary-9c1e"):
            assert canary not in data, (rel, canary)


def test_csv_formula_guard() -> None:
    from generator.site.exports import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("+1") == "'+1" and _cell("青山") == "青山"
    assert _cell(None) == ""


# --- change filings of private fields --------------------------------------------------------------
PEOPLE_CHANGE = {"type": "change", "event_date": "2026-10-12", "filed_date": "2026-10-12", "reason": "人员调整",
                 "changes": [{"field": "contact", "from": "欧阳甲乙 13811112222", "to": "司马丙丁 13933334444"},
                             {"field": "staff", "from": "诸葛戊己", "to": "上官庚辛 gengxin@example.org"},
                             {"field": "positioning", "from": "发布市政府信息。", "to": "发布市政府权威信息。"}]}
PEOPLE_VALUES = ("欧阳甲乙", "13811112222", "司马丙丁", "13933334444", "诸葛戊己", "上官庚辛", "gengxin@example.org")


@pytest.fixture(scope="module")
def people_change(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small registry with a change filing of the contact person, the staff and the positioning."""
    base = tmp_path_factory.mktemp("people")
    reg = copy_registry(SMALL, base)
    edit_record(reg / "accounts/qs-gov/qs-gov-weibo.yaml", lambda doc: doc["filings"].append(PEOPLE_CHANGE))
    build(reg, base / "out", precompress=True)
    return reg, base / "out"


def test_private_change_values_never_published(people_change: tuple[Path, Path]) -> None:
    _, out = people_change
    for rel, data in tree_bytes(out).items():
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        for value in PEOPLE_VALUES:
            assert value.encode() not in data, (rel, value)
            assert json.dumps(value)[1:-1].encode() not in data, (rel, value)  # \u-escaped, as in ASCII JSON


def test_private_change_shown_as_changed(people_change: tuple[Path, Path]) -> None:
    _, out = people_change
    page = (out / "accounts/qs-gov-weibo/index.html").read_text("utf-8")
    assert "<li>联系人已变更</li>" in page and "<li>工作人员已变更</li>" in page
    assert "发布市政府信息。 → 发布市政府权威信息。" in page  # a public field keeps its values
    detail = json.loads((out / "api/accounts/qs-gov-weibo.json").read_text("utf-8"))
    changes = detail["filings"][-1]["changes"]
    assert changes[0] == {"field": "contact", "withheld": True, "summary": "联系人已变更"}
    assert changes[1] == {"field": "staff", "withheld": True, "summary": "工作人员已变更"}
    assert changes[2] == PEOPLE_CHANGE["changes"][2]


def test_public_data_leaves_the_registry_as_read(people_change: tuple[Path, Path]) -> None:
    reg, _ = people_change
    registry = load_valid(reg, TODAY)
    data = public_data(registry)
    record = next(r for r in registry.accounts if r.data["id"] == "qs-gov-weibo")
    assert record.data["filings"][-1]["changes"][0]["from"] == "欧阳甲乙 13811112222"
    public = next(a for a in data.accounts if a["id"] == "qs-gov-weibo")
    assert "from" not in public["filings"][-1]["changes"][0]


def test_every_change_field_is_classified() -> None:
    """A field the schema gains must be declared public here, or it stays withheld (and this fails)."""
    schema: dict[str, Any] = json.loads((SCHEMAS_DIR / "account.schema.json").read_text("utf-8"))
    fields = set(schema["$defs"]["filing"]["properties"]["changes"]["items"]["properties"]["field"]["enum"])
    private = set(labels.PRIVATE_CHANGES)
    assert {"contact", "staff"} <= private
    assert not PUBLIC_CHANGE_FIELDS & private
    assert fields == PUBLIC_CHANGE_FIELDS | private


# --- the personal-data canary: every private field of every record kind, every output file ---------
COMMON = json.loads((SCHEMAS_DIR / "common.schema.json").read_text("utf-8"))
UNIT_SCHEMA = json.loads((SCHEMAS_DIR / "unit.schema.json").read_text("utf-8"))
ACCOUNT_SCHEMA = json.loads((SCHEMAS_DIR / "account.schema.json").read_text("utf-8"))
# What the scan can read: these kinds byte for byte, `.gz` decompressed first. An output of any other
# kind (a zip, an xlsx, brotli) could hide a private value from a byte scan: the test fails until it
# learns to read it.
READABLE = {".html", ".json", ".csv", ".xml", ".svg", ".js", ".css", ".map", ".png", ".txt", ".sha256"}


NEEDLE = re.compile(rb"cnry[0-9]{4}x|1390[0-9]{7}")  # the shape of every needle, lower case


class Canaries:
    """One distinctive value per planted field. The scan looks for its ASCII core (`needle`),
    case-insensitively, so that escaping, JSON's \\u escapes or a case change cannot hide it."""

    def __init__(self) -> None:
        self.where: dict[str, str] = {}  # needle -> the field it was planted in

    def value(self, where: str) -> str:
        n = len(self.where)
        key = where.rsplit(".", 1)[-1]
        if key == "phone":
            needle = f"1390{n:07d}"
            value = needle
        else:
            needle = f"Cnry{n:04d}x"
            value = f"{needle}@example.org" if key in ("email", "maintainers", "administrators") else f"金丝雀{needle}"
        self.where[needle] = where
        return value


def _resolve(spec: dict[str, Any], doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    while "$ref" in spec:
        file, _, frag = spec["$ref"].partition("#")
        doc = COMMON if file == "common.schema.json" else doc
        spec = doc
        for part in frag.strip("/").split("/"):
            spec = spec[part]
    return spec, doc


def plant(spec: dict[str, Any], doc: dict[str, Any], c: Canaries, where: str) -> Any:
    """A value for every property the schema gives a private field, a canary in every free string."""
    spec, doc = _resolve(spec, doc)
    if "enum" in spec:
        return spec["enum"][0]
    kind = spec.get("type")
    if kind == "object":
        return {k: plant(v, doc, c, f"{where}.{k}") for k, v in spec["properties"].items()}
    if kind == "array":
        return [plant(spec["items"], doc, c, where)]
    if kind == "string":
        return c.value(where)
    pytest.fail(f"{where}: the canary test cannot plant a {kind} field yet; teach it")


def plant_registry(reg: Path, c: Canaries) -> None:
    changed = [f for f in ACCOUNT_SCHEMA["$defs"]["filing"]["properties"]["changes"]["items"]["properties"]["field"]["enum"]
               if f not in PUBLIC_CHANGE_FIELDS]
    for path in sorted((reg / "accounts").glob("*/*.yaml")):
        def account(doc: dict[str, Any], name: str = path.stem) -> None:
            doc["private"] = plant(ACCOUNT_SCHEMA["properties"]["private"], ACCOUNT_SCHEMA, c, f"{name}.private")
            if doc["status"] == "active":
                doc["filings"].append({
                    "type": "change", "event_date": "2026-10-12", "filed_date": "2026-10-12", "reason": "人员调整",
                    "changes": [{"field": f, "from": c.value(f"{name}.changes.{f}.from"),
                                 "to": c.value(f"{name}.changes.{f}.to")} for f in changed]})
        edit_record(path, account)
    for path in sorted((reg / "units").glob("*.yaml")):
        def unit(doc: dict[str, Any], name: str = path.stem) -> None:
            for key in ("private", "maintainers"):
                doc[key] = plant(UNIT_SCHEMA["properties"][key], UNIT_SCHEMA, c, f"{name}.{key}")
        edit_record(path, unit)
    with (reg / "portal.yaml").open("a", encoding="utf-8") as f:  # the settings only validation reads
        f.write(f"rule_overrides:\n  NAME005:\n    params:\n      patterns:\n        - platforms: [no-such-platform]\n"
                f"          regex: [{c.value('portal.rule_overrides.regex')}]\n"
                f"          expected: {c.value('portal.rule_overrides.expected')}\n"
                f"administrators: [{c.value('portal.administrators')}]\n"
                f"calendar:\n  \"2031\":\n    source: {c.value('portal.calendar.source')}\n"
                f"    holidays: []\n    workdays: []\n")


def scan(root: Path, needles: dict[str, str]) -> list[tuple[str, str]]:
    """(file, field) for every needle found in any file under root."""
    by_lower = {n.lower(): where for n, where in needles.items()}
    found = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        assert not p.is_symlink(), rel
        if not p.is_file():
            continue
        data, kind = p.read_bytes(), p.suffix
        if kind == ".gz":
            data, kind = gzip.decompress(data), Path(p.stem).suffix
        if kind == ".xlsx":  # a zip of XML parts: every part, decompressed
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                data, kind = b"\n".join(book.read(n) for n in book.namelist()), ".xml"
        assert kind in READABLE, f"{rel}: an output kind the canary scan cannot read; teach it (READABLE)"
        found += [(rel, by_lower.get(m.group(0).decode(), m.group(0).decode())) for m in NEEDLE.finditer(data.lower())]
    return found


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Canaries]:
    """The small registry with a canary in every private field, committed by a canary identity (a unit
    maintainer's Git identity), built with .gz copies."""
    base = tmp_path_factory.mktemp("canary")
    reg = copy_registry(SMALL, base)
    c = Canaries()
    plant_registry(reg, c)
    author = c.value("git.author.name"), c.value("git.author.email")
    git(reg, "init", "-q", "-b", "main")
    git(reg, "add", ".")
    git(reg, "commit", "-qm", "registry", who=author)
    build(reg, base / "out", precompress=True)
    return reg, base / "out", c


def test_canaries_are_planted(canary_site: tuple[Path, Path, Canaries]) -> None:
    """The control: every planted value is in the registry (or its Git history), and the scan finds it."""
    reg, _, c = canary_site
    text = "\n".join(p.read_text("utf-8") for p in sorted(reg.rglob("*.yaml")) if ".git" not in p.parts)
    text += git(reg, "log", "--format=%an %ae %cn %ce")
    missing = [where for needle, where in c.where.items() if needle.lower() not in text.lower()]
    assert missing == []
    assert len(c.where) >= 8 * 7 + 6 * 6
    assert {"contact", "staff"} <= {w.split(".")[2] for w in c.where.values() if ".changes." in w}


def test_canary_in_no_output_file(canary_site: tuple[Path, Path, Canaries]) -> None:
    _, out, c = canary_site
    kinds = {p.suffix for p in out.rglob("*") if p.is_file()}
    assert {".html", ".json", ".csv", ".xml", ".svg", ".gz"} <= kinds
    assert (out / "feeds/filings.xml.gz").is_file() and (out / "sitemap.xml").is_file()
    assert (out / "api/filing.json").is_file() and (out / "file/index.html").is_file()  # the filing form's
    assert (out / "api/accounts.xlsx").is_file() and (out / "api/meta.json").is_file()  # the exports, zip included
    assert ".xlsx" in kinds

    # the verification lookup's index and scripts are outputs like the others, scanned with them
    assert (out / "api/lookup/meta.json").is_file() and len(list((out / "api/lookup").rglob("*.json"))) > 2
    assert (out / "assets/portal/verify.js").is_file() and (out / "assets/portal/vendor/jsQR.js").is_file()
    # the directory's region pages, the recent changes' month pages and the 404 page, scanned with them
    assert (out / "directory/330100/index.html").is_file() and (out / "404.html").is_file()
    assert list(out.glob("changes/20??-??/index.html"))
    assert scan(out, c.where) == []


def test_canary_scan_finds_a_leak(canary_site: tuple[Path, Path, Canaries], tmp_path: Path) -> None:
    """The scan reads every kind it claims to, .gz included: a value copied into an output is found."""
    _, out, c = canary_site
    needle = next(iter(c.where))
    (tmp_path / "api").mkdir()
    (tmp_path / "api/leak.json").write_bytes(json.dumps({"x": f"金丝雀{needle}"}).encode())  # \\u-escaped
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(f"<p>{needle.upper()}</p>".encode()))
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["名称", f"x{needle.lower()}"])  # in the workbook's shared strings, deflated
    book.save(tmp_path / "results.xlsx")
    assert sorted(scan(tmp_path, c.where)) == [("api/leak.json", c.where[needle]), ("page.html.gz", c.where[needle]),
                                               ("results.xlsx", c.where[needle])]
    (tmp_path / "accounts.pdf").write_bytes(b"%PDF")
    with pytest.raises(AssertionError, match="cannot read"):
        scan(tmp_path, c.where)


def test_only_the_choke_point_reads_records() -> None:
    """No module of the site reads the registry but public.py (the choke point) and build.py (which
    validates, hands the registry to public_data and drops it): a new output cannot bypass it."""
    allowed = {"public.py": {"generator.model.records"},
               "build.py": {"generator.model.records", "generator.check.pipeline"}}
    forbidden = ("generator.load", "generator.model.records", "generator.check.pipeline", "generator.check.run_cache")
    site_dir = Path(__file__).resolve().parent.parent / "generator/site"
    for path in sorted(site_dir.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                if name.startswith(forbidden):
                    assert name in allowed.get(path.name, set()), f"{path.name} imports {name}"


# --- Content-Security-Policy -------------------------------------------------------------------------
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def page_policy(text: str) -> dict[str, list[str]]:
    metas = _CSP_META.findall(text)
    assert len(metas) == 1, metas
    return {d.split()[0]: d.split()[1:] for d in metas[0].split(";") if d.strip()}


def test_every_page_carries_a_strict_policy(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert {"404.html", "index.html", "accounts/evil-wechat/index.html", "units/evil-unit/index.html",
            "notices/index.html", "inspections/2026-Q1/index.html", "api/index.html"} <= \
        {p.relative_to(hostile_site).as_posix() for p in pages}
    for page in pages:
        rel = page.relative_to(hostile_site).as_posix()
        text = page.read_text("utf-8")
        policy = page_policy(text)
        # before anything the browser runs or styles the page with
        at = text.index('<meta http-equiv="Content-Security-Policy"')
        assert at < text.index("<script") and at < text.index('<link rel="stylesheet"'), rel
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"], rel
        assert policy["base-uri"] == ["'self'"] and policy["img-src"] == ["'self'", "data:"], rel
        script = policy["script-src"]
        assert script[0] == "'self'" and all(s.startswith("'sha256-") for s in script[1:]), (rel, script)
        assert "style-src" not in policy  # default-src: the site's own stylesheets only, no inline style
        # exactly the inline scripts of the page are allowed, by hash: no more, no fewer
        run = {script_hash(body) for body in parse(page).scripts if body and not body.startswith("{")}  # not JSON
        assert sorted(script[1:]) == sorted(run), rel
        assert sorted(script[1:]) == sorted({script_hash(body) for body in inline_scripts(text)}), rel
        gz = Path(str(page) + ".gz")
        if gz.exists():
            assert gzip.decompress(gz.read_bytes()) == text.encode()


def test_inline_scripts_seen_as_the_browser_does() -> None:
    html = ('<script>a()</script><script src="x.js"></script><script type="application/json">{"a":1}</script>'
            '<script type="module">b()</script><SCRIPT TYPE=text/javascript>c()</SCRIPT >')
    assert inline_scripts(html) == ["a()", "b()", "c()"]
    assert script_hash("a()") == "'sha256-" + base64.b64encode(hashlib.sha256(b"a()").digest()).decode() + "'"


def test_policy_tag_is_required_and_early() -> None:
    page = '<head><meta charset="utf-8">{}<script>a()</script><link rel="stylesheet" href="x.css">{}</head>'
    filled = add_policy(page.format(PLACEHOLDER, ""))
    assert script_hash("a()") in page_policy(filled)["script-src"] and PLACEHOLDER not in filled
    for broken in (page.format("", ""), page.format("", PLACEHOLDER), page.format(PLACEHOLDER, PLACEHOLDER)):
        with pytest.raises(ValueError):
            add_policy(broken)
