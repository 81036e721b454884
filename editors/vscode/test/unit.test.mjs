import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "module";
const require = createRequire(import.meta.url);
const { findServer, notFoundMessage, serverSettings } = require("../dist/discover.test-build.js");

const probe = (exists, pathEnv = "/usr/bin:/opt/bin") => ({ isExecutable: (p) => exists.includes(p), pathEnv, platform: "linux" });

test("the setting wins, even over a bundled server", () => {
  assert.deepEqual(findServer("/my/dossier", "/ext", probe(["/my/dossier", "/ext/server/dossier"])), { path: "/my/dossier", source: "setting" });
});

test("a bad setting is reported, not silently replaced", () => {
  assert.equal(findServer("/missing", "/ext", probe(["/ext/server/dossier"])), undefined);
  assert.match(notFoundMessage("/missing"), /dossier\.server\.path/);
});

test("then the bundled binary, then PATH", () => {
  assert.deepEqual(findServer("", "/ext", probe(["/ext/server/dossier", "/opt/bin/dossier"])), { path: "/ext/server/dossier", source: "bundled" });
  assert.deepEqual(findServer(undefined, "/ext", probe(["/opt/bin/dossier"])), { path: "/opt/bin/dossier", source: "path" });
  assert.equal(findServer(undefined, "/ext", probe([])), undefined);
  assert.match(notFoundMessage(undefined), /cargo install --path crates\/cli/);
});

test("settings sent to the server drop empty values", () => {
  const values = { profile: "", today: "2026-11-24", rules: { "uncited-fact": "error" } };
  assert.deepEqual(serverSettings((k) => values[k]), { profile: undefined, today: "2026-11-24", rules: { "uncited-fact": "error" } });
});

import { readFileSync } from "node:fs";
const here = new URL("..", import.meta.url);
const readJson = (name) => JSON.parse(readFileSync(new URL(name, here), "utf8"));

test("dossier files get no word-based suggestions (the server completes every value)", () => {
  const defaults = readJson("package.json").contributes.configurationDefaults["[dossier]"];
  assert.equal(defaults["editor.wordBasedSuggestions"], "off");
  // YAML values are strings to the grammar: suggest there too.
  assert.equal(defaults["editor.quickSuggestions"].strings, "on");
});

test("Enter after a list item's first key lines the cursor up under that key", () => {
  const rules = readJson("language-configuration.json").onEnterRules;
  const first = (line) => rules.find((r) => new RegExp(r.beforeText).test(line));
  const item = first("  - id: Q01");
  assert.deepEqual(item.action, { indent: "none", appendText: "  " });
  assert.equal(first("  - cite:").action.indent, "indent");
  assert.equal(first("  # - a comment"), undefined);
});

const { vendorSlug, dossierFileName } = require("../dist/names.test-build.js");

test("New Dossier proposes <vendor-slug>.dossier.yaml", () => {
  assert.equal(vendorSlug("Acme AI"), "acme-ai");
  assert.equal(vendorSlug("  Société Générale, S.A. "), "societe-generale-s-a");
  assert.equal(vendorSlug("../../etc/passwd"), "etc-passwd");
  assert.equal(vendorSlug("百度"), "vendor");
  assert.ok(vendorSlug("x".repeat(500)).length <= 60);
  assert.equal(dossierFileName("Acme AI", () => false), "acme-ai.dossier.yaml");
  const taken = new Set(["acme-ai.dossier.yaml", "acme-ai-2.dossier.yaml"]);
  assert.equal(dossierFileName("Acme AI", (n) => taken.has(n)), "acme-ai-3.dossier.yaml");
});
