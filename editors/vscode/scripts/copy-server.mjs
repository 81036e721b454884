// Copy the built `dossier` binary into server/ so the .vsix ships it.
// Takes DOSSIER_BIN if set, else the release build, else the debug build
// (under $CARGO_TARGET_DIR, default target/ at the repository root).
// Without a binary it fails with the command to run, so `npm run package`
// never produces an extension without its server by accident;
// DOSSIER_PACKAGE_WITHOUT_SERVER=1 packages one on purpose (it then uses
// `dossier` from PATH or the `dossier.server.path` setting).
import fs from "fs";
import path from "path";
import { fileURLToPath } from "url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const exe = process.platform === "win32" ? "dossier.exe" : "dossier";
const target = process.env.CARGO_TARGET_DIR
  ? path.resolve(root, process.env.CARGO_TARGET_DIR)
  : path.join(root, "target");
const candidates = process.env.DOSSIER_BIN
  ? [process.env.DOSSIER_BIN]
  : [path.join(target, "release", exe), path.join(target, "debug", exe)];
const found = candidates.find((p) => fs.existsSync(p));
const dest = path.join(here, "..", "server");
// A binary left over from an earlier run must not be packaged silently.
fs.rmSync(path.join(dest, exe), { force: true });
if (!found) {
  if (process.env.DOSSIER_PACKAGE_WITHOUT_SERVER === "1") {
    console.warn("copy-server: packaging without a server (DOSSIER_PACKAGE_WITHOUT_SERVER=1)");
    process.exit(0);
  }
  console.error(
    `copy-server: no dossier binary at ${candidates.join(" or ")}.\n` +
      "Build it first, from the repository root:\n\n" +
      "    cargo build --release --locked -p dossier-cli\n\n" +
      "then run `npm run package` again (or set DOSSIER_BIN to a built binary).",
  );
  process.exit(1);
}
fs.mkdirSync(dest, { recursive: true });
fs.copyFileSync(found, path.join(dest, exe));
fs.chmodSync(path.join(dest, exe), 0o755);
console.log(`copy-server: ${found} -> server/${exe}`);
