#!/usr/bin/env bash
# The speed gate CI runs: instruction counts, not time, so a busy machine
# cannot fail it (counts vary between runs by far less than the budget's 5 %
# headroom: hash seeds). A bare pulldown-cmark pass and what `designdoc check --format
# json` does (crates/designdoc_repo/examples/gate.rs: the same workspace
# calls as the command, without building the command line's site,
# language server and agent crates) run single-threaded under callgrind
# on a fixed sample of each corpus shape (200 generated docs, seed 1, with
# their own designdoc.toml). The gate fails when check's instructions over
# the bare pass's exceed the budget in bench/budget.toml; raising a budget
# is a reviewed change to that file.
#
#   bench/gate.sh            (needs valgrind; builds with --profile opt-test)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "gate: valgrind is not installed" >&2; exit 2; }
cargo build -q --locked --profile opt-test -p designdoc_repo --example gate
# The generator without the site and language-server benchmarks (their
# crates, Pagefind's among them, took minutes to build).
cargo build -q --locked --profile opt-test -p designdoc_bench --no-default-features
gate=$PWD/target/opt-test/examples/gate
export GATE_DOCS=${GATE_DOCS:-200}
docs=$GATE_DOCS
export RAYON_NUM_THREADS=1
instructions() {
  # callgrind's summary: "==PID== Collected : N" (every instruction run).
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
failed=0
for shape in plain heavy; do
  corpus=target/gate-$shape-$docs
  if [ ! -f "$corpus/designdoc.toml" ]; then
    rm -rf "$corpus"
    flags=()
    [ "$shape" = heavy ] && flags=(--heavy)
    target/opt-test/designdoc-bench gen "$corpus" --docs "$docs" --seed 1 ${flags[@]+"${flags[@]}"}
  fi
  bare=$(instructions "$gate" bare "$corpus")
  check=$(instructions "$gate" check "$corpus")
  budget=$(sed -n "s/^$shape *= *\([0-9.]*\).*/\1/p" bench/budget.toml)
  python3 - "$shape" "$bare" "$check" "$budget" <<'PY' || failed=1
import sys
shape, bare, check, budget = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
ratio = check / bare
print(f"gate {shape}: check {check:,} instructions, bare pass {bare:,}: {ratio:.3f}x (budget {budget}x)")
if ratio > budget:
    print(f"gate {shape}: over budget; make it faster, or raise bench/budget.toml in a reviewed change", file=sys.stderr)
    sys.exit(1)
PY
done
exit $failed
