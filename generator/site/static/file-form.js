/* The filing form (site/file.md): filing without Git. One form per filing type, its fields generated
   from the published JSON Schemas (schemas/) and the form list in api/filing.json; the record is
   checked in the browser against the same schemas `portal validate` uses (@cfworker/json-schema,
   vendored: no eval, so it runs under the page's Content-Security-Policy), written as YAML in the
   registry's canonical form, and then opened in the repository's new-file page (GitHub
   `new/BRANCH?filename=…&value=…`, GitLab `-/new/BRANCH?file_name=…&content=…`), copied or downloaded.
   Filings and notices of an existing account are entries to append to its file: the form opens that
   file's edit page and gives the entry to paste. No innerHTML: every text goes through textContent. */
import { Validator } from "./vendor/json-schema/index.js";

const host = document.getElementById("portal-file");
const ROOT = host ? host.getAttribute("data-root") || "../" : "../";
const SCHEMA_FILES = ["common", "account", "unit"];
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;
let CFG = null;
const SCHEMAS = {};
let accountId = "";

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  if (text !== undefined) e.textContent = text;
  return e;
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function halfWidth(s) {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

/* ----- the schemas ---------------------------------------------------------------------------- */

function byId(id) {
  return Object.values(SCHEMAS).find((s) => s.$id === id);
}

/* Follow $refs from `node` (inside the schema whose $id is `base`): [node, base]. */
function deref(node, base) {
  let guard = 0;
  while (node && node.$ref && guard++ < 20) {
    const [uri, frag] = node.$ref.split("#");
    if (uri) base = base.replace(/[^/]*$/, uri);
    let target = byId(base);
    for (const part of (frag || "").split("/").filter(Boolean)) target = target ? target[part] : undefined;
    node = target;
  }
  return [node || {}, base];
}

/* The schema object of a form field ("filing.approval.by", "notice.kind", "name", "account") and
   whether its object requires it. */
function fieldSpec(record, path) {
  const acc = SCHEMAS.account;
  let node, base, parts;
  if (path === "account") return { spec: deref({ $ref: "common.schema.json#/$defs/id" }, acc.$id)[0], required: true };
  if (path.startsWith("filing.")) {
    [node, base] = deref({ $ref: "#/$defs/filing" }, acc.$id);
    parts = path.split(".").slice(1);
  } else if (path.startsWith("notice.")) {
    [node, base] = deref({ $ref: "#/$defs/notice" }, acc.$id);
    parts = path.split(".").slice(1);
  } else {
    const doc = record === "unit" ? SCHEMAS.unit : acc;
    [node, base] = [doc, doc.$id];
    parts = path.split(".");
  }
  let required = false;
  for (const part of parts) {
    required = (node.required || []).includes(part);
    [node, base] = deref((node.properties || {})[part], base);
    if (node.type === "array" && node.items && parts[parts.length - 1] !== part) [node, base] = deref(node.items, base);
  }
  return { spec: node, required: required && !path.includes(".approval.") };
}

/* ----- the form -------------------------------------------------------------------------------- */

function labelOf(path) {
  const key = path.split(".").pop();
  if (path === "filing.approval.date") return "主管单位同意的日期";
  if (path === "filing.approval.by") return "同意的主管单位";
  if (path === "notice.approval.by") return "批准注销的上级单位";
  if (path === "notice.approval.date") return "上级单位批准的日期";
  if (path === "notice.successors") return "接续账号 id";
  return CFG.fields[key] || key;
}

function choicesOf(path, spec) {
  if (spec["x-catalogue"] === "platforms") return CFG.platforms.map((p) => [p.key, `${p.zh}（${p.key}）`]);
  const values = spec.enum || (spec.type === "array" && spec.items && spec.items.enum) || null;
  if (!values) return null;
  const table = CFG.labels[path] || CFG.labels[path.split(".").pop()] || {};
  return values.map((v) => [v, table[v] ? `${table[v]}（${v}）` : v]);
}

function fieldId(path) {
  return "pf-" + path.replace(/\./g, "-");
}

function buildField(form, record, path) {
  const { spec, required } = fieldSpec(record, path);
  const id = fieldId(path);
  const wrap = el("div", { class: "portal-file__field" });
  const label = el("label", { for: id }, labelOf(path));
  if (required) label.appendChild(el("span", { class: "portal-file__req" }, "（必填）"));
  wrap.appendChild(label);
  const choices = choicesOf(path, spec);
  let input;
  if (choices) {
    input = el("select", { id, name: path });
    input.appendChild(el("option", { value: "" }, "（请选择）"));  // a choice is made, never defaulted
    for (const [v, text] of choices) input.appendChild(el("option", { value: v }, text));
  } else {
    const isDate = spec.format === "date";
    const isText = spec.maxLength && spec.maxLength > 100;
    input = isText ? el("textarea", { id, name: path, rows: "2" })
      : el("input", { id, name: path, type: isDate ? "date" : "text", autocomplete: "off" });
    if (spec.maxLength) input.setAttribute("maxlength", String(spec.maxLength));
    const opening = record === "account" && path === "filing.event_date";  // the opening day, by default
    if (isDate && !opening && /(event_date|filed_date|opened|published)$/.test(path)) input.value = today();
  }
  if (required) input.setAttribute("aria-required", "true");
  const hintId = id + "-hint", errId = id + "-error";
  input.setAttribute("aria-describedby", `${hintId} ${errId}`);
  input.setAttribute("data-path", path);
  wrap.appendChild(input);
  let hint = spec["x-hint-zh"] || "";
  if (spec.type === "array") hint = (hint ? hint + "；" : "") + "多项用顿号“、”或逗号分隔";
  if (path === "id" && record === "account") hint = "账号 id：小写字母、数字和连字符，例如 qs-gaj-douyin；也是文件名，今后不再改变";
  if (path === "account") hint = "要备案的账号的 id（账号页面上“标识”一栏），例如 qs-gaj-douyin";
  if (record === "account" && path === "filing.event_date") hint = "不填则与开设日期相同";
  wrap.appendChild(el("p", { id: hintId, class: "portal-file__hint" }, hint));
  const err = el("p", { id: errId, class: "portal-file__error", hidden: true });
  wrap.appendChild(err);
  form.appendChild(wrap);
  return input;
}

function value(form, path) {
  const input = form.querySelector(`[data-path="${path}"]`);
  if (!input) return undefined;
  const v = input.value.trim();
  if (!v) return undefined;
  const { spec } = fieldSpec(form.dataset.record, path);
  if (spec.type === "array" && !path.startsWith("filing.changes.")) return v.split(/[,，、\s]+/).filter(Boolean);
  return v;
}

function compact(obj) {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined || v === "" || (Array.isArray(v) && !v.length)) delete obj[k];
    else if (v && typeof v === "object" && !Array.isArray(v)) {
      compact(v);
      if (!Object.keys(v).length) delete obj[k];
    }
  }
  return obj;
}

function filingFrom(form, type) {
  const f = {
    type,
    event_date: value(form, "filing.event_date"),
    filed_date: value(form, "filing.filed_date"),
    filed_with: value(form, "filing.filed_with"),
    approval: { by: value(form, "filing.approval.by"), date: value(form, "filing.approval.date"),
                reference: value(form, "filing.approval.reference") },
    reason: value(form, "filing.reason"),
  };
  if (type === "change") {
    f.changes = [compact({ field: value(form, "filing.changes.field"), from: value(form, "filing.changes.from"),
                           to: value(form, "filing.changes.to") })];
  }
  return compact(f);
}

function recordFrom(form, type) {
  const kind = CFG.forms[type].record;
  if (kind === "account") {
    const r = {};
    for (const p of CFG.forms[type].fields) if (!p.startsWith("filing.")) r[p] = value(form, p);
    r.status = "active";
    r.filings = [filingFrom(form, "open")];
    if (!r.filings[0].event_date && r.opened) r.filings[0] = { type: "open", event_date: r.opened, ...r.filings[0] };
    return compact(r);
  }
  if (kind === "unit") {
    const r = {};
    for (const p of CFG.forms[type].fields) r[p] = value(form, p);
    return compact(r);
  }
  if (kind === "notice") {
    const r = {};
    for (const p of CFG.forms[type].fields) {
      if (!p.startsWith("notice.")) continue;
      const keys = p.slice(7).split(".");
      let o = r;
      for (const k of keys.slice(0, -1)) o = o[k] = o[k] || {};
      o[keys[keys.length - 1]] = value(form, p);
    }
    return compact(r);
  }
  return filingFrom(form, type);
}

/* ----- checking against the schemas ------------------------------------------------------------ */

function validator(kind) {
  const acc = SCHEMAS.account;
  const schema = kind === "account" ? acc : kind === "unit" ? SCHEMAS.unit
    : { $ref: `${acc.$id}#/$defs/${kind}` };
  const v = new Validator(schema, "2020-12", false);
  for (const name of SCHEMA_FILES) if (SCHEMAS[name] !== schema) v.addSchema(SCHEMAS[name]);
  return v;
}

const LEAF = new Set(["type", "required", "pattern", "format", "enum", "minLength", "maxLength", "minItems",
                      "maxItems", "additionalProperties", "const"]);

/* The form field an error of the record is about. */
function pathOf(kind, location, error) {
  let parts = location.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (error.keyword === "required") {
    const m = /property "([^"]+)"/.exec(error.error);
    if (m) parts = parts.concat([m[1]]);
  }
  parts = parts.filter((p) => !/^[0-9]+$/.test(p));
  if (kind === "account" && parts[0] === "filings") return ["filing"].concat(parts.slice(1)).join(".");
  if (kind === "filing") return ["filing"].concat(parts).join(".");
  if (kind === "notice") return ["notice"].concat(parts).join(".");
  return parts.join(".");
}

function messageOf(form, path, error) {
  const input = form.querySelector(`[data-path="${path}"]`);
  const written = input ? input.value : "";
  const { spec } = fieldSpec(form.dataset.record, path);
  if (written && FULL_WIDTH.test(written)) return `有全角字符，请改成半角（切换到英文输入法）：${halfWidth(written)}`;
  if (written && /^[“‘].*[”’]$/.test(written)) return "不要加中文引号“”";
  switch (error.keyword) {
    case "required": return "必填";
    case "pattern": case "format": return spec["x-hint-zh"] || (spec.format === "date" ? "日期写成 YYYY-MM-DD" : "格式不正确");
    case "enum": return "请从列表中选择";
    case "minLength": return "不能为空";
    case "maxLength": return `太长，最多 ${spec.maxLength} 个字`;
    default: return "不符合要求";
  }
}

function clearErrors(form) {
  for (const e of form.querySelectorAll(".portal-file__error")) { e.hidden = true; e.textContent = ""; }
  for (const i of form.querySelectorAll("[aria-invalid]")) i.removeAttribute("aria-invalid");
}

/* Show the errors next to their fields and in a summary; true when there is none. */
function showErrors(form, kind, errors, summary) {
  clearErrors(form);
  while (summary.firstChild) summary.removeChild(summary.firstChild);
  const seen = new Map();
  for (const e of errors) {
    if (!LEAF.has(e.keyword)) continue;
    let path = pathOf(kind, e.instanceLocation, e);
    if (!form.querySelector(`[data-path="${path}"]`)) path = form.dataset.first;
    if (!seen.has(path)) seen.set(path, messageOf(form, path, e));
  }
  if (!seen.size) { summary.hidden = true; return true; }
  summary.appendChild(el("p", {}, `有 ${seen.size} 处需要修改：`));
  const list = el("ul");
  for (const [path, text] of seen) {
    const input = form.querySelector(`[data-path="${path}"]`);
    input.setAttribute("aria-invalid", "true");
    const err = document.getElementById(input.id + "-error");
    err.textContent = text;
    err.hidden = false;
    const li = el("li");
    const a = el("a", { href: "#" + input.id }, `${labelOf(path)}：${text}`);
    a.addEventListener("click", (ev) => { ev.preventDefault(); input.focus(); });
    li.appendChild(a);
    list.appendChild(li);
  }
  summary.appendChild(list);
  summary.hidden = false;
  summary.focus();
  return false;
}

/* ----- YAML in the registry's canonical form ----------------------------------------------------- */

function plainOk(s, flow) {
  if (!s || s !== s.trim() || RESERVED.test(s)) return false;
  if (DATE.test(s)) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`0-9+.~=]/.test(s)) return false;
  if (/: |:$| #|[\n\t\\\u2028\u2029]/.test(s)) return false;
  if (flow && /[,[\]{}]/.test(s)) return false;
  return true;
}

function scalar(v, flow) {
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  const s = String(v);
  return plainOk(s, flow) ? s : JSON.stringify(s);
}

function ordered(obj, node, base) {
  [node, base] = deref(node, base);
  const props = Object.keys(node.properties || {});
  const keys = props.filter((k) => k in obj).concat(Object.keys(obj).filter((k) => !props.includes(k)));
  return keys.map((k) => [k, obj[k], deref((node.properties || {})[k] || {}, base)]);
}

function emitMap(obj, node, base, indent, out) {
  for (const [k, v, [sub, subBase]] of ordered(obj, node, base)) {
    const pad = " ".repeat(indent);
    if (Array.isArray(v)) {
      const flow = v.every((x) => typeof x !== "object") && v.map((x) => scalar(x, true)).join(", ").length < 60
        && v.every((x) => plainOk(String(x), true) || typeof x !== "string");
      if (flow) { out.push(`${pad}${k}: [${v.map((x) => scalar(x, true)).join(", ")}]`); continue; }
      out.push(`${pad}${k}:`);
      emitList(v, sub.items || {}, subBase, indent + 2, out);
    } else if (v && typeof v === "object") {
      out.push(`${pad}${k}:`);
      emitMap(v, sub, subBase, indent + 2, out);
    } else {
      out.push(`${pad}${k}: ${scalar(v, false)}`);
    }
  }
}

function emitList(items, node, base, indent, out) {
  const pad = " ".repeat(indent);
  for (const item of items) {
    if (item && typeof item === "object") {
      const start = out.length;
      emitMap(item, node, base, indent + 2, out);
      out[start] = `${pad}- ` + out[start].slice(indent + 2);
    } else {
      out.push(`${pad}- ${scalar(item, false)}`);
    }
  }
}

function yamlOf(kind, record) {
  const out = [];
  const acc = SCHEMAS.account;
  if (kind === "account") emitMap(record, acc, acc.$id, 0, out);
  else if (kind === "unit") emitMap(record, SCHEMAS.unit, SCHEMAS.unit.$id, 0, out);
  else emitList([record], { $ref: `#/$defs/${kind}` }, acc.$id, 2, out);
  return out.join("\n") + "\n";
}

/* ----- results: links, copy, download ------------------------------------------------------------ */

function repoLink(action, path, text) {
  const repo = CFG.repo;
  if (!repo.url || !repo.forge) return null;
  const b = encodeURIComponent(repo.branch).replace(/%2F/g, "/");
  const p = path.split("/").map(encodeURIComponent).join("/");
  if (repo.forge === "github") {
    return action === "new" ? `${repo.url}/new/${b}?filename=${encodeURIComponent(path)}&value=${encodeURIComponent(text)}`
      : `${repo.url}/edit/${b}/${p}`;
  }
  return action === "new" ? `${repo.url}/-/new/${b}?file_name=${encodeURIComponent(path)}&content=${encodeURIComponent(text)}`
    : `${repo.url}/-/edit/${b}/${p}`;
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/yaml;charset=utf-8" }));
  const a = el("a", { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const STEPS = {
  change: "同时把账号文件中对应的字段改为新内容（改名时把旧名称加入 former_names）。",
  close: "同时把账号文件中的 status 改为 closed，并用“注销公告、停更公告”表单登记停更公告。",
  deregister: "同时把账号文件中的 status 改为 deregistered，并用“注销公告、停更公告”表单登记注销公告。",
  notice: "没有 notices 一栏时，在 filings 列表之后新起一行写 notices: 再粘贴。",
};

function showResult(out, type, kind, record, path) {
  while (out.firstChild) out.removeChild(out.firstChild);
  const whole = kind === "account" || kind === "unit";
  const schemaLine = whole ? `# yaml-language-server: $schema=${kind === "account" ? "../../../" : "../../"}schemas/${kind}.schema.json\n` : "";
  const text = schemaLine + yamlOf(kind, record);
  const forgeName = CFG.repo.forge === "gitlab" ? "GitLab" : "GitHub";
  out.appendChild(el("h2", { id: "portal-file-result" }, "检查通过，备案内容已生成"));
  out.appendChild(el("p", {}, whole ? `新建文件：${path}`
    : `在账号文件 ${path} 的 ${kind === "notice" ? "notices" : "filings"} 列表末尾追加以下内容。${STEPS[type] || ""}`));
  const pre = el("pre", { class: "portal-file__yaml", tabindex: "0", "aria-label": "生成的 YAML" });
  pre.appendChild(el("code", { id: "portal-file-yaml" }, text));
  out.appendChild(pre);
  const actions = el("div", { class: "portal-file__actions" });
  const link = repoLink(whole ? "new" : "edit", path, text);
  if (link) {
    actions.appendChild(el("a", { class: "md-button md-button--primary", id: "portal-file-submit", href: link,
      target: "_blank", rel: "noopener noreferrer" }, whole ? `到 ${forgeName} 新建文件并提交` : `到 ${forgeName} 编辑账号文件`));
  }
  const copy = el("button", { type: "button", class: "md-button", id: "portal-file-copy" }, "复制内容");
  copy.addEventListener("click", () => {
    const done = () => { copy.textContent = "已复制"; };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, () => {});
  });
  actions.appendChild(copy);
  const save = el("button", { type: "button", class: "md-button", id: "portal-file-download" }, "下载文件");
  save.addEventListener("click", () => download(whole ? path.split("/").pop() : `${accountId}-${type}.yaml`, text));
  actions.appendChild(save);
  out.appendChild(actions);
  out.appendChild(el("p", { class: "portal-file__hint" }, link
    ? `在 ${forgeName} 页面上选择“Propose changes / 提交更改”，再创建合并请求；系统会自动检查，主管单位审核后合并。`
    : "把下载的文件发给主管单位的备案管理员，由其提交到备案库。"));
  out.hidden = false;
  out.querySelector("h2").setAttribute("tabindex", "-1");
  out.querySelector("h2").focus();
}

/* ----- account and unit look-ups: defaults from the published records ------------------------------ */

async function json(url) {
  try {
    const r = await fetch(url);
    return r.ok ? await r.json() : null;
  } catch (e) {
    return null;
  }
}

async function supervisorDefaults(form, unitId, note) {
  const unit = unitId ? await json(`${ROOT}api/units/${encodeURIComponent(unitId)}.json`) : null;
  if (note) note.textContent = unit ? `主办单位：${unit.name}` : (unitId ? "备案库中还没有这个单位" : "");
  if (!unit || !unit.supervisor) return;
  // an opening is approved by the supervisor beforehand; other filings name their approval when they have one
  const paths = form.dataset.record === "account" ? ["filing.filed_with", "filing.approval.by"] : ["filing.filed_with"];
  for (const path of paths) {
    const input = form.querySelector(`[data-path="${path}"]`);
    if (input && !input.value) input.value = unit.supervisor;
  }
}

/* ----- assembling the page --------------------------------------------------------------------- */

function buildForm(panel, type) {
  const spec = CFG.forms[type];
  const form = el("form", { class: "portal-file__form", novalidate: true, "data-record": spec.record });
  form.dataset.first = spec.fields[0];
  const summary = el("div", { class: "portal-file__summary", role: "alert", tabindex: "-1", hidden: true });
  form.appendChild(summary);
  for (const path of spec.fields) buildField(form, spec.record, path);
  const note = el("p", { class: "portal-file__note", "aria-live": "polite" });
  const first = form.querySelector(`[data-path="${spec.fields[0]}"]`);
  first.parentNode.appendChild(note);
  if (spec.record === "account") {
    first.addEventListener("change", () => supervisorDefaults(form, first.value.trim(), note));
  } else if (spec.fields[0] === "account") {
    first.addEventListener("change", async () => {
      const a = first.value.trim() ? await json(`${ROOT}api/accounts/${encodeURIComponent(first.value.trim())}.json`) : null;
      note.textContent = a ? `${a.name}（${a.host_unit}）` : (first.value.trim() ? "备案库中没有这个账号" : "");
      form.dataset.host = a ? a.host_unit : "";
      if (a) await supervisorDefaults(form, a.host_unit, null);
    });
  }
  form.appendChild(el("button", { type: "submit", class: "md-button md-button--primary" }, "检查并生成备案文件"));
  const out = el("div", { class: "portal-file__result", hidden: true });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const kind = spec.record;
    const record = recordFrom(form, type);
    let path;
    if (kind === "filing" || kind === "notice") {
      accountId = value(form, "account") || "";
      const a = accountId ? await json(`${ROOT}api/accounts/${encodeURIComponent(accountId)}.json`) : null;
      if (!a) {
        const error = accountId ? "备案库中没有这个账号，请核对账号 id" : "必填";
        showErrors(form, "plain", [{ keyword: "required", instanceLocation: "#", error: 'property "account"' }], summary);
        document.getElementById(fieldId("account") + "-error").textContent = error;
        out.hidden = true;
        return;
      }
      path = `${CFG.repo.registry}/accounts/${a.host_unit}/${a.id}.yaml`;
    }
    const { errors } = validator(kind).validate(record);
    if (!showErrors(form, kind, errors, summary)) { out.hidden = true; return; }
    if (kind === "account") path = `${CFG.repo.registry}/accounts/${record.host_unit}/${record.id}.yaml`;
    else if (kind === "unit") path = `${CFG.repo.registry}/units/${record.id}.yaml`;
    showResult(out, type, kind, record, path);
  });
  panel.appendChild(form);
  panel.appendChild(out);
}

function start() {
  host.hidden = false;
  const chooser = el("fieldset", { class: "portal-file__types" });
  chooser.appendChild(el("legend", {}, "要办理的事项"));
  const panels = el("div");
  for (const [type, spec] of Object.entries(CFG.forms)) {
    const id = `portal-file-type-${type}`;
    const radio = el("input", { type: "radio", name: "portal-file-type", id, value: type });
    const label = el("label", { for: id }, spec.zh);
    const item = el("div", { class: "portal-file__type" });
    item.appendChild(radio);
    item.appendChild(label);
    chooser.appendChild(item);
    const panel = el("section", { class: "portal-file__panel", id: `portal-file-panel-${type}`, hidden: true,
      "aria-label": spec.zh });
    panels.appendChild(panel);
    radio.addEventListener("change", () => {
      for (const p of panels.children) p.hidden = p !== panel;
      if (!panel.firstChild) buildForm(panel, type);
    });
  }
  host.appendChild(chooser);
  host.appendChild(panels);
  if (!CFG.repo.forge) {
    host.appendChild(el("p", { class: "portal-file__hint" }, "本平台没有设置备案库的网址：生成的文件请下载后交给主管单位的备案管理员。"));
  }
}

async function init() {
  if (!host) return;
  const [cfg, ...schemas] = await Promise.all([json(`${ROOT}api/filing.json`),
    ...SCHEMA_FILES.map((n) => json(`${ROOT}schemas/${n}.schema.json`))]);
  if (!cfg || schemas.some((s) => !s)) {
    host.hidden = false;
    host.appendChild(el("p", { class: "portal-file__error" }, "表单加载失败，请刷新页面重试。"));
    return;
  }
  CFG = cfg;
  SCHEMA_FILES.forEach((n, i) => { SCHEMAS[n] = schemas[i]; });
  start();
}

init();
