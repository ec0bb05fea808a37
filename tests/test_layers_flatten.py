"""Flatten: C-order rows, and backward restores the shape."""

import numpy as np
import pytest

from nnkit.gradcheck import check_layer
from nnkit.layers import Flatten


def test_flatten_is_channel_then_row_then_column(rng):
    x = rng.standard_normal((2, 3, 4, 5))
    out = Flatten().forward(x)
    assert out.shape == (2, 60)
    assert out[1, 1 * 20 + 2 * 5 + 3] == x[1, 1, 2, 3]


def test_gradient_and_shape_round_trip(rng):
    x = rng.standard_normal((3, 2, 3, 3))
    assert check_layer(Flatten(), x) < 1e-9
    layer = Flatten()
    layer.forward(x.astype(np.float32))
    assert layer.backward(np.ones((3, 18), dtype=np.float32)).shape == (3, 2, 3, 3)


def test_errors():
    with pytest.raises(ValueError, match=r"\(N, \.\.\.\)"):
        Flatten().forward(np.ones(4))
    layer = Flatten()
    layer.forward(np.ones((2, 3, 2, 2)))
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 12\)"):
        layer.backward(np.ones((2, 11)))
