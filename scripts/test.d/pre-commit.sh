#!/usr/bin/env bash
# `pre-commit try-repo . dossier-check` passes on the shipped example and
# fails on a broken dossier. Installs pre-commit from PyPI into its own
# virtualenv (cached), so neither a system pip nor a pre-commit already on
# the machine matters.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
bash scripts/ensure-apt.sh python3-venv
VENV=${DOSSIER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dossier-toolkit}/pre-commit-venv
if [ ! -x "$VENV/bin/pre-commit" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check pre-commit
fi
export PATH="$VENV/bin:$PATH"
# Reuse the debug binary built by the test run: the hook honours DOSSIER_BIN.
export DOSSIER_BIN=${DOSSIER_BIN:-$ROOT/target/debug/dossier}
[ -x "$DOSSIER_BIN" ] || cargo build -q -p dossier-cli
# try-repo clones HEAD; hook files must be committed (they are, in CI).
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME=$work/cache
git init -q "$work/repo"
cp examples/alibaba-cloud.dossier.yaml "$work/repo/"
printf 'today = "2026-11-24"\n' > "$work/repo/dossier.toml"
cd "$work/repo"
git add -A
pre-commit try-repo "$ROOT" dossier-check --files alibaba-cloud.dossier.yaml
cp "$ROOT/examples/broken/unknown-source.dossier.yaml" broken.dossier.yaml
git add broken.dossier.yaml
if pre-commit try-repo "$ROOT" dossier-check --files broken.dossier.yaml >"$work/out.txt" 2>&1; then
  cat "$work/out.txt"; echo "FAIL: the hook passed a dossier with an error"; exit 1
fi
grep -q "unknown-source" "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL: no unknown-source in the hook output"; exit 1; }
echo "pre-commit hook test passed"
