#!/usr/bin/env bash
# A sweep over k in one command (seed 002's KMeans sweep to 1024 clusters): scikit-learn (bench/sweep_peer.py) fits
# KMeans and scores the exact silhouette, Calinski-Harabasz and Davies-Bouldin for each k on PCA-50 of the 70,000
# Fashion-MNIST images; then `bin/latentkit cluster` sweeps the same k on the same pca50.npy. Prints a Markdown table
# of both sides' seconds per k (fit, metrics) and silhouettes, and latentkit's whole command.
#
#   bench/sweep.sh [--ks 2,4,8,...] [--out DIR]
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ks="2,4,8,16,32,64,128,256,512,1024"
out="$LATENTKIT_HOME/bench/out/sweep"
while [ $# -gt 0 ]; do
  case "$1" in
    --ks) ks="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "sweep.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
rm -rf "$out"
mkdir -p "$out"

peer_python "$LATENTKIT_HOME/bench/sweep_peer.py" --out "$out" --ks "$ks"

start=$(date +%s.%N)
"$LATENTKIT_HOME/bin/latentkit" cluster "$out/pca50.npy" --method kmeans --k "$ks" --threads "$THREADS" \
  --no-cache --quiet --out "$out/latentkit" > "$out/latentkit.txt"
end=$(date +%s.%N)

"$PYTHON" - "$out" "$start" "$end" <<'PY'
import json, sys
out, command_seconds = sys.argv[1], float(sys.argv[3]) - float(sys.argv[2])
peer = json.load(open(f"{out}/peer.json"))
steps = json.load(open(f"{out}/latentkit/run.json"))["steps"]
seconds = {s["step"]: s["seconds"] for s in steps}
print(f"PCA-50 of {peer['rows']:,} Fashion-MNIST images; KMeans n_init=1, seed 0; metrics: exact silhouette, CH, DB\n")
print("| k | latentkit fit (s) | scikit-learn fit (s) | latentkit metrics (s) | scikit-learn metrics (s) "
      "| latentkit silhouette | scikit-learn silhouette |")
print("|--:|--:|--:|--:|--:|--:|--:|")
totals = [0.0] * 4
for run in peer["runs"]:
    k = run["k"]
    name = f"kmeans-k{k}"
    lk_fit, lk_metrics = seconds[f"cluster {name}"], seconds[f"evaluate {name}"]
    sk_metrics = run["silhouette_seconds"] + run["ch_db_seconds"]
    lk_sil = json.load(open(f"{out}/latentkit/{name}/metrics.json"))["silhouette"]
    for i, v in enumerate((lk_fit, run["kmeans_seconds"], lk_metrics, sk_metrics)):
        totals[i] += v
    print(f"| {k} | {lk_fit:.2f} | {run['kmeans_seconds']:.2f} | {lk_metrics:.2f} | {sk_metrics:.2f} "
          f"| {lk_sil:.4f} | {run['silhouette']:.4f} |")
print(f"| **all** | **{totals[0]:.1f}** | **{totals[1]:.1f}** | **{totals[2]:.1f}** | **{totals[3]:.1f}** | | |")
print(f"\nFits and metrics: latentkit {totals[0] + totals[2]:.1f} s, scikit-learn {totals[1] + totals[3]:.1f} s "
      f"({(totals[1] + totals[3]) / (totals[0] + totals[2]):.2f}x); latentkit's whole command "
      f"(reading, runs, writing every folder and figure) {command_seconds:.1f} s.")
PY
