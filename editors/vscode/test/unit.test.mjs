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
