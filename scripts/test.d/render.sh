#!/usr/bin/env bash
# The procurement pack in headless Chromium (Debian's `chromium`): DOM
# assertions and screenshots, kept under target/render/ as CI artefacts.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
cargo test -q -p dossier-cli --test render_chromium -- --ignored
ls -l target/render/
