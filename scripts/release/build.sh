#!/usr/bin/env bash
# Build `dossier` in release mode for one Rust target and pack it as the
# release workflow (.github/workflows/release.yml) publishes it:
#
#   DIST/dossier-TARGET.tar.gz   (dossier-TARGET.zip for Windows targets)
#   DIST/dossier-TARGET.tar.gz.sha256
#
# The archive holds the binary (`dossier`, `dossier.exe`) and README.md at
# its root. scripts/action.sh downloads and unpacks exactly this.
# For the host target the build goes to target/release (shared with every
# other release build of the checkout); for another target to
# target/TARGET/release, with the cross linker set for aarch64 Linux.
#
# usage: build.sh TARGET [DIST]      (DIST defaults to dist/)
set -euo pipefail
target=${1:?usage: build.sh TARGET [DIST]}
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=${2:-dist}
mkdir -p "$dist"
dist=$(cd "$dist" && pwd)
cd "$root"

host=$(rustc -vV | sed -n 's/^host: //p')
target_dir=${CARGO_TARGET_DIR:-$root/target}
flags=(--release --locked -p dossier-cli)
if [ "$target" = "$host" ]; then
  out=$target_dir/release
else
  flags+=(--target "$target")
  out=$target_dir/$target/release
  if [ "$target" = aarch64-unknown-linux-gnu ]; then
    export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=${CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER:-aarch64-linux-gnu-gcc}
    export CC_aarch64_unknown_linux_gnu=${CC_aarch64_unknown_linux_gnu:-aarch64-linux-gnu-gcc}
  fi
fi
echo "build.sh: cargo build ${flags[*]}" >&2
cargo build "${flags[@]}"

exe=dossier
case $target in *windows*) exe=dossier.exe ;; esac
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$out/$exe" README.md "$stage/"
case $target in
  *windows*)
    archive=$dist/dossier-$target.zip
    rm -f "$archive"
    (cd "$stage" && "$(command -v python3 || command -v python)" -m zipfile -c "$archive" "$exe" README.md)
    ;;
  *)
    archive=$dist/dossier-$target.tar.gz
    tar -czf "$archive" -C "$stage" "$exe" README.md
    ;;
esac
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi
}
(cd "$dist" && sha256 "$(basename "$archive")" >"$(basename "$archive").sha256")
echo "$archive"
