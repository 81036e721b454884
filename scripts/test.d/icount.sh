#!/usr/bin/env bash
# Instruction counts (valgrind's callgrind) of the engine on the reference
# benchmark's document (scripts/bench/gen.py: 2,027 lines): one keystroke in
# a fact, one in a source, one making the document invalid, one fixing it
# (crates/analysis/examples/keystrokes.rs, the server's path), and one
# `dossier check` of the generated corpus. Prints the counts; asserts
# nothing about them (a regression shows as a number in the log), and the
# parse floor of the same corpus (crates/syntax/examples/parse_floor.rs:
# tree-sitter-yaml alone), of which `check` is a multiple. Counts
# are of the dev profile unless ICOUNT_PROFILE=release; ICOUNT_CORPUS sets
# the corpus size (default 200 dossiers, to stay within two minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/ensure-apt.sh valgrind python3
profile=${ICOUNT_PROFILE:-dev}
corpus_size=${ICOUNT_CORPUS:-200}
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
# --workspace: the features `cargo test --workspace` built with, so CI
# reuses that build.
cargo build -q --profile "$profile" --workspace --example keystrokes --example parse_floor --bin dossier
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/bench/gen.py "$work/bench" --corpus "$corpus_size" >/dev/null

count() { # count FILE: the instructions (Ir) of a callgrind output
  awk '/^(summary|totals):/ { print $2; exit }' "$1"
}

dumps=()
for f in open in_fact in_source makes_invalid fixes; do
  dumps+=("--dump-after=keystrokes::keystroke_$f")
done
valgrind --tool=callgrind --collect-atstart=no --toggle-collect='keystrokes::keystroke_*' \
  "${dumps[@]}" --callgrind-out-file="$work/ks.%p" \
  "target/$dir/examples/keystrokes" "$work/bench/big.dossier.yaml" >"$work/ks.log" 2>"$work/ks.err" \
  || { cat "$work/ks.log" "$work/ks.err"; exit 1; }
cat "$work/ks.log"
printf '%-44s %15s\n' "instructions ($profile profile)" "Ir"
for f in "$work"/ks.*.[0-9]*; do
  name=$(awk '/^desc: Trigger:/ { sub(/.*keystrokes::/, ""); print; exit }' "$f")
  [ -n "$name" ] || continue
  printf '%-44s %15s\n' "$name" "$(count "$f")"
done

valgrind --tool=callgrind --callgrind-out-file="$work/check.out" \
  "target/$dir/dossier" check --today 2026-11-24 --format json "$work/bench/corpus" \
  >/dev/null 2>"$work/check.err" || [ $? -eq 1 ] || { cat "$work/check.err"; exit 1; }
printf '%-44s %15s\n' "dossier check of $corpus_size dossiers" "$(count "$work/check.out")"

valgrind --tool=callgrind --callgrind-out-file="$work/floor.out" \
  "target/$dir/examples/parse_floor" "$work/bench/corpus" 1 >/dev/null 2>"$work/floor.err" \
  || { cat "$work/floor.err"; exit 1; }
printf '%-44s %15s\n' "parse floor of $corpus_size dossiers" "$(count "$work/floor.out")"
