"""Activations, their derivatives and the stable softmax, checked against definitions and finite differences."""

import numpy as np
import pytest

from nnkit import functional as F
from nnkit.gradcheck import numerical_gradient, rel_error

Z = np.array([-3.0, -1.2, -0.3, 0.4, 1.1, 2.5])


def test_sigmoid_matches_definition_and_is_stable():
    np.testing.assert_allclose(F.sigmoid(Z), 1 / (1 + np.exp(-Z)), rtol=1e-15)
    with np.errstate(over="raise"):
        big = F.sigmoid(np.array([-1000.0, 1000.0]))
    assert big[0] == 0.0 and big[1] == 1.0
    assert F.sigmoid(np.float64(0.5)) == pytest.approx(0.6224593312018546, abs=1e-16)
    # the left tail keeps its relative precision (1 - tiny would round it away)
    assert F.sigmoid(np.float64(-30.0)) == pytest.approx(np.exp(-30.0) / (1 + np.exp(-30.0)), rel=1e-14)


@pytest.mark.parametrize(
    "f, df, kwargs",
    [
        (F.sigmoid, F.sigmoid_grad, {}),
        (F.tanh, F.tanh_grad, {}),
        (F.relu, F.relu_grad, {}),
        (F.leaky_relu, F.leaky_relu_grad, {"alpha": 0.1}),
        (F.elu, F.elu_grad, {"alpha": 1.0}),
    ],
)
def test_derivatives_match_finite_differences(f, df, kwargs):
    z = Z.copy()  # no point within 1e-5 of the kink at 0
    numeric = numerical_gradient(lambda v: np.sum(f(v, **kwargs)), z)
    assert rel_error(df(z, **kwargs), numeric) < 1e-9


def test_derivative_bounds_behind_vanishing_gradients():
    z = np.linspace(-10, 10, 20001)
    assert F.sigmoid_grad(z).max() == pytest.approx(0.25)
    assert F.tanh_grad(z).max() == pytest.approx(1.0)


def test_piecewise_definitions():
    np.testing.assert_array_equal(F.relu(Z), [0, 0, 0, 0.4, 1.1, 2.5])
    np.testing.assert_allclose(F.leaky_relu(Z, 0.1), np.maximum(0.1 * Z, Z))
    np.testing.assert_allclose(F.elu(Z), np.where(Z > 0, Z, np.exp(Z) - 1))
    assert F.relu_grad(np.array([0.0]))[0] == 0.0


def test_softmax_rows_sum_to_one_and_survive_large_logits():
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0], [-1e4, 0.0, 1e4]])
    with np.errstate(over="raise", invalid="raise"):
        p = F.softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[0], p[1])  # softmax is shift-invariant
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(p[0], e / e.sum())
    ls = F.log_softmax(z)
    assert np.all(np.isfinite(ls))
    np.testing.assert_allclose(ls[0], np.log(e / e.sum()))
    assert ls[2, 0] == pytest.approx(-2e4)


def test_maxout_takes_largest_piece():
    z = np.array([[1.0, 5.0, -2.0, 0.5]])
    np.testing.assert_array_equal(F.maxout(z, pieces=2), [[5.0, 0.5]])
    with pytest.raises(ValueError, match="pieces=3"):
        F.maxout(z, pieces=3)


@pytest.mark.parametrize("f", [F.sigmoid, F.tanh, F.relu, F.leaky_relu, F.elu, F.softmax, F.log_softmax])
def test_float32_stays_float32(f):
    assert f(Z.astype(np.float32)).dtype == np.float32


def test_rejects_non_numeric_input():
    with pytest.raises(TypeError, match="dtype"):
        F.sigmoid(np.array(["a", "b"]))
