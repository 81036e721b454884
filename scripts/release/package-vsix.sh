#!/usr/bin/env bash
# Package the VS Code extension for one platform with the `dossier` binary
# that scripts/release/build.sh packed for it inside (server/dossier), as
# `vsce package --target` does for rust-analyzer:
#
#   DIST/dossier-CODE_TARGET.vsix
#
# usage: package-vsix.sh CODE_TARGET RUST_TARGET [DIST]
#   CODE_TARGET: linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64
#   RUST_TARGET: the target whose archive DIST/dossier-RUST_TARGET.* to use
set -euo pipefail
code_target=${1:?usage: package-vsix.sh CODE_TARGET RUST_TARGET [DIST]}
target=${2:?usage: package-vsix.sh CODE_TARGET RUST_TARGET [DIST]}
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=${3:-dist}
dist=$(cd "$dist" && pwd)
case $code_target in
  linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64 | win32-x64 | win32-arm64 | alpine-x64 | alpine-arm64) ;;
  *) echo "package-vsix.sh: unknown VS Code target $code_target" >&2; exit 2 ;;
esac

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
if [ -f "$dist/dossier-$target.zip" ]; then
  (cd "$stage" && "$(command -v python3 || command -v python)" -m zipfile -e "$dist/dossier-$target.zip" .)
  bin=$stage/dossier.exe
elif [ -f "$dist/dossier-$target.tar.gz" ]; then
  tar -xzf "$dist/dossier-$target.tar.gz" -C "$stage"
  bin=$stage/dossier
else
  echo "package-vsix.sh: no $dist/dossier-$target.tar.gz or .zip; run scripts/release/build.sh $target first" >&2
  exit 2
fi

cd "$root/editors/vscode"
npm ci --no-audit --no-fund --loglevel=error
DOSSIER_BIN=$bin node scripts/copy-server.mjs
npm run -s build
npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links \
  --target "$code_target" -o "$dist/dossier-$code_target.vsix"
rm -rf server
echo "$dist/dossier-$code_target.vsix"
