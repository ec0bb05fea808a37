"""Activation layers: gradients, dtypes, and the softmax Jacobian."""

import numpy as np
import pytest

from nnkit.gradcheck import check_layer
from nnkit.layers import ELU, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh


def away_from_zero(shape, seed):
    """Random values with |x| >= 0.05, so finite differences never straddle a kink at 0."""
    x = np.random.default_rng(seed).standard_normal(shape)
    return np.where(np.abs(x) < 0.05, 0.05 * np.sign(x) + (x == 0) * 0.05, x)


LAYERS = [Sigmoid, Tanh, ReLU, lambda: LeakyReLU(0.1), ELU, Softmax]


@pytest.mark.parametrize("make", LAYERS)
@pytest.mark.parametrize("shape", [(1, 1), (4, 3), (7, 10)])
def test_gradients_agree_with_finite_differences(make, shape):
    assert check_layer(make(), away_from_zero(shape, sum(shape))) < 1e-7


@pytest.mark.parametrize("make", [Sigmoid, Tanh, ReLU, LeakyReLU, ELU])
def test_elementwise_layers_take_any_shape(make):
    x = away_from_zero((2, 3, 4, 5), 1)
    assert check_layer(make(), x) < 1e-7


@pytest.mark.parametrize("make", LAYERS)
def test_float32_stays_float32_and_dout_untouched(make):
    layer = make()
    x = away_from_zero((3, 4), 0).astype(np.float32)
    out = layer.forward(x)
    dout = np.ones_like(out)
    dx = layer.backward(dout)
    assert out.dtype == dx.dtype == np.float32
    assert np.all(dout == 1)


def test_softmax_backward_is_the_jacobian_product(rng):
    x = rng.standard_normal((1, 4))
    p = Softmax().forward(x)[0]
    jacobian = np.diag(p) - np.outer(p, p)
    dout = rng.standard_normal((1, 4))
    layer = Softmax()
    layer.forward(x)
    np.testing.assert_allclose(layer.backward(dout)[0], jacobian.T @ dout[0])


def test_bad_parameters_and_order():
    with pytest.raises(ValueError, match="alpha must be in"):
        LeakyReLU(alpha=-0.1)
    with pytest.raises(ValueError, match="alpha must be a finite positive number"):
        ELU(alpha=0)
    with pytest.raises(RuntimeError, match="ReLU.backward was called before forward"):
        ReLU().backward(np.ones(3))
    with pytest.raises(ValueError, match=r"\(N, K\)"):
        Softmax().forward(np.ones(3))
