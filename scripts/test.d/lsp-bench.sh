#!/usr/bin/env bash
# `cargo run --release -p dossier-lsp --example lsp_bench` (docs/editors.md)
# builds or finds its server itself, even when cargo reuses an example
# compiled in another checkout since deleted (the docs runner compiles it
# in a temporary copy that shares this target directory): compile it in a
# copy, delete the copy, run it from here with a few edits.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/copy"
git ls-files -z --cached --others --exclude-standard \
  | tar --null --no-recursion --ignore-failed-read -c -f - -T - | tar -xf - -C "$work/copy"
(cd "$work/copy" && cargo build -q --release --locked -p dossier-lsp --example lsp_bench)
rm -rf "$work/copy"
(DOSSIER_BENCH_EDITS=5 cargo run -q --release --locked -p dossier-lsp --example lsp_bench \
  >"$work/out" 2>"$work/err") || { cat "$work/out" "$work/err"; fail "lsp_bench failed"; }
grep -q "^server: .*target/release/dossier$" "$work/out" || { cat "$work/out" "$work/err"; fail "no server line"; }
grep -qi "p50" "$work/out" || { cat "$work/out"; fail "no latencies reported"; }
echo "lsp_bench: builds or finds its server from any checkout"
