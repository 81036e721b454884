#!/usr/bin/env bash
# The script behind action.yml (the composite GitHub Action), kept in a file
# so that scripts/test.d/action.sh can run it locally on the examples.
#
#   action.sh install   build and install `dossier` from the action's own
#                       checkout ($GITHUB_ACTION_PATH, else this repository)
#   action.sh check     run `dossier check` with the inputs below
#
# Inputs (environment): DOSSIER_PATHS (one per line, or space-separated on
# one line; default "."), DOSSIER_FORMAT (default github), DOSSIER_CONFIG,
# DOSSIER_TODAY, DOSSIER_SARIF ("true": also write dossier.sarif).
# DOSSIER_BIN names an already built binary (then `install` is skipped);
# DOSSIER_INSTALL_ROOT is where `install` puts it (default
# $RUNNER_TEMP/dossier); DOSSIER_INSTALL_DEBUG=1 builds without optimisation
# (the local test does, to reuse the debug build).
# Writes `exit-code` and `sarif-file` to $GITHUB_OUTPUT when set, and exits
# with dossier check's status: 0 no error, 1 errors found, 2 usage/I/O error.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
action_root=${GITHUB_ACTION_PATH:-$here}
install_root=${DOSSIER_INSTALL_ROOT:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/dossier}

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

install() {
  if [ -n "${DOSSIER_BIN:-}" ]; then
    echo "Using $DOSSIER_BIN"
    return
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    echo "error: cargo not found; add a Rust toolchain step (e.g. dtolnay/rust-toolchain@stable) before this action" >&2
    exit 2
  fi
  local flags=(--locked --path "$action_root/crates/cli" --root "$install_root")
  [ "${DOSSIER_INSTALL_DEBUG:-0}" = 1 ] && flags+=(--debug)
  cargo install "${flags[@]}"
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$install_root/bin" >>"$GITHUB_PATH"; fi
}

check() {
  local bin=${DOSSIER_BIN:-}
  if [ -z "$bin" ]; then
    if [ -x "$install_root/bin/dossier" ]; then bin=$install_root/bin/dossier; else bin=dossier; fi
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
    "$bin" check --format sarif "${opts[@]}" -- "${paths[@]}" >"$sarif" || sarif_status=$?
    if [ "$sarif_status" -le 1 ]; then
      output sarif-file "$sarif"
    else
      echo "warning: no SARIF written (dossier check exited with $sarif_status)" >&2
    fi
  fi
  output exit-code "$status"
  return "$status"
}

case "${1:-}" in
  install) install ;;
  check) check ;;
  *) echo "usage: $0 install|check" >&2; exit 2 ;;
esac
