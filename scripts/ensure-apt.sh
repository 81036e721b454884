#!/usr/bin/env bash
# Install the Debian packages named on the command line that are not
# installed yet (with sudo when not root). The test scripts call it for what
# they need, so each also runs on its own on a fresh machine.
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: not a Debian system; install ${missing[*]} yourself" >&2
  exit 0
fi
echo "apt-get install ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
