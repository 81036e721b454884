#!/usr/bin/env bash
# `npm run package` of the VS Code extension starts with
# scripts/copy-server.mjs: without a built server it must fail and say which
# command builds one, and with one it copies it into server/.
set -euo pipefail
cd "$(dirname "$0")/../../editors/vscode"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v node >/dev/null || bash ../../scripts/ensure-apt.sh nodejs
work=$(mktemp -d)
saved=""
if [ -e server/dossier ]; then saved=$work/saved; cp server/dossier "$saved"; fi
restore() { if [ -n "$saved" ]; then mkdir -p server; cp "$saved" server/dossier; fi; rm -rf "$work"; }
trap restore EXIT

status=0
env -u DOSSIER_BIN CARGO_TARGET_DIR="$work/empty-target" node scripts/copy-server.mjs >"$work/out" 2>&1 || status=$?
[ "$status" = 1 ] || { cat "$work/out"; fail "copy-server exited $status without a binary, expected 1"; }
grep -q "cargo build --release --locked -p dossier-cli" "$work/out" || { cat "$work/out"; fail "no build command in the message"; }
[ ! -e server/dossier ] || fail "a stale server/dossier was left in place"

status=0
DOSSIER_BIN="$work/missing" node scripts/copy-server.mjs >"$work/out" 2>&1 || status=$?
[ "$status" = 1 ] || fail "a DOSSIER_BIN that does not exist was accepted"

printf '#!/bin/sh\n' >"$work/fake-dossier"
DOSSIER_BIN="$work/fake-dossier" node scripts/copy-server.mjs >/dev/null
cmp -s "$work/fake-dossier" server/dossier || fail "the binary was not copied to server/"
[ -x server/dossier ] || fail "server/dossier is not executable"
rm -f server/dossier
echo "copy-server: fails with the build command, copies a built binary"
