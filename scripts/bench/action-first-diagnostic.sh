#!/usr/bin/env bash
# A simulated runner: the time from the action's first step (`uses:`, i.e.
# scripts/action.sh download) to the first diagnostic (annotation) of its
# check step, with the binary
#   - downloaded: a release of the ref, built by scripts/release/build.sh
#     for the host and served on 127.0.0.1 (no network beyond loopback);
#   - from the cache: no release for the ref, the install root as
#     actions/cache restores it (the restore itself is not simulated).
# Prints the median of N runs (default 5) of each; asserts nothing.
#
# usage: scripts/bench/action-first-diagnostic.sh [N]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
runs=${1:-5}
work=$(mktemp -d)
server_pid=""
cleanup() { [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

host=$(rustc -vV | sed -n 's/^host: //p')
bash scripts/release/build.sh "$host" "$work/dist" >/dev/null
mkdir -p "$work/srv/v0.0.1-bench"
cp "$work/dist/dossier-$host.tar.gz" "$work/dist/dossier-$host.tar.gz.sha256" "$work/srv/v0.0.1-bench/"
python3 - "$work/srv" "$work/port" <<'PY' &
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
handler = functools.partial(Quiet, directory=sys.argv[1])
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
open(sys.argv[2], "w").write(str(httpd.server_address[1]))
httpd.serve_forever()
PY
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
url=http://127.0.0.1:$(cat "$work/port")

repo=$work/vendors
mkdir -p "$repo/vendors"
cp examples/alibaba-cloud.dossier.yaml "$repo/vendors/acme.dossier.yaml"

# One run: the action's steps as action.yml orders them, timed to the
# first annotation on stdout. Prints milliseconds.
first_diagnostic() { # REF PREPARE
  local ref=$1 prepare=$2
  rm -rf "$work/runner"; mkdir -p "$work/runner"
  $prepare
  local start now
  start=$(date +%s%N)
  {
    cd "$repo"
    export RUNNER_TEMP=$work/runner DOSSIER_ACTION_REF=$ref DOSSIER_RELEASE_URL=$url GITHUB_OUTPUT=$work/out
    : >"$GITHUB_OUTPUT"
    bash "$ROOT/scripts/action.sh" download
    if ! grep -qx installed=true "$GITHUB_OUTPUT"; then bash "$ROOT/scripts/action.sh" install; fi
    DOSSIER_TODAY=2026-11-24 bash "$ROOT/scripts/action.sh" check || true
  } 2>"$work/stderr" | while IFS= read -r line; do
    if [[ $line == ::* ]]; then
      now=$(date +%s%N)
      echo $(((now - start) / 1000000))
      break
    fi
  done
}

nothing() { :; }
cached() { # the install root as actions/cache restores it
  local key
  key=$(DOSSIER_BIN=given RUNNER_TEMP="$work/runner" DOSSIER_ACTION_REF=main GITHUB_OUTPUT=/dev/stdout \
    bash scripts/action.sh download 2>/dev/null | sed -n 's/^cache-key=//p' | head -1)
  rm -rf "$work/runner"; mkdir -p "$work/runner/dossier/bin"
  tar -xzf "$work/dist/dossier-$host.tar.gz" -C "$work/runner/dossier/bin" dossier
  echo "$key" >"$work/runner/dossier/.cache-key"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
unset DOSSIER_BIN
down=$(for _ in $(seq "$runs"); do first_diagnostic v0.0.1-bench nothing; done | median)
cache=$(for _ in $(seq "$runs"); do first_diagnostic main cached; done | median)
echo "uses: to first diagnostic, median of $runs runs (binary $(du -h "$work/dist/dossier-$host.tar.gz" | cut -f1) packed):"
echo "  downloaded release binary: ${down} ms"
echo "  cached build:              ${cache} ms"
