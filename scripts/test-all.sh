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

need_apt=()
command -v nvim >/dev/null 2>&1 || need_apt+=(neovim)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  step "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

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
