#!/usr/bin/env bash
# Entry point of the `dossier-check` pre-commit hook: run `dossier check` on
# the files pre-commit passes. Uses $DOSSIER_BIN, else builds the binary from
# this (hook) repository once and reuses it.
set -euo pipefail
bin=${DOSSIER_BIN:-}
if [ -z "$bin" ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  bin="${CARGO_TARGET_DIR:-$here/target}/release/dossier"
  if [ ! -x "$bin" ]; then
    echo "dossier-check: building dossier (first run only)..." >&2
    cargo build --quiet --release --locked --manifest-path "$here/Cargo.toml" -p dossier-cli >&2
  fi
fi
exec "$bin" check "$@"
