/* Portal behaviour. Everything works without it except the verify box (and its QR reader). No innerHTML
   with data: every record string goes through textContent. */
(function () {
  "use strict";
  var KEY = "portal-large-type";
  function setLarge(on) {
    document.documentElement.classList.toggle("portal-large", on);
    var b = document.getElementById("portal-large-toggle");
    if (b) b.setAttribute("aria-pressed", on ? "true" : "false");  /* a toggle: its name stays, its state changes */
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  function initLarge() {
    var b = document.getElementById("portal-large-toggle");
    if (!b) return;
    var on = document.documentElement.classList.contains("portal-large");
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.addEventListener("click", function () { setLarge(!document.documentElement.classList.contains("portal-large")); });
  }
  /* "days left" of a notice period, recomputed in the browser from the end date in the page. */
  function initDays() {
    var els = document.querySelectorAll("[data-portal-until]");
    var now = new Date();
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    for (var i = 0; i < els.length; i++) {
      var p = els[i].getAttribute("data-portal-until").split("-");
      var end = Date.UTC(+p[0], +p[1] - 1, +p[2]);
      var d = Math.round((end - today) / 86400000);
      els[i].textContent = d > 0 ? "剩余 " + d + " 天" : "公示期已满";
    }
  }
  /* bidirectional controls would reorder the text around a record string */
  function shown(s) { return String(s).replace(/[\u202a-\u202e\u2066-\u2069]/g, ""); }
  var SCRIPT = document.currentScript ? document.currentScript.src : "";
  function asset(name) { return SCRIPT.replace(/portal\.js(?:[?#].*)?$/, name); }
  var loaded = {};
  function loadScript(name) {  /* a file of the site's own (the policy allows nothing else) */
    if (!loaded[name]) {
      loaded[name] = new Promise(function (ok, fail) {
        var s = document.createElement("script");
        s.src = asset(name); s.onload = ok; s.onerror = fail;
        document.head.appendChild(s);
      });
    }
    return loaded[name];
  }
  function getJSON(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = shown(text);
    return e;
  }
  function link(href, text, cls) { var a = el("a", cls, text); a.href = href; return a; }
  function fill(tpl, values) { return tpl.replace(/\{(\w+)\}/g, function (_, k) { return values[k] === undefined ? "" : values[k]; }); }
  var HEAD_BADGE = { registered: "active", deregistering: "deregistering", deregistered: "deregistered", closed: "closed",
    lookalike: "fail", not_found: "fail", other_platform: "fail", former_name: "fail", unit: "unit", need_more: "deregistering" };

  /* The verify box (home page and /verify/): the query engine is verify.js, the index api/lookup/. */
  function initVerify() {
    var form = document.getElementById("portal-verify");
    if (!form) return;
    var input = form.querySelector("input[name=q]"), out = document.getElementById("portal-verify-results");
    var page = form.hasAttribute("data-page"), root = new URL(form.getAttribute("data-root") || "./", location.href).href;
    var engine = null, starting = null, seq = 0, timer = 0;
    form.hidden = false;
    function start() {
      if (!starting) {
        starting = loadScript("verify.js").then(function () { return getJSON(root + "api/lookup/meta.json"); })
          .then(function (meta) { engine = new window.PortalVerify.Engine(meta); });
      }
      return starting;
    }
    function platformName(key) {
      var p = engine.meta.platforms.filter(function (x) { return x.key === key; })[0];
      return p ? p.zh : key;
    }
    function statusBadge(st) { return el("span", "portal-badge portal-badge--" + st, engine.meta.labels.statuses[st] || st); }
    function accountItem(m, extra) {
      var li = el("li");
      li.appendChild(link(root + "accounts/" + encodeURIComponent(m.id) + "/", m.name));
      li.appendChild(el("span", "portal-muted", "（" + platformName(m.platform) + "）"));
      li.appendChild(statusBadge(m.status));
      if (m.unit) li.appendChild(el("div", "portal-muted", "主办单位：" + m.unit));
      if (m.platform_id) li.appendChild(el("div", "portal-mono", "标识 " + m.platform_id));
      if (m.since && m.status !== "active") li.appendChild(el("div", "", (m.status === "closed" ? "关停日期 " : "注销日期 ") + m.since));
      if (m.successors.length) {
        var d = el("div", "", "请改为关注：");
        m.successors.forEach(function (s, k) {
          if (k) d.appendChild(document.createTextNode("；"));
          if (s.id) { d.appendChild(link(root + "accounts/" + encodeURIComponent(s.id) + "/", s.name || s.id)); return; }
          d.appendChild(s.url && window.PortalVerify.splitHttpUrl(s.url) ? link(s.url, s.name) : document.createTextNode(s.name));
          d.appendChild(el("span", "portal-muted", "（" + (s.platform ? platformName(s.platform) : engine.meta.labels.channels[s.kind] || s.kind) + "）"));
        });
        li.appendChild(d);
      }
      if (extra) li.appendChild(el("div", "portal-muted", extra));
      return li;
    }
    function list(items) { var ul = el("ul", "portal-list portal-verify__results"); items.forEach(function (i) { ul.appendChild(i); }); return ul; }
    function reportBlock(a) {
      var meta = engine.meta, box = el("div", "portal-report"), ul = el("ul");
      box.appendChild(el("p", "portal-report__title", "举报仿冒账号"));
      var rep = meta.report || {};
      if (rep.phone || rep.email || rep.url) {
        var li = el("li", "", (rep.office || "本平台") + "：");
        if (rep.phone) li.appendChild(link("tel:" + rep.phone.replace(/[^0-9+]/g, ""), "电话 " + rep.phone, "portal-tel"));
        if (rep.email && /^[^@\s]+@[^@\s]+$/.test(rep.email)) { li.appendChild(document.createTextNode(" ")); li.appendChild(link("mailto:" + rep.email, "邮箱 " + rep.email, "portal-mail")); }
        if (rep.url && window.PortalVerify.splitHttpUrl(rep.url)) { li.appendChild(document.createTextNode(" ")); li.appendChild(link(rep.url, "网上纠错举报")); }
        ul.appendChild(li);
      }
      var nat = el("li", "", meta.national.zh + "：");
      nat.appendChild(link("tel:" + meta.national.phone, "电话 " + meta.national.phone, "portal-tel"));
      nat.appendChild(document.createTextNode(" "));
      nat.appendChild(link(meta.national.url, "www.12377.cn"));
      ul.appendChild(nat);
      a.complaints.forEach(function (key) {
        var p = meta.platforms.filter(function (x) { return x.key === key; })[0];
        if (!p || !p.complaint || !p.complaint.zh) return;
        var li2 = el("li", "", p.zh + "：" + p.complaint.zh);
        if (p.complaint.url) { li2.appendChild(document.createTextNode(" ")); li2.appendChild(link(p.complaint.url, "投诉入口")); }
        ul.appendChild(li2);
      });
      box.appendChild(ul);
      return box;
    }
    function render(a) {
      var L = engine.meta.labels, box = el("div", "portal-answer portal-answer--" + a.kind);
      box.setAttribute("data-kind", a.kind);
      var head = el("p", "portal-answer__head");
      head.appendChild(el("span", "portal-badge portal-badge--" + HEAD_BADGE[a.kind], L.headlines[a.kind][0]));
      box.appendChild(head);
      if (a.matches.length) box.appendChild(list(a.matches.map(function (m) { return accountItem(m); })));
      if (a.exact_name_note && a.matches.length) box.appendChild(el("p", "portal-warn", fill(L.exact_name[0], { name: a.matches[0].name })));
      if (a.check_platform) box.appendChild(el("p", "portal-warn", L.check_platform[0]));
      if (a.reason) box.appendChild(el("p", "", L.reasons[a.reason][0]));
      if (a.former.length) {
        box.appendChild(el("p", "", "“" + a.name + "”是下列账号的曾用名，请以现名为准："));
        box.appendChild(list(a.former.map(function (m) { return accountItem(m); })));
      }
      if (a.elsewhere.length) {
        box.appendChild(el("p", "", "以此名称备案的账号在："));
        box.appendChild(list(a.elsewhere.map(function (m) { return accountItem(m); })));
      }
      a.units.forEach(function (u) {
        var p = el("p", "", "");
        p.appendChild(link(root + "units/" + encodeURIComponent(u.id) + "/", u.name));
        p.appendChild(document.createTextNode("：备案账号 " + u.total + " 个"));
        box.appendChild(p);
        if (u.accounts) box.appendChild(list(u.accounts.map(function (m) { return accountItem(m); })));
      });
      if (a.units_total > a.units.length) box.appendChild(el("p", "portal-muted", "另有 " + (a.units_total - a.units.length) + " 个单位同名。"));
      if (a.resembles.length) {
        box.appendChild(el("p", "", "与下列已备案账号的名称相近，但不相同："));
        box.appendChild(list(a.resembles.map(function (r) {
          var li = el("li");
          var b = el("b", "", "");
          b.appendChild(link(root + "verify/?q=" + encodeURIComponent(r.name), "“" + r.name + "”"));
          li.appendChild(b);
          var why = r.differences.map(function (d) { return fill(L.differences[d.code][0], d); }).join("；");
          li.appendChild(el("div", "portal-warn", "区别：" + (why || "写法不同")));
          li.appendChild(el("div", "portal-muted", "已备案于：" + r.platforms.map(platformName).join("、")));
          return li;
        })));
      }
      if (a.report) box.appendChild(reportBlock(a));
      if (!page && input.value.trim()) {
        var share = el("p", "portal-muted");
        share.appendChild(link(root + "verify/?q=" + encodeURIComponent(input.value.trim()), "转发这个核验结果（核验页面链接）"));
        box.appendChild(share);
      }
      return box;
    }
    function run(text) {
      var mine = ++seq;
      if (!text.trim()) { while (out.firstChild) out.removeChild(out.firstChild); return Promise.resolve(); }
      return start().then(function () {
        return engine.answer(text, function (path) { return getJSON(root + path); });
      }).then(function (r) {
        if (mine !== seq) return;
        while (out.firstChild) out.removeChild(out.firstChild);
        out.appendChild(render(r.answer));
      }).catch(function () { if (mine === seq) out.textContent = "索引加载失败，请稍后再试。"; });
    }
    function remember(text) {
      if (page && window.history && history.replaceState) {
        history.replaceState(null, "", text.trim() ? "?q=" + encodeURIComponent(text.trim()) : location.pathname);
      }
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); remember(input.value); run(input.value); });
    input.addEventListener("focus", start);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { remember(input.value); run(input.value); }, 350);
    });
    var q = document.documentElement.getAttribute("data-portal-q");  /* verify-query.js kept it from the theme */
    if (q === null) q = new URLSearchParams(location.search).get("q");
    if (page && q) {
      input.value = q;
      run(q).then(function () { remember(q); });
    }
    if (page) initQR(input, function (text) { input.value = text; remember(text); run(text); });
  }

  /* QR codes from a poster: the phone's camera or a chosen image, decoded in the browser (nothing is
     uploaded): BarcodeDetector where the browser has it, the vendored jsQR elsewhere. */
  function initQR(input, answer) {
    var box = document.getElementById("portal-qr");
    if (!box) return;
    var file = document.getElementById("portal-qr-file"), camera = document.getElementById("portal-qr-camera");
    var video = document.getElementById("portal-qr-video"), status = document.getElementById("portal-qr-status");
    var stream = null;
    box.hidden = false;
    if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) camera.hidden = true;
    function say(text) { status.textContent = text; }
    function viaJsQR(source, w, h) {
      return loadScript("vendor/jsQR.js").then(function () {
        var c = document.createElement("canvas");
        c.width = w; c.height = h;
        var ctx = c.getContext("2d");
        ctx.drawImage(source, 0, 0, w, h);
        var found = window.jsQR(ctx.getImageData(0, 0, w, h).data, w, h);
        return found ? found.data : null;
      });
    }
    function detect(source, w, h) {
      if ("BarcodeDetector" in window) {
        return new window.BarcodeDetector({ formats: ["qr_code"] }).detect(source).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        }).catch(function () { return viaJsQR(source, w, h); });
      }
      return viaJsQR(source, w, h);
    }
    function found(text) {
      say("已识别二维码：" + shown(text));
      answer(text);
    }
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      if (!f) return;
      say("正在识别……");
      createImageBitmap(f).then(function (img) {
        var scale = Math.min(1, 1200 / Math.max(img.width, img.height));
        return detect(img, Math.round(img.width * scale), Math.round(img.height * scale));
      }).then(function (text) {
        if (text) found(text); else say("图片中没有找到二维码，请换一张更清晰的图片。");
      }).catch(function () { say("无法读取这张图片。"); });
      file.value = "";  /* the same image may be chosen again */
    });
    function stop() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null; video.hidden = true;
      camera.setAttribute("aria-pressed", "false"); camera.textContent = "用相机扫二维码";
    }
    function scan(until) {
      if (!stream) return;
      if (Date.now() > until) { stop(); say("没有扫到二维码。"); return; }
      var w = video.videoWidth, h = video.videoHeight;
      (w && h ? detect(video, w, h) : Promise.resolve(null)).then(function (text) {
        if (text) { stop(); found(text); } else setTimeout(function () { scan(until); }, 300);
      });
    }
    camera.addEventListener("click", function () {
      if (stream) { stop(); say(""); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
        stream = s; video.srcObject = s; video.hidden = false; video.play();
        camera.setAttribute("aria-pressed", "true"); camera.textContent = "停止扫码";
        say("请把二维码对准相机。");
        scan(Date.now() + 60000);
      }).catch(function () { say("无法使用相机：请允许使用相机，或选择二维码图片。"); });
    });
  }

  /* The header search covers the hand-written pages; an account query typed there is one click (or
     Enter, when the pages have nothing) away from the verify page. */
  function initHeaderSearch() {
    var q = document.querySelector("[data-md-component=search-query]");
    var wrap = document.querySelector(".md-search__scrollwrap"), logo = document.querySelector("a.md-logo");
    if (!q || !wrap || !logo) return;
    var p = el("p", "portal-search-verify"), a = link(logo.href, "");
    p.appendChild(a);
    p.hidden = true;
    wrap.insertBefore(p, wrap.firstChild);
    function target() { return new URL("verify/?q=" + encodeURIComponent(q.value.trim()), logo.href).href; }
    q.addEventListener("input", function () {
      var text = q.value.trim();
      p.hidden = !text;
      a.textContent = "在备案库中核验“" + shown(text) + "” →";
      a.href = target();
    });
    q.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || !q.value.trim()) return;
      var results = document.querySelectorAll(".md-search-result__item");
      if (!results.length || linkLike(q.value)) { e.preventDefault(); location.href = target(); }
    });
  }
  function linkLike(text) { return /https?:\/\/|[a-z0-9-]+\.(com|cn)\//i.test(text); }
  function init() { initLarge(); initDays(); initVerify(); initHeaderSearch(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
