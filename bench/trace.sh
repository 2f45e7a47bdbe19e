#!/usr/bin/env bash
# Tracing at monorepo scale: `designdoc trace` over a generated source
# tree of FILES files (default 100,000, ~2 KB each, one in a hundred
# citing a requirement) with one design doc of 50 requirements. Target:
# under 2 s on 2 cores (docs/benchmarks.md).
#
#   bench/trace.sh [FILES]     (needs hyperfine; PROFILE=opt-test builds faster)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-100000}
profile=${PROFILE:-release}
tree=target/bench-trace-$files
cargo build --profile "$profile" -q -p designdoc
bin=$PWD/target/$profile/designdoc
if [ ! -d "$tree" ]; then
  python3 - "$tree" "$files" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
random.seed(1)
os.makedirs(f"{root}/docs/design", exist_ok=True)
open(f"{root}/designdoc.toml", "w").write('paths = ["docs/design/*.md"]\n')
reqs = "\n".join(f"- [x] FR-{i}: requirement {i} holds." for i in range(1, 51))
doc = open("crates/designdoc_lint/tests/fixtures/complete/designdoc.md").read()
start, end = doc.index("### Functional"), doc.index("### Non-Functional")
open(f"{root}/docs/design/0001-service.md", "w").write(
    doc[:start] + "### Functional\n" + reqs + "\n\n" + doc[end:])
body = "".join(f"fn helper_{i}(x: u64) -> u64 {{ x.wrapping_mul({i}) ^ (x >> 3) }}\n" for i in range(30))
for i in range(n):
    d = f"{root}/src/m{i // 100:04}"
    if i % 100 == 0:
        os.makedirs(d, exist_ok=True)
    text = body
    if i % 100 == 7:
        req = random.randint(1, 55)  # 51..55 dangle
        text += f"\n// design: 0001#FR-{req}\n#[test]\nfn t_{i}() {{}}\n"
    open(f"{d}/f{i}.rs", "w").write(text)
PY
fi
cd "$tree"
echo "tree: $tree ($(du -sh . | cut -f1), $files files), threads: ${RAYON_NUM_THREADS:-$(nproc)}"
hyperfine -N -i -w 1 -r "${RUNS:-10}" --export-json trace-hyperfine.json \
  -n trace "$bin trace --format json"
/usr/bin/time -f "trace peak RSS: %M KiB" "$bin" trace --format json > /dev/null || true
