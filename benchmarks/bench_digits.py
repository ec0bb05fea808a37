"""Train nnkit models on scikit-learn's bundled digits: test accuracy and seconds per epoch.

Run from the repository root::

    python benchmarks/bench_digits.py [--seeds 5]

For each seed s in 0 .. seeds-1: a stratified 80/20 split drawn with ``rng=s`` (1437 training and 360 test
images), weights initialised from seed s, and ``nk.train.fit`` with Adam and batches of 32. Two models:

- MLP on flat rows (N, 64): Dense(64, 64) – ReLU – Dense(64, 10), 30 epochs, lr 0.01;
- CNN on float32 images (N, 1, 8, 8): Conv2D(1, 16, 3, "same") – ReLU – Conv2D(16, 32, 3, "same") – ReLU –
  MaxPool2D(2) – Flatten – Dense(512, 64) – ReLU – Dense(64, 10), 15 epochs, lr 0.002.

For reference, scikit-learn's ``MLPClassifier`` with the same hidden layer, optimizer, batch size and
epochs is trained on the same splits, and the time ratio nnkit / scikit-learn is printed. Accuracy varies
by a point or two between splits (360 test images: one image is 0.28 %), so the table gives mean, min and
max over the lectures.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import nnkit as nk  # noqa: E402

L = nk.layers


def mlp(rng):
    return L.Sequential([L.Dense(64, 64, rng=rng), L.ReLU(), L.Dense(64, 10, rng=rng)])


def cnn(rng):
    return L.Sequential([
        L.Conv2D(1, 16, 3, padding="same", rng=rng), L.ReLU(),
        L.Conv2D(16, 32, 3, padding="same", rng=rng), L.ReLU(), L.MaxPool2D(2), L.Flatten(),
        L.Dense(32 * 4 * 4, 64, init="he_uniform", rng=rng), L.ReLU(), L.Dense(64, 10, rng=rng),
    ])


MODELS = [  # name, builder, images?, epochs, learning rate
    ("nnkit MLP 64-64-10", mlp, False, 30, 0.01),
    ("nnkit CNN conv16-conv32-pool-64", cnn, True, 15, 0.002),
]


def run_nnkit(build, as_images, epochs, lr, seed):
    X, y = nk.data.digits(as_images=as_images)
    if as_images:
        X = X.astype(np.float32)  # the convolutions run in the input's dtype
    X_tr, X_te, y_tr, y_te = nk.data.train_test_split(X, y, test_size=0.2, rng=seed, stratify=True)
    model = build(np.random.default_rng(seed))
    start = time.perf_counter()
    nk.train.fit(model, nk.losses.CrossEntropy(), nk.optim.Adam(lr), X_tr, y_tr, epochs=epochs, batch_size=32,
                 progress=False, rng=seed)
    seconds = time.perf_counter() - start
    accuracy = float(np.mean(nk.train.predict(model, X_te).argmax(axis=1) == y_te))
    return accuracy, seconds / epochs


def run_sklearn(epochs, lr, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X, y = nk.data.digits(as_images=False)
    X_tr, X_te, y_tr, y_te = nk.data.train_test_split(X, y, test_size=0.2, rng=seed, stratify=True)
    clf = MLPClassifier(hidden_layer_sizes=(64,), solver="adam", learning_rate_init=lr, batch_size=32,
                        max_iter=epochs, alpha=0.0, random_state=seed, n_iter_no_change=epochs + 1)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X_tr, y_tr)
    seconds = time.perf_counter() - start
    return float(clf.score(X_te, y_te)), seconds / epochs


def summarize(name, results):
    acc = np.array([a for a, _ in results])
    per_epoch = float(np.median([s for _, s in results]))
    print(f"{name:30s} {acc.mean():8.2%} {acc.min():8.2%} {acc.max():8.2%} {per_epoch:10.3f}   "
          + " ".join(f"{a:.2%}" for a in acc))
    return per_epoch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="number of splits / initialisations (default 5)")
    args = parser.parse_args()
    seeds = range(args.seeds)
    print(f"digits, stratified 80/20 splits, seeds 0..{args.seeds - 1}")
    print(f"{'model':30s} {'mean':>8s} {'min':>8s} {'max':>8s} {'s/epoch':>10s}   per seed")
    timings = {}
    for name, build, as_images, epochs, lr in MODELS:
        timings[name] = summarize(name, [run_nnkit(build, as_images, epochs, lr, s) for s in seeds])
    try:
        sklearn_time = summarize("scikit-learn MLPClassifier", [run_sklearn(30, 0.01, s) for s in seeds])
    except ImportError:
        print("scikit-learn's MLPClassifier is not available: no reference timing")
    else:
        print(f"time per epoch, nnkit MLP / scikit-learn MLP: {timings[MODELS[0][0]] / sklearn_time:.2f}")


if __name__ == "__main__":
    main()
