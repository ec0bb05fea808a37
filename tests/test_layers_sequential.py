"""Sequential: chaining, dotted parameter names, and a whole-network gradient check."""

import numpy as np
import pytest

from nnkit.gradcheck import check_layer
from nnkit.layers import BatchNorm, Dense, Dropout, ReLU, Sequential, Sigmoid, Tanh


def mlp():
    return Sequential([Dense(3, 5, rng=0), Tanh(), Dense(5, 4, rng=1), Sigmoid(), Dense(4, 2, rng=2)])


def test_forward_chains_the_layers(rng):
    model = mlp()
    x = rng.standard_normal((6, 3))
    h = x
    for layer in model:
        h = layer.forward(h)
    np.testing.assert_array_equal(model.forward(x), h)


def test_dotted_names_point_at_the_layers_arrays():
    model = mlp()
    assert list(model.params) == ["0.W", "0.b", "2.W", "2.b", "4.W", "4.b"]
    assert model.params["2.W"] is model[2].params["W"]
    model.params["0.b"][:] = 7.0  # an optimizer updates in place
    assert np.all(model[0].params["b"] == 7.0)
    assert model.num_parameters() == 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2


def test_whole_network_gradient(rng):
    # BatchNorm after the activation: straight after a Dense it would cancel that layer's bias,
    # whose true gradient is then exactly 0 and no relative error can be measured.
    model = Sequential([Dense(3, 5, rng=0), Tanh(), Dense(5, 4, rng=1), Sigmoid(), BatchNorm(4), Dense(4, 2, rng=2)])
    assert check_layer(model, rng.standard_normal((6, 3)), training=True) < 1e-7


def test_grads_follow_the_latest_backward(rng):
    model = mlp()
    x = rng.standard_normal((4, 3))
    model.backward(np.ones_like(model.forward(x)))
    first = {k: v.copy() for k, v in model.grads.items()}
    model.backward(2 * np.ones_like(model.forward(x)))
    np.testing.assert_allclose(model.grads["4.W"], 2 * first["4.W"])
    assert set(model.grads) == set(model.params)


def test_training_flag_reaches_every_layer(rng):
    model = Sequential([Dense(4, 50, rng=0), ReLU(), Dropout(0.5, rng=1)])
    x = rng.standard_normal((8, 4))
    np.testing.assert_array_equal(model.forward(x), model.forward(x))  # evaluation: deterministic
    assert not np.array_equal(model.forward(x, training=True), model.forward(x))


def test_only_layers_are_accepted():
    with pytest.raises(TypeError, match="item 1 is a ufunc"):
        Sequential([Dense(2, 2), np.tanh])
