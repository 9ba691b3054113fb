#!/usr/bin/python3
"""Merges DIR/peers.json (scikit-learn) and DIR/latentkit.json into a Markdown benchmark report.

    /usr/bin/python3 bench/report.py DIR [--output FILE] [--command "bench/core.sh ..."]

bench/core.sh runs it after both sides have measured; it only reads the two JSON files.
"""

import argparse
import json
import os
import sys

# The load average above which the report warns that the timings shared the machine with other work.
BUSY_LOAD = 1.0
# "Equal" quality tolerances: inertia relative, log-likelihood per item absolute, silhouette absolute.
INERTIA_RTOL = 1e-6
LOGLIK_ATOL = 1e-6
SILHOUETTE_ATOL = 1e-6

TITLES = {
    "kmeans_784_ninit1": "KMeans k=10, n_init=1 (784-d)",
    "kmeans_784_ninit10": "KMeans k=10, n_init=10 (784-d)",
    "pca50": "PCA 50 components, fit (784-d)",
    "gmm_pca50": "GMM full, k=10 (PCA-50), seed 0",
    "gmm_pca50_seeds": "GMM full, k=10 (PCA-50), mean of seeds 0-2",
    "silhouette_pca50": "Silhouette, exact (PCA-50)",
}


def fmt(value, digits=4):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def seconds(m):
    return "—" if m is None else f"{m['seconds']:.2f}"


def speed_up(lk, sk):
    return sk["seconds"] / lk["seconds"] if lk and sk and lk["seconds"] > 0 else None


class Check:
    """A target of the issue: a minimum speed-up and a quality condition on the (latentkit, scikit-learn) pair."""

    def __init__(self, text, min_speed_up, quality_ok):
        self.text, self.min_speed_up, self.quality_ok = text, min_speed_up, quality_ok

    def verdict(self, lk, sk):
        ratio = speed_up(lk, sk)
        if ratio is None:
            return "—"
        misses = []
        if ratio < self.min_speed_up:
            misses.append("speed")
        if not self.quality_ok(lk, sk):
            misses.append("quality")
        return "**yes**" if not misses else f"no ({', '.join(misses)})"


TARGETS = {
    "kmeans_784_ninit1": Check("≥ 2× faster, inertia ≤", 2.0,
                               lambda lk, sk: lk["inertia"] <= sk["inertia"] * (1 + INERTIA_RTOL)),
    "kmeans_784_ninit10": Check("≥ 2× faster, inertia ≤", 2.0,
                                lambda lk, sk: lk["inertia"] <= sk["inertia"] * (1 + INERTIA_RTOL)),
    "gmm_pca50": Check("≥ 5× faster, mean log-lik. ≥", 5.0,
                       lambda lk, sk: lk["mean_log_likelihood"] >= sk["mean_log_likelihood"] - LOGLIK_ATOL),
    "gmm_pca50_seeds": Check("≥ 5× faster, mean log-lik. ≥", 5.0,
                             lambda lk, sk: lk["mean_log_likelihood"] >= sk["mean_log_likelihood"] - LOGLIK_ATOL),
    "silhouette_pca50": Check(f"≥ 5× faster, equal to {SILHOUETTE_ATOL:g}", 5.0,
                              lambda lk, sk: abs(lk["value"] - sk["value"]) <= SILHOUETTE_ATOL),
}


def quality(name, m):
    """(label, value) pairs shown for a measurement, the quantity the target judges first."""
    if m is None:
        return []
    if name.startswith("kmeans"):
        return [("inertia", f"{m['inertia']:,.1f}"), ("ACC", fmt(m["acc"])), ("NMI", fmt(m["nmi"])),
                ("iterations", fmt(m["n_iter"]))]
    if name == "pca50":
        return [("explained variance (sum)", fmt(m["explained_variance_ratio_sum"], 5)),
                ("solver", m["svd_solver_used"])]
    if name == "gmm_pca50":
        return [("mean log-likelihood", fmt(m["mean_log_likelihood"], 5)), ("ACC", fmt(m["acc"])),
                ("NMI", fmt(m["nmi"])), ("iterations", f"{m['n_iter']}{'' if m['converged'] else ' (not converged)'}")]
    if name == "gmm_pca50_seeds":
        return [("mean log-likelihood", fmt(m["mean_log_likelihood"], 5)),
                ("range", f"{m['min_log_likelihood']:.5f} .. {m['max_log_likelihood']:.5f}"),
                ("iterations", ", ".join(str(r["n_iter"]) for r in m["runs"]))]
    if name == "silhouette_pca50":
        return [("silhouette", f"{m['value']:.10f}")]
    return []


def load(path):
    with open(path) as f:
        return json.load(f)


def by_name(side):
    return {m["name"]: m for m in side["measurements"]}


def load_cell(lk, sk):
    parts = [f"{m['loadavg_1min_before']:.2f}" if m else "—" for m in (lk, sk)]
    return " / ".join(parts)


def table(lk_side, sk_side):
    lk_all, sk_all = by_name(lk_side), by_name(sk_side)
    names = [n for n in TITLES if n in lk_all or n in sk_all]
    rows = ["| Kernel | latentkit (s) | scikit-learn (s) | Speed-up | Quality | latentkit | scikit-learn "
            "| Target | Met | Load 1-min (lk / sk) |",
            "|---|--:|--:|--:|---|--:|--:|---|---|--:|"]
    for name in names:
        lk, sk = lk_all.get(name), sk_all.get(name)
        ratio = speed_up(lk, sk)
        lk_q, sk_q = dict(quality(name, lk)), dict(quality(name, sk))
        labels = list(dict.fromkeys([*lk_q, *sk_q]))
        check = TARGETS.get(name)
        rows.append("| " + " | ".join([
            TITLES[name], seconds(lk), seconds(sk), "—" if ratio is None else f"{ratio:.2f}×",
            "<br>".join(labels), "<br>".join(lk_q.get(k, "—") for k in labels),
            "<br>".join(sk_q.get(k, "—") for k in labels),
            check.text if check else "none set", check.verdict(lk, sk) if check else "n/a",
            load_cell(lk, sk)]) + " |")
    if "pca50" in lk_all and "pca50" in sk_all:
        lk, sk = lk_all["pca50"], sk_all["pca50"]
        ratio = sk["transform_seconds"] / lk["transform_seconds"]
        rows.append(f"| PCA 50 components, transform (784-d) | {lk['transform_seconds']:.3f} "
                    f"| {sk['transform_seconds']:.3f} | {ratio:.2f}× | | | | none set | n/a | {load_cell(lk, sk)} |")
    return "\n".join(rows)


def mean_load(side):
    loads = [m["loadavg_1min_before"] for m in side["measurements"]]
    return sum(loads) / len(loads)


def busy_warnings(lk_side, sk_side):
    busy = [(side, m["name"], m["loadavg_1min_before"])
            for side, data in (("latentkit", lk_side), ("scikit-learn", sk_side))
            for m in data["measurements"] if m["loadavg_1min_before"] > BUSY_LOAD]
    if not busy:
        return ""
    worst = max(load for _, _, load in busy)
    text = (f"> **Warning: the machine was busy.** The 1-minute load average was above {BUSY_LOAD:.1f} before "
            f"{len(busy)} of the measurements (up to {worst:.2f} on {sk_side['machine']['nproc']} cores), so other "
            "work shared the CPU and these timings are noisy; re-run on a quiet machine before drawing "
            "conclusions.")
    lk_load, sk_load = mean_load(lk_side), mean_load(sk_side)
    if abs(lk_load - sk_load) > BUSY_LOAD:
        # Unequal load biases the ratio, not just its noise: say which side it favours.
        text += (f" The load also differed between the sides (mean {lk_load:.2f} during latentkit's "
                 f"measurements, {sk_load:.2f} during scikit-learn's), which biases the speed-ups in favour of "
                 f"{'scikit-learn' if lk_load > sk_load else 'latentkit'}.")
    return text + "\n"


def runs_text(lk_side, sk_side):
    repeats = {lk_side.get("repeat", 1), sk_side.get("repeat", 1)}
    if repeats == {1}:
        return "Every time is a **single run** (no `--repeat`), so each one carries the noise of the moment it ran."
    return (f"Every time is the **median of {max(repeats)} runs** (`--repeat`); the quality numbers are those of "
            "the last run.")


def gib(kib):
    return f"{kib / 1024 ** 2:.1f} GiB" if kib else "unknown"


def document(lk_side, sk_side, command):
    data = lk_side["data"]
    machine = lk_side["machine"]
    v, pv = lk_side["versions"], sk_side["versions"]
    threads = lk_side["threads"]
    blas = ", ".join(" ".join(filter(None, [p["internal_api"], p.get("version")])) + f" ({p['num_threads']} threads)"
                     for p in sk_side.get("thread_pools", []))
    scope = ("This is a `--quick` smoke run on the 10,000-image test set alone, not representative of the full "
             "benchmark. " if data["quick"] else "")
    lk_warm = lk_side["warm_up"]
    return f"""# Benchmarks

latentkit against scikit-learn on the core kernels, on Fashion-MNIST ({data['rows']:,} images × {data['cols']} pixels),
both sides limited to {sk_side['threads_limit']} threads on the same machine, run one after the other by the same
command. {scope}Targets are those of the performance issue: KMeans at least 2× faster at equal or lower
inertia, the full-covariance GMM at least 5× faster at equal or higher mean log-likelihood, the exact silhouette
at least 5× faster. Speed-up is scikit-learn's time divided by latentkit's.

Generated by `bench/report.py` on {lk_side['date'][:10]}; do not edit by hand.

{busy_warnings(lk_side, sk_side)}
## Core kernels

{table(lk_side, sk_side)}

{runs_text(lk_side, sk_side)}
"Equal" quality allows a relative {INERTIA_RTOL:g} on inertia (scikit-learn sums it in float32 for float32 data,
so it is exact only to about that), an absolute {LOGLIK_ATOL:g} on the mean
log-likelihood per item and an absolute {SILHOUETTE_ATOL:g} on the silhouette. ACC (best one-to-one matching of clusters to the 10 classes)
and NMI are shown for information; no target is set on them, nor on PCA.

## Reproduce

```
{command}
```

Ran {sk_side['date']} (scikit-learn) and {lk_side['date']} (latentkit).

## Machine and versions

- CPU: {machine['cpu_model']}, {machine['nproc']} cores; RAM {gib(machine.get('mem_total_kib'))}; {machine['os']}
- latentkit: Java {v['java']}, DJL {v['djl']}, PyTorch {v['pytorch']} (CPU); engine threads: {threads['intra_op']}
  intra-op, {threads['inter_op']} inter-op, `OMP_WAIT_POLICY={threads['omp_wait_policy']}`
- scikit-learn {pv['sklearn']}, NumPy {pv['numpy']}, SciPy {pv['scipy']}, Python {pv['python']};
  thread pools: {blas or 'limited through the environment'}
- Peak resident memory: latentkit JVM {lk_side['peak_rss_mib']:,.0f} MiB, Python {sk_side['peak_rss_mib']:,.0f} MiB

## Method

- **Fit-only timing.** Each side times the fit (or the metric) alone: `System.nanoTime` in Java,
  `time.perf_counter` in Python. Reading data, predicting labels and scoring ACC/NMI are outside the timer.
- **Warm-up.** All latentkit measurements run in one JVM, after every kernel has run once on the first
  {lk_warm['rows']:,} rows ({lk_warm['seconds']:.1f} s, not counted), so JIT compilation and the engine's
  start-up are not charged to the first measurement. scikit-learn needs no warm-up beyond its imports.
- **Threads.** latentkit's engine uses {threads['intra_op']} intra-op threads; scikit-learn's BLAS and OpenMP pools
  are limited to {sk_side['threads_limit']} by {sk_side['threads_limited_by']}.
- **Same data.** Both sides read the same IDX files and divide the pixels by 255 in float32 (latentkit through
  its own IDX reader). The GMM and the silhouette run on the PCA-50 coordinates scikit-learn computed
  (`pca50.npy`), and the silhouette scores the same KMeans labelling (`kmeans_pca50_labels.npy`) on both sides.
- **Seeds.** Both sides use seed 0, but their random streams differ, so KMeans and the GMM start from different
  points; a single seed can land either side in a better or a worse local optimum.
- **Precision.** scikit-learn fits the GMM in float64; latentkit keeps the data in float32 on the engine and
  sums the statistics in float64. latentkit's GMM starts from the best of
  {kmeans_init_runs(lk_side)} k-means++ runs (scikit-learn: 1), inside the timed fit.
- **Load.** The 1-minute load average was read before each measurement (last column, latentkit / scikit-learn);
  above {BUSY_LOAD:.1f} the machine was doing other work at the same time.
"""


def kmeans_init_runs(lk_side):
    gmm = by_name(lk_side).get("gmm_pca50")
    return gmm["params"]["kmeans_init_runs"] if gmm else "several"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", help="directory holding peers.json and latentkit.json")
    parser.add_argument("--output", help="Markdown file to write (default: DIR/BENCHMARKS.md)")
    parser.add_argument("--command", default="bench/core.sh", help="the command that reproduces the run")
    args = parser.parse_args()
    lk_side = load(os.path.join(args.dir, "latentkit.json"))
    sk_side = load(os.path.join(args.dir, "peers.json"))
    if (lk_side["data"]["rows"], lk_side["data"]["cols"]) != (sk_side["data"]["rows"], sk_side["data"]["cols"]):
        sys.exit(f"report.py: the two sides measured different data ({lk_side['data']} vs {sk_side['data']})")
    output = args.output or os.path.join(args.dir, "BENCHMARKS.md")
    text = document(lk_side, sk_side, args.command)
    # Collapse the blank line left where no warning was needed.
    text = text.replace("\n\n\n", "\n\n")
    with open(output + ".tmp", "w") as f:
        f.write(text)
    os.replace(output + ".tmp", output)
    print(f"report.py: wrote {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
