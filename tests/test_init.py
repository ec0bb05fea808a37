"""Initializers: the lectures' ranges and standard deviations, and reproducibility."""

import math

import numpy as np
import pytest

from nnkit import init

N_IN, N_OUT = 400, 100
SHAPE = (N_IN, N_OUT)

UNIFORM_RANGE = {  # lectures 3 and 4
    init.lecun_uniform: math.sqrt(3 / N_IN),
    init.xavier_uniform: math.sqrt(6 / (N_IN + N_OUT)),
    init.he_uniform: math.sqrt(6 / N_IN),
}
NORMAL_STD = {
    init.lecun_normal: math.sqrt(1 / N_IN),
    init.xavier_normal: math.sqrt(2 / (N_IN + N_OUT)),
    init.he_normal: math.sqrt(2 / N_IN),
}


@pytest.mark.parametrize("f, r", list(UNIFORM_RANGE.items()))
def test_uniform_initializers_fill_their_range(f, r):
    w = f(SHAPE, N_IN, N_OUT, np.random.default_rng(0))
    assert w.shape == SHAPE and w.dtype == np.float64
    assert np.abs(w).max() <= r
    assert np.abs(w).max() > 0.99 * r  # 40,000 draws reach the ends
    assert w.std() == pytest.approx(r / math.sqrt(3), rel=0.02)  # Var U[-r, r] = r^2 / 3


@pytest.mark.parametrize("f, std", list(NORMAL_STD.items()))
def test_normal_initializers_have_the_lectures_std(f, std):
    w = f(SHAPE, N_IN, N_OUT, np.random.default_rng(0))
    assert w.std() == pytest.approx(std, rel=0.02)
    assert abs(w.mean()) < 0.02 * std * 10


def test_uniform_and_normal_forms_share_a_variance():
    for r, s in zip(UNIFORM_RANGE.values(), NORMAL_STD.values()):
        assert r**2 / 3 == pytest.approx(s**2)


def test_glorot_aliases_and_lookup_by_name():
    assert init.glorot_uniform is init.xavier_uniform and init.glorot_normal is init.xavier_normal
    assert init.get("he_normal") is init.he_normal
    with pytest.raises(ValueError, match="unknown initializer 'kaiming'"):
        init.get("kaiming")


def test_reproducible_with_seed_and_zeros():
    a = init.he_normal((3, 4), 3, 4, np.random.default_rng(5))
    b = init.he_normal((3, 4), 3, 4, np.random.default_rng(5))
    c = init.he_normal((3, 4), 3, 4, np.random.default_rng(6))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert not init.zeros((2, 3)).any()


def test_fans_of_dense_and_conv_weights():
    assert init.fans((20, 30)) == (20, 30)
    assert init.fans((16, 3, 5, 5)) == (75, 400)
    with pytest.raises(ValueError, match="weight shape"):
        init.fans((3, 4, 5))


def test_bad_fan_is_refused():
    with pytest.raises(ValueError, match="fan_in must be an integer >= 1"):
        init.he_normal((2, 2), 0, 2)
