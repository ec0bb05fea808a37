r"""Data for the course: the lectures' tiny examples, 2-D toy sets, scikit-learn's digits, splits, mini-batches.

Every function that draws random numbers takes ``rng``: a :class:`numpy.random.Generator`, an int seed,
or None for fresh, unseeded randomness. The same seed always gives the same data.

Shapes: features ``X`` are batch first, (N, D) for tables and (N, C, H, W) for images; labels ``y`` are
(N,) integers for classification and (N,) floats for regression.
"""

from __future__ import annotations

import math

import numpy as np

from . import losses as _losses
from ._validate import as_generator, check_count, check_flag, check_in_range, check_lengths, check_positive

__all__ = [
    "as_generator", "xor", "toy_regression", "moons", "circles", "spirals", "digits",
    "train_test_split", "minibatches", "n_batches", "one_hot",
]


def xor():
    """The XOR truth table of lecture 2: the output is 1 when exactly one input is 1.

    Returns
    -------
    X : ndarray, shape (4, 2), float64
        Rows (0, 0), (0, 1), (1, 0), (1, 1).
    y : ndarray, shape (4,), int64
        (0, 1, 1, 0).
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return X, y


def toy_regression():
    r"""Lecture 3's four points for the line :math:`\hat y = b x`: (2, 5), (1, 2), (3, 6), (4, 6).

    Returns
    -------
    X : ndarray, shape (4, 1), float64
    y : ndarray, shape (4,), float64

    Notes
    -----
    With :math:`E = \tfrac12 \sum_i (y_i - b x_i)^2` the least-squares slope is
    :math:`b^* = \sum_i x_i y_i / \sum_i x_i^2 = 54 / 30 = 1.8`.
    """
    X = np.array([[2.0], [1.0], [3.0], [4.0]])
    y = np.array([5.0, 2.0, 6.0, 6.0])
    return X, y


def _shuffled(X, y, rng):
    order = rng.permutation(len(X))
    return X[order], y[order]


def _class_sizes(n: int, classes: int) -> list[int]:
    """Split ``n`` samples over ``classes`` as evenly as possible, earlier classes taking the remainder."""
    return [n // classes + (1 if k < n % classes else 0) for k in range(classes)]


def moons(n=200, noise=0.1, rng=None):
    r"""Two interleaving half circles, a data set no straight line can separate.

    Parameters
    ----------
    n : int
        Number of points, split as evenly as possible between the two classes.
    noise : float
        Standard deviation of Gaussian noise added to each coordinate.
    rng : numpy.random.Generator or int, optional

    Returns
    -------
    X : ndarray, shape (n, 2), float64
    y : ndarray, shape (n,), int64, labels 0 and 1 (rows in random order)

    Notes
    -----
    Class 0: :math:`(\cos t, \sin t)`; class 1: :math:`(1 - \cos t, \tfrac12 - \sin t)`, for :math:`t`
    evenly spaced in :math:`[0, \pi]` — the layout of scikit-learn's ``make_moons``.
    """
    n = check_count(n, "n", 2)
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = as_generator(rng)
    n0, n1 = _class_sizes(n, 2)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    X = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]])
    y = np.repeat(np.arange(2, dtype=np.int64), [n0, n1])
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(X, y, rng)


def circles(n=200, noise=0.1, factor=0.5, rng=None):
    r"""A circle inside another: class 0 on the unit circle, class 1 on a circle of radius ``factor``.

    Parameters
    ----------
    n : int
        Number of points, split as evenly as possible between the two classes.
    noise : float
        Standard deviation of Gaussian noise added to each coordinate.
    factor : float in (0, 1)
        Radius of the inner circle.
    rng : numpy.random.Generator or int, optional

    Returns
    -------
    X : ndarray, shape (n, 2), float64
    y : ndarray, shape (n,), int64, labels 0 (outer) and 1 (inner), rows in random order

    Notes
    -----
    Points sit at evenly spaced angles, :math:`r(\cos t, \sin t)`, plus noise: a boundary that a network
    must bend into a closed curve.
    """
    n = check_count(n, "n", 2)
    noise = check_positive(noise, "noise", allow_zero=True)
    factor = check_in_range(factor, "factor", 0.0, 1.0, closed_low=False)
    rng = as_generator(rng)
    n0, n1 = _class_sizes(n, 2)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    X = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], factor * np.c_[np.cos(t1), np.sin(t1)]])
    y = np.repeat(np.arange(2, dtype=np.int64), [n0, n1])
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(X, y, rng)


def spirals(n=300, classes=3, noise=0.2, rng=None):
    r"""Interleaved spiral arms, one per class: hard for a linear model, easy for a small MLP.

    Parameters
    ----------
    n : int
        Number of points, split as evenly as possible among the classes.
    classes : int
        Number of arms (and classes), at least 2.
    noise : float
        Standard deviation of the Gaussian noise added to each point's *angle*, in radians.
    rng : numpy.random.Generator or int, optional

    Returns
    -------
    X : ndarray, shape (n, 2), float64
    y : ndarray, shape (n,), int64, labels 0 .. classes-1 (rows in random order)

    Notes
    -----
    Arm :math:`k` has radius :math:`r` evenly spaced in [0, 1] and angle
    :math:`\theta = 4k + 4r + \varepsilon`, :math:`\varepsilon \sim N(0, \text{noise}^2)`;
    a point is :math:`r(\sin\theta, \cos\theta)`.
    """
    classes = check_count(classes, "classes", 2)
    n = check_count(n, "n", classes)
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = as_generator(rng)
    sizes = _class_sizes(n, classes)
    r = np.concatenate([np.linspace(0.0, 1.0, m) for m in sizes])
    y = np.repeat(np.arange(classes, dtype=np.int64), sizes)
    theta = 4.0 * y + 4.0 * r + noise * rng.standard_normal(n)
    X = r[:, None] * np.c_[np.sin(theta), np.cos(theta)]
    return _shuffled(X, y, rng)


def digits(as_images=True):
    """scikit-learn's bundled handwritten digits (``load_digits``; read from disk, never downloaded).

    1797 grey-scale 8×8 images of the digits 0–9, about 180 of each.

    Parameters
    ----------
    as_images : bool
        True for image layout (N, 1, 8, 8), ready for ``Conv2D``; False for flat rows (N, 64), for ``Dense``.

    Returns
    -------
    X : ndarray, shape (1797, 1, 8, 8) or (1797, 64), float64, pixel intensities scaled to [0, 1]
    y : ndarray, shape (1797,), int64, labels 0 .. 9

    Notes
    -----
    The raw pixels are counts 0–16, so ``X = counts / 16``. A flat row is the image read row by row,
    the same order as ``Flatten`` uses.
    """
    as_images = check_flag(as_images, "as_images")
    from sklearn.datasets import load_digits

    bunch = load_digits()
    X = bunch.data.astype(np.float64) / 16.0
    y = bunch.target.astype(np.int64)
    if as_images:
        X = X.reshape(-1, 1, 8, 8)
    return X, y


def _stratified_test_counts(counts: np.ndarray, n_test: int) -> np.ndarray:
    """Share ``n_test`` among classes in proportion to ``counts`` (largest remainders get the leftovers)."""
    exact = counts * (n_test / counts.sum())
    take = np.floor(exact).astype(int)
    leftover = n_test - take.sum()
    by_remainder = np.argsort(-(exact - take), kind="stable")
    take[by_remainder[:leftover]] += 1
    return np.minimum(take, counts)


def train_test_split(X, y, test_size=0.2, rng=None, stratify=False):
    r"""Shuffle the rows and split them into a training part and a test part.

    Parameters
    ----------
    X : ndarray, shape (N, ...)
    y : ndarray, shape (N, ...)
    test_size : float in (0, 1)
        Fraction of rows for the test part; it gets :math:`\lceil \text{test\_size} \cdot N \rceil` rows.
    rng : numpy.random.Generator or int, optional
        The shuffle; a fixed seed gives the same split every time.
    stratify : bool
        If True, ``y`` holds class labels and each class is shared between the parts in (nearly) the
        proportion of the whole, so a rare class cannot end up only on one side.

    Returns
    -------
    X_train : ndarray, shape (N - n_test, ...)
    X_test : ndarray, shape (n_test, ...)
    y_train : ndarray, shape (N - n_test, ...)
    y_test : ndarray, shape (n_test, ...)
        The same order as scikit-learn's ``train_test_split``. Every row lands in exactly one part.
    """
    X, y = check_lengths(X, y)
    test_size = check_in_range(test_size, "test_size", 0.0, 1.0, closed_low=False)
    n = len(X)
    n_test = math.ceil(test_size * n - 1e-9)  # 0.07 * 100 is 7.000000000000001 in floating point
    if not 1 <= n_test <= n - 1:
        raise ValueError(f"test_size={test_size} leaves an empty part for {n} rows; each part needs a row")
    rng = as_generator(rng)
    if stratify:
        classes, labels = np.unique(y, return_inverse=True)
        counts = np.bincount(labels.ravel(), minlength=len(classes))
        take = _stratified_test_counts(counts, n_test)
        test_idx = np.concatenate([rng.permutation(np.flatnonzero(labels == k))[:t] for k, t in enumerate(take)])
        is_test = np.zeros(n, dtype=bool)
        is_test[test_idx] = True
        test_idx = rng.permutation(test_idx)
        train_idx = rng.permutation(np.flatnonzero(~is_test))
    else:
        order = rng.permutation(n)
        test_idx, train_idx = order[:n_test], order[n_test:]
    return X[train_idx], X[test_idx], y[train_idx], y[test_idx]


def n_batches(n, batch_size) -> int:
    r"""Number of mini-batches (parameter updates) per epoch: :math:`\lceil n / \text{batch\_size} \rceil`.

    Lecture 4: 100 rows with batch size 10 give 10 updates per epoch.

    Parameters
    ----------
    n : int >= 0
        Number of rows.
    batch_size : int >= 1

    Returns
    -------
    int
    """
    n = check_count(n, "n", 0)
    batch_size = check_count(batch_size, "batch_size", 1)
    return -(-n // batch_size)


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    r"""Yield mini-batches ``(Xb, yb)`` that together cover every row exactly once (one epoch).

    Parameters
    ----------
    X : ndarray, shape (N, ...)
    y : ndarray, shape (N, ...)
    batch_size : int
        Rows per batch. ``batch_size = N`` (or more) is batch gradient descent, ``1`` is stochastic gradient
        descent, anything between is mini-batch gradient descent (lecture 3).
    shuffle : bool
        Shuffle the rows first, then take them from the front (lecture 3: "randomly shuffle, then use
        them two at a time from the front"). Call again for the next epoch and a new order.
    rng : numpy.random.Generator or int, optional
        The shuffle.

    Yields
    ------
    Xb : ndarray, shape (B, ...)
    yb : ndarray, shape (B, ...)
        ``B = batch_size`` except for the last batch, which holds the ``N mod batch_size`` rows left over
        when ``batch_size`` does not divide ``N``; there are ``n_batches(N, batch_size)`` batches.
        Without shuffling the batches are views of ``X`` and ``y``, with it copies.
    """
    X, y = check_lengths(X, y)
    shuffle = check_flag(shuffle, "shuffle")
    batch_size = check_count(batch_size, "batch_size", 1)
    order = as_generator(rng).permutation(len(X)) if shuffle else None
    return _batches(X, y, batch_size, order)


def _batches(X, y, batch_size, order):
    for start in range(0, len(X), batch_size):
        if order is None:
            yield X[start:start + batch_size], y[start:start + batch_size]
        else:
            idx = order[start:start + batch_size]
            yield X[idx], y[idx]


def one_hot(y, num_classes=None):
    r"""One-hot encode integer labels: row :math:`n` is 1 in column :math:`y_n` and 0 elsewhere.

    Parameters
    ----------
    y : array of int, shape (N,)
    num_classes : int, optional
        K; by default ``max(y) + 1``.

    Returns
    -------
    Y : ndarray, shape (N, K), float64
    """
    y = np.asarray(y)
    if num_classes is None:
        num_classes = int(y.max()) + 1 if y.size else 1
    return _losses.one_hot(y, check_count(num_classes, "num_classes"))
