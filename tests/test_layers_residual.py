"""Residual: y = x + F(x), its gradient checked numerically, and the shortcut's gradient kept at depth."""

import numpy as np
import pytest

from nnkit.gradcheck import check_layer
from nnkit.layers import Conv2D, Dense, ReLU, Residual, Sequential, Tanh


def block(rng_seed=0, width=4):
    return Sequential([Dense(width, width, rng=rng_seed), Tanh(), Dense(width, width, rng=rng_seed + 1)])


def test_forward_adds_the_input_to_the_block(rng):
    layer = Residual(block())
    x = rng.standard_normal((5, 4))
    np.testing.assert_allclose(layer.forward(x), x + layer.block.forward(x), rtol=0, atol=0)


def test_gradients_match_finite_differences(rng):
    x = rng.standard_normal((3, 4))
    assert check_layer(Residual(block()), x) < 1e-7
    model = Sequential([Dense(4, 4, rng=5), Residual(block(1)), Tanh(), Residual(block(3)), Dense(4, 2, rng=7)])
    assert check_layer(model, x) < 1e-7


def test_convolutional_block_with_same_padding(rng):
    conv = Residual(Sequential([Conv2D(2, 2, 3, padding="same", rng=0), ReLU(),
                                Conv2D(2, 2, 3, padding="same", rng=1)]))
    assert check_layer(conv, rng.standard_normal((2, 2, 5, 5))) < 1e-6


def test_backward_keeps_the_upstream_gradient_when_the_block_passes_none(rng):
    layer = Residual(block())
    for value in layer.params.values():
        value[...] = 0.0  # F(x) = 0 whatever x: its Jacobian is zero
    x, dout = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    layer.forward(x)
    np.testing.assert_array_equal(layer.backward(dout), dout)


def test_params_are_the_blocks_arrays_under_their_names():
    inner = block()
    layer = Residual(inner)
    assert list(layer.params) == ["0.W", "0.b", "2.W", "2.b"]
    assert layer.params["0.W"] is inner[0].params["W"]
    model = Sequential([Dense(4, 4, rng=0), Residual(inner)])
    assert "1.2.b" in model.params and model.params["1.2.b"] is inner[2].params["b"]


def test_a_block_that_changes_the_shape_is_refused(rng):
    layer = Residual(Sequential([Dense(4, 3, rng=0)]))
    with pytest.raises(ValueError, match=r"maps shape \(2, 4\) to \(2, 3\).*input's shape"):
        layer.forward(rng.standard_normal((2, 4)))


def test_only_layers_can_be_wrapped():
    with pytest.raises(TypeError, match="wraps an nnkit layer"):
        Residual(lambda x: x)


def test_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="before forward"):
        Residual(block()).backward(np.zeros((1, 4)))
