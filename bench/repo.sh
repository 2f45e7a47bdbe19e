#!/usr/bin/env bash
# Repository mode: 10,000 docs with lifecycle front matter, supersede
# chains, dependencies and links between docs. Times `check` (per-doc and
# repository rules) and `list --format json`, and prints peak RSS.
#
#   bench/repo.sh [DOCS]      (default 10000; needs hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
corpus=target/bench-repo-$docs
cargo build --release -q -p designdoc -p designdoc_bench
bin=$PWD/target/release
if [ ! -d "$corpus" ]; then
  "$bin/designdoc-bench" gen "$corpus" --docs "$docs" --seed 1 --repo
fi
cd "$corpus"
echo "corpus: $corpus ($(du -sh . | cut -f1), $docs docs), threads: ${RAYON_NUM_THREADS:-$(nproc)}"
hyperfine -N -i -w 1 -r "${RUNS:-10}" \
  -n check "$bin/designdoc check --format json" \
  -n list "$bin/designdoc list --format json"
/usr/bin/time -f "check peak RSS: %M KiB" "$bin/designdoc" check --format json > /dev/null || true
/usr/bin/time -f "list peak RSS: %M KiB" "$bin/designdoc" list --format json > /dev/null
