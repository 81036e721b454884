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

# dossier.toml's `exclude` holds for the files pre-commit names (the hook
# runs `dossier check --force-exclude`): an excluded draft with errors
# passes, as it does for `dossier check` on the folder.
git rm -q --cached broken.dossier.yaml && rm broken.dossier.yaml
mkdir drafts
cp "$ROOT/examples/broken/unknown-source.dossier.yaml" drafts/half.dossier.yaml
printf 'today = "2026-11-24"\nexclude = ["drafts/"]\n' > dossier.toml
git add -A
"$DOSSIER_BIN" check >/dev/null || { echo "FAIL: dossier check fails the folder"; exit 1; }
pre-commit try-repo "$ROOT" dossier-check --all-files >"$work/out.txt" 2>&1 \
  || { cat "$work/out.txt"; echo "FAIL: the hook checked an excluded draft"; exit 1; }

# The first run without DOSSIER_BIN builds dossier and says so on the
# terminal while it builds (pre-commit shows a hook's output only after it
# ends). A stand-in cargo "builds" by linking the test binary; `script`
# gives the run a terminal.
bash "$ROOT/scripts/ensure-apt.sh" bsdutils
mkdir -p "$work/fake-bin"
cat >"$work/fake-bin/cargo" <<FAKE
#!/bin/sh
# stand-in for: cargo build --quiet --release --locked --manifest-path M -p dossier-cli
echo "\$*" >"$work/cargo-args"
mkdir -p "\$CARGO_TARGET_DIR/release"
ln -sf "$DOSSIER_BIN" "\$CARGO_TARGET_DIR/release/dossier"
FAKE
chmod +x "$work/fake-bin/cargo"
script -qec "env -u DOSSIER_BIN PATH='$work/fake-bin:$PATH' CARGO_TARGET_DIR='$work/hook-target' pre-commit try-repo '$ROOT' dossier-check --files alibaba-cloud.dossier.yaml" \
  "$work/typescript" >/dev/null </dev/null || { cat "$work/typescript"; echo "FAIL: the first run failed"; exit 1; }
grep -q "dossier-check: building dossier with cargo (first run only" "$work/typescript" \
  || { cat "$work/typescript"; echo "FAIL: the first run did not say it builds"; exit 1; }
grep -q -- "--release --locked" "$work/cargo-args" || { echo "FAIL: the hook did not run cargo build"; exit 1; }
echo "pre-commit hook test passed"
