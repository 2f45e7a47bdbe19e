#!/usr/bin/env bash
# `designdoc build` on the 10,000-doc repository corpus, side by side with
# mdBook building the same docs (this script writes mdBook's SUMMARY.md),
# then a one-doc incremental rebuild as `serve` does it, and the Pagefind
# CLI indexing the same built pages (when `pagefind` is on the PATH:
# `npm install -g pagefind@1.6.0`, the version designdoc links).
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
cmds=()
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
# From scratch (no site folder, so no search shards to reuse); the site
# already there, nothing changed; one doc changed since (a line appended,
# so every run sees a new text; the doc is restored at the end).
doc=$(ls "$corpus"/*.md | sort | sed -n "$((docs / 2))p")
cp "$doc" "$doc.orig"
trap 'mv "$doc.orig" "$doc"' EXIT
hyperfine -w 1 -r "${RUNS:-3}" \
  --prepare "rm -rf site" -n "designdoc build (from scratch)" "$bin/designdoc build -q" \
  --prepare "true" -n "designdoc build (nothing changed)" "$bin/designdoc build -q" \
  --prepare "echo 'Edited.' >> $doc" -n "designdoc build (one doc changed)" "$bin/designdoc build -q"
rm -rf site
/usr/bin/time -f "designdoc build from scratch (search included): %e s, peak RSS: %M KiB" "$bin/designdoc" build -q
if command -v pagefind >/dev/null; then
  # The CLI over the pages just built (whole pages: it is not told to
  # skip navigation), into a folder of its own.
  pf=$(mktemp -d)
  /usr/bin/time -f "$(pagefind --version) CLI, indexing the same pages: %e s, peak RSS: %M KiB" \
    pagefind --site site --output-path "$pf/pagefind" >/dev/null
  rm -rf "$pf"
fi
if [ ${#cmds[@]} -gt 0 ]; then
  hyperfine -N -r 1 "${cmds[@]}"
fi
# Incremental: what `serve` does after one doc is saved, measured inside
# the process (the full build above is its warm-up).
"$bin/designdoc-bench" site-update "$corpus" --runs "${RUNS:-5}"
