"""Conv2D layer: gradients against finite differences, initialization, dtypes and errors."""

import itertools

import numpy as np
import pytest

from nnkit.conv_ops import conv2d_naive
from nnkit.gradcheck import check_layer, gradient_errors
from nnkit.layers import Conv2D

STRIDES = [1, 2, 3]
PADDINGS = [0, 1, 2, "same", "valid", "full"]


def _layer(C, F, k, stride, padding, seed=0):
    layer = Conv2D(C, F, k, stride=stride, padding=padding, rng=seed)
    layer.params["b"][:] = np.random.default_rng(seed + 1).standard_normal(F)  # a non-zero bias is checked too
    return layer


@pytest.mark.parametrize("stride, padding", list(itertools.product(STRIDES, PADDINGS)))
def test_gradients_agree_with_finite_differences(stride, padding):
    layer = _layer(2, 3, 3, stride, padding)
    x = np.random.default_rng(2).standard_normal((2, 2, 7, 6))
    errors = gradient_errors(layer, x)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("x_shape, F, k, stride, padding", [
    ((1, 1, 5, 5), 1, 1, 1, 0), ((3, 1, 6, 5), 2, (3, 2), 2, 1), ((2, 3, 5, 8), 4, (1, 3), 1, "same"),
    ((1, 2, 9, 9), 2, 5, 3, 2), ((2, 2, 4, 4), 3, 4, 1, "full"), ((1, 4, 6, 6), 2, (5, 3), 2, "same"),
])
def test_gradients_on_odd_shapes(x_shape, F, k, stride, padding):
    layer = _layer(x_shape[1], F, k, stride, padding, seed=3)
    assert check_layer(layer, np.random.default_rng(4).standard_normal(x_shape)) < 1e-7


def test_forward_matches_the_loops_and_backward_sets_grads(rng):
    layer = _layer(3, 4, (3, 5), 2, 1)
    x = rng.standard_normal((2, 3, 8, 9))
    out = layer.forward(x)
    np.testing.assert_allclose(out, conv2d_naive(x, layer.params["W"], layer.params["b"], 2, 1), rtol=1e-12)
    dout = rng.standard_normal(out.shape)
    dx = layer.backward(dout)
    assert dx.shape == x.shape
    assert {k: g.shape for k, g in layer.grads.items()} == {"W": (4, 3, 3, 5), "b": (4,)}
    np.testing.assert_allclose(layer.grads["b"], dout.sum(axis=(0, 2, 3)), rtol=1e-12)  # db by definition


def test_parameters_and_he_normal_initialization():
    layer = Conv2D(32, 64, 3, rng=0)
    assert layer.params["W"].shape == (64, 32, 3, 3) and layer.params["b"].shape == (64,)
    assert layer.params["W"].dtype == np.float64
    np.testing.assert_array_equal(layer.params["b"], 0)
    # he_normal: sigma = sqrt(2 / fan_in) with fan_in = C * HH * WW = 288
    assert layer.params["W"].std() == pytest.approx(np.sqrt(2 / 288), rel=0.02)
    xavier = Conv2D(16, 8, (3, 5), init="xavier_uniform", rng=1).params["W"]
    bound = np.sqrt(6 / (16 * 15 + 8 * 15))  # fan_in = 16*3*5, fan_out = 8*3*5
    assert np.abs(xavier).max() <= bound and np.abs(xavier).max() > 0.95 * bound
    np.testing.assert_array_equal(Conv2D(2, 3, 3, rng=7).params["W"], Conv2D(2, 3, 3, rng=7).params["W"])


def test_output_shapes_for_the_padding_modes(rng):
    x = rng.standard_normal((2, 1, 8, 8))
    assert Conv2D(1, 4, 3, padding="same", rng=0).forward(x).shape == (2, 4, 8, 8)
    assert Conv2D(1, 4, 3, padding="valid", rng=0).forward(x).shape == (2, 4, 6, 6)
    assert Conv2D(1, 4, 3, padding="full", rng=0).forward(x).shape == (2, 4, 10, 10)
    assert Conv2D(1, 4, 3, stride=2, padding=1, rng=0).forward(x).shape == (2, 4, 4, 4)


def test_float32_end_to_end(rng):
    layer = Conv2D(2, 3, 3, padding="same", rng=0, dtype=np.float32)
    assert layer.params["W"].dtype == layer.params["b"].dtype == np.float32
    x = rng.standard_normal((2, 2, 5, 5)).astype(np.float32)
    out = layer.forward(x)
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == dx.dtype == layer.grads["W"].dtype == layer.grads["b"].dtype == np.float32
    assert Conv2D(2, 3, 3, rng=0).forward(x).dtype == np.float32  # float64 kernels do not promote the input


def test_backward_leaves_dout_alone(rng):
    layer = Conv2D(2, 3, 3, stride=2, padding=1, rng=0)
    out = layer.forward(rng.standard_normal((2, 2, 6, 6)))
    dout = rng.standard_normal(out.shape)
    before = dout.copy()
    layer.backward(dout)
    np.testing.assert_array_equal(dout, before)


def test_backward_before_forward_is_a_clear_error():
    with pytest.raises(RuntimeError, match="Conv2D.backward was called before forward"):
        Conv2D(1, 1, 3).backward(np.zeros((1, 1, 3, 3)))


def test_construction_errors():
    with pytest.raises(ValueError, match="odd kernel size; got 4"):
        Conv2D(1, 2, 4, padding="same")
    with pytest.raises(ValueError, match="in_channels must be an integer >= 1; got 0"):
        Conv2D(0, 2, 3)
    with pytest.raises(ValueError, match="stride must be an integer >= 1; got 0"):
        Conv2D(1, 2, 3, stride=0)
    with pytest.raises(ValueError, match="kernel_size must be an int or a pair"):
        Conv2D(1, 2, (3, 3, 3))
    with pytest.raises(ValueError, match="padding must be"):
        Conv2D(1, 2, 3, padding="half")


def test_forward_errors_name_shapes(rng):
    layer = Conv2D(3, 2, 3, rng=0)
    with pytest.raises(ValueError, match=r"channel mismatch.*C=1 channels.*C=3"):
        layer.forward(rng.standard_normal((2, 1, 5, 5)))
    with pytest.raises(ValueError, match=r"x must have shape \(N, C, H, W\)"):
        layer.forward(rng.standard_normal((3, 5, 5)))
    with pytest.raises(ValueError, match="larger than the padded input"):
        layer.forward(rng.standard_normal((1, 3, 2, 2)))
