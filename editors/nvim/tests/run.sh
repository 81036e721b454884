#!/usr/bin/env bash
# Headless Neovim test of editors/nvim against the real `dossier lsp`.
# Installs Debian's neovim if missing. DOSSIER_BIN defaults to the debug build.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
if ! command -v nvim >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null
fi
export DOSSIER_BIN=${DOSSIER_BIN:-$ROOT/target/debug/dossier}
[ -x "$DOSSIER_BIN" ] || cargo build -q -p dossier-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp examples/alibaba-cloud.dossier.yaml "$work/"
export DOSSIER_EXAMPLE=$work/alibaba-cloud.dossier.yaml
nvim --version | head -1
# -u NONE: no user config; the plugin is loaded through runtimepath, as a user would.
timeout 120 nvim --headless -u NONE -i NONE -n \
  --cmd "set runtimepath^=$ROOT/editors/nvim" \
  -c "luafile $ROOT/editors/nvim/tests/smoke.lua"
echo "neovim smoke test passed"
