#!/usr/bin/python3
"""Reference timings and quality numbers from umap-learn and scikit-learn for the manifold and density benchmark.

The peer side of bench/manifold.sh: one measurement per process (so the peak resident memory it reports is that
measurement's), after latentkit's side of the same measurement, whose inputs it reads from DIR: labels.npy and the
sample rows, latentkit's PCA-50 (pca50.npy) and UMAP-10 embedding (umap10.npy), DBSCAN's eps from
DIR/latentkit/dbscan_umap10.json, and latentkit's labels, to score the agreement of the two sides. Writes
DIR/peers/NAME.json.

    /usr/bin/python3 bench/manifold_peers.py --out DIR --measure NAME [--quick] [--repeat N]

Timed with time.perf_counter around the fit only. The thread pools (BLAS, OpenMP, numba) are limited to
THREADS. t-SNE runs once whatever --repeat says: at 70,000 points one run takes about 12 minutes.
"""

import argparse
import importlib.util
import json
import os

# benchlib first: it sizes the thread pools before numpy and numba load.
from benchlib import (THREADS, agreement, data_description, environment, limited_threads, load_fashion_mnist, log,
                      measured, now, peak_rss_mib, timed, write_json)
import numba
import numpy as np
import pynndescent
import sklearn
import umap
from sklearn.cluster import DBSCAN, AgglomerativeClustering
from sklearn.manifold import TSNE, trustworthiness
from sklearn.metrics import adjusted_rand_score
from sklearn.mixture import GaussianMixture

# latentkit-only measurements are not listed: million has no peer.
MEASUREMENTS = ("umap_gmm", "tsne_pca50", "dbscan_umap10", "hdbscan_umap10", "single_umap10", "ward_20k",
                "hdbscan_pca50", "single_pca50")
K = 10
SEED = 0
UMAP_PARAMS = {"n_components": 10, "n_neighbors": 20, "min_dist": 0.0, "metric": "euclidean", "random_state": SEED}
TRUST_NEIGHBORS = 15
DBSCAN_MIN_SAMPLES = 10
# umap-learn searches neighbours exactly below 4,096 points: the warm-up must be larger to compile NN-descent.
UMAP_WARM_UP_ROWS = 5000


def ints(path):
    """A column of integers saved by latentkit (float32, exact)."""
    return np.load(path).ravel().astype(np.int32)


def partition(truth, labels):
    """Clusters found, noise fraction, and ACC, NMI and ARI against the truth (noise is one more cluster)."""
    return {"n_clusters": int(len(set(labels.tolist()) - {-1})), "noise_fraction": float(np.mean(labels == -1)),
            **agreement(truth, labels), "ari": float(adjusted_rand_score(truth, labels))}


class Bench:
    def __init__(self, out, quick):
        self.out, self.quick = out, quick
        self.labels = ints(self.path("labels.npy"))
        self._pixels = None

    def pixels(self):
        """The images and their labels, read once per process (the warm-up and every repeat share them)."""
        if self._pixels is None:
            self._pixels = load_fashion_mnist(self.quick)
        return self._pixels

    def path(self, name):
        path = os.path.join(self.out, name)
        if not os.path.exists(path):
            raise SystemExit(f"manifold_peers.py: {path} is missing; run latentkit's side first (bench/manifold.sh)")
        return path

    def array(self, name):
        a = np.load(self.path(name))
        if a.shape[0] != self.labels.size:
            raise SystemExit(f"manifold_peers.py: {name} has {a.shape[0]} rows but labels.npy has "
                             f"{self.labels.size}; run bench/manifold.sh with the same --quick setting")
        return a

    def latentkit(self, name):
        with open(self.path(os.path.join("latentkit", name + ".json"))) as f:
            return json.load(f)["measurements"][0]

    def warm_up(self, name):
        """Compiles umap-learn's numba functions on a slice, so the measured fit does not pay for it; returns the
        seconds it took (0 for the others, which are compiled ahead of time)."""
        if name != "umap_gmm":
            return 0.0
        x, _ = self.pixels()
        _, seconds = timed(lambda: umap.UMAP(**UMAP_PARAMS).fit(x[:UMAP_WARM_UP_ROWS]))
        return seconds

    def umap_gmm(self):
        x, y = self.pixels()
        reducer = umap.UMAP(**UMAP_PARAMS)
        embedding, seconds = timed(lambda: reducer.fit_transform(x))
        z = embedding.astype(np.float64)
        gm, gmm_seconds = timed(lambda: GaussianMixture(n_components=K, covariance_type="full",
                                                        random_state=SEED).fit(z))
        rows = ints(self.path("trust_sample.npy"))
        trust = trustworthiness(x[rows], embedding[rows], n_neighbors=TRUST_NEIGHBORS)
        return {"seconds": seconds,
                "params": {"umap": {**UMAP_PARAMS, "n_epochs": reducer.n_epochs,
                                    # umap-learn runs its layout on one thread when random_state is set.
                                    "layout_parallel": reducer.random_state is None},
                           "gmm": {"n_components": K, "covariance_type": "full", "random_state": SEED,
                                   "max_iter": gm.max_iter, "tol": gm.tol, "dtype": "float64"}},
                "gmm_seconds": gmm_seconds, "mean_log_likelihood": float(gm.score(z)),
                "converged": bool(gm.converged_), "n_iter": int(gm.n_iter_), **agreement(y, gm.predict(z)),
                "trustworthiness": float(trust),
                "trustworthiness_params": {"sample": int(rows.size), "n_neighbors": TRUST_NEIGHBORS,
                                           "rows": "trust_sample.npy"}}

    def tsne_pca50(self):
        z = self.array("pca50.npy")
        tsne = TSNE(n_components=2, perplexity=30.0, learning_rate="auto", init="pca", n_iter=1000,
                    method="barnes_hut", random_state=SEED, n_jobs=THREADS)
        _, seconds = timed(lambda: tsne.fit(z))
        return {"seconds": seconds,
                "params": {"n_components": 2, "perplexity": 30.0, "early_exaggeration": tsne.early_exaggeration,
                           "learning_rate": "auto", "learning_rate_used": float(tsne.learning_rate_),
                           "n_iter": 1000, "init": "pca", "method": "barnes_hut", "angle": tsne.angle,
                           "random_state": SEED, "input": "pca50.npy"},
                "method_resolved": "barnes_hut", "kl_divergence": float(tsne.kl_divergence_),
                "n_iter": int(tsne.n_iter_)}

    def dbscan_umap10(self):
        e = self.array("umap10.npy")
        eps = self.latentkit("dbscan_umap10")["params"]["eps"]
        db, seconds = timed(lambda: DBSCAN(eps=eps, min_samples=DBSCAN_MIN_SAMPLES, n_jobs=THREADS).fit(e))
        ours = ints(self.path("latentkit_dbscan_labels.npy"))
        return {"seconds": seconds,
                "params": {"eps": eps, "min_samples": DBSCAN_MIN_SAMPLES, "metric": "euclidean",
                           "algorithm": db.algorithm, "eps_from": "latentkit's KDistance knee",
                           "input": "umap10.npy"},
                **partition(self.labels, db.labels_), "ari_latentkit": float(adjusted_rand_score(ours, db.labels_))}

    def hdbscan_umap10(self):
        return self.hdbscan()

    def hdbscan_pca50(self):
        return self.hdbscan()

    @staticmethod
    def hdbscan():
        """No peer: recorded as such, with the reason, so the report can say it."""
        if importlib.util.find_spec("hdbscan") is not None:
            log("the hdbscan package is installed now: this script does not measure it yet")
        return {"seconds": None, "unavailable":
                f"scikit-learn {sklearn.__version__} has none (it came in 1.3), and the hdbscan "
                "package is not installed (Debian bookworm does not package it; PyPI is not reachable here)"}

    def single_umap10(self):
        return self.single("umap10.npy")

    def single_pca50(self):
        return self.single("pca50.npy")

    def single(self, name):
        e = self.array(name)
        single, seconds = timed(lambda: AgglomerativeClustering(n_clusters=K, linkage="single",
                                                                compute_distances=True).fit(e))
        ours = ints(self.path(f"latentkit_single_labels_{name}"))
        return {"seconds": seconds,
                "params": {"n_clusters": K, "linkage": "single", "metric": "euclidean", "input": name},
                "last_merge_height": float(single.distances_[-1]),
                **partition(self.labels, single.labels_), "ari_latentkit": float(adjusted_rand_score(ours, single.labels_))}

    def ward_20k(self):
        rows = ints(self.path("ward_sample.npy"))
        sample = self.array("pca50.npy")[rows]
        ward, seconds = timed(lambda: AgglomerativeClustering(n_clusters=K, linkage="ward").fit(sample))
        ours = ints(self.path("latentkit_ward_labels.npy"))
        return {"seconds": seconds,
                "params": {"n_clusters": K, "linkage": "ward", "sample": int(rows.size),
                           "input": "pca50.npy rows ward_sample.npy"},
                **partition(self.labels[rows], ward.labels_),
                "ari_latentkit": float(adjusted_rand_score(ours, ward.labels_))}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="the folder latentkit's side wrote its inputs and results to")
    parser.add_argument("--measure", required=True, choices=MEASUREMENTS)
    parser.add_argument("--quick", action="store_true", help="use the 10k test set only (smoke run)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run the measurement N times and report the median time (default 1; t-SNE: always 1)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    return args


def main():
    args = parse_args()
    name = args.measure
    bench = Bench(args.out, args.quick)
    repeat = 1 if name in ("tsne_pca50", "hdbscan_umap10", "hdbscan_pca50") else args.repeat
    report = {"date": now(), "data": data_description(bench.labels.size, 28 * 28, args.quick),
              **environment(umap=umap.__version__, pynndescent=pynndescent.__version__,
                            numba=numba.__version__),
              "repeat": repeat}
    with limited_threads():
        warm = bench.warm_up(name)
        report["warm_up"] = {"seconds": warm, "what": "umap-learn fitted once on a slice first (numba compilation)"
                             if name == "umap_gmm" else "none needed"}
        log(f"{name} ...")
        result = measured(name, getattr(bench, name), repeat)
    result["peak_rss_mib"] = peak_rss_mib()
    if result["seconds"] is not None:
        log(f"{name}: {result['seconds']:.2f} s, peak RSS {result['peak_rss_mib']:.0f} MiB")
    report["measurements"] = [result]
    path = os.path.join(args.out, "peers", name + ".json")
    write_json(path, report)
    log(f"wrote {path}")


if __name__ == "__main__":
    main()
