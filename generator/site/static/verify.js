/* The verification lookup's query engine in the browser: the same reading of a query and the same
   answer as generator/lookup (Python, `portal verify`), step for step; docs/verify.md is the spec and
   tests/data/verify_vectors.json holds both to it (run through node and in Chromium).
   No DOM here: readQuery → plan (the shards to fetch) → decide (the answer, plain data). Runs in the
   browser as a plain script (window.PortalVerify) and in node (module.exports). */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.PortalVerify = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var MAX_QUERY = 2000, MIN_EDIT_LENGTH = 3;
  var EXIT = { registered: 0, deregistering: 3, deregistered: 3, closed: 3, lookalike: 4, former_name: 4, unit: 4,
    other_platform: 4, not_found: 4, need_more: 2, empty: 2 };
  var RANK = ["active", "deregistering", "closed", "deregistered"];
  var CODE = /(?<![0-9A-Za-z-])([0-9A-HJKMNP-TV-Z]{5})-([0-9A-HJKMNP-TV-Z]{5})(?![0-9A-Za-z-])/;
  var ID_TEXT = /^[A-Za-z0-9_.=-]{2,200}$/;
  var WITH_SCHEME = /https?:\/\/[\x21-\x7e]+/i;
  var BARE = /(?<![A-Za-z0-9.@_-])((?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|tv|cc)(?::[0-9]+)?(?:\/[\x21-\x7e]*)?)(?![A-Za-z0-9_-])/i;
  var TRAILING = ".,;:!?)]}'\"`";
  var PORTAL_ACCOUNT = /^\/accounts\/([a-z0-9][a-z0-9-]{0,99})\/?(?:index\.html)?$/;
  var PORTAL_VERIFY = /^\/verify\/(?:index\.html)?\?(?:.*&)?q=([^&#]*)/;
  var UNSAFE = /[\x00-\x20\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufffe\uffff]/;
  var HOST = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;

  function cps(s) { return Array.from(s); }
  function len(s) { return cps(s).length; }
  function cmp(a, b) {  /* code point order, as Python compares strings */
    var x = cps(a), y = cps(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  }
  function strip(s, chars) {
    var a = cps(s), i = 0, j = a.length;
    while (i < j && chars.indexOf(a[i]) >= 0) i++;
    while (j > i && chars.indexOf(a[j - 1]) >= 0) j--;
    return a.slice(i, j).join("");
  }
  function rstrip(s, chars) {
    var j = s.length;
    while (j > 0 && chars.indexOf(s[j - 1]) >= 0) j--;
    return s.slice(0, j);
  }
  function replaceAll(s, a, b) { return s.split(a).join(b); }
  function unquote(s) {
    if (/%(?![0-9A-Fa-f]{2})/.test(s)) return s;
    try { return decodeURIComponent(s); } catch (e) { return s; }
  }

  /* ---- Tables (from the index's meta file) ---- */
  function Engine(meta) {
    this.meta = meta;
    this.platforms = meta.platforms.map(function (p) {
      return { key: p.key, zh: p.zh, family: p.family, kind: p.kind, hosts: p.hosts, short_hosts: p.short_hosts,
        patterns: p.url_patterns.map(function (x) { return new RegExp(x); }), complaint: p.complaint };
    });
    this.words = Object.keys(meta.words);
  }

  Engine.prototype.compat = function (cp) {
    return this.meta.compat_ranges.some(function (r) { return r[0] <= cp && cp <= r[1]; });
  };
  Engine.prototype.light = function (text) {
    var m = this.meta, out = [];
    cps(text).forEach(function (ch) {
      var folded = this.compat(ch.codePointAt(0)) ? ch : ch.normalize("NFKC");
      cps(folded.toLowerCase()).forEach(function (c) {
        if (m.spaces.indexOf(c) < 0 && m.decoration.indexOf(c) < 0) out.push(c);
      });
    }, this);
    return out.join("");
  };
  Engine.prototype.isHidden = function (ch) {
    var cp = ch.codePointAt(0), h = this.meta.hidden, lo = 0, hi = h.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cp < h[mid][0]) hi = mid; else if (cp > h[mid][1]) lo = mid + 1; else return true;
    }
    return false;
  };
  Engine.prototype.foldChar = function (ch) {
    var f = Object.prototype.hasOwnProperty.call(this.meta.folds, ch) ? this.meta.folds[ch] : ch;
    return Object.prototype.hasOwnProperty.call(this.meta.t2s, f) ? this.meta.t2s[f] : f;
  };
  Engine.prototype.folded = function (name) {
    return cps(name).filter(function (c) { return !this.isHidden(c); }, this).map(this.foldChar, this).join("");
  };
  Engine.prototype.dropWords = function (text) {
    var v = this.meta.word_variants;
    Object.keys(v).forEach(function (k) { text = replaceAll(text, k, v[k]); });
    this.meta.extra_words.forEach(function (w) {
      if (text.indexOf(w) >= 0 && len(text) > len(w)) text = replaceAll(text, w, "");
    });
    return text;
  };
  Engine.prototype.skeleton = function (name) { return this.dropWords(this.folded(name)); };
  Engine.prototype.readPlatformWord = function (name) {
    var best = "", m = this.meta;
    this.words.forEach(function (w) {
      if (len(w) > len(best) && name.endsWith(w) && len(name) - len(w) >= m.min_rest) best = w;
    });
    if (!best) return [name, "", []];
    return [name.slice(0, name.length - best.length), best, m.words[best]];
  };
  Engine.prototype.differences = function (query, registered) {
    var out = [], m = this.meta, self = this;
    cps(query).forEach(function (ch) {
      if (self.isHidden(ch)) out.push({ code: "hidden", char: "U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0") });
      else if (Object.prototype.hasOwnProperty.call(m.folds, ch) && registered.indexOf(ch) < 0) out.push({ code: "confusable", from: ch, to: m.folds[ch] });
      else if (Object.prototype.hasOwnProperty.call(m.t2s, ch) && registered.indexOf(ch) < 0) out.push({ code: "traditional", from: ch, to: m.t2s[ch] });
    });
    var folded = this.folded(query);
    Object.keys(m.word_variants).forEach(function (variant) {
      var standard = m.word_variants[variant];
      if (folded.indexOf(variant) >= 0 && registered.indexOf(variant) < 0) out.push({ code: "extra_word", text: variant.replace(standard, "") });
      folded = replaceAll(folded, variant, standard);
    });
    m.extra_words.forEach(function (word) {
      if (folded.indexOf(word) >= 0 && len(folded) > len(word)) {
        if (registered.indexOf(word) < 0) out.push({ code: "extra_word", text: word });
        folded = replaceAll(folded, word, "");
      }
    });
    return out.concat(edit(this.skeleton(query), this.skeleton(registered)) || []);
  };

  /* the one edit from skeleton n to skeleton q: [] when equal, null beyond one */
  function edit(q, n) {
    var a = cps(q), b = cps(n), i;
    if (q === n) return [];
    if (a.length === b.length) {
      var diff = [];
      for (i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
      if (diff.length === 1) return [{ code: "replaced", from: b[diff[0]], to: a[diff[0]] }];
    } else if (Math.abs(a.length - b.length) === 1) {
      var longer = a.length > b.length ? a : b, shorter = a.length > b.length ? b : a;
      i = 0;
      while (i < shorter.length && longer[i] === shorter[i]) i++;
      if (longer.slice(i + 1).join("") === shorter.slice(i).join("")) {
        return [{ code: longer === a ? "added" : "removed", char: longer[i] }];
      }
    }
    return null;
  }

  var CRC = (function () {
    var t = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t.push(c >>> 0);
    }
    return t;
  })();
  /* CRC-32 (zlib's) of the key's UTF-8 bytes: the shard a key lives in */
  function keyHash(key) {
    var b = new TextEncoder().encode(key), c = 0xffffffff;
    for (var i = 0; i < b.length; i++) c = CRC[(c ^ b[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }
  /* generator/lookup/index.py's is_text and anchors: the characters at even and at odd positions and the
     length; a text's own key */
  function isText(skel, meta) {
    return len(skel) >= meta.long || meta.organ_endings.some(function (e) { return skel.endsWith(e); });
  }
  function anchors(skel, rest, meta) {
    var s = cps(skel), n = s.length;
    if (!n) return [];
    var even = s.filter(function (_, i) { return i % 2 === 0; }).join(""), odd = s.filter(function (_, i) { return i % 2 === 1; }).join("");
    if (isText(skel, meta)) return ["t:" + rest, "a:" + even + n];
    return n >= 2 ? ["a:" + even + n, "b:" + odd + n] : ["a:" + even + n];
  }

  /* ---- links (model/urls.py's split_http_url, generator/lookup/links.py) ---- */
  function splitHttpUrl(url) {
    var i = url.indexOf("://");
    if (i < 0) return null;
    var scheme = url.slice(0, i).toLowerCase(), rest = url.slice(i + 3);
    if ((scheme !== "http" && scheme !== "https") || UNSAFE.test(url)) return null;
    rest = rest.split("#")[0];
    var end = rest.length;
    ["/", "?"].forEach(function (ch) { var j = rest.indexOf(ch); if (j >= 0 && j < end) end = j; });
    var authority = rest.slice(0, end);
    if (authority.indexOf("@") >= 0) return null;
    var host = authority.split(":")[0].toLowerCase();
    if (!HOST.test(host)) return null;
    var tail = rest.slice(end), q = tail.indexOf("?");
    var path = q >= 0 ? tail.slice(0, q) : tail, query = q >= 0 ? tail.slice(q + 1) : "";
    return [host, path + (query ? "?" + query : "")];
  }
  function findLink(text) {
    var m = WITH_SCHEME.exec(text);
    if (m) return rstrip(m[0], TRAILING);
    m = BARE.exec(text);
    if (m) return "https://" + rstrip(m[1], TRAILING);
    return null;
  }
  function urlKey(host, path) { return "url:" + host + rstrip(path.split("?")[0], "/"); }

  Engine.prototype.linkKeys = function (url) {
    var parts = splitHttpUrl(url), out = [];
    if (!parts) return out;
    var host = parts[0], target = parts[0] + parts[1];
    this.platforms.forEach(function (p) {
      if (p.hosts.indexOf(host) < 0) return;
      p.patterns.forEach(function (pat) {
        var m = pat.exec(target);
        if (!m || !m.groups) return;
        Object.keys(m.groups).forEach(function (group) {
          var value = m.groups[group];
          if (!value || group === "name") return;
          var key = group === "id" ? "id:" + value.toLowerCase() : group + ":" + unquote(value);
          var how = group === "id" ? "platform_id" : group;
          if (!out.some(function (k) { return k[0] === key && k[1] === how && k[2] === p.key && k[3] === value; })) {
            out.push([key, how, p.key, value]);
          }
        });
      });
    });
    return out;
  };
  Engine.prototype.readLink = function (url) {
    var parts = splitHttpUrl(url), siteHost = this.meta.site.host;
    var read = { kind: "unknown", link: url, host: "", key: "", how: "", value: "", platforms: [], text: "" };
    if (!parts) return read;
    var host = parts[0], rest = parts[1];
    read.host = host;
    if (siteHost && host === siteHost) {
      var path = rest ? "/" + rest.replace(/^\/+/, "") : "/";
      var m = PORTAL_ACCOUNT.exec(path.split("?")[0]);
      if (m) { read.kind = "key"; read.key = "id:" + m[1]; read.how = "portal_id"; return read; }
      m = PORTAL_VERIFY.exec(path);
      if (m) { read.kind = "query"; read.text = unquote(m[1].replace(/\+/g, " ")); return read; }
      return read;
    }
    var on = this.platforms.filter(function (p) { return p.hosts.indexOf(host) >= 0; }).map(function (p) { return p.key; });
    var short = this.platforms.filter(function (p) { return p.short_hosts.indexOf(host) >= 0; });
    if (short.length) { read.kind = "short"; read.platforms = short.map(function (p) { return p.key; }); return read; }
    var keys = this.linkKeys(url);
    if (keys.length) {
      read.kind = "key"; read.key = keys[0][0]; read.how = keys[0][1]; read.value = keys[0][3]; read.platforms = on;
      return read;
    }
    for (var i = 0; i < this.platforms.length; i++) {
      var p = this.platforms[i];
      if (p.hosts.indexOf(host) < 0) continue;
      for (var j = 0; j < p.patterns.length; j++) {
        var mm = p.patterns[j].exec(host + rest);
        if (mm && mm.groups && mm.groups.name) {
          read.kind = "name"; read.text = unquote(mm.groups.name);
          read.platforms = this.platforms.filter(function (q) { return q.family === p.family; }).map(function (q) { return q.key; });
          return read;
        }
      }
    }
    if (on.length) { read.kind = "no_account"; read.key = urlKey(host, rest); read.how = "url"; read.platforms = on; }
    return read;
  };

  /* ---- reading a query (generator/lookup/query.py) ---- */
  function idText(text, spaces) {
    return cps(text.normalize("NFKC")).filter(function (c) { return spaces.indexOf(c) < 0; }).join("");
  }
  Engine.prototype.nameQuery = function (text, nameText) {
    var name = this.light(nameText), r = this.readPlatformWord(name), skel = this.skeleton(r[0]);
    return { text: text, kind: "name", key: "", value: "", how: "", link: null, name: name, rest: r[0], word: r[1], platforms: r[2],
      skeleton: skel, anchors: anchors(skel, r[0], this.meta) };
  };
  Engine.prototype.readQuery = function (text, depth) {
    text = cps(text).slice(0, MAX_QUERY).join("");
    var blank = { text: text, kind: "empty", key: "", value: "", how: "", link: null, name: "", rest: "", word: "", platforms: [],
      skeleton: "", anchors: [] };
    var trimmed = strip(text, this.meta.spaces);
    if (!trimmed) return blank;
    var url = findLink(trimmed);
    if (url !== null) {
      var read = this.readLink(url);
      if (read.kind === "query" && !depth) return this.readQuery(read.text, 1);
      if (read.kind === "name") {
        var q = this.nameQuery(text, read.text);
        q.platforms = read.platforms; q.link = read;
        return q;
      }
      return Object.assign(blank, { kind: "link", key: read.key, how: read.how, link: read, platforms: read.platforms });
    }
    var m = CODE.exec(trimmed.normalize("NFKC").toUpperCase());
    if (m) return Object.assign(blank, { kind: "code", key: "id:" + m[1].toLowerCase() + "-" + m[2].toLowerCase(), how: "code" });
    var ident = idText(trimmed, this.meta.spaces);
    if (ID_TEXT.test(ident)) return Object.assign(blank, { kind: "id", key: "id:" + ident.toLowerCase(), value: ident, how: "id", name: this.light(trimmed) });
    return this.nameQuery(text, trimmed);
  };
  /* generator/lookup/index.py's space_of and shard_path, answer.py's plan: the shard files to fetch */
  function spaceOf(key) { return /^(id|biz|qr|url):/.test(key) ? "i" : "n"; }
  Engine.prototype.shardPath = function (key) {
    var space = spaceOf(key), count = this.meta.shards[space], width = (count - 1).toString(16).length;
    return "api/lookup/" + space + "/" + ((keyHash(key) & (count - 1)) >>> 0).toString(16).padStart(width, "0") + ".json";
  };
  Engine.prototype.plan = function (q) {
    var keys = q.kind === "name" ? q.anchors : q.key ? [q.key] : [], out = [];
    keys.forEach(function (k) { var p = this.shardPath(k); if (out.indexOf(p) < 0) out.push(p); }, this);
    return out;
  };

  /* ---- the answer (generator/lookup/answer.py) ---- */
  function merge(shards) {
    var out = { x: {}, a: {}, b: {}, i: {} };
    shards.forEach(function (s) {
      Object.keys(s).forEach(function (sec) { out[sec] = Object.assign(out[sec] || {}, s[sec]); });
    });
    return out;
  }
  function successor(s, plats) {
    var out = { id: s[0], name: s[1], platform: s[2] >= 0 ? plats[s[2]].key : "" };
    if (!s[0]) { out.kind = s[3]; out.url = s[4]; }
    return out;
  }
  Engine.prototype.match = function (row, how) {
    var plats = this.meta.platforms;
    return { id: row[0], name: row[1], platform: row[2] >= 0 ? plats[row[2]].key : "", status: this.meta.statuses[row[3]],
      unit: row[4], platform_id: row[5], since: row[6],
      successors: (row[7] || []).map(function (s) { return successor(s, plats); }), matched: how };
  };
  function verdict(matches) {
    var best = Math.min.apply(null, matches.map(function (m) { return RANK.indexOf(m.status); }));
    return best === 0 ? "registered" : RANK[best];
  }
  function blank(q, kind) {
    return { kind: kind, read: q.kind, key: q.key, name: q.rest, word: q.word, platforms: q.platforms.slice(), link: q.link ? q.link.link : "",
      how: q.how, reason: "", matches: [], elsewhere: [], former: [], units: [], units_total: 0, resembles: [], check_platform: false,
      exact_name_note: false, complaints: [], report: kind !== "registered" && kind !== "empty" };
  }
  function finish(out, q) {
    out.report = out.kind !== "registered" && out.kind !== "empty";
    var seen = q.platforms.slice();
    [out.matches, out.elsewhere, out.former].forEach(function (g) { g.forEach(function (m) { seen.push(m.platform); }); });
    out.resembles.forEach(function (r) { r.platforms.forEach(function (p) { seen.push(p); }); });
    out.complaints = seen.filter(function (p, i) { return p && seen.indexOf(p) === i; });
    return out;
  }
  function allowedIn(platform, allowed) { return !allowed.length || allowed.indexOf(platform) >= 0; }
  function distinct(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  Engine.prototype.decide = function (q, data) {
    if (q.kind === "empty") return finish(blank(q, "empty"), q);
    if (q.kind === "code" || q.kind === "id" || q.kind === "link") return finish(this.byKey(q, data), q);
    return finish(this.byName(q, data), q);
  };
  Engine.prototype.byKey = function (q, data) {
    var read = q.link, self = this, out;
    if (read && (read.kind === "short" || read.kind === "unknown")) {
      out = blank(q, read.kind === "short" ? "need_more" : "not_found");
      out.reason = read.kind === "short" ? "short_link" : "unknown_link";
      return out;
    }
    var entries = q.key ? (data.i[q.key] || []) : [];
    var value = read ? read.value : q.value;
    var matches = [];
    entries.forEach(function (e) {
      var m = self.match(e[1], e[0]);
      if (read && read.platforms.length && read.platforms.indexOf(m.platform) < 0) return;
      if (e[0] === "platform_id" && m.platform_id !== value && m.platform_id !== m.platform_id.toLowerCase()) return;
      matches.push(m);
    });
    if (!matches.length) {
      out = blank(q, read && read.kind === "no_account" ? "need_more" : "not_found");
      out.reason = out.kind === "need_more" ? "no_account" : (read ? "link" : "id");
      return out;
    }
    out = blank(q, verdict(matches));
    out.matches = matches;
    out.check_platform = distinct(matches.map(function (m) { return m.platform; })).length > 1;
    return out;
  };
  Engine.prototype.byName = function (q, data) {
    var x = data.x, self = this, meta = this.meta, out, i;
    var full = x[q.name] || {}, rest = q.rest !== q.name ? (x[q.rest] || {}) : {};
    var pairs = [[full, []], [rest, q.platforms]];
    for (i = 0; i < pairs.length; i++) {
      var entry = pairs[i][0], filt = pairs[i][1];
      var rows = (entry.n || []).map(function (r) { return [r, "name"]; }).concat((entry.v || []).map(function (r) { return [r, "verification_text"]; }));
      if (!rows.length) continue;
      var found = rows.map(function (r) { return self.match(r[0], r[1]); });
      var matches = found.filter(function (m) { return allowedIn(m.platform, filt); });
      if (!matches.length) { out = blank(q, "other_platform"); out.elsewhere = found; return out; }
      out = blank(q, verdict(matches));
      out.matches = matches;
      out.check_platform = !filt.length && distinct(matches.map(function (m) { return m.platform; })).length > 1;
      var typed = strip(q.text, meta.spaces);
      out.exact_name_note = matches.some(function (m) { return m.matched === "name" && m.name !== typed; });
      return out;
    }
    for (i = 0; i < pairs.length; i++) {
      var e2 = pairs[i][0], f2 = pairs[i][1];
      if (e2.f && e2.f.length) {
        out = blank(q, "former_name");
        var former = e2.f.filter(function (r) { return allowedIn(meta.platforms[r[2]].key, f2); });
        out.former = (former.length ? former : e2.f).map(function (r) { return self.match(r, "former_name"); });
        return out;
      }
    }
    var named = [full, rest];
    for (i = 0; i < named.length; i++) {
      if (named[i].u && named[i].u.length) {
        out = blank(q, "unit");
        out.units = named[i].u[0][1].map(function (u) {
          return { id: u[0], name: u[1], accounts: u[2] === null ? null : u[2].map(function (r) {
            return { id: r[0], name: r[1], platform: meta.platforms[r[2]].key, status: meta.statuses[r[3]] };
          }), total: u[3] };
        });
        out.units_total = named[i].u[0][0];
        return out;
      }
    }
    out = blank(q, "not_found");
    var seen = {}, resembles = [];
    q.anchors.forEach(function (anchor) {
      ((data[anchor[0]] || {})[anchor] || []).forEach(function (cand) {
        var name = cand[0], refs = cand[1];
        if (Object.prototype.hasOwnProperty.call(seen, name)) return;
        seen[name] = true;
        var nrest = self.readPlatformWord(self.light(name))[0], sn = self.skeleton(nrest);
        if (!q.skeleton || self.light(name) === q.name) return;
        var close = sn === q.skeleton || (Math.min(len(sn), len(q.skeleton)) >= MIN_EDIT_LENGTH && edit(q.skeleton, sn) !== null);
        if (close) {
          resembles.push({ name: name, platforms: refs.map(function (p) { return meta.platforms[p].key; }), differences: self.differences(q.rest, nrest),
            same_skeleton: sn === q.skeleton });
        }
      });
    });
    if (resembles.length) {
      resembles.sort(function (a, b) { return (a.same_skeleton === b.same_skeleton ? 0 : a.same_skeleton ? -1 : 1) || cmp(a.name, b.name); });
      out.kind = "lookalike";
      out.resembles = resembles;
    }
    return out;
  };

  /* Answer a query, fetching shards with `fetchShard(path) → Promise<object>`; resolves to
     {answer, shards: [paths fetched]}. */
  Engine.prototype.answer = function (text, fetchShard) {
    var self = this, q = this.readQuery(text, 0), paths = this.plan(q);
    return Promise.all(paths.map(function (p) { return fetchShard(p); })).then(function (shards) {
      return { answer: self.decide(q, merge(shards)), shards: paths };
    });
  };

  return { Engine: Engine, EXIT: EXIT, keyHash: keyHash, anchors: anchors, edit: edit, findLink: findLink,
    splitHttpUrl: splitHttpUrl, merge: merge };
});
