#!/usr/bin/python3
"""Peer measurement for latentkit's approximate kNN graph: pynndescent on Fashion-MNIST.

One run of pynndescent.NNDescent(n_neighbors=K + 1, random_state=0) on the 70,000 images (pixels / 255): its
graph counts each point as its own first neighbour, so K + 1 gives the K others latentkit returns. On
THREADS threads, timed with time.perf_counter around the graph build only. A fit on 2,000 rows runs first so
numba's compilation is not counted (its time is printed separately). Recall@K is measured on QUERIES random
rows against exact neighbours from scikit-learn's brute-force search.

The Java side is io.latentkit.compute.ApproximateNeighborsBench (latentkit-compute test sources).

    /usr/bin/python3 bench/knn.py [--threads 2] [--k 15] [--queries 2000]
"""

import argparse
import os
import sys
import time

THREADS_DEFAULT = 2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=THREADS_DEFAULT)
    parser.add_argument("--k", type=int, default=15)
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    # Pools are sized before numpy and numba load.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
        os.environ[name] = str(args.threads)

    import numpy as np
    from sklearn.neighbors import NearestNeighbors

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from benchlib import load_fashion_mnist

    import pynndescent

    x, _ = load_fashion_mnist(quick=False)

    start = time.perf_counter()
    pynndescent.NNDescent(x[:2000], n_neighbors=args.k + 1, random_state=0, n_jobs=args.threads)
    warmup = time.perf_counter() - start

    start = time.perf_counter()
    index = pynndescent.NNDescent(x, n_neighbors=args.k + 1, random_state=0, n_jobs=args.threads)
    indices, _ = index.neighbor_graph
    seconds = time.perf_counter() - start

    rows = np.random.default_rng(1).choice(x.shape[0], size=args.queries, replace=False)
    exact = NearestNeighbors(n_neighbors=args.k + 1, algorithm="brute").fit(x).kneighbors(
        x[rows], return_distance=False)
    found = 0
    for r, row in enumerate(rows):
        truth = [j for j in exact[r] if j != row][: args.k]
        approx = [j for j in indices[row] if j != row][: args.k]
        found += len(set(truth) & set(approx))
    recall = found / (args.queries * args.k)
    print(f"pynndescent {pynndescent.__version__}: n={x.shape[0]} d={x.shape[1]} k={args.k} threads={args.threads} "
          f"seconds={seconds:.2f} recall={recall:.4f} (warm-up fit on 2000 rows, incl. compilation: {warmup:.2f} s)")


if __name__ == "__main__":
    main()
