#!/usr/bin/env bash
# The procurement pack in headless Chromium (Debian's `chromium`): DOM
# assertions and screenshots, kept under target/render/ as CI artefacts.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/ensure-apt.sh chromium
cargo test -q -p dossier-cli --test it render_chromium -- --ignored
ls -l target/render/
