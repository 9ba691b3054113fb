#!/usr/bin/python3
"""The peer side of latentkit's N2D benchmark: PyTorch autoencoder, umap-learn and scikit-learn on Fashion-MNIST.

N2D (McConville et al. 2019, "N2D: (Not Too) Deep Clustering via Clustering the Local Manifold of an Autoencoded
Embedding"): an autoencoder 784-500-500-2000-10 (ReLU, linear latent, mirrored decoder with linear output, MSE,
Adam lr 1e-3, batch 256, reshuffled every epoch, PyTorch's default initialisation), then UMAP of the 10-d codes to
10 dimensions (n_neighbors 20, min_dist 0, euclidean), then a full-covariance Gaussian mixture with 10 components;
ACC (Hungarian matching), NMI and ARI against the true labels. Each seed seeds torch, UMAP and the mixture.

    /usr/bin/python3 bench/n2d_peer.py [--out DIR] [--seeds 0,1,2] [--epochs 30] [--quick]
                                       [--epoch-time-only N] [--gmm-n-init 1] [--umap-epochs N]
                                       [--batching slice|loader] [--compare-batching]
                                       [--stages SEEDS --codes FILE]

Writes DIR/n2d-peer.json (DIR/n2d-peer-epochs.json with --epoch-time-only N, which trains N epochs per seed and
records only the epoch times: the training-speed comparison with latentkit-deep). --quick uses the 10k test set.
--stages SEEDS --codes FILE trains nothing: it fits UMAP and the mixture on the codes latentkit's side wrote (FILE,
.npy) once per seed of SEEDS, into DIR/n2d-peer-stages.json, with the file's SHA-256 to show both read the same codes.
--gmm-n-init and --umap-epochs are the unsupervised quality knobs latentkit's side (io.latentkit.bench.N2dBenchmark)
also takes; their defaults are the issue's recipe (one EM run; umap-learn's automatic epochs, 200 at this size).

Batching: the default is "slice": each epoch gathers the data once in a fresh random order (torch.randperm) and
takes the batches as contiguous slices of that tensor. Producing the batches costs 0.006-0.018 s per 10k-row epoch
that way against 0.020-0.026 s with DataLoader(TensorDataset(x), batch_size=256, shuffle=True), both under 1% of
the epoch, so the choice cannot sway the comparison; slicing is the cheaper of the two, hence the fair baseline.
--compare-batching times one epoch with each (and the batches alone) and records both. The last, partial batch is
kept (like Keras, which the N2D paper used). Adam is torch's default single-tensor implementation: foreach=True
was no faster on this CPU (about 5 ms per step either way).

Timing: time.perf_counter around each epoch (the per-epoch shuffle included; time.process_time too, the process CPU
seconds, which vary less on a shared machine), the encoding of all rows, the UMAP fit and the mixture fit; data loading and scoring are excluded. Warm-ups run first and are recorded apart: 20
training steps on a throwaway model (the first epoch of a process was otherwise much slower), and a UMAP fit on
2,000 random 10-d points (numba's compilation). torch, BLAS, OpenMP and numba use THREADS threads. With a
random_state, umap-learn 0.5.3 optimises the layout serially (its own rule for reproducibility); the kNN graph uses
n_jobs=THREADS. The mixture is fitted in float64 on the UMAP output, like bench/peers.py does.
"""

import os

THREADS = 2
# numba sizes its pool when it is first imported (by umap).
os.environ.setdefault("NUMBA_NUM_THREADS", str(THREADS))

import argparse  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

# benchlib before numpy: it sizes the thread pools before numpy loads its BLAS.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import (agreement, data_description, environment, limited_threads, load_before,  # noqa: E402
                      load_fashion_mnist, now, peak_rss_mib, timed, write_json)
import benchlib  # noqa: E402

import numba  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import umap  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402
from sklearn.mixture import GaussianMixture  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

HIDDEN = (500, 500, 2000)
LATENT = 10
BATCH_SIZE = 256
LEARNING_RATE = 1e-3
EMBED_BATCH = 8192
UMAP_PARAMS = {"n_components": 10, "n_neighbors": 20, "min_dist": 0.0, "metric": "euclidean"}
GMM_PARAMS = {"n_components": 10, "covariance_type": "full"}
UMAP_WARMUP_ROWS = 2000
TRAIN_WARMUP_BATCHES = 20
BATCHINGS = ("slice", "loader")


def log(message):
    benchlib.log(message, "n2d-peer")


def dense_stack(widths, last_activation):
    layers = []
    for i, (n_in, n_out) in enumerate(zip(widths, widths[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(widths) - 2 or last_activation:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Autoencoder(nn.Module):
    def __init__(self, width):
        super().__init__()
        dims = (width, *HIDDEN, LATENT)
        self.encoder = dense_stack(dims, last_activation=False)
        self.decoder = dense_stack(dims[::-1], last_activation=False)

    def forward(self, x):
        return self.decoder(self.encoder(x))


def batches(x, batching):
    """One epoch of shuffled batches, drawn from torch's global generator (seeded per run)."""
    if batching == "slice":
        shuffled = x[torch.randperm(x.shape[0])]
        return (shuffled[i:i + BATCH_SIZE] for i in range(0, x.shape[0], BATCH_SIZE))
    loader = DataLoader(TensorDataset(x), batch_size=BATCH_SIZE, shuffle=True)
    return (batch for (batch,) in loader)


def train_epoch(model, optimizer, x, batching):
    """One pass over x; returns the epoch's mean batch loss weighted by batch size (what Keras reports)."""
    loss_fn = nn.MSELoss()
    total = torch.zeros(())
    for xb in batches(x, batching):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), xb)
        loss.backward()
        optimizer.step()
        total += loss.detach() * xb.shape[0]
    return total.item() / x.shape[0]


def new_model(seed, width):
    torch.manual_seed(seed)
    model = Autoencoder(width)
    return model, torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)


def train(x, seed, epochs, batching):
    model, optimizer = new_model(seed, x.shape[1])
    model.train()
    seconds, cpu_seconds, losses = [], [], []
    for epoch in range(1, epochs + 1):
        start, cpu = time.perf_counter(), time.process_time()
        loss = train_epoch(model, optimizer, x, batching)
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu)
        if not np.isfinite(loss):
            raise FloatingPointError(f"seed {seed}: training loss {loss} at epoch {epoch}")
        losses.append(loss)
        log(f"seed {seed} epoch {epoch}/{epochs}: loss {loss:.6f}, {seconds[-1]:.2f} s (cpu {cpu_seconds[-1]:.2f} s)")
    return model, seconds, cpu_seconds, losses


def encode(model, x):
    model.eval()
    with torch.inference_mode():
        return torch.cat([model.encoder(x[i:i + EMBED_BATCH])
                          for i in range(0, x.shape[0], EMBED_BATCH)]).numpy()


def fit_umap(codes, seed, n_epochs=None):
    return umap.UMAP(**UMAP_PARAMS, n_epochs=n_epochs, random_state=seed, n_jobs=THREADS).fit_transform(codes)


def run_seed(x, y, seed, args):
    run = {"seed": seed, "date": now(), **load_before()}
    model, epoch_seconds, epoch_cpu_seconds, epoch_loss = train(x, seed, args.epochs, args.batching)
    run.update(epoch_seconds=epoch_seconds, epoch_cpu_seconds=epoch_cpu_seconds, epoch_loss=epoch_loss,
               ae_seconds=sum(epoch_seconds))
    if args.epoch_time_only:
        return run
    codes, run["embed_seconds"] = timed(lambda: encode(model, x))
    embedding, run["umap_seconds"] = timed(lambda: fit_umap(codes, seed, args.umap_epochs))
    z = embedding.astype(np.float64)
    gm, run["gmm_seconds"] = timed(
        lambda: GaussianMixture(**GMM_PARAMS, n_init=args.gmm_n_init, random_state=seed).fit(z))
    run["total_seconds"] = run["ae_seconds"] + run["embed_seconds"] + run["umap_seconds"] + run["gmm_seconds"]
    predicted = gm.predict(z)
    run.update(gmm_converged=bool(gm.converged_), gmm_n_iter=int(gm.n_iter_), **agreement(y, predicted),
               ari=float(adjusted_rand_score(y, predicted)))
    log(f"seed {seed}: ACC {run['acc']:.4f} NMI {run['nmi']:.4f} ARI {run['ari']:.4f}; AE {run['ae_seconds']:.1f} s, "
        f"UMAP {run['umap_seconds']:.1f} s, GMM {run['gmm_seconds']:.1f} s, total {run['total_seconds']:.1f} s")
    return run


def score_stages(codes, y, seed, args):
    """UMAP and the mixture, seeded by seed, on fixed codes."""
    run = {"seed": seed, "date": now(), **load_before()}
    embedding, run["umap_seconds"] = timed(lambda: fit_umap(codes, seed, args.umap_epochs))
    z = embedding.astype(np.float64)
    gm, run["gmm_seconds"] = timed(
        lambda: GaussianMixture(**GMM_PARAMS, n_init=args.gmm_n_init, random_state=seed).fit(z))
    predicted = gm.predict(z)
    run.update(mean_log_likelihood=float(gm.score(z)), **agreement(y, predicted),
               ari=float(adjusted_rand_score(y, predicted)))
    log(f"codes, UMAP and GMM seed {seed}: ACC {run['acc']:.4f} NMI {run['nmi']:.4f}; UMAP {run['umap_seconds']:.1f} s")
    return run


def load_codes(path, rows):
    with open(path, "rb") as f:
        raw = f.read()
    digest = hashlib.sha256(raw).hexdigest()
    codes = np.load(io.BytesIO(raw))
    if codes.shape != (rows, LATENT) or codes.dtype != np.float32:
        sys.exit(f"n2d_peer.py: {path}: expected float32 codes of shape ({rows}, {LATENT}), got {codes.dtype} "
                 f"{codes.shape}")
    if not np.isfinite(codes).all():
        row = int(np.argwhere(~np.isfinite(codes))[0][0])
        sys.exit(f"n2d_peer.py: {path}: row {row} has a value that is not finite")
    return codes, digest


def warm_up_training(x):
    """A few steps on a throwaway model, so the first timed epoch does not pay the process's warm-up."""
    model, optimizer = new_model(0, x.shape[1])
    train_epoch(model, optimizer, x[:TRAIN_WARMUP_BATCHES * BATCH_SIZE], "slice")


def compare_batching(x, seed):
    """One epoch of each batching on a fresh model, and one pass over the batches alone: the batching's own cost,
    which other load on the machine blurs less."""
    result = {}
    for batching in BATCHINGS:
        model, optimizer = new_model(seed, x.shape[1])
        _, result[batching + "_epoch_seconds"] = timed(lambda: train_epoch(model, optimizer, x, batching))
        _, result[batching + "_batches_only_seconds"] = timed(lambda: sum(1 for _ in batches(x, batching)))
        log(f"{batching} batching: one epoch {result[batching + '_epoch_seconds']:.2f} s, "
            f"batches alone {result[batching + '_batches_only_seconds']:.3f} s")
    return result


def summary(runs, epoch_time_only):
    if "epoch_seconds" not in runs[0]:
        return {key: {"mean": float(np.mean([r[key] for r in runs])), "min": min(r[key] for r in runs),
                      "max": max(r[key] for r in runs)} for key in ("acc", "nmi", "ari", "umap_seconds")}
    epochs = [s for r in runs for s in r["epoch_seconds"]]
    out = {"epoch_seconds_median": statistics.median(epochs), "epoch_seconds_min": min(epochs),
           "epoch_seconds_max": max(epochs)}
    if len(epochs) > len(runs):
        # The first epoch of a run also warms up the allocator and thread pools.
        out["epoch_seconds_median_after_first"] = statistics.median(
            [s for r in runs for s in r["epoch_seconds"][1:]])
    if not epoch_time_only:
        for key in ("acc", "nmi", "ari", "total_seconds", "umap_seconds", "gmm_seconds", "ae_seconds"):
            values = [r[key] for r in runs]
            out[key] = {"mean": float(np.mean(values)), "min": min(values), "max": max(values)}
    return out


def recipe(args, width):
    return {
        "autoencoder": {"encoder": [width, *HIDDEN, LATENT], "decoder": [LATENT, *HIDDEN[::-1], width],
                        "activation": "relu", "latent_activation": "linear", "output_activation": "linear",
                        "init": "pytorch default", "loss": "mse (mean over batch and features)",
                        "optimizer": {"name": "adam", "lr": LEARNING_RATE, "betas": [0.9, 0.999], "eps": 1e-8},
                        "batch_size": BATCH_SIZE, "epochs": args.epochs, "shuffle": "every epoch",
                        "batching": args.batching, "epoch_loss": "mean batch loss weighted by batch size"},
        "umap": {**UMAP_PARAMS, "n_epochs": args.umap_epochs or "auto", "random_state": "seed", "n_jobs": THREADS,
                 "input": "float32 codes"},
        "gmm": {**GMM_PARAMS, "n_init": args.gmm_n_init, "random_state": "seed", "dtype": "float64"},
        "issue_recipe": args.epochs == 30 and args.gmm_n_init == 1 and args.umap_epochs is None,
    }


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"),
                        help="output directory (default: bench/out)")
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated seeds (default 0,1,2)")
    parser.add_argument("--epochs", type=int, default=30, help="autoencoder epochs (default 30)")
    parser.add_argument("--quick", action="store_true", help="use the 10k test set only (smoke run)")
    parser.add_argument("--epoch-time-only", type=int, metavar="N",
                        help="train N epochs per seed and record only the epoch times")
    parser.add_argument("--gmm-n-init", type=int, default=1,
                        help="EM runs of the mixture, the highest likelihood kept (default 1)")
    parser.add_argument("--umap-epochs", type=int, metavar="N",
                        help="UMAP optimisation epochs (default: umap-learn's automatic choice)")
    parser.add_argument("--batching", choices=BATCHINGS, default="slice",
                        help="slice a pre-shuffled tensor (default) or use a DataLoader")
    parser.add_argument("--compare-batching", action="store_true",
                        help="first time one epoch with each batching and record both")
    parser.add_argument("--stages", metavar="SEEDS",
                        help="fit only UMAP and the mixture, once per seed, on the codes in --codes")
    parser.add_argument("--codes", metavar="FILE", help="with --stages: the autoencoder codes (.npy, float32)")
    args = parser.parse_args()
    if (args.stages is None) != (args.codes is None):
        parser.error("--stages and --codes go together")
    if args.stages is not None and args.epoch_time_only is not None:
        parser.error("--epoch-time-only and --stages are separate runs; give one")
    try:
        args.stage_seeds = [int(s) for s in args.stages.split(",") if s.strip()] if args.stages else []
    except ValueError:
        parser.error(f"--stages must be comma-separated integers, got {args.stages!r}")
    if args.stages is not None and not args.stage_seeds:
        parser.error("--stages needs at least one seed")
    try:
        args.seed_list = [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--seeds must be comma-separated integers, got {args.seeds!r}")
    if not args.seed_list:
        parser.error("--seeds needs at least one seed")
    if args.epoch_time_only is not None:
        if args.epoch_time_only < 1:
            parser.error("--epoch-time-only must be >= 1")
        args.epochs = args.epoch_time_only
    if args.epochs < 1:
        parser.error("--epochs must be >= 1")
    if args.gmm_n_init < 1:
        parser.error("--gmm-n-init must be >= 1")
    if args.umap_epochs is not None and args.umap_epochs < 1:
        parser.error("--umap-epochs must be >= 1")
    return args


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    x_np, y = load_fashion_mnist(args.quick)
    x = torch.from_numpy(x_np)
    log(f"loaded {x.shape[0]}x{x.shape[1]} ({'quick: test set only' if args.quick else 'train+test'})")
    torch.set_num_threads(THREADS)
    mode = "epoch_time_only" if args.epoch_time_only else "stages" if args.stages else "full"
    report = {"date": now(), "command": sys.argv, "data": data_description(x.shape[0], x.shape[1], args.quick),
              "mode": mode, "recipe": recipe(args, x.shape[1])}
    if args.stages:
        codes, report["codes_sha256"] = load_codes(args.codes, x.shape[0])
    with limited_threads():
        report.update(environment(torch=torch.__version__, umap=umap.__version__, numba=numba.__version__))
        report["torch"] = {"num_threads": torch.get_num_threads(),
                           "num_interop_threads": torch.get_num_interop_threads(),
                           "mkldnn": torch.backends.mkldnn.is_available()}
        report["env"] = {**report["env"], "NUMBA_NUM_THREADS": os.environ.get("NUMBA_NUM_THREADS"),
                         "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY")}
        if not args.stages:
            _, report["train_warmup_seconds"] = timed(lambda: warm_up_training(x))
        if args.compare_batching:
            report["batching_comparison"] = compare_batching(x, args.seed_list[0])
        if not args.epoch_time_only:
            noise = np.random.default_rng(0).standard_normal((UMAP_WARMUP_ROWS, LATENT), dtype=np.float32)
            _, report["umap_warmup_seconds"] = timed(lambda: fit_umap(noise, 0))
            log(f"UMAP warm-up (numba compilation): {report['umap_warmup_seconds']:.1f} s")
        if args.stages:
            report["runs"] = [score_stages(codes, y, seed, args) for seed in args.stage_seeds]
        else:
            report["runs"] = [run_seed(x, y, seed, args) for seed in args.seed_list]
    report["summary"] = summary(report["runs"], args.epoch_time_only)
    report["peak_rss_mib"] = peak_rss_mib()
    path = os.path.join(args.out, {"epoch_time_only": "n2d-peer-epochs.json", "stages": "n2d-peer-stages.json",
                                   "full": "n2d-peer.json"}[mode])
    write_json(path, report)
    log(f"wrote {path}")


if __name__ == "__main__":
    main()
