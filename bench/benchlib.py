"""Helpers shared by the peer sides of latentkit's benchmarks (bench/peers.py, bench/manifold_peers.py, bench/knn.py).

Import it before numpy: without threadpoolctl the BLAS and OpenMP pools can only be sized through the environment,
before numpy loads its BLAS, and numba's pool (umap-learn, pynndescent) is always sized that way.
"""

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
                "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")
# Captured before anything below can touch the environment.
ENV_AT_START = {name: os.environ.get(name) for name in ENV_RECORDED}

# numba reads its thread count once, when it is first imported; threadpoolctl cannot change it later.
os.environ.setdefault("NUMBA_NUM_THREADS", str(THREADS))
try:
    import threadpoolctl
except ImportError:
    threadpoolctl = None
    for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_name, str(THREADS))

import numpy as np  # noqa: E402 (must follow the thread set-up above)
import scipy  # noqa: E402
import sklearn  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402
from sklearn.metrics import normalized_mutual_info_score  # noqa: E402


def log(message, who="peers"):
    print(f"[{who} {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


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


def data_description(rows, cols, quick):
    return {"name": "fashion-mnist", "rows": int(rows), "cols": int(cols), "features": "pixels / 255 as float32",
            "quick": quick}


def clustering_accuracy(truth, predicted):
    """Best one-to-one matching of clusters to classes (Hungarian), as a fraction of items; any label values (the
    noise label -1 is one more cluster, as in scikit-learn's metrics)."""
    _, p = np.unique(predicted, return_inverse=True)
    _, t = np.unique(truth, return_inverse=True)
    counts = np.zeros((p.max() + 1, t.max() + 1), dtype=np.int64)
    np.add.at(counts, (p, t), 1)
    rows, cols = linear_sum_assignment(counts, maximize=True)
    return float(counts[rows, cols].sum() / truth.size)


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


def busy_cores():
    """Cores that other processes kept busy over one second, from /proc/stat while this process waits; unlike the
    load average it does not count the benchmark's own previous stage."""
    def jiffies():
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:9]]
        idle = fields[3] + fields[4]
        return sum(fields) - idle, sum(fields)
    busy0, total0 = jiffies()
    time.sleep(1)
    busy1, total1 = jiffies()
    return 0.0 if total1 == total0 else os.cpu_count() * (busy1 - busy0) / (total1 - total0)


def load_before():
    """The 1-minute load average and the busy cores before a measurement: other work skews a single-run timing."""
    return {"loadavg_1min_before": os.getloadavg()[0], "busy_cores_before": busy_cores()}


def measured(name, measure, n):
    """A named measurement run n times (see repeated), with its start time and the load before it."""
    started = now()
    return {"name": name, "date": started, **load_before(), **repeated(measure, n)}


def timed(fit):
    start = time.perf_counter()
    result = fit()
    return result, time.perf_counter() - start


def peak_rss_mib():
    """Peak resident set size of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def environment(**versions):
    """Versions, thread pools, environment and machine; extra library versions are added to the versions."""
    pools = threadpoolctl.threadpool_info() if threadpoolctl else []
    return {
        "versions": {
            "python": platform.python_version(),
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "threadpoolctl": threadpoolctl.__version__ if threadpoolctl else None,
            **versions,
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


class limited_threads:
    """Limits the BLAS and OpenMP pools to THREADS for the duration of a with-block (when threadpoolctl is there;
    otherwise the environment already did)."""

    def __enter__(self):
        self.limits = threadpoolctl.threadpool_limits(limits=THREADS) if threadpoolctl else None
        return self

    def __exit__(self, *exc):
        if self.limits is not None:
            self.limits.restore_original_limits()
        return False


def write_json(path, document):
    """Writes the document atomically, so a reader never sees half a file."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)
