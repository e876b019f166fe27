"""The configuration of the portal's filing form (site/file.md, static/file-form.js), published as
`api/filing.json`: where the repository is and how to link into it, the platform catalogue, and the
Chinese labels of fields and codes. The form itself is generated in the browser from the published
JSON Schemas (`schemas/`) and checked against them. Everything here is public: the repository
address, the catalogue and labels; no record is read."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from generator.model import labels
from generator.site.model import Model

# The forms, by filing type: the record fields each asks for (paths into the record; `filing.` and
# `notice.` for the entry appended to an account's lists).
FORMS: dict[str, dict[str, Any]] = {
    "open": {"zh": "开设备案（新账号）", "record": "account", "fields": [
        "host_unit", "platform", "id", "name", "platform_id", "handle", "url", "positioning", "verification_text",
        "opened", "update_frequency", "filing.event_date", "filing.filed_date", "filing.filed_with",
        "filing.approval.by", "filing.approval.date", "filing.approval.reference", "filing.reason"]},
    "change": {"zh": "变更备案", "record": "filing", "fields": [
        "account", "filing.changes.field", "filing.changes.from", "filing.changes.to", "filing.event_date",
        "filing.filed_date", "filing.filed_with", "filing.approval.by", "filing.approval.date",
        "filing.approval.reference", "filing.reason"]},
    "close": {"zh": "关停备案", "record": "filing", "fields": [
        "account", "filing.event_date", "filing.filed_date", "filing.filed_with", "filing.approval.by",
        "filing.approval.date", "filing.approval.reference", "filing.reason"]},
    "deregister": {"zh": "注销备案", "record": "filing", "fields": [
        "account", "filing.event_date", "filing.filed_date", "filing.filed_with", "filing.approval.by",
        "filing.approval.date", "filing.approval.reference", "filing.reason"]},
    "notice": {"zh": "注销公告、停更公告", "record": "notice", "fields": [
        "account", "notice.kind", "notice.title", "notice.published", "notice.effective", "notice.reason",
        "notice.basis", "notice.approval.by", "notice.approval.date", "notice.successors", "notice.url",
        "notice.group"]},
    "unit": {"zh": "新单位", "record": "unit", "fields": [
        "id", "name", "kind", "level", "short_names", "region", "division", "credit_code", "parent", "supervisor",
        "duties", "maintainers"]},
}


def forge(url: str, kind: str | None) -> str | None:
    """github or gitlab: named in portal.yaml, else read off the address."""
    if kind:
        return kind
    host = (urlsplit(url).hostname or "").lower()
    if host == "github.com" or host.endswith(".github.com"):
        return "github"
    if "gitlab" in host:
        return "gitlab"
    return None


def config(model: Model, registry_folder: str) -> dict[str, Any]:
    cfg = model.config
    url = str(cfg.get("repo_url") or "").rstrip("/")
    platforms = [{"key": k, "zh": p["zh"], "id_label": p.get("id_label", ""), "id_example": str(p.get("id_example", "")),
                  "handle_label": p.get("handle_label", "")} for k, p in model.platforms.items()]
    tables = {"type": labels.FILING_TYPES, "status": labels.STATUSES, "notice.kind": labels.NOTICE_KINDS,
              "kind": labels.UNIT_KINDS, "update_frequency": labels.UPDATE_FREQUENCIES, "level": labels.LEVELS,
              "filing.changes.field": labels.CHANGE_FIELDS}
    return {
        "repo": {"url": url or None, "forge": forge(url, cfg.get("repo_kind")) if url else None,
                 "branch": cfg.get("repo_branch") or "main", "registry": registry_folder},
        "forms": FORMS,
        "platforms": platforms,
        "labels": {name: {code: zh for code, (zh, _en) in table.items()} for name, table in tables.items()},
        "fields": {name: zh for name, (zh, _en) in labels.FIELDS.items()},
    }
