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
import datetime
import gzip
import json
import os
import platform
import resource
import statistics
import sys
import time

THREADS = 2
DATA_DIR = "/usr/share/datasets/fashion-mnist"
ENV_RECORDED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# Captured before anything below can touch the environment.
ENV_AT_START = {name: os.environ.get(name) for name in ENV_RECORDED}

try:
    import threadpoolctl
except ImportError:
    threadpoolctl = None
    # Without threadpoolctl the pools can only be sized before numpy loads its BLAS.
    for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_name, str(THREADS))

import numpy as np  # noqa: E402 (must follow the thread set-up above)
import scipy  # noqa: E402
import sklearn  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.metrics import normalized_mutual_info_score, silhouette_score  # noqa: E402
from sklearn.mixture import GaussianMixture  # noqa: E402

MEASUREMENTS = ("kmeans_784_ninit1", "kmeans_784_ninit10", "pca50", "gmm_pca50", "gmm_pca50_seeds",
                "silhouette_pca50")
# EM ends in different local optima from different starts: the fair quality comparison is over several seeds.
GMM_SEEDS = (0, 1, 2)


def log(message):
    print(f"[peers {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def read_idx(path, magic, dims):
    """Reads one gzip'd IDX file of unsigned bytes; checks its magic number and rank."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    header = np.frombuffer(raw, dtype=">u4", count=1 + dims)
    if header[0] != magic:
        raise ValueError(f"{path}: magic {header[0]:#x}, expected {magic:#x}")
    shape = tuple(int(n) for n in header[1:])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 * (1 + dims)).reshape(shape)


def load_fashion_mnist(quick):
    """Pixels / 255 as float32 (n x 784) and int32 labels; train then test, or the test set alone."""
    parts = ["t10k"] if quick else ["train", "t10k"]
    images, labels = [], []
    for part in parts:
        img = read_idx(f"{DATA_DIR}/{part}-images-idx3-ubyte.gz", 0x803, 3)
        images.append(img.reshape(img.shape[0], -1))
        labels.append(read_idx(f"{DATA_DIR}/{part}-labels-idx1-ubyte.gz", 0x801, 1))
    x = np.concatenate(images).astype(np.float32) / np.float32(255.0)
    return x, np.concatenate(labels).astype(np.int32)


def clustering_accuracy(truth, predicted):
    """Best one-to-one matching of clusters to classes (Hungarian), as a fraction of items."""
    counts = np.zeros((predicted.max() + 1, truth.max() + 1), dtype=np.int64)
    np.add.at(counts, (predicted, truth), 1)
    rows, cols = linear_sum_assignment(counts, maximize=True)
    return float(counts[rows, cols].sum() / truth.size)


def seed_summary(runs, params):
    """Mean time and mean, lowest and highest log-likelihood of runs that differ only in their seed."""
    lls = [r["mean_log_likelihood"] for r in runs]
    return {"seconds": float(np.mean([r["seconds"] for r in runs])), "params": params, "runs": runs,
            "mean_log_likelihood": float(np.mean(lls)), "min_log_likelihood": min(lls),
            "max_log_likelihood": max(lls)}


def agreement(truth, predicted):
    return {"acc": clustering_accuracy(truth, predicted),
            "nmi": float(normalized_mutual_info_score(truth, predicted))}


def repeated(measure, n):
    """Runs a measurement n times: each "...seconds" field becomes the median (all runs kept beside
    it), the other fields are those of the last run."""
    runs = [measure() for _ in range(n)]
    result = dict(runs[-1])
    if n > 1:
        for key in [k for k in result if k.endswith("seconds")]:
            result[key + "_runs"] = [r[key] for r in runs]
            result[key] = statistics.median(result[key + "_runs"])
    result["repeat"] = n
    return result


def timed(fit):
    start = time.perf_counter()
    result = fit()
    return result, time.perf_counter() - start


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def environment():
    pools = threadpoolctl.threadpool_info() if threadpoolctl else []
    return {
        "versions": {
            "python": platform.python_version(),
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "threadpoolctl": threadpoolctl.__version__ if threadpoolctl else None,
        },
        "thread_pools": [{k: p.get(k) for k in ("user_api", "internal_api", "version",
                                                "architecture", "num_threads", "filepath")}
                         for p in pools],
        "threads_limit": THREADS,
        "threads_limited_by": "threadpoolctl" if threadpoolctl else "environment",
        "env": ENV_AT_START,
        "machine": {"nproc": os.cpu_count(), "cpu_model": cpu_model(),
                    "platform": platform.platform()},
    }


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
    report = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              "data": {"name": "fashion-mnist", "rows": int(x.shape[0]), "cols": int(x.shape[1]),
                       "features": "pixels / 255 as float32", "quick": args.quick},
              **environment(), "repeat": args.repeat, "measurements": []}
    bench = Bench(x, y, args.out)
    limits = threadpoolctl.threadpool_limits(limits=THREADS) if threadpoolctl else None
    try:
        for name in args.names:
            log(f"{name} ...")
            started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
            # Load average before the run: other work on the machine skews a single-run timing.
            result = {"name": name, "date": started, "loadavg_1min_before": os.getloadavg()[0],
                      **repeated(getattr(bench, name), args.repeat)}
            log(f"{name}: {result['seconds']:.2f} s")
            report["measurements"].append(result)
    finally:
        if limits is not None:
            limits.restore_original_limits()
    # ru_maxrss is in KiB on Linux.
    report["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    path = os.path.join(args.out, "peers.json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)
    log(f"wrote {path}")


if __name__ == "__main__":
    main()
