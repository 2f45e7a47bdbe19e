#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each), starting
# from the committed seeds (fuzz/seeds) and the local corpus. A crash, a
# panic or an input slower than 10 s fails the run; libFuzzer then names
# the input saved under fuzz/artifacts/TARGET/. Turn each into a regression
# test named after what it was (see docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
cargo +nightly fuzz build -O
for target in parse check fix render targets; do
  mkdir -p "corpus/$target"
  echo "fuzz: $target for ${seconds}s"
  status=0
  cargo +nightly fuzz run -O "$target" "corpus/$target" seeds -- \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -print_final_stats=1 \
    > "/tmp/designdoc-fuzz-$target.log" 2>&1 || status=$?
  grep -E '^(#[0-9]+\s+DONE|stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb))' \
    "/tmp/designdoc-fuzz-$target.log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "/tmp/designdoc-fuzz-$target.log"
    echo "fuzz: $target failed (exit $status); the input is under fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
done
