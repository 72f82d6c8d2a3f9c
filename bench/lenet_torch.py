#!/usr/bin/python3
"""PyTorch counterpart of `fovea train lenet5 --dataset mnist` (same model, data, normalisation and recipe).

Run as the Fovea benchmarks require:
  OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 \
      /usr/bin/python3 bench/lenet_torch.py [--epochs N] [--target 0.99] [--throughput]

Default mode trains with the default recipe and reports, after every epoch, the test accuracy and the wall
time since training started (evaluation included), and the time at which the target accuracy was first
reached. --throughput measures training images/s at batch 64 (forward, backward, SGD step) instead.
"""
import argparse
import gzip
import math
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "i" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(root):
    d = os.path.join(root, "mnist")
    xs = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        x = read_idx(os.path.join(d, prefix + "-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
        y = read_idx(os.path.join(d, prefix + "-labels-idx1-ubyte.gz")).astype(np.int64)
        x = (x - 0.1307) / 0.3081
        xs[split] = (torch.from_numpy(x).unsqueeze(1).contiguous(), torch.from_numpy(y))
    return xs


class LeNet5(nn.Module):
    """conv 6@5x5 pad 2, max pool 2, conv 16@5x5, max pool 2, dense 120, 84, 10 (ReLU)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.flatten(1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def evaluate(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    model.train()
    return correct / len(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("FOVEA_DATA", "/work/shared/datasets"))
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--weight-decay", type=float, default=5e-4)
    ap.add_argument("--schedule", default="cosine", choices=["cosine", "none"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--target", type=float, default=0.99)
    ap.add_argument("--stop-at-target", action="store_true",
                    help="stop once the target is reached (the schedule still spans --epochs)")
    ap.add_argument("--throughput", action="store_true")
    ap.add_argument("--steps", type=int, default=300)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = LeNet5()
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay)

    if args.throughput:
        x = torch.randn(args.batch_size, 1, 28, 28)
        y = torch.randint(0, 10, (args.batch_size,))
        for _ in range(30):
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(x), y).backward()
            opt.step()
        best = 0.0
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(args.steps):
                opt.zero_grad(set_to_none=True)
                F.cross_entropy(model(x), y).backward()
                opt.step()
            best = max(best, args.steps * args.batch_size / (time.perf_counter() - t0))
        print(f"torch lenet5 train batch {args.batch_size}: {best:,.0f} images/s (best of 5 x {args.steps} steps)")
        return

    data = load_mnist(args.data)
    xtr, ytr = data["train"]
    xte, yte = data["test"]
    n = len(xtr)
    steps_per_epoch = math.ceil(n / args.batch_size)
    total = steps_per_epoch * args.epochs
    g = torch.Generator().manual_seed(args.seed)
    t0 = time.perf_counter()
    reached = None
    step = 0
    for epoch in range(args.epochs):
        perm = torch.randperm(n, generator=g)
        loss_sum = 0.0
        for i in range(0, n, args.batch_size):
            if args.schedule == "cosine":
                for pg in opt.param_groups:
                    pg["lr"] = 0.5 * args.lr * (1 + math.cos(math.pi * step / total))
            idx = perm[i:i + args.batch_size]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
            step += 1
        acc = evaluate(model, xte, yte)
        elapsed = time.perf_counter() - t0
        print(f"epoch {epoch + 1}: train loss {loss_sum / n:.4f}  test acc {acc * 100:.2f}%  {elapsed:.1f} s",
              flush=True)
        if reached is None and acc >= args.target:
            reached = elapsed
            if args.stop_at_target:
                break
    if reached is not None:
        print(f"time to {args.target * 100:.1f}% test accuracy: {reached:.1f} s")
    else:
        print(f"did not reach {args.target * 100:.1f}% in {args.epochs} epochs")


if __name__ == "__main__":
    main()
