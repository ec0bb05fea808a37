"""Inverted dropout: expectation kept, identity at test time, gradient through the same mask."""

import numpy as np
import pytest

from nnkit.gradcheck import numerical_gradient, rel_error
from nnkit.layers import Dropout
from nnkit.ops.dropout import dropout_backward, dropout_forward


def test_evaluation_mode_is_the_identity(rng):
    x = rng.standard_normal((5, 6))
    layer = Dropout(0.5, rng=0)
    np.testing.assert_array_equal(layer.forward(x, training=False), x)
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), np.ones_like(x))


def test_training_drops_about_p_and_scales_the_rest():
    x = np.ones((200, 500))
    out = Dropout(0.3, rng=1).forward(x, training=True)
    kept = out != 0
    assert kept.mean() == pytest.approx(0.7, abs=0.01)
    np.testing.assert_allclose(out[kept], 1 / 0.7)
    assert out.mean() == pytest.approx(1.0, abs=0.01)  # inverted: the expectation is unchanged


def test_gradient_uses_the_forward_mask(rng):
    x = rng.standard_normal((4, 5))
    mask = rng.random((4, 5)) > 0.4
    dout = rng.standard_normal((4, 5))
    _, cache = dropout_forward(x, 0.4, mask=mask)
    numeric = numerical_gradient(lambda v: np.sum(dropout_forward(v, 0.4, mask=mask)[0] * dout), x)
    assert rel_error(dropout_backward(dout, cache), numeric) < 1e-9
    layer = Dropout(0.4, rng=2)
    out = layer.forward(x, training=True)
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)) == 0, out == 0)


def test_seeded_layers_repeat_their_masks_and_float32_stays():
    a = Dropout(0.5, rng=7).forward(np.ones((3, 8), dtype=np.float32), training=True)
    b = Dropout(0.5, rng=7).forward(np.ones((3, 8), dtype=np.float32), training=True)
    np.testing.assert_array_equal(a, b)
    assert a.dtype == np.float32


def test_p_must_be_a_probability_below_one():
    with pytest.raises(ValueError, match=r"p must be in \[0.0, 1.0\); got 1"):
        Dropout(1)
    with pytest.raises(ValueError, match="p must be in"):
        Dropout(-0.2)
