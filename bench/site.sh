#!/usr/bin/env bash
# `designdoc build` on the 10,000-doc repository corpus, side by side with
# mdBook building the same docs (this script writes mdBook's SUMMARY.md),
# then a one-doc incremental rebuild as `serve` does it.
#
#   bench/site.sh [DOCS]    (default 10000; needs hyperfine)
#   WITH_MDBOOK=1 bench/site.sh   also mdBook (`cargo install mdbook`); at
#                                 10,000 docs it runs for over half an hour
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
corpus=$PWD/target/bench-repo-$docs
book=$PWD/target/bench-mdbook-$docs
cargo build --release -q -p designdoc -p designdoc_bench
bin=$PWD/target/release
if [ ! -d "$corpus" ]; then
  "$bin/designdoc-bench" gen "$corpus" --docs "$docs" --seed 1 --repo
fi
echo "corpus: $corpus ($(du -sh --exclude=site "$corpus" | cut -f1), $docs docs), cores: $(nproc)"
cmds=(-n "designdoc build" "$bin/designdoc build -q")
if [ "${WITH_MDBOOK:-0}" = 1 ] && command -v mdbook >/dev/null; then
  rm -rf "$book" && mkdir -p "$book/src"
  printf '[book]\ntitle = "Design docs"\nsrc = "src"\n\n[build]\nbuild-dir = "book"\ncreate-missing = false\n' > "$book/book.toml"
  {
    echo "# Summary"
    echo
    for f in $(cd "$corpus" && ls *.md | sort); do
      title=$(sed -n 's/^title: "\(.*\)"$/\1/p' "$corpus/$f" | head -1)
      echo "- [${title:-$f}]($f)"
      cp "$corpus/$f" "$book/src/$f"
    done
  } > "$book/src/SUMMARY.md"
  cmds+=(-n "mdbook build" "mdbook build $book")
  echo "mdBook: $(mdbook --version)"
fi
cd "$corpus"
hyperfine -N -w 1 -r "${RUNS:-3}" "${cmds[@]}"
/usr/bin/time -f "designdoc build peak RSS: %M KiB" "$bin/designdoc" build -q
# Incremental: what `serve` does after one doc is saved, measured inside
# the process (the full build above is its warm-up).
"$bin/designdoc-bench" site-update "$corpus" --runs "${RUNS:-5}"
