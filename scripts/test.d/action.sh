#!/usr/bin/env bash
# The composite GitHub Action's script (scripts/action.sh) run locally the way
# action.yml runs it: installed with `cargo install --path` from this
# checkout, then `check` in a throw-away "vendors repository" holding the
# example dossier, and on examples/broken/ and a missing path.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

export GITHUB_ACTION_PATH=$ROOT
export RUNNER_TEMP=$work/runner
export GITHUB_PATH=$work/github_path
mkdir -p "$RUNNER_TEMP"
# A debug build reuses what `cargo test` built; CI on GitHub builds release.
DOSSIER_INSTALL_DEBUG=1 bash scripts/action.sh install
bin=$RUNNER_TEMP/dossier/bin/dossier
[ -x "$bin" ] || fail "install did not produce $bin"
grep -qx "$RUNNER_TEMP/dossier/bin" "$GITHUB_PATH" || fail "install did not add its bin to GITHUB_PATH"

repo=$work/vendors-repo
mkdir -p "$repo/vendors"
cp examples/alibaba-cloud.dossier.yaml "$repo/vendors/"

run() { # run EXPECTED_STATUS [VAR=value...]: the check step, in $repo
  local want=$1; shift
  : >"$work/out"
  local status=0
  (cd "$repo" && env GITHUB_OUTPUT="$work/out" "$@" bash "$ROOT/scripts/action.sh" check) >"$work/stdout" 2>"$work/stderr" || status=$?
  [ "$status" = "$want" ] || { cat "$work/stdout" "$work/stderr"; fail "exit $status, expected $want ($*)"; }
  grep -qx "exit-code=$want" "$work/out" || fail "exit-code output missing ($*)"
}

# The one-line use: defaults (paths ".", format github), plus SARIF.
run 0 DOSSIER_TODAY=2026-11-24 DOSSIER_SARIF=true
grep -q '^::warning file=vendors/alibaba-cloud.dossier.yaml,line=' "$work/stdout" \
  || fail "no GitHub annotation for the example"
grep -qx "sarif-file=dossier.sarif" "$work/out" || fail "sarif-file output missing"
grep -q '"version": *"2.1.0"' "$repo/dossier.sarif" || fail "dossier.sarif is not SARIF 2.1.0"
grep -q '"ruleId": *"uncited-fact"' "$repo/dossier.sarif" || fail "dossier.sarif lacks the example's findings"

# Several paths, one per line, and another format.
cp -r "$ROOT/examples/broken" "$repo/broken"
run 1 DOSSIER_TODAY=2026-11-24 DOSSIER_FORMAT=json DOSSIER_CONFIG=broken/dossier.toml \
  DOSSIER_PATHS=$'vendors\n  broken/unknown-source.dossier.yaml\n'
grep -q '"unknown-source"' "$work/stdout" || fail "the second path was not checked"
grep -q 'sarif-file' "$work/out" && fail "sarif-file set without upload-sarif"

# A missing path is a usage error (2), and the action says so.
run 2 DOSSIER_PATHS="no-such-folder"

echo "action.sh: install, check (0, 1, 2), SARIF and outputs as action.yml expects"
