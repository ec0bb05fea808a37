"""Tests of nnkit.data: the lectures' examples, toy sets, digits, splits and mini-batches."""

import numpy as np
import pytest

from nnkit import data


def rows_as_set(X):
    return {tuple(row) for row in np.asarray(X).reshape(len(X), -1)}


# --- the lectures' examples -----------------------------------------------------------------------------

def test_xor_is_the_truth_table():
    X, y = data.xor()
    assert X.shape == (4, 2) and X.dtype == np.float64
    assert y.shape == (4,) and y.dtype.kind == "i"
    for (a, b), t in zip(X, y):
        assert t == (int(a) ^ int(b))
    assert rows_as_set(X) == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_toy_regression_is_lecture3s_points():
    X, y = data.toy_regression()
    assert X.shape == (4, 1) and y.shape == (4,)
    assert list(zip(X[:, 0], y)) == [(2, 5), (1, 2), (3, 6), (4, 6)]
    # least-squares slope of y = b x for these points: 54 / 30
    b = float(np.linalg.lstsq(X, y, rcond=None)[0][0])
    assert b == pytest.approx(1.8)


def test_toy_regression_reproduces_lecture3s_sgd_steps():
    X, y = data.toy_regression()
    b, lr = 10.0, 0.1
    for i, expected in [(0, 7.0), (1, 6.5)]:
        grad = -(y[i] - b * X[i, 0]) * X[i, 0]   # dE_i/db for E_i = (y_i - b x_i)^2 / 2
        b -= lr * grad
        assert b == pytest.approx(expected)


# --- 2-D toy sets --------------------------------------------------------------------------------------

TOY_SETS = [
    (data.moons, {"n": 101}, 2),
    (data.circles, {"n": 101}, 2),
    (data.spirals, {"n": 301, "classes": 3}, 3),
    (data.spirals, {"n": 40, "classes": 4}, 4),
]


@pytest.mark.parametrize("make, kwargs, classes", TOY_SETS)
def test_toy_sets_shapes_dtypes_and_labels(make, kwargs, classes):
    X, y = make(**kwargs, rng=0)
    n = kwargs["n"]
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype.kind == "i"
    assert set(np.unique(y)) == set(range(classes))
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1   # as balanced as n allows
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("make, kwargs, classes", TOY_SETS)
def test_toy_sets_reproducible_with_a_seed_and_different_across_seeds(make, kwargs, classes):
    X1, y1 = make(**kwargs, rng=7)
    X2, y2 = make(**kwargs, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X3, _ = make(**kwargs, rng=8)
    assert not np.allclose(X1, X3)


def test_moons_without_noise_lie_on_their_half_circles():
    X, y = data.moons(n=50, noise=0.0, rng=0)
    outer, inner = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(outer[:, 0], outer[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(inner[:, 0] - 1.0, inner[:, 1] - 0.5), 1.0)
    assert np.all(outer[:, 1] >= -1e-12) and np.all(inner[:, 1] <= 0.5 + 1e-12)


def test_circles_radii_follow_factor():
    X, y = data.circles(n=60, noise=0.0, factor=0.3, rng=0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)


def test_spiral_radius_within_unit_disc():
    X, _ = data.spirals(n=300, classes=3, noise=0.5, rng=1)
    assert np.hypot(X[:, 0], X[:, 1]).max() <= 1.0 + 1e-12


@pytest.mark.parametrize("call", [
    lambda: data.moons(n=1),
    lambda: data.moons(noise=-0.1),
    lambda: data.circles(factor=1.0),
    lambda: data.circles(factor=0.0),
    lambda: data.spirals(classes=1),
    lambda: data.spirals(n=2, classes=3),
    lambda: data.moons(n=10.5),
])
def test_toy_sets_reject_bad_arguments(call):
    with pytest.raises(ValueError):
        call()


def test_rng_must_be_a_generator_or_seed():
    with pytest.raises(TypeError, match="Generator"):
        data.moons(rng=np.random.RandomState(0))


# --- digits --------------------------------------------------------------------------------------------

def test_digits_as_images():
    X, y = data.digits()
    assert X.shape == (1797, 1, 8, 8) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype.kind == "i"
    assert X.min() == 0.0 and X.max() == 1.0
    counts = np.bincount(y)
    assert len(counts) == 10 and counts.sum() == 1797
    assert counts.min() >= 170 and counts.max() <= 190


def test_digits_flat_rows_are_the_images_read_row_by_row():
    images, y1 = data.digits(as_images=True)
    flat, y2 = data.digits(as_images=False)
    assert flat.shape == (1797, 64)
    np.testing.assert_array_equal(flat[5], images[5, 0].ravel())
    np.testing.assert_array_equal(y1, y2)
    # pixel values are sixteenths: counts 0..16 divided by 16
    np.testing.assert_array_equal(flat * 16, np.round(flat * 16))


# --- train / test split --------------------------------------------------------------------------------

def numbered(n, d=3):
    """Rows that are all different, each remembering its index in column 0."""
    X = np.arange(n * d, dtype=float).reshape(n, d)
    return X, np.arange(n)


@pytest.mark.parametrize("n, test_size, n_test",
                         [(100, 0.2, 20), (10, 0.25, 3), (7, 0.5, 4), (1797, 0.2, 360), (100, 0.07, 7)])
def test_split_sizes(n, test_size, n_test):
    X, y = numbered(n)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=test_size, rng=0)
    assert len(X_test) == len(y_test) == n_test
    assert len(X_train) == len(y_train) == n - n_test


def test_split_puts_every_row_in_exactly_one_part_and_keeps_pairs():
    X, y = numbered(50)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.3, rng=3)
    ids = np.concatenate([y_train, y_test])
    assert sorted(ids) == list(range(50))
    np.testing.assert_array_equal(X_train[:, 0], 3 * y_train)   # features stay with their label
    np.testing.assert_array_equal(X_test[:, 0], 3 * y_test)
    assert not set(y_train) & set(y_test)


def test_split_is_deterministic_with_a_seed_and_shuffles():
    X, y = numbered(40)
    first = data.train_test_split(X, y, rng=11)
    again = data.train_test_split(X, y, rng=11)
    other = data.train_test_split(X, y, rng=12)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[3], other[3])
    assert not np.array_equal(first[3], np.arange(32, 40))   # not simply the last rows


def test_stratified_split_keeps_class_proportions():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    X = np.arange(100.0)[:, None]
    _, X_test, _, y_test = data.train_test_split(X, y, test_size=0.2, rng=0, stratify=True)
    assert len(y_test) == 20
    assert list(np.bincount(y_test, minlength=3)) == [12, 6, 2]
    np.testing.assert_array_equal(y[X_test[:, 0].astype(int)], y_test)


def test_stratified_split_covers_every_row_once():
    y = np.array([0] * 7 + [1] * 5 + [2] * 3)
    X = np.arange(len(y))[:, None]
    X_train, X_test, _, _ = data.train_test_split(X, y, test_size=0.4, rng=5, stratify=True)
    assert sorted(np.concatenate([X_train[:, 0], X_test[:, 0]])) == list(range(15))
    assert len(X_test) == 6


@pytest.mark.parametrize("kwargs, error", [
    ({"test_size": 0.0}, ValueError),
    ({"test_size": 1.0}, ValueError),
    ({"test_size": 1.5}, ValueError),
    ({"test_size": -0.2}, ValueError),
    ({"test_size": 0.01}, None),   # 1 row of 10: ceil keeps one
])
def test_split_validates_test_size(kwargs, error):
    X, y = numbered(10)
    if error is None:
        assert len(data.train_test_split(X, y, rng=0, **kwargs)[1]) == 1
    else:
        with pytest.raises(error, match="test_size"):
            data.train_test_split(X, y, rng=0, **kwargs)


def test_split_rejects_mismatched_lengths():
    X, y = numbered(10)
    with pytest.raises(ValueError, match="same number of rows"):
        data.train_test_split(X, y[:9], rng=0)


# --- mini-batches --------------------------------------------------------------------------------------

def test_lecture4_hundred_rows_batch_ten_gives_ten_updates():
    X, y = numbered(100)
    batches = list(data.minibatches(X, y, 10, rng=0))
    assert len(batches) == 10 == data.n_batches(100, 10)
    assert all(len(Xb) == len(yb) == 10 for Xb, yb in batches)


@pytest.mark.parametrize("n, batch_size, sizes", [
    (10, 3, [3, 3, 3, 1]), (10, 10, [10]), (10, 25, [10]), (5, 1, [1] * 5), (0, 4, []),
])
def test_minibatch_sizes_last_one_smaller(n, batch_size, sizes):
    X, y = numbered(n)
    got = [len(Xb) for Xb, _ in data.minibatches(X, y, batch_size, rng=0)]
    assert got == sizes
    assert data.n_batches(n, batch_size) == len(sizes)


@pytest.mark.parametrize("shuffle", [True, False])
def test_minibatches_cover_every_row_exactly_once_per_pass(shuffle):
    X, y = numbered(23)
    rng = np.random.default_rng(0)
    for _ in range(3):   # three epochs from one generator
        seen = []
        for Xb, yb in data.minibatches(X, y, 4, shuffle=shuffle, rng=rng):
            np.testing.assert_array_equal(Xb[:, 0], 3 * yb)
            seen.extend(yb)
        assert sorted(seen) == list(range(23))
        if not shuffle:
            assert seen == list(range(23))


def test_minibatch_order_reproducible_and_changes_between_epochs():
    X, y = numbered(30)
    def order(rng):
        return np.concatenate([yb for _, yb in data.minibatches(X, y, 7, rng=rng)])

    np.testing.assert_array_equal(order(4), order(4))
    rng = np.random.default_rng(4)
    first, second = order(rng), order(rng)
    assert not np.array_equal(first, second)
    assert not np.array_equal(first, np.arange(30))


def test_minibatches_validate_eagerly():
    X, y = numbered(10)
    with pytest.raises(ValueError, match="batch_size"):
        data.minibatches(X, y, 0)           # raised at the call, before any iteration
    with pytest.raises(ValueError, match="same number of rows"):
        data.minibatches(X, y[:3], 2)
    with pytest.raises(ValueError, match="batch_size"):
        data.n_batches(10, 0)


def test_minibatches_work_for_images():
    X, y = data.digits()
    Xb, yb = next(data.minibatches(X, y, 32, rng=0))
    assert Xb.shape == (32, 1, 8, 8) and yb.shape == (32,)


# --- one-hot -------------------------------------------------------------------------------------------

def test_one_hot():
    Y = data.one_hot(np.array([2, 0, 1, 2]), 4)
    assert Y.shape == (4, 4) and Y.dtype == np.float64
    np.testing.assert_array_equal(Y, [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])
    assert data.one_hot(np.array([0, 3])).shape == (2, 4)


@pytest.mark.parametrize("y, k", [([0, 4], 4), ([-1, 0], 3), ([0.5, 1.0], 3), ([[0, 1]], 2)])
def test_one_hot_rejects_bad_labels(y, k):
    with pytest.raises(ValueError):
        data.one_hot(np.array(y), k)
