#!/usr/bin/env bash
# The organisation's catalog at scale: REPOS repositories of DOCS docs each
# (default 1,000 × 20; `bench/catalog.sh 100 200` for the other shape),
# their bundles made by `designdoc export` from a generated repository and
# renamed per repository. Times a catalog build from scratch, a build with
# nothing changed, and a build after one bundle changed, with peak RSS.
#
#   bench/catalog.sh [REPOS] [DOCS]      (needs python3)
set -euo pipefail
cd "$(dirname "$0")/.."
repos=${1:-1000}
docs=${2:-20}
cargo build --release -q -p designdoc -p designdoc_bench
bin=$PWD/target/release
org=target/bench-catalog-$repos-$docs
rm -rf "$org"
mkdir -p "$org"
"$bin/designdoc-bench" gen "$org/src" --docs "$docs" --seed 1 >/dev/null
(cd "$org/src" && "$bin/designdoc" export --out ../template --name r0 2>/dev/null)
python3 - "$org" "$repos" <<'PY'
import json, os, sys
org, repos = sys.argv[1], int(sys.argv[2])
b = json.load(open(f"{org}/template/docs.json"))
lines = ['title = "Generated organisation"']
for i in range(repos):
    b["name"] = f"r{i}"
    os.makedirs(f"{org}/bundles/r{i}", exist_ok=True)
    json.dump(b, open(f"{org}/bundles/r{i}/docs.json", "w"))
    lines.append(f'[[source]]\nname = "r{i}"\nbundle = "bundles/r{i}"')
open(f"{org}/catalog.toml", "w").write("\n".join(lines) + "\n")
PY
echo "organisation: $repos repositories × $docs docs ($(du -sh "$org/bundles" | cut -f1) of bundles), threads: ${RAYON_NUM_THREADS:-$(nproc)}"
cd "$org"
run() { /usr/bin/time -f "  %e s, peak RSS %M KB" "$bin/designdoc" catalog build catalog.toml 2>&1 | tail -2; }
echo "from scratch:"; run
echo "nothing changed:"; run
python3 - <<'PY'
import json
p = "bundles/r7/docs.json"
b = json.load(open(p))
b["docs"][0]["title"] += " (revised)"
json.dump(b, open(p, "w"))
PY
echo "one bundle changed:"; run
