"""Time nnkit's convolution against PyTorch on the CPU.

Run from the repository root::

    python benchmarks/bench_conv.py [--repeats 30]

For each configuration, one step is a float32 forward *and* backward pass (gradients of the input,
the kernels and the bias): ``conv2d_forward`` + ``conv2d_backward`` for nnkit,
``torch.nn.functional.conv2d`` with autograd for PyTorch, in this process, with each library's
default thread count. A configuration's time is the best of ``--repeats`` steps, taken in rounds
that alternate between the libraries with a pause in between (so that the worker threads one leaves
spinning do not slow the other). PyTorch is optional: without it, nnkit is timed alone.
A third timing, "matmuls", is the three matrix products of an im2col step alone, on arrays prepared
beforehand: ``W @ cols`` (forward), ``D @ cols.T`` (dW) and ``W.T @ D`` (the columns of dx). Everything
else nnkit spends (im2col, col2im, layout changes) is the difference; the matmuls are the part no
rearrangement of the NumPy code can remove, so "matmuls/torch" is the best ratio an im2col kernel can
reach on this machine with this BLAS.
A last table compares the explicit loops of ``conv2d_naive`` with the im2col kernel on a small case.

Allocator: each step allocates and frees arrays of several megabytes. With glibc's default settings
the freed memory goes back to the operating system and every step pays the page faults of getting
it back, which adds milliseconds to both libraries and makes the timings jumpy. ``make bench`` runs
this script with ``MALLOC_TOP_PAD_=100000000`` (glibc keeps 100 MB of freed memory for reuse).
Both libraries run in the same process, so they are timed under the same setting, which is printed
in the header.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from nnkit.ops.conv import conv2d_backward, conv2d_forward, conv2d_naive, summed_products  # noqa: E402
from nnkit.ops.geometry import im2col  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

# name, N, C, F, H (= W), kernel, padding
CONFIGS = [
    ("64 x 1->16, 28x28, 3x3, p=1", 64, 1, 16, 28, 3, 1),
    ("64 x 16->32, 14x14, 3x3, p=1", 64, 16, 32, 14, 3, 1),
]
ROUNDS = 5


def best_ms(step, repeats):
    """Best wall-clock time of ``step()`` over ``repeats`` calls, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


def make_inputs(N, C, F, H, k, p, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, C, H, H), dtype=np.float32)
    W = rng.standard_normal((F, C, k, k), dtype=np.float32) * np.float32(np.sqrt(2.0 / (C * k * k)))
    b = rng.standard_normal(F, dtype=np.float32)
    Ho = H + 2 * p - k + 1
    dout = rng.standard_normal((N, F, Ho, Ho), dtype=np.float32)
    return x, W, b, dout


def nnkit_step(x, W, b, dout, p):
    def step():
        _, cache = conv2d_forward(x, W, b, stride=1, padding=p)
        conv2d_backward(dout, cache)
    return step


def matmuls_step(x, W, dout, p):
    """The three matrix products of ``nnkit_step``, on a column matrix and ``D`` built beforehand."""
    F, _, k, _ = W.shape
    cols = im2col(x, k, k, 1, p)
    Wm = W.reshape(F, -1)
    D = np.ascontiguousarray(dout.transpose(1, 0, 2, 3)).reshape(F, -1)

    def step():
        Wm @ cols
        summed_products(D, cols)
        Wm.T @ D
    return step


def torch_step(x, W, b, dout, p):
    xt, Wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, W, b))
    gt = torch.tensor(dout)

    def step():
        out = torch.nn.functional.conv2d(xt, Wt, bt, stride=1, padding=p)
        out.backward(gt)
        xt.grad = Wt.grad = bt.grad = None
    return step


def check_agreement(x, W, b, dout, p):
    """Largest relative difference between nnkit's and PyTorch's output and gradients."""
    out, cache = conv2d_forward(x, W, b, stride=1, padding=p)
    ours = (out, *conv2d_backward(dout, cache))
    xt, Wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, W, b))
    out_t = torch.nn.functional.conv2d(xt, Wt, bt, padding=p)
    out_t.backward(torch.tensor(dout))
    theirs = [t.detach().numpy() for t in (out_t, xt.grad, Wt.grad, bt.grad)]
    return max(float(np.abs(a - t).max() / np.abs(t).max()) for a, t in zip(ours, theirs))


def blas_threads():
    """NumPy's BLAS and its thread count, when threadpoolctl (a scikit-learn dependency) can tell."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "BLAS threads unknown"
    blas = [f"{i['internal_api']} {i['num_threads']} threads" for i in threadpool_info() if i["user_api"] == "blas"]
    return ", ".join(blas) or "BLAS threads unknown"


def compare_with_torch(repeats):
    print(f"NumPy {np.__version__} ({blas_threads()}), {os.cpu_count()} CPUs")
    pad = os.environ.get("MALLOC_TOP_PAD_")
    print(f"allocator: MALLOC_TOP_PAD_={pad}" if pad else "allocator: glibc defaults (MALLOC_TOP_PAD_ not set)")
    if torch is None:
        print("PyTorch is not installed: timing nnkit alone (pip install torch to compare).\n")
    else:
        print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} intra-op threads\n")
    header = f"{'float32 forward + backward':32s} {'nnkit ms':>9s} {'matmuls ms':>11s}"
    header += f" {'torch ms':>9s} {'nnkit/torch':>12s} {'matmuls/torch':>14s} {'max rel diff':>13s}" if torch else ""
    print(header)
    print("-" * len(header))
    for name, N, C, F, H, k, p in CONFIGS:
        x, W, b, dout = make_inputs(N, C, F, H, k, p)
        steps = {"nnkit": nnkit_step(x, W, b, dout, p), "matmuls": matmuls_step(x, W, dout, p)}
        if torch is not None:
            steps["torch"] = torch_step(x, W, b, dout, p)
        best = {lib: float("inf") for lib in steps}
        for _ in range(ROUNDS):
            for lib, step in steps.items():
                step()  # warm-up
                best[lib] = min(best[lib], best_ms(step, repeats))
                time.sleep(0.3)
        row = f"{name:32s} {best['nnkit']:9.2f} {best['matmuls']:11.2f}"
        if torch is not None:
            diff = check_agreement(x, W, b, dout, p)
            row += (f" {best['torch']:9.2f} {best['nnkit'] / best['torch']:11.2f}x"
                    f" {best['matmuls'] / best['torch']:13.2f}x {diff:13.1e}")
        print(row)


def compare_naive():
    N, C, F, H, k, p = 4, 3, 8, 16, 3, 1
    x, W, b, _ = make_inputs(N, C, F, H, k, p)
    naive = best_ms(lambda: conv2d_naive(x, W, b, stride=1, padding=p), 3)
    fast = best_ms(lambda: conv2d_forward(x, W, b, stride=1, padding=p), 30)
    print(f"\nforward only, {N} x {C}->{F}, {H}x{H}, {k}x{k}, p={p}, float32")
    print(f"  conv2d_naive (loops)  {naive:9.2f} ms")
    print(f"  conv2d_forward        {fast:9.3f} ms   ({naive / fast:.0f}x faster)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30, help="timed steps per round (default 30)")
    args = parser.parse_args(argv)
    compare_with_torch(args.repeats)
    compare_naive()


if __name__ == "__main__":
    main()
