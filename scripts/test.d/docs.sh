#!/usr/bin/env bash
# Every command the documentation shows (README.md, docs/*.md,
# examples/README.md) runs in a temporary copy of the checkout, every output
# it shows is compared, every complete dossier and dossier.toml it shows is
# checked (see docs.py for the rules). The copy also holds what a reader's
# repository would: `vendors/acme.dossier.yaml`, and an earlier version of
# it in `base/`, committed in a git repository whose origin/main is HEAD.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
bash scripts/ensure-apt.sh python3 git
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build -q --locked -p dossier-cli

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
mkdir -p "$repo" "$work/bin"
# The files of the checkout as they are on disk (tracked and new, not ignored).
git ls-files -z --cached --others --exclude-standard \
  | tar --null --no-recursion --ignore-failed-read -c -f - -T - | tar -xf - -C "$repo"
mkdir -p "$repo/vendors" "$repo/base"
cp examples/alibaba-cloud.dossier.yaml "$repo/vendors/acme.dossier.yaml"
cp examples/alibaba-cloud.dossier.yaml "$repo/base/acme.dossier.yaml"
# A reader's repository is a git repository with a remote: `dossier diff
# --git origin/main` needs both.
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" -c user.name=docs -c user.email=docs@example.invalid commit -qm "the reader's repository"
git -C "$repo" update-ref refs/remotes/origin/main HEAD
ln -s "$CARGO_TARGET_DIR/debug/dossier" "$work/bin/dossier"
export PATH=$work/bin:$PATH
export GITHUB_STEP_SUMMARY=$work/step-summary.md

pages=(README.md docs/*.md examples/README.md)
python3 scripts/test.d/docs.py "$repo" "${pages[@]}"
