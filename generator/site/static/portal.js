/* Portal behaviour. Everything works without it except the live verify search. No innerHTML with
   data: every record string goes through textContent. */
(function () {
  "use strict";
  var KEY = "portal-large-type";
  function setLarge(on) {
    document.documentElement.classList.toggle("portal-large", on);
    var b = document.getElementById("portal-large-toggle");
    if (b) { b.setAttribute("aria-pressed", on ? "true" : "false"); b.textContent = on ? "标准字号" : "大字模式"; }
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  function initLarge() {
    var b = document.getElementById("portal-large-toggle");
    if (!b) return;
    b.hidden = false;
    var on = document.documentElement.classList.contains("portal-large");
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.textContent = on ? "标准字号" : "大字模式";
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
  function norm(s) {
    s = (s || "").normalize ? s.normalize("NFKC") : (s || "");
    return s.toLowerCase().replace(/[\s\u200b-\u200f\u202a-\u202e\u2060\ufeff·•．。,，、"“”'‘’]/g, "");
  }
  function initVerify() {
    var form = document.getElementById("portal-verify");
    if (!form) return;
    var input = form.querySelector("input"), out = document.getElementById("portal-verify-results");
    var root = form.getAttribute("data-root") || "./", data = null, labels = null;
    form.hidden = false;
    function row(a) {
      var li = document.createElement("li"), link = document.createElement("a");
      link.href = root + "accounts/" + a[0] + "/";
      link.textContent = shown(a[1]);
      var badge = document.createElement("span");
      badge.className = "portal-badge portal-badge--" + a[5];
      badge.textContent = labels.status[a[5]] || a[5];
      var meta = document.createElement("span");
      meta.className = "portal-muted";
      meta.textContent = " " + (labels.platform[a[2]] || a[2]) + " · " + shown(a[6]) + " ";
      li.appendChild(link); li.appendChild(meta); li.appendChild(badge);
      return li;
    }
    function run() {
      var q = norm(input.value);
      while (out.firstChild) out.removeChild(out.firstChild);
      if (!q || !data) return;
      var hits = [];
      for (var i = 0; i < data.length && hits.length < 50; i++) {
        var a = data[i];
        if (a[0] === q || norm(a[1]).indexOf(q) >= 0 || (a[3] && norm(a[3]) === q) || (a[4] && norm(a[4]) === q)) hits.push(a);
      }
      var msg = document.createElement("p");
      msg.textContent = hits.length ? "找到 " + hits.length + " 个已备案账号：" : "未找到已备案账号。自称政府部门的未备案账号可能是仿冒账号。";
      out.appendChild(msg);
      var ul = document.createElement("ul");
      ul.className = "portal-list portal-verify__results";
      for (var j = 0; j < hits.length; j++) ul.appendChild(row(hits[j]));
      out.appendChild(ul);
    }
    var loading = false;
    function load() {  /* the index is fetched on first use, not with every home page view */
      if (loading) return;
      loading = true;
      fetch(root + "api/search.json").then(function (r) { return r.json(); }).then(function (j) {
        data = j.accounts; labels = j.labels; run();
      }).catch(function () { out.textContent = "索引加载失败，请稍后再试。"; });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); load(); run(); });
    input.addEventListener("focus", load);
    input.addEventListener("input", function () { load(); run(); });
  }
  function init() { initLarge(); initDays(); initVerify(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
