#!/usr/bin/python3
"""Peer measurement for latentkit's autoencoder: N2D's network in PyTorch, epoch times.

d-500-500-2000-10 and the mirror image back (ReLU, linear code and output), MSE, Adam (lr 1e-3), batch 256, a
fresh random order per epoch, on the first ROWS Fashion-MNIST images scaled to [0, 1], on THREADS threads; wall and
process CPU seconds per epoch (run with OMP_WAIT_POLICY=PASSIVE on a shared machine, as the Java side does). The Java
side is io.latentkit.deep.AutoencoderBench (latentkit-deep test sources).

    /usr/bin/python3 bench/autoencoder.py IMAGES_IDX_GZ [--rows 10000] [--epochs 3] [--threads 2]
"""

import argparse
import gzip
import time

import numpy as np
import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("images")
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    with gzip.open(args.images) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)[:args.rows].astype(np.float32) / 255
    x = torch.from_numpy(x)
    sizes = [x.shape[1], 500, 500, 2000, 10, 2000, 500, 500, x.shape[1]]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i not in (3, len(sizes) - 2):
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for epoch in range(args.epochs):
        start = time.perf_counter()
        cpu = time.process_time()
        total = 0.0
        perm = torch.randperm(x.shape[0])
        for s in range(0, x.shape[0], 256):
            batch = x[perm[s:s + 256]]
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(batch), batch)
            loss.backward()
            opt.step()
            total += loss.item() * batch.shape[0]
        print(f"epoch {epoch + 1} loss {total / x.shape[0]:.5f} {time.perf_counter() - start:.2f} s "
              f"(cpu {time.process_time() - cpu:.2f} s)")
    print(f"rows {x.shape[0]} threads {torch.get_num_threads()} torch {torch.__version__}")


if __name__ == "__main__":
    main()
