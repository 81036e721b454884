#!/usr/bin/env bash
# The script behind action.yml (the composite GitHub Action), kept in a file
# so that scripts/test.d/action.sh and scripts/test.d/release.sh run it
# locally the way action.yml does.
#
#   action.sh download  the release binary of the action's ref, when that
#                       ref has a release (.github/workflows/release.yml)
#   action.sh install   otherwise: the cached build (restored by
#                       actions/cache into the install root), or build it
#                       from the action's checkout with cargo
#   action.sh check     run `dossier check` with the inputs below
#
# Each of download and install says which it did, and sets the step output
# `source` (release, cache or build). `download` also sets `installed`
# (true/false), `install-root` and `cache-key` (dossier-OS-ARCH-REF-HASH,
# HASH of the sources, so a branch ref that moves gets a new build).
#
# Inputs (environment): DOSSIER_PATHS (one per line, or space-separated on
# one line; default "."), DOSSIER_FORMAT (default github), DOSSIER_CONFIG,
# DOSSIER_TODAY, DOSSIER_SARIF ("true": also write dossier.sarif).
# DOSSIER_BIN names an already built binary (then download and install are
# skipped); DOSSIER_INSTALL_ROOT is where the binary goes (default
# $RUNNER_TEMP/dossier); DOSSIER_INSTALL_DEBUG=1 builds without optimisation
# (the local test does, to reuse the debug build). DOSSIER_ACTION_REF and
# DOSSIER_ACTION_REPOSITORY default to the action's own (GITHUB_ACTION_REF,
# or the ref in $GITHUB_ACTION_PATH); DOSSIER_RELEASE_URL replaces
# https://github.com/REPOSITORY/releases/download (the local tests serve
# releases on 127.0.0.1).
# Writes `exit-code` and `sarif-file` to $GITHUB_OUTPUT when set, and exits
# with dossier check's status: 0 no error, 1 errors found, 2 usage/I/O error.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
action_root=${GITHUB_ACTION_PATH:-$here}
install_root=${DOSSIER_INSTALL_ROOT:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/dossier}

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

say() { echo "dossier: $*"; }

os=${RUNNER_OS:-$(uname -s)}
arch=${RUNNER_ARCH:-$(uname -m)}
exe=dossier
case $os in Windows* | MINGW* | MSYS* | CYGWIN*) exe=dossier.exe ;; esac

# The Rust target whose release archive runs here, or nothing.
release_target() {
  case "$os/$arch" in
    Linux/X64 | Linux/x86_64) echo x86_64-unknown-linux-gnu ;;
    Linux/ARM64 | Linux/aarch64) echo aarch64-unknown-linux-gnu ;;
    macOS/X64 | Darwin/x86_64) echo x86_64-apple-darwin ;;
    macOS/ARM64 | Darwin/arm64) echo aarch64-apple-darwin ;;
    Windows/X64 | MINGW*/x86_64 | MSYS*/x86_64) echo x86_64-pc-windows-msvc ;;
  esac
}

# The action's ref and repository: GitHub sets GITHUB_ACTION_REF and
# GITHUB_ACTION_REPOSITORY, but not always inside composite actions; the
# action's folder is .../_actions/OWNER/REPO/REF.
action_ref() {
  local ref=${DOSSIER_ACTION_REF:-${GITHUB_ACTION_REF:-}}
  if [ -z "$ref" ] && [[ $action_root == */_actions/*/*/* ]]; then
    ref=${action_root#*/_actions/*/*/}
  fi
  echo "$ref"
}
action_repository() {
  local repo=${DOSSIER_ACTION_REPOSITORY:-${GITHUB_ACTION_REPOSITORY:-}}
  if [ -z "$repo" ] && [[ $action_root == */_actions/*/*/* ]]; then
    repo=${action_root#*/_actions/}
    repo=${repo%/*}
  fi
  echo "$repo"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

# What the build depends on: the manifests and every source file.
source_hash() {
  (cd "$action_root" && find Cargo.toml Cargo.lock crates -type f \
    -not -path '*/tests/*' -not -path '*/benches/*' -not -path '*/examples/*' -print0 \
    | LC_ALL=C sort -z | xargs -0 cat | sha256 | cut -c1-16)
}

cache_key() {
  local ref
  ref=$(action_ref)
  echo "dossier-$os-$arch-${ref:-local}-$(source_hash)" | tr -c 'A-Za-z0-9._\n-' '_'
}

download() {
  output install-root "$install_root"
  output cache-key "$(cache_key)"
  if [ -n "${DOSSIER_BIN:-}" ]; then
    say "using DOSSIER_BIN=$DOSSIER_BIN"
    output installed true
    output source given
    return
  fi
  local ref repo target base
  ref=$(action_ref)
  repo=$(action_repository)
  target=$(release_target)
  base=${DOSSIER_RELEASE_URL:-${repo:+https://github.com/$repo/releases/download}}
  if [ -z "$ref" ] || [ -z "$base" ] || [ -z "$target" ]; then
    say "no release to download (ref '${ref}', repository '${repo}', platform $os/$arch); will use a cached build or build from source"
    output installed false
    return
  fi
  local archive=dossier-$target.tar.gz
  [[ $target == *windows* ]] && archive=dossier-$target.zip
  local url=$base/$ref/$archive
  local tmp
  tmp=$(mktemp -d)
  if ! curl -fsSL --retry 2 -o "$tmp/$archive" "$url" 2>"$tmp/err" \
    || ! curl -fsSL --retry 2 -o "$tmp/$archive.sha256" "$url.sha256" 2>>"$tmp/err"; then
    say "no release binary for ref '$ref' at $url ($(tr '\n' ' ' <"$tmp/err" | sed 's/ *$//')); will use a cached build or build from source"
    rm -rf "$tmp"
    output installed false
    return
  fi
  local want got
  want=$(cut -d' ' -f1 <"$tmp/$archive.sha256")
  got=$(sha256 "$tmp/$archive" | cut -d' ' -f1)
  if [ "$want" != "$got" ]; then
    say "the release archive $url does not match its .sha256; will use a cached build or build from source" >&2
    rm -rf "$tmp"
    output installed false
    return
  fi
  mkdir -p "$install_root/bin"
  if [[ $archive == *.zip ]]; then
    if command -v unzip >/dev/null 2>&1; then
      (cd "$install_root/bin" && unzip -oq "$tmp/$archive" "$exe")
    else
      (cd "$install_root/bin" && "$(command -v python3 || command -v python)" -m zipfile -e "$tmp/$archive" .)
    fi
  else
    tar -xzf "$tmp/$archive" -C "$install_root/bin" "$exe"
  fi
  rm -rf "$tmp"
  chmod +x "$install_root/bin/$exe"
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$install_root/bin" >>"$GITHUB_PATH"; fi
  say "downloaded the release binary of '$ref' for $target ($url)"
  output installed true
  output source release
}

install() {
  if [ -n "${DOSSIER_BIN:-}" ]; then
    say "using DOSSIER_BIN=$DOSSIER_BIN"
    return
  fi
  local key
  key=$(cache_key)
  if [ -x "$install_root/bin/$exe" ] && [ "$(cat "$install_root/.cache-key" 2>/dev/null)" = "$key" ]; then
    say "using the cached build ($key)"
    output source cache
  else
    if ! command -v cargo >/dev/null 2>&1; then
      echo "error: no release binary for this ref and cargo not found; pin the action to a release tag, or add a Rust toolchain step (e.g. dtolnay/rust-toolchain@stable) before this action" >&2
      exit 2
    fi
    say "building dossier from source with cargo (a few minutes; the build is cached for the next run at this ref: $key)"
    local flags=(--locked --path "$action_root/crates/cli" --root "$install_root")
    [ "${DOSSIER_INSTALL_DEBUG:-0}" = 1 ] && flags+=(--debug)
    cargo install "${flags[@]}"
    echo "$key" >"$install_root/.cache-key"
    output source build
  fi
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$install_root/bin" >>"$GITHUB_PATH"; fi
}

check() {
  local bin=${DOSSIER_BIN:-}
  if [ -z "$bin" ]; then
    if [ -x "$install_root/bin/$exe" ]; then bin=$install_root/bin/$exe; else bin=dossier; fi
  fi
  local paths=()
  local raw=${DOSSIER_PATHS:-.}
  if [[ $raw == *$'\n'* ]]; then
    while IFS= read -r line; do
      line=${line#"${line%%[![:space:]]*}"}
      line=${line%"${line##*[![:space:]]}"}
      [ -n "$line" ] && paths+=("$line")
    done <<<"$raw"
  else
    read -r -a paths <<<"$raw"
  fi
  [ ${#paths[@]} -gt 0 ] || paths=(.)
  local opts=()
  [ -n "${DOSSIER_CONFIG:-}" ] && opts+=(--config "$DOSSIER_CONFIG")
  [ -n "${DOSSIER_TODAY:-}" ] && opts+=(--today "$DOSSIER_TODAY")

  local status=0
  "$bin" check --format "${DOSSIER_FORMAT:-github}" "${opts[@]}" -- "${paths[@]}" || status=$?
  if [ "${DOSSIER_SARIF:-false}" = true ]; then
    local sarif=${DOSSIER_SARIF_FILE:-dossier.sarif}
    local sarif_status=0
    # Written next to the target and renamed into place only when the run
    # could check: a failed run leaves no (empty or stale) SARIF behind.
    local tmp
    tmp=$(mktemp "$(dirname "$sarif")/.dossier-sarif.XXXXXX")
    "$bin" check --format sarif "${opts[@]}" -- "${paths[@]}" >"$tmp" || sarif_status=$?
    if [ "$sarif_status" -le 1 ]; then
      mv -f "$tmp" "$sarif"
      output sarif-file "$sarif"
    else
      rm -f "$tmp"
      echo "warning: no SARIF written (dossier check exited with $sarif_status)" >&2
    fi
  fi
  output exit-code "$status"
  return "$status"
}

case "${1:-}" in
  download) download ;;
  install) install ;;
  check) check ;;
  *) echo "usage: $0 download|install|check" >&2; exit 2 ;;
esac
