#!/usr/bin/env bash
# Times `designdoc check` on two generated 10,000-doc corpora (the plain
# shape, and the heavy one: glossaries whose terms the text mostly never
# uses, placeholder-dense sections, unknown front-matter keys, a few
# 80 KB lines, many diagnostics) against a bare parallel pulldown-cmark
# pass (same thread count) and, when installed, rumdl (all rules, and
# MD043 only with the template's headings) and markdownlint-cli2. Prints
# the ratios and designdoc's peak RSS, per shape.
#
#   bench/compare.sh [DOCS]      (default 10000; needs hyperfine)
#   SHAPES="heavy" bench/compare.sh   (one shape only)
#
# Install the peers with: pip install rumdl; npm install -g markdownlint-cli2
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
cargo build --release -q -p designdoc -p designdoc_bench
bin=target/release
for shape in ${SHAPES:-plain heavy}; do
corpus=target/bench-corpus-$docs
gen_flags=()
if [ "$shape" = heavy ]; then
  corpus=target/bench-corpus-heavy-$docs
  gen_flags=(--heavy)
fi
if [ ! -f "$corpus/designdoc.toml" ]; then
  rm -rf "$corpus"
  "$bin/designdoc-bench" gen "$corpus" --docs "$docs" --seed 1 ${gen_flags[@]+"${gen_flags[@]}"}
fi
echo "shape: $shape, corpus: $corpus ($(du -sh "$corpus" | cut -f1), $docs docs), threads: ${RAYON_NUM_THREADS:-$(nproc)}"
# Run inside the corpus: its designdoc.toml is the configuration (from
# the repository's root, designdoc's own would apply, and trace the tree).
root=$PWD
pushd "$corpus" >/dev/null
cmds=(-n bare "$root/$bin/designdoc-bench bare ." -n designdoc "$root/$bin/designdoc check . --format json")
tmp=$(mktemp -d)
if command -v rumdl >/dev/null; then
  "$root/$bin/designdoc-bench" md043 > "$tmp/md043.toml"
  printf '[global]\nenable = ["MD043"]\n' | cat - "$tmp/md043.toml" > "$tmp/rumdl-md043.toml"
  cmds+=(-n rumdl-md043 "rumdl check --config $tmp/rumdl-md043.toml ." -n rumdl-all "rumdl check --isolated .")
fi
if command -v markdownlint-cli2 >/dev/null && [ "${WITH_MARKDOWNLINT:-0}" = 1 ]; then
  cmds+=(-n markdownlint-cli2 "markdownlint-cli2 **/*.md")
fi
hyperfine -N -i -w 1 -r "${RUNS:-5}" --export-json "$tmp/h.json" "${cmds[@]}"
python3 - "$tmp/h.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
d = r["designdoc"]
print(f"designdoc / bare parse: {d / r['bare']:.2f}x (target <= 1.3x)")
for k in ("rumdl-md043", "rumdl-all", "markdownlint-cli2"):
    if k in r:
        print(f"{k} / designdoc: {r[k] / d:.2f}x")
PY
/usr/bin/time -f "designdoc peak RSS: %M KiB" "$root/$bin/designdoc" check . --format json > /dev/null || true
popd >/dev/null
rm -rf "$tmp"
done
