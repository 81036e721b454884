#!/usr/bin/env bash
# Entry point of the `dossier-check` pre-commit hook: run `dossier check
# --force-exclude` on the files pre-commit passes (so dossier.toml's
# `exclude` holds for them as it does for `dossier check` on a folder).
# Uses $DOSSIER_BIN, else builds the binary from this (hook) repository once
# and reuses it. pre-commit shows a hook's output only after it finishes,
# so the first run's "building" note also goes to the terminal directly.
set -euo pipefail
bin=${DOSSIER_BIN:-}
if [ -z "$bin" ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  bin="${CARGO_TARGET_DIR:-$here/target}/release/dossier"
  if [ ! -x "$bin" ]; then
    note="dossier-check: building dossier with cargo (first run only, a few minutes; set DOSSIER_BIN to an installed dossier to skip)..."
    echo "$note" >&2
    # A terminal, when there is one (git commit); never an error without.
    { printf '\n%s\n' "$note" >/dev/tty; } 2>/dev/null || true
    cargo build --quiet --release --locked --manifest-path "$here/Cargo.toml" -p dossier-cli >&2
    { printf '%s\n' "dossier-check: built $bin" >/dev/tty; } 2>/dev/null || true
  fi
fi
exec "$bin" check --force-exclude "$@"
