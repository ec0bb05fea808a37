"""Dense layer: the matrix form of lecture 2, gradients, dtypes and errors."""

import numpy as np
import pytest

from nnkit.gradcheck import check_layer
from nnkit.layers import Dense
from nnkit.ops.dense import dense_backward, dense_forward


def test_forward_is_the_sum_over_inputs_written_out(rng):
    x, W, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    out, _ = dense_forward(x, W, b)
    for n in range(4):
        for m in range(2):
            assert out[n, m] == pytest.approx(sum(x[n, d] * W[d, m] for d in range(3)) + b[m])


@pytest.mark.parametrize("n, d, m", [(1, 1, 1), (5, 3, 2), (8, 7, 11)])
@pytest.mark.parametrize("init", ["xavier_uniform", "he_normal", "lecun_normal"])
def test_gradients_agree_with_finite_differences(n, d, m, init):
    layer = Dense(d, m, init=init, rng=3)
    layer.params["b"][:] = np.random.default_rng(4).standard_normal(m)
    assert check_layer(layer, np.random.default_rng(5).standard_normal((n, d))) < 1e-7


def test_batch_gradient_sums_the_per_sample_gradients(rng):
    x, W, b = rng.standard_normal((6, 3)), rng.standard_normal((3, 2)), np.zeros(2)
    dout = rng.standard_normal((6, 2))
    _, dW, db = dense_backward(dout, dense_forward(x, W, b)[1])
    per_sample = [dense_backward(dout[i : i + 1], dense_forward(x[i : i + 1], W, b)[1]) for i in range(6)]
    np.testing.assert_allclose(dW, sum(g[1] for g in per_sample))
    np.testing.assert_allclose(db, sum(g[2] for g in per_sample))


def test_float32_in_float32_out():
    layer = Dense(4, 3, rng=0, dtype=np.float32)
    x = np.ones((2, 4), dtype=np.float32)
    out = layer.forward(x)
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == dx.dtype == layer.grads["W"].dtype == np.float32
    # float64 parameters with float32 input still compute in float32
    assert Dense(4, 3, rng=0).forward(x).dtype == np.float32


def test_backward_leaves_dout_alone(rng):
    layer = Dense(3, 2, rng=0)
    layer.forward(rng.standard_normal((4, 3)))
    dout = rng.standard_normal((4, 2))
    before = dout.copy()
    layer.backward(dout)
    np.testing.assert_array_equal(dout, before)


def test_errors_name_the_expected_shape():
    layer = Dense(3, 2)
    with pytest.raises(ValueError, match=r"x must have shape \(N, D\); got an array of shape \(3,\)"):
        layer.forward(np.ones(3))
    with pytest.raises(ValueError, match=r"\(D, M\) = \(4, M\).*got \(3, 2\)"):
        layer.forward(np.ones((2, 4)))
    with pytest.raises(RuntimeError, match="before forward"):
        Dense(3, 2).backward(np.ones((1, 2)))
    with pytest.raises(ValueError, match="out_features must be an integer >= 1"):
        Dense(3, 0)
    layer.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"dout must have the forward output's shape \(2, 2\)"):
        layer.backward(np.ones((2, 3)))
