#!/usr/bin/env python3
"""The PyTorch side of `fovea bench --compare torch`.

Usage: torch_bench.py REQUEST.json   (written by Fovea; see dev.fovea.cli.bench.TorchComparison)

REQUEST.json: {"threads": 2, "warmup_seconds": 1.0, "seconds": 2.0, "min_runs": 5,
               "cases": [{"name": "sgemm/1024", "kind": "sgemm", "params": {...}}, ...]}

For every case this prints one line on stdout:
    RESULT<TAB>name<TAB>best_ms<TAB>median_ms<TAB>runs      or      SKIP<TAB>name<TAB>reason
and progress on stderr. Timing mirrors Fovea's runner: warm up for warmup_seconds, then time runs for `seconds`
(at least min_runs), short runs in batches; report the best and the median.

Adding a kind: write `def setup_<kind>(params)` returning a zero-argument function that does one run of the same
work as the Fovea case (allocate in setup, not in the returned function), and register it in KINDS.
"""
import json
import statistics
import sys
import time

import torch

MIN_SAMPLE_SECONDS = 200e-6


def setup_sgemm(p):
    """C = op(A) op(B) with op(A) m x k, op(B) k x n; A stored k x m when transA, B stored n x k when transB."""
    m, n, k = p["m"], p["n"], p["k"]
    gen = torch.Generator().manual_seed(42)
    a = torch.rand((k, m) if p.get("transA") else (m, k), generator=gen) * 2 - 1
    b = torch.rand((n, k) if p.get("transB") else (k, n), generator=gen) * 2 - 1
    a_op = a.t() if p.get("transA") else a
    b_op = b.t() if p.get("transB") else b
    c = torch.empty((m, n))

    def run():
        torch.mm(a_op, b_op, out=c)

    return run


def setup_batch_norm2d_train(p):
    """F.batch_norm in training mode on a [N, C, H, W] input, optionally with backward to input, weight and bias."""
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(p["shape"], generator=gen)
    c = p["shape"][1]
    weight = torch.ones(c, requires_grad=True)
    bias = torch.zeros(c, requires_grad=True)
    running_mean, running_var = torch.zeros(c), torch.ones(c)
    dy = torch.randn(p["shape"], generator=gen)

    def run():
        if p.get("backward"):
            xi = x.detach().requires_grad_(True)
            y = torch.nn.functional.batch_norm(xi, running_mean, running_var, weight, bias, True, 0.1, 1e-5)
            y.backward(dy)
            weight.grad = bias.grad = None
        else:
            with torch.no_grad():
                torch.nn.functional.batch_norm(x, running_mean, running_var, weight, bias, True, 0.1, 1e-5)

    return run


# ---------------------------------------------------------------- zoo (whole models; dev.fovea.cli.bench.ZooBenchSuite)

def _resnet20():
    """CIFAR ResNet-20 of He et al. 2015 with option A shortcuts, as dev.fovea.zoo.CifarResNet."""
    nn, F = torch.nn, torch.nn.functional

    class Block(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            self.stride, self.pad = stride, cout - cin

        def forward(self, x):
            y = F.relu(self.bn1(self.conv1(x)))
            y = self.bn2(self.conv2(y))
            s = x[:, :, ::self.stride, ::self.stride] if self.stride != 1 else x
            if self.pad:
                s = F.pad(s, (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
            return F.relu(y + s)

    layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    cin = 16
    for stage, width in enumerate((16, 32, 64)):
        for b in range(3):
            layers.append(Block(cin, width, 2 if stage > 0 and b == 0 else 1))
            cin = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def setup_resnet20_train(p):
    """One SGD step (momentum 0.9, weight decay 1e-4) of CIFAR ResNet-20 on a fixed batch."""
    torch.manual_seed(1)
    model = _resnet20().train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    gen = torch.Generator().manual_seed(2)
    x = torch.randn((p["batch"], 3, 32, 32), generator=gen)
    y = torch.arange(p["batch"]) % 10

    def run():
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    return run


def setup_lenet5_train(p):
    """One LeNet-5 training step (forward, cross-entropy, backward, SGD momentum 0.9, weight decay 5e-4) on a
    fixed random batch of [batch, 1, 28, 28]: the same model as `fovea train lenet5` (see bench/lenet_torch.py)."""
    nn = torch.nn
    gen = torch.Generator().manual_seed(1)
    torch.manual_seed(1)
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    # lr 0 as in Fovea's case: full update arithmetic, but no fitting of the fixed batch (subnormal gradients)
    opt = torch.optim.SGD(model.parameters(), lr=0.0, momentum=0.9, weight_decay=5e-4)
    x = torch.randn((p["batch"], 1, 28, 28), generator=gen)
    y = torch.randint(0, 10, (p["batch"],), generator=gen)

    def run():
        opt.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()

    return run


def setup_resnet18_infer(p):
    """torchvision's ResNet-18 forward in eval mode without autograd."""
    import torchvision
    torch.manual_seed(1)
    model = torchvision.models.resnet18().eval()
    x = torch.randn((p["batch"], 3, 224, 224), generator=torch.Generator().manual_seed(2))

    def run():
        with torch.no_grad():
            model(x)

    return run


def setup_conv2d(p):
    """conv2d on [batch, in, size, size]; with backward, the gradient of sum(y * g) w.r.t. x, weight and bias."""
    gen = torch.Generator().manual_seed(7)
    x = torch.rand((p["batch"], p["in_channels"], p["size"], p["size"]), generator=gen) * 2 - 1
    w = torch.rand((p["out_channels"], p["in_channels"] // p["groups"], p["kernel"], p["kernel"]),
                   generator=gen) * 2 - 1
    b = torch.rand(p["out_channels"], generator=gen) * 2 - 1
    pad, groups, stride = p["padding"], p["groups"], p.get("stride", 1)
    if not p.get("backward"):
        def forward():
            with torch.no_grad():
                torch.nn.functional.conv2d(x, w, b, stride, pad, 1, groups)
        return forward
    x.requires_grad_(True)
    w.requires_grad_(True)
    b.requires_grad_(True)
    with torch.no_grad():
        g = torch.rand(torch.nn.functional.conv2d(x, w, b, stride, pad, 1, groups).shape, generator=gen) * 2 - 1

    def run():
        y = torch.nn.functional.conv2d(x, w, b, stride, pad, 1, groups)
        # the gradient of sum(y * g) is g itself: pass it straight in, as PyTorch's own benchmarks do
        torch.autograd.grad(y, (x, w, b), g)

    return run


# kind -> setup function; other engineers add their kinds here (conv2d, lenet_train, resnet, ...).
KINDS = {
    "conv2d": setup_conv2d,
    "sgemm": setup_sgemm,
    "batch_norm2d_train": setup_batch_norm2d_train,
    "resnet20_train": setup_resnet20_train,
    "resnet18_infer": setup_resnet18_infer,
    "lenet5_train": setup_lenet5_train,
}


def time_case(run, warmup_seconds, seconds, min_runs):
    fastest = float("inf")
    runs = 0
    end = time.perf_counter() + warmup_seconds
    while runs < 2 or time.perf_counter() < end:
        t0 = time.perf_counter()
        run()
        fastest = min(fastest, time.perf_counter() - t0)
        runs += 1
    batch = max(1, min(10000, int(MIN_SAMPLE_SECONDS / max(fastest, 1e-9)) + 1))
    samples = []
    end = time.perf_counter() + seconds
    while (len(samples) < min_runs or time.perf_counter() < end) and len(samples) < 10000:
        t0 = time.perf_counter()
        for _ in range(batch):
            run()
        samples.append((time.perf_counter() - t0) / batch)
    return min(samples), statistics.median(samples), len(samples)


def blas_library():
    """The BLAS shared library torch.mm ended up calling (its speed decides every sgemm ratio)."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() and "/" in line})
        return ", ".join(libs) if libs else "built in (MKL or none found)"
    except OSError:
        return "unknown"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        request = json.load(f)
    torch.set_num_threads(int(request.get("threads", 2)))
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS {blas_library()}", file=sys.stderr)
    print(f"INFO\tblas\t{blas_library()}", flush=True)
    cases = request["cases"]
    for i, case in enumerate(cases):
        name, kind = case["name"], case["kind"]
        setup = KINDS.get(kind)
        if setup is None:
            print(f"SKIP\t{name}\tno torch kind '{kind}' in torch_bench.py", flush=True)
            continue
        print(f"[torch {i + 1}/{len(cases)}] {name} ...", file=sys.stderr, flush=True)
        try:
            run = setup(case["params"])
            best, median, runs = time_case(run, request["warmup_seconds"], request["seconds"],
                                           request["min_runs"])
        except Exception as e:  # report and continue with the other cases
            print(f"SKIP\t{name}\t{type(e).__name__}: {e}".replace("\n", " "), flush=True)
            continue
        print(f"RESULT\t{name}\t{best * 1e3:.6f}\t{median * 1e3:.6f}\t{runs}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
