#!/usr/bin/env bash
# Build the toolkit and run the main job on the shipped example: check it
# (as CI would), explain its risk score and render its procurement pack. Needs only the Rust toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p dossier-cli
DOSSIER=${CARGO_TARGET_DIR:-target}/release/dossier
EXAMPLE=examples/alibaba-cloud.dossier.yaml
# The example is dated; pin "today" so the date rules give the same answer
# on any day (drop --today to check against the real date).
TODAY=2026-11-24
echo "==> dossier check --today $TODAY $EXAMPLE"
status=0
"$DOSSIER" check --today "$TODAY" "$EXAMPLE" || status=$?
echo
echo "==> dossier score --explain --today $TODAY $EXAMPLE"
"$DOSSIER" score --explain --today "$TODAY" "$EXAMPLE"
echo
echo "==> dossier render --today $TODAY $EXAMPLE -o target/pack"
"$DOSSIER" render --today "$TODAY" "$EXAMPLE" -o target/pack
echo "Open target/pack/alibaba-cloud.html in a browser: the procurement pack."
echo
echo "dossier check exited with $status (0: no errors, 1: errors, 2: usage or I/O error)."
exit "$status"
