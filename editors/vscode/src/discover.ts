// Where the `dossier` binary comes from, in order:
//   1. the `dossier.server.path` setting,
//   2. the binary shipped inside the extension (`server/dossier`),
//   3. `dossier` on PATH.
// Pure logic (file checks are injected) so it is unit-tested without VS Code.
import * as path from "path";

export interface Found {
  path: string;
  source: "setting" | "bundled" | "path";
}

export interface Probe {
  isExecutable(p: string): boolean;
  pathEnv: string | undefined;
  platform: NodeJS.Platform;
}

export function findServer(setting: string | undefined, extensionDir: string, probe: Probe): Found | undefined {
  const exe = probe.platform === "win32" ? "dossier.exe" : "dossier";
  if (setting && setting.trim() !== "") {
    return probe.isExecutable(setting) ? { path: setting, source: "setting" } : undefined;
  }
  const bundled = path.join(extensionDir, "server", exe);
  if (probe.isExecutable(bundled)) {
    return { path: bundled, source: "bundled" };
  }
  const sep = probe.platform === "win32" ? ";" : ":";
  for (const dir of (probe.pathEnv ?? "").split(sep)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (probe.isExecutable(candidate)) {
      return { path: candidate, source: "path" };
    }
  }
  return undefined;
}

/** The message shown when no server is found. */
export function notFoundMessage(setting: string | undefined): string {
  if (setting && setting.trim() !== "") {
    return `Dossier: the server at dossier.server.path (${setting}) is not an executable file. Fix the setting, or clear it to use the bundled server.`;
  }
  return "Dossier: no `dossier` language server found (not bundled, not on PATH). Install it with `cargo install --path crates/cli`, or set dossier.server.path.";
}

/** Settings as the server reads them (initializationOptions / didChangeConfiguration). */
export function serverSettings(get: (key: string) => unknown): { profile?: string; today?: string; rules?: Record<string, string> } {
  const profile = (get("profile") as string) || undefined;
  const today = (get("today") as string) || undefined;
  const rules = (get("rules") as Record<string, string>) || {};
  return { profile, today, rules };
}
