#!/usr/bin/env bash
# The N2D benchmark in one command: builds latentkit-bench, then runs the peer (bench/n2d_peer.py: PyTorch autoencoder,
# umap-learn, scikit-learn GMM) and latentkit (io.latentkit.bench.N2dBenchmark) one after the other on Fashion-MNIST,
# and renders both into a Markdown report.
#
#   bench/n2d.sh [--quick] [--seeds 0,1,2] [--peer-seeds LIST] [--epochs 30] [--epoch-time-only N]
#                [--gmm-n-init 1] [--umap-epochs N] [--stages SEEDS] [--out DIR]
#
# Default: AE 784-500-500-2000-10 for --epochs, UMAP to 10-d, GMM k=10, for each of --seeds on latentkit's side and
# for --peer-seeds (default: the first of --seeds, as the peer takes about 21 minutes per seed) on the peer's.
# --epoch-time-only N: both sides only train N epochs per seed (--peer-seeds defaults to --seeds), the training-speed
# comparison. --gmm-n-init and --umap-epochs are unsupervised quality knobs given to both sides; their defaults are
# the issue's recipe. --stages SEEDS: latentkit trains one autoencoder (the first of --seeds) and writes its codes,
# then each side fits its UMAP and GMM on those same codes once per seed of SEEDS (the stages after training alone,
# and their spread from seed to seed). --quick uses the 10k test set. A run without --quick publishes its part (full,
# epoch_time or stages) into bench/results/n2d.json, keeping the others, and renders BENCHMARKS.md from every suite's
# published results; a --quick run renders DIR/BENCHMARKS.md only (from DIR/n2d.json, which keeps the others too).
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

quick=false
seeds="0,1,2"
peer_seeds=""
epochs=30
epoch_time_only=""
stages=""
out=""
args=()
knobs=()
need() { [ "$1" -ge 2 ] || { echo "n2d.sh: $2 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; args+=(--quick); shift ;;
    --seeds) need $# "$1"; seeds="$2"; args+=("$1" "$2"); shift 2 ;;
    --peer-seeds) need $# "$1"; peer_seeds="$2"; args+=("$1" "$2"); shift 2 ;;
    --epochs) need $# "$1"; epochs="$2"; args+=("$1" "$2"); shift 2 ;;
    --epoch-time-only) need $# "$1"; epoch_time_only="$2"; args+=("$1" "$2"); shift 2 ;;
    --stages) need $# "$1"; stages="$2"; args+=("$1" "$2"); shift 2 ;;
    --gmm-n-init|--umap-epochs) need $# "$1"; knobs+=("$1" "$2"); args+=("$1" "$2"); shift 2 ;;
    --out) need $# "$1"; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "n2d.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$peer_seeds" ]; then
  if [ -n "$epoch_time_only" ]; then peer_seeds="$seeds"; else peer_seeds="${seeds%%,*}"; fi
fi
if [ -z "$out" ]; then
  if $quick; then out="$LATENTKIT_HOME/bench/out/n2d-quick"; else out="$LATENTKIT_HOME/bench/out/n2d-full"; fi
fi
mkdir -p "$out"
common=()
if $quick; then common+=(--quick); fi
if [ -n "$epoch_time_only" ] && [ -n "$stages" ]; then
  echo "n2d.sh: --epoch-time-only and --stages are separate runs; give one" >&2; exit 2
fi
if [ -n "$epoch_time_only" ]; then
  part=epoch_time
  common+=(--epoch-time-only "$epoch_time_only")
else
  part=full
  common+=(--epochs "$epochs" ${knobs[@]+"${knobs[@]}"})
fi

build_bench n2d.sh

# Sequential on purpose: running both at once would make each one's timings depend on the other.
if [ -n "$stages" ]; then
  part=stages
  bench_java io.latentkit.bench.N2dBenchmark --out "$out" --seeds "$seeds" "${common[@]}" --stages "$stages"
  peer_python "$LATENTKIT_HOME/bench/n2d_peer.py" --out "$out" "${common[@]}" --stages "$stages" \
    --codes "$out/n2d-codes.npy"
else
  peer_python "$LATENTKIT_HOME/bench/n2d_peer.py" --out "$out" --seeds "$peer_seeds" "${common[@]}"
  bench_java io.latentkit.bench.N2dBenchmark --out "$out" --seeds "$seeds" "${common[@]}"
fi

command="bench/n2d.sh${args[*]+ ${args[*]}}"
# Merged, so that DIR's report shows both parts when both ran into it.
"$PYTHON" "$LATENTKIT_HOME/bench/report.py" bundle n2d "$out" --names "$part" --command "$command" \
  --output "$out/n2d.json" --merge
if $quick; then
  "$PYTHON" "$LATENTKIT_HOME/bench/report.py" render "$out/n2d.json" --output "$out/BENCHMARKS.md"
else
  mkdir -p "$RESULTS"
  "$PYTHON" "$LATENTKIT_HOME/bench/report.py" bundle n2d "$out" --names "$part" --command "$command" \
    --output "$RESULTS/n2d.json" --merge
  render_published
fi
