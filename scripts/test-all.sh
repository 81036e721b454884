#!/usr/bin/env bash
# Set up and run every test of the toolkit on a fresh Debian machine with the
# Rust toolchain: Rust unit, integration and snapshot tests, the real
# language server over stdio, headless Neovim, the VS Code extension in a real
# VS Code (code-server + Chromium), pre-commit, and the rendered report in
# Chromium. Installs what it needs (apt, npm, pip) itself. Idempotent;
# downloads are cached under ~/.cache/dossier-toolkit.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
started=$(date +%s)
last=
# Each step says how long the previous one took, so a slow step shows in
# the CI log (no step is timed against a limit).
step() {
  local now
  now=$(date +%s)
  [ -z "$last" ] || printf '    (%ss)\n' "$((now - last))"
  last=$now
  printf '\n==> %s\n' "$*"
}

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "cargo test --workspace"
cargo test --workspace --quiet

for extra in scripts/test.d/*.sh; do
  [ -e "$extra" ] || continue
  step "$extra"
  bash "$extra"
done

printf '    (%ss)\n' "$(( $(date +%s) - last ))"
printf '\nAll tests passed in %ss.\n' "$(( $(date +%s) - started ))"
