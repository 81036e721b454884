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
steps=$work/steps
# No release for a commit ref; the release URL is a closed port on
# loopback, so nothing leaves the machine.
env -u DOSSIER_BIN GITHUB_OUTPUT="$steps" DOSSIER_ACTION_REF=0123456789abcdef0123456789abcdef01234567 \
  DOSSIER_RELEASE_URL=http://127.0.0.1:9 bash scripts/action.sh download >"$work/log" 2>&1
grep -q "no release binary for ref '0123456789abcdef0123456789abcdef01234567'" "$work/log" \
  || { cat "$work/log"; fail "download did not say there is no release"; }
grep -qx "installed=false" "$steps" || fail "download outputs: $(cat "$steps")"
key=$(sed -n 's/^cache-key=//p' "$steps")
[[ $key == dossier-* ]] || fail "no cache key in $(cat "$steps")"
# A debug build reuses what `cargo test` built; CI on GitHub builds release.
: >"$steps"
env -u DOSSIER_BIN GITHUB_OUTPUT="$steps" DOSSIER_ACTION_REF=0123456789abcdef0123456789abcdef01234567 \
  DOSSIER_INSTALL_DEBUG=1 bash scripts/action.sh install >"$work/log" 2>&1 || { cat "$work/log"; fail "install"; }
grep -q "dossier: building dossier from source with cargo" "$work/log" || { cat "$work/log"; fail "install did not say it builds"; }
grep -qx "source=build" "$steps" || fail "install outputs: $(cat "$steps")"
bin=$RUNNER_TEMP/dossier/bin/dossier
[ -x "$bin" ] || fail "install did not produce $bin"
grep -qx "$RUNNER_TEMP/dossier/bin" "$GITHUB_PATH" || fail "install did not add its bin to GITHUB_PATH"
# The next run at the same ref: actions/cache restored the install root.
: >"$steps"
env -u DOSSIER_BIN GITHUB_OUTPUT="$steps" DOSSIER_ACTION_REF=0123456789abcdef0123456789abcdef01234567 \
  bash scripts/action.sh install >"$work/log" 2>&1 || { cat "$work/log"; fail "install (cached)"; }
grep -q "dossier: using the cached build ($key)" "$work/log" || { cat "$work/log"; fail "install did not use the cached build"; }
grep -qx "source=cache" "$steps" || fail "install outputs: $(cat "$steps")"

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

# A missing path is a usage error (2), and the action says so; the SARIF
# run fails too and leaves no dossier.sarif (neither empty nor stale).
rm -f "$repo/dossier.sarif"
run 2 DOSSIER_PATHS="no-such-folder" DOSSIER_SARIF=true
grep -q "no SARIF written" "$work/stderr" || fail "no word on the SARIF"
[ ! -e "$repo/dossier.sarif" ] || fail "a failed SARIF run left dossier.sarif"
! compgen -G "$repo/.dossier-sarif*" >/dev/null || fail "a temporary SARIF file was left"
grep -q 'sarif-file' "$work/out" && fail "sarif-file set for a failed run"

# A folder without dossiers fails the job (exit 2), rather than pass
# having checked nothing; a misnamed dossier gets a warning annotation.
mkdir -p "$repo/misnamed"
cp examples/alibaba-cloud.dossier.yaml "$repo/misnamed/acme.yaml"
run 2 DOSSIER_PATHS="misnamed"
grep -q '^::warning file=misnamed/acme.yaml,title=dossier%3A not checked::' "$work/stdout" \
  || { cat "$work/stdout"; fail "no annotation for the misnamed dossier"; }
grep -q "no dossier files found in misnamed" "$work/stderr" || fail "no word on the empty run"

# The step summary (GitHub shows 10 warning annotations per step; the
# example alone has more).
summary=$work/summary.md
run 0 DOSSIER_TODAY=2026-11-24 DOSSIER_PATHS=vendors GITHUB_STEP_SUMMARY="$summary"
grep -q '^### dossier check' "$summary" || fail "no step summary"
grep -q "^| \`uncited-fact\` | 0 | [1-9]" "$summary" || { cat "$summary"; fail "no count per rule"; }
grep -q 'annotations capped' "$work/stdout" || fail "no notice of the cap"

echo "action.sh: install, check (0, 1, 2), SARIF and outputs as action.yml expects"
