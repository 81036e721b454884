// Copy the built `dossier` binary into server/ so the .vsix ships it.
// Prefers DOSSIER_BIN, then the release build, then the debug build.
import fs from "fs";
import path from "path";
import { fileURLToPath } from "url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const exe = process.platform === "win32" ? "dossier.exe" : "dossier";
const candidates = [process.env.DOSSIER_BIN, path.join(root, "target/release", exe), path.join(root, "target/debug", exe)].filter(Boolean);
const found = candidates.find((p) => fs.existsSync(p));
const dest = path.join(here, "..", "server");
fs.mkdirSync(dest, { recursive: true });
if (!found) {
  console.warn("copy-server: no built dossier binary (cargo build --release -p dossier-cli); packaging without one");
} else {
  fs.copyFileSync(found, path.join(dest, exe));
  fs.chmodSync(path.join(dest, exe), 0o755);
  console.log(`copy-server: ${found} -> server/${exe}`);
}
