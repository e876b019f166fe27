/* Runs the browser's query engine (generator/site/static/verify.js) in node over a built site's
   lookup index: `node run_verify.js SITE_DIR QUERIES.json` prints [{answer, shards}] for the queries
   (a JSON array of strings), in order. tests/test_verify_vectors.py compares them with Python's. */
"use strict";
const fs = require("fs");
const path = require("path");
const PortalVerify = require(path.resolve(__dirname, "../../generator/site/static/verify.js"));

const [site, queriesFile] = process.argv.slice(2);
const meta = JSON.parse(fs.readFileSync(path.join(site, "api/lookup/meta.json"), "utf8"));
const engine = new PortalVerify.Engine(meta);
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
const read = (rel) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(site, rel), "utf8")));
(async () => {
  const out = [];
  for (const q of queries) out.push(await engine.answer(q, read));
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
