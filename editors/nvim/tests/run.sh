#!/usr/bin/env bash
# Headless Neovim test of editors/nvim against the real `dossier lsp`.
# Installs Debian's neovim if missing. DOSSIER_BIN defaults to the debug build.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
bash scripts/ensure-apt.sh neovim
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
