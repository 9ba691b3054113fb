#!/usr/bin/env bash
# The core benchmark in one command: builds latentkit-bench, runs scikit-learn (bench/peers.py) and then latentkit
# (io.latentkit.bench.CoreBenchmark) on the same machine, one after the other, and merges both into a Markdown report.
#
#   bench/core.sh [--quick] [--repeat N] [--only name1,name2] [--out DIR]
#
# Both sides' results are bundled into DIR/core.json. A full run of every measurement publishes it as
# bench/results/core.json and renders BENCHMARKS.md at the repository root from every suite's published results;
# --quick (10k test set) or --only render DIR/BENCHMARKS.md instead, so a smoke run never replaces the published
# numbers.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

quick=false
out=""
common=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; common+=(--quick); shift ;;
    --repeat|--only) [ $# -ge 2 ] || { echo "core.sh: $1 needs a value" >&2; exit 2; }; common+=("$1" "$2"); shift 2 ;;
    --out) [ $# -ge 2 ] || { echo "core.sh: --out needs a value" >&2; exit 2; }; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "core.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$out" ]; then
  if $quick; then out="$LATENTKIT_HOME/bench/out/quick"; else out="$LATENTKIT_HOME/bench/out/full"; fi
fi
mkdir -p "$out"
publish=false
if ! $quick && [[ " ${common[*]-} " != *" --only "* ]]; then
  publish=true
fi

build_bench core.sh

# Sequential on purpose: running both at once would make each one's timings depend on the other.
peer_python "$LATENTKIT_HOME/bench/peers.py" --out "$out" ${common[@]+"${common[@]}"}

bench_java io.latentkit.bench.CoreBenchmark --out "$out" ${common[@]+"${common[@]}"}

"$PYTHON" "$LATENTKIT_HOME/bench/report.py" bundle core "$out" --output "$out/core.json" \
  --command "bench/core.sh${common[*]+ ${common[*]}}"
if $publish; then
  mkdir -p "$RESULTS"
  cp "$out/core.json" "$RESULTS/core.json"
  render_published
else
  "$PYTHON" "$LATENTKIT_HOME/bench/report.py" render "$out/core.json" --output "$out/BENCHMARKS.md"
fi
