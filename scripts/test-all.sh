#!/usr/bin/env bash
# Set up and run every test of the toolkit on a fresh Debian machine with the
# Rust toolchain: Rust unit, integration and snapshot tests, the real
# language server over stdio, headless Neovim, the VS Code extension in a real
# VS Code (code-server + Chromium), pre-commit, and the rendered report in
# Chromium. Installs what it needs (apt, npm, pip) itself. Idempotent;
# downloads are cached under ~/.cache/dossier-toolkit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export CARGO_TERM_COLOR=never
step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

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

printf '\nAll tests passed in %ss.\n' "$(( $(date +%s) - started ))"
