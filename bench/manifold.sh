#!/usr/bin/env bash
# The manifold and density benchmark in one command: builds latentkit-bench, then for each measurement runs latentkit
# (io.latentkit.bench.ManifoldBenchmark) and then its peer (bench/manifold_peers.py: umap-learn, scikit-learn), each
# in a process of its own so that each reports its own peak memory, and merges them into a Markdown report.
#
#   bench/manifold.sh [--quick] [--repeat N] [--only name1,name2] [--million] [--out DIR]
#
# Measurements: umap_gmm, tsne_pca50, dbscan_umap10, hdbscan_umap10, single_umap10, ward_20k, hdbscan_pca50,
# single_pca50, and million (10^6 generated points, latentkit only, long: it runs only when named by --only or added by
# --million). --quick uses the 10k test set (and 10^4 points for million). A run without --quick publishes its
# measurements: each replaces the same one in bench/results/manifold.json, the others stay, and BENCHMARKS.md is
# rendered from every suite's published results. A --quick run renders DIR/BENCHMARKS.md only.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# In the order they run: umap_gmm saves the embedding the density measurements cluster.
all="umap_gmm,tsne_pca50,dbscan_umap10,hdbscan_umap10,single_umap10,ward_20k,hdbscan_pca50,single_pca50,million"
names="${all%,million}"
quick=false
million=false
repeat=1
out=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; args+=(--quick); shift ;;
    --repeat) [ $# -ge 2 ] || { echo "manifold.sh: --repeat needs a value" >&2; exit 2; }; repeat="$2"; args+=("$1" "$2"); shift 2 ;;
    --only) [ $# -ge 2 ] || { echo "manifold.sh: --only needs a value" >&2; exit 2; }; names="$2"; args+=("$1" "$2"); shift 2 ;;
    --million) million=true; args+=(--million); shift ;;
    --out) [ $# -ge 2 ] || { echo "manifold.sh: --out needs a value" >&2; exit 2; }; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "manifold.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
names="${names// /}"
if $million && [[ ",$names," != *",million,"* ]]; then
  names="$names,million"
fi
if [ -z "$out" ]; then
  if $quick; then out="$LATENTKIT_HOME/bench/out/manifold-quick"; else out="$LATENTKIT_HOME/bench/out/manifold-full"; fi
fi
mkdir -p "$out"
quick_flag=()
if $quick; then quick_flag=(--quick); fi

build_bench manifold.sh

# The inputs both sides share (labels, samples, PCA-50, and UMAP-10 when umap_gmm does not make it); this also
# checks the names.
bench_java io.latentkit.bench.ManifoldBenchmark prepare --out "$out" --only "$names" ${quick_flag[@]+"${quick_flag[@]}"}

# Sequential on purpose: running both at once would make each one's timings depend on the other. latentkit goes first
# since the peer reads what it saved (the UMAP-10 embedding, DBSCAN's eps, its labels).
IFS=, read -r -a list <<< "$all"
for name in "${list[@]}"; do
  [[ ",$names," == *",$name,"* ]] || continue
  bench_java io.latentkit.bench.ManifoldBenchmark measure --out "$out" --only "$name" --repeat "$repeat" \
    ${quick_flag[@]+"${quick_flag[@]}"}
  if [ "$name" != million ]; then
    peer_python "$LATENTKIT_HOME/bench/manifold_peers.py" --out "$out" --measure "$name" --repeat "$repeat" \
      ${quick_flag[@]+"${quick_flag[@]}"}
  fi
done

command="bench/manifold.sh${args[*]+ ${args[*]}}"
"$PYTHON" "$LATENTKIT_HOME/bench/report.py" bundle manifold "$out" --names "$names" --command "$command" \
  --output "$out/manifold.json"
if $quick; then
  "$PYTHON" "$LATENTKIT_HOME/bench/report.py" render "$out/manifold.json" --output "$out/BENCHMARKS.md"
else
  mkdir -p "$RESULTS"
  "$PYTHON" "$LATENTKIT_HOME/bench/report.py" bundle manifold "$out" --names "$names" --command "$command" \
    --output "$RESULTS/manifold.json" --merge
  render_published
fi
