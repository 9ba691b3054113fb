#!/usr/bin/env bash
# The core benchmark in one command: builds latentkit-bench, runs scikit-learn (bench/peers.py) and then latentkit
# (io.latentkit.bench.CoreBenchmark) on the same machine, one after the other, and merges both into a Markdown report.
#
#   bench/core.sh [--quick] [--repeat N] [--only name1,name2] [--out DIR]
#
# A full run of every measurement writes BENCHMARKS.md at the repository root; --quick (10k test set) or --only
# write DIR/BENCHMARKS.md instead, so a smoke run never replaces the published numbers.
set -euo pipefail
# shellcheck source=../bin/lib/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/env.sh"

# Both sides get the same number of threads; must match THREADS in peers.py.
THREADS=2
PYTHON=/usr/bin/python3  # the system interpreter has scikit-learn 1.2.1; the first python3 on PATH may not

quick=false
out=""
common=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; common+=(--quick); shift ;;
    --repeat|--only) [ $# -ge 2 ] || { echo "core.sh: $1 needs a value" >&2; exit 2; }; common+=("$1" "$2"); shift 2 ;;
    --out) [ $# -ge 2 ] || { echo "core.sh: --out needs a value" >&2; exit 2; }; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "core.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$out" ]; then
  if $quick; then out="$LATENTKIT_HOME/bench/out/quick"; else out="$LATENTKIT_HOME/bench/out/full"; fi
fi
mkdir -p "$out"
report="$out/BENCHMARKS.md"
if ! $quick && [[ " ${common[*]-} " != *" --only "* ]]; then
  report="$LATENTKIT_HOME/BENCHMARKS.md"
fi

echo "core.sh: building latentkit-bench ..." >&2
(cd "$LATENTKIT_HOME" && mvn -B -o -q -pl latentkit-bench -am package -Dmaven.test.skip=true) >&2

# Sequential on purpose: running both at once would make each one's timings depend on the other.
"$PYTHON" "$LATENTKIT_HOME/bench/peers.py" --out "$out" ${common[@]+"${common[@]}"}

target="$LATENTKIT_HOME/latentkit-bench/target"
"$JAVA_HOME/bin/java" \
  --enable-native-access=ALL-UNNAMED \
  -Djava.awt.headless=true \
  -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads="$THREADS" \
  -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$target/latentkit-bench-0.1.0-SNAPSHOT.jar:$target/lib/*" \
  io.latentkit.bench.CoreBenchmark --out "$out" ${common[@]+"${common[@]}"}

"$PYTHON" "$LATENTKIT_HOME/bench/report.py" "$out" --output "$report" \
  --command "bench/core.sh${common[*]+ ${common[*]}}"
