#!/usr/bin/python3
"""Reference timings and quality numbers from scikit-learn on Fashion-MNIST.

The peer side of latentkit's benchmarks: it fits the same models the Java side fits, on the
same data, and writes DIR/peers.json. It also saves the PCA-50 coordinates, the true labels and
a KMeans labelling of the PCA-50 space as .npy files, so the Java side can run on the identical
space and score the identical labelling.

Run with the system interpreter, which has numpy, scipy and scikit-learn 1.2.1:
    /usr/bin/python3 bench/peers.py [--out DIR] [--only name1,name2] [--quick] [--repeat N]

Each measurement is one run (with --repeat N: the median of N runs), timed with time.perf_counter
around the fit only (data loading, prediction and scoring excluded); BLAS and OpenMP are limited
to THREADS threads.
"""

import argparse
import os

# benchlib first: it sizes the thread pools before numpy loads its BLAS.
from benchlib import (agreement, data_description, environment, limited_threads, load_fashion_mnist, log,
                      measured, now, peak_rss_mib, timed, write_json)
import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from sklearn.mixture import GaussianMixture

MEASUREMENTS = ("kmeans_784_ninit1", "kmeans_784_ninit10", "pca50", "gmm_pca50", "gmm_pca50_seeds",
                "silhouette_pca50")
# EM ends in different local optima from different starts: the fair quality comparison is over several seeds.
GMM_SEEDS = (0, 1, 2)


def seed_summary(runs, params):
    """Mean time and mean, lowest and highest log-likelihood of runs that differ only in their seed."""
    lls = [r["mean_log_likelihood"] for r in runs]
    return {"seconds": float(np.mean([r["seconds"] for r in runs])), "params": params, "runs": runs,
            "mean_log_likelihood": float(np.mean(lls)), "min_log_likelihood": min(lls),
            "max_log_likelihood": max(lls)}


class Bench:
    """Runs the selected measurements; PCA-50 is computed once and shared by those that need it."""

    def __init__(self, x, y, out):
        self.x, self.y, self.out = x, y, out
        self._pca50 = None

    def pca50_space(self):
        if self._pca50 is None:
            self.pca50()
        return self._pca50

    def kmeans_784(self, n_init):
        km, seconds = timed(lambda: KMeans(n_clusters=10, n_init=n_init, random_state=0).fit(self.x))
        return {"seconds": seconds, "params": {"n_clusters": 10, "n_init": n_init, "random_state": 0,
                                               "algorithm": km.algorithm},
                "inertia": float(km.inertia_), "n_iter": int(km.n_iter_), **agreement(self.y, km.labels_)}

    def kmeans_784_ninit1(self):
        return self.kmeans_784(1)

    def kmeans_784_ninit10(self):
        return self.kmeans_784(10)

    def pca50(self):
        pca, seconds = timed(lambda: PCA(n_components=50, random_state=0).fit(self.x))
        z, transform_seconds = timed(lambda: pca.transform(self.x).astype(np.float32))
        self._pca50 = z
        np.save(os.path.join(self.out, "pca50.npy"), z)
        np.save(os.path.join(self.out, "labels.npy"), self.y)
        return {"seconds": seconds, "transform_seconds": transform_seconds,
                "params": {"n_components": 50, "random_state": 0, "svd_solver": pca.svd_solver},
                "svd_solver_used": pca._fit_svd_solver,
                "explained_variance_ratio_sum": float(pca.explained_variance_ratio_.sum()),
                "saved": ["pca50.npy", "labels.npy"]}

    def gmm_pca50(self):
        # The saved float32 coordinates, fitted in float64 like a double-precision Java EM would.
        z = self.pca50_space().astype(np.float64)
        gm, seconds = timed(lambda: GaussianMixture(n_components=10, covariance_type="full",
                                                    random_state=0).fit(z))
        return {"seconds": seconds,
                "params": {"n_components": 10, "covariance_type": "full", "random_state": 0,
                           "max_iter": gm.max_iter, "tol": gm.tol, "n_init": gm.n_init,
                           "init_params": gm.init_params, "dtype": "float64"},
                "mean_log_likelihood": float(gm.score(z)), "converged": bool(gm.converged_),
                "n_iter": int(gm.n_iter_), **agreement(self.y, gm.predict(z))}

    def gmm_pca50_seeds(self):
        z = self.pca50_space().astype(np.float64)
        runs = []
        for seed in GMM_SEEDS:
            gm, seconds = timed(lambda: GaussianMixture(n_components=10, covariance_type="full",
                                                        random_state=seed).fit(z))
            runs.append({"seed": seed, "seconds": seconds, "mean_log_likelihood": float(gm.score(z)),
                         "converged": bool(gm.converged_), "n_iter": int(gm.n_iter_)})
        return seed_summary(runs, {"n_components": 10, "covariance_type": "full", "seeds": list(GMM_SEEDS),
                                   "dtype": "float64"})

    def silhouette_pca50(self):
        z = self.pca50_space().astype(np.float64)
        km, kmeans_seconds = timed(lambda: KMeans(n_clusters=10, n_init=1, random_state=0).fit(z))
        labels = km.labels_.astype(np.int32)
        np.save(os.path.join(self.out, "kmeans_pca50_labels.npy"), labels)
        value, seconds = timed(lambda: silhouette_score(z, labels, metric="euclidean"))
        return {"seconds": seconds, "value": float(value), "n_points": int(z.shape[0]),
                "params": {"metric": "euclidean", "sample_size": None, "dtype": "float64"},
                "labels_from": {"model": "KMeans(n_clusters=10, n_init=1, random_state=0) on pca50",
                                "fit_seconds": kmeans_seconds, "inertia": float(km.inertia_)},
                "saved": ["kmeans_pca50_labels.npy"]}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"),
                        help="output directory (default: bench/out)")
    parser.add_argument("--only", help="comma-separated subset of: " + ",".join(MEASUREMENTS))
    parser.add_argument("--quick", action="store_true", help="use the 10k test set only (smoke run)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run each measurement N times and report the median time (default 1)")
    args = parser.parse_args()
    args.names = list(MEASUREMENTS)
    if args.only:
        args.names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in args.names if n not in MEASUREMENTS]
        if unknown:
            parser.error(f"unknown measurement(s) {unknown}; choose from {list(MEASUREMENTS)}")
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    return args


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    x, y = load_fashion_mnist(args.quick)
    log(f"loaded {x.shape[0]}x{x.shape[1]} ({'quick: test set only' if args.quick else 'train+test'})")
    report = {"date": now(), "data": data_description(x.shape[0], x.shape[1], args.quick),
              **environment(), "repeat": args.repeat, "measurements": []}
    bench = Bench(x, y, args.out)
    with limited_threads():
        for name in args.names:
            log(f"{name} ...")
            result = measured(name, getattr(bench, name), args.repeat)
            log(f"{name}: {result['seconds']:.2f} s")
            report["measurements"].append(result)
    report["peak_rss_mib"] = peak_rss_mib()
    path = os.path.join(args.out, "peers.json")
    write_json(path, report)
    log(f"wrote {path}")


if __name__ == "__main__":
    main()
