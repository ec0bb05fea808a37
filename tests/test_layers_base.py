"""The layer base class carries more than one-input, one-cache layers: a cell reused over time steps and a layer
with two inputs, written the way nnkit/layers/base.py says, pass the gradient check."""

import numpy as np
import pytest

import nnkit as nk
from nnkit.gradcheck import check_layer, numerical_gradient, rel_error
from nnkit.layers import Layer


class TinyRNN(Layer):
    r"""h_t = tanh(x_t Wx + h_{t-1} Wh + b), h_0 = 0, over x (N, T, D); out is every h_t, (N, T, H)."""

    def __init__(self, D, H, rng):
        super().__init__()
        self.params = {"Wx": 0.5 * rng.standard_normal((D, H)), "Wh": 0.5 * rng.standard_normal((H, H)),
                       "b": 0.1 * rng.standard_normal(H)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x, training=False):
        N, T, _ = x.shape
        h = np.zeros((N, self.params["b"].size))
        steps, outs = [], []
        for t in range(T):
            z, cache_z = nk.ops.dense.dense_forward(np.hstack([x[:, t], h]),
                                                    np.vstack([self.params["Wx"], self.params["Wh"]]),
                                                    self.params["b"])
            h, cache_h = nk.ops.activation.tanh_forward(z)
            steps.append((cache_z, cache_h))
            outs.append(h)
        self._cache = steps  # one cache per time step, in order
        return np.stack(outs, axis=1)

    def backward(self, dout):
        steps = self._require_cache()
        D = self.params["Wx"].shape[0]
        dx = np.zeros(dout.shape[:2] + (D,))
        grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        dh_next = np.zeros(dout.shape[::2])
        for t in reversed(range(len(steps))):  # backpropagation through time: last step first
            cache_z, cache_h = steps[t]
            dz = nk.ops.activation.tanh_backward(dout[:, t] + dh_next, cache_h)
            d_input, dW, db = nk.ops.dense.dense_backward(dz, cache_z)
            dx[:, t], dh_next = d_input[:, :D], d_input[:, D:]
            grads["Wx"] += dW[:D]
            grads["Wh"] += dW[D:]
            grads["b"] += db
        self.grads = grads
        return dx


class Product(Layer):
    """Two inputs of one shape, multiplied entry by entry: backward returns (da, db)."""

    def forward(self, a, b, training=False):
        self._cache = (np.asarray(a), np.asarray(b))
        return self._cache[0] * self._cache[1]

    def backward(self, dout):
        a, b = self._require_cache()
        return dout * b, dout * a


def test_a_cell_reused_over_time_steps_keeps_one_cache_per_step_and_passes_the_gradient_check():
    rng = np.random.default_rng(0)
    rnn = TinyRNN(3, 4, rng)
    x = rng.standard_normal((2, 5, 3))
    assert rnn(x).shape == (2, 5, 4)
    assert len(rnn._cache) == 5
    assert check_layer(rnn, x) < 1e-7


def test_the_cell_gradient_reaches_back_to_the_first_step():
    rng = np.random.default_rng(1)
    rnn = TinyRNN(2, 3, rng)
    x = rng.standard_normal((1, 4, 2))
    out = rnn.forward(x)
    dout = np.zeros_like(out)
    dout[:, -1] = 1.0  # only the last output matters
    dx = rnn.backward(dout)
    assert np.abs(dx[:, 0]).max() > 0  # the first input still receives gradient, through the hidden state


def test_a_layer_with_two_inputs_returns_one_gradient_per_input():
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    layer = Product()
    dout = rng.standard_normal((3, 4))
    layer(a, b)
    da, db = layer.backward(dout)
    assert rel_error(da, numerical_gradient(lambda _: np.sum(layer.forward(a, b) * dout), a)) < 1e-9
    assert rel_error(db, numerical_gradient(lambda _: np.sum(layer.forward(a, b) * dout), b)) < 1e-9


def test_the_base_class_names_the_layer_that_lacks_a_method():
    class Half(Layer):
        pass

    with pytest.raises(NotImplementedError, match="Half does not define forward"):
        Half()(np.zeros(2))
    with pytest.raises(RuntimeError, match="Product.backward was called before forward"):
        Product().backward(np.zeros(2))
