# Shared by bench/core.sh and bench/manifold.sh: the environment, the build and how each side is started.
# shellcheck shell=bash
# shellcheck source=../bin/lib/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/env.sh"

# Both sides get the same number of threads; must match THREADS in bench/benchlib.py.
THREADS=2
PYTHON=/usr/bin/python3  # the system interpreter has scikit-learn 1.2.1; the first python3 on PATH may not
RESULTS="$LATENTKIT_HOME/bench/results"

# Runs a peer script. Its threads sleep when idle: Debian's PyTorch and scikit-learn pair an OpenMP pool with
# OpenBLAS's own, and with spinning OpenMP threads the two pools fight over the cores (N2D's PyTorch epoch took 30 s
# instead of 10 s).
peer_python() {
  OMP_WAIT_POLICY=PASSIVE "$PYTHON" "$@"
}

build_bench() {
  echo "$1: building latentkit-bench ..." >&2
  (cd "$LATENTKIT_HOME" && mvn -B -o -q -pl latentkit-bench -am package -Dmaven.test.skip=true) >&2
}

# Runs a main class of latentkit-bench with the engine limited to THREADS threads.
bench_java() {
  local target="$LATENTKIT_HOME/latentkit-bench/target"
  "$JAVA_HOME/bin/java" \
    --enable-native-access=ALL-UNNAMED \
    -Djava.awt.headless=true \
    -Dai.djl.offline=true \
    -Dai.djl.pytorch.num_threads="$THREADS" \
    -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$target/latentkit-bench-0.1.0-SNAPSHOT.jar:$target/lib/*" \
    "$@"
}

# Renders BENCHMARKS.md at the repository root from every suite's published bundle in bench/results/.
render_published() {
  "$PYTHON" "$LATENTKIT_HOME/bench/report.py" render "$RESULTS"/*.json --output "$LATENTKIT_HOME/BENCHMARKS.md"
}
