"""Pooling layers: gradients against finite differences, dtypes, and errors."""

import itertools

import numpy as np
import pytest

from nnkit.gradcheck import gradient_errors
from nnkit.layers import AvgPool2D, MaxPool2D


def distinct_values(shape, seed=0):
    """Entries spaced 1e-2 apart in random order: a 1e-5 finite-difference step never changes a window's max."""
    return np.random.default_rng(seed).permutation(int(np.prod(shape))).reshape(shape) * 1e-2 - 1.0


GEOMETRIES = [  # kernel_size, stride, input shape
    (2, None, (2, 3, 6, 6)), (2, None, (1, 2, 7, 5)), (3, None, (2, 1, 9, 7)), (2, 1, (2, 2, 5, 5)),
    (3, 1, (1, 2, 6, 5)), (3, 2, (2, 2, 7, 7)), ((2, 3), None, (1, 2, 6, 9)), ((3, 2), (1, 2), (2, 1, 6, 7)),
    (2, 3, (1, 2, 8, 8)),
]


@pytest.mark.parametrize("layer_cls", [MaxPool2D, AvgPool2D])
@pytest.mark.parametrize("kernel_size, stride, shape", GEOMETRIES)
def test_gradients_agree_with_finite_differences(layer_cls, kernel_size, stride, shape):
    layer = layer_cls(kernel_size, stride)
    errors = gradient_errors(layer, distinct_values(shape))
    assert set(errors) == {"x"}
    assert errors["x"] < 1e-7


def test_max_pool_gradient_goes_to_the_maximum_only():
    x = distinct_values((1, 1, 4, 4), seed=3)
    pool = MaxPool2D(2)
    out = pool.forward(x)
    dx = pool.backward(np.ones_like(out))
    assert dx.sum() == 4 and np.count_nonzero(dx) == 4
    for i, j in itertools.product(range(2), range(2)):
        window, grad = x[0, 0, 2 * i:2 * i + 2, 2 * j:2 * j + 2], dx[0, 0, 2 * i:2 * i + 2, 2 * j:2 * j + 2]
        assert grad[np.unravel_index(window.argmax(), (2, 2))] == 1


def test_avg_pool_gradient_is_shared_equally():
    pool = AvgPool2D(2)
    pool.forward(np.zeros((1, 1, 4, 4)))
    np.testing.assert_array_equal(pool.backward(np.full((1, 1, 2, 2), 8.0)), np.full((1, 1, 4, 4), 2.0))


@pytest.mark.parametrize("layer_cls", [MaxPool2D, AvgPool2D])
def test_float32_end_to_end(layer_cls):
    pool = layer_cls(2, 1)
    x = distinct_values((2, 3, 5, 5)).astype(np.float32)
    out = pool.forward(x)
    assert out.dtype == np.float32
    assert pool.backward(np.ones_like(out)).dtype == np.float32
    assert pool.backward(np.ones(out.shape)).dtype == np.float32  # a float64 dout does not promote


@pytest.mark.parametrize("layer_cls", [MaxPool2D, AvgPool2D])
def test_backward_leaves_dout_alone(layer_cls):
    pool = layer_cls(3, 2)
    out = pool.forward(distinct_values((2, 2, 7, 7)))
    dout = np.random.default_rng(1).standard_normal(out.shape)
    before = dout.copy()
    dout.setflags(write=False)
    pool.backward(dout)
    np.testing.assert_array_equal(dout, before)


@pytest.mark.parametrize("layer_cls", [MaxPool2D, AvgPool2D])
def test_backward_before_forward_is_a_clear_error(layer_cls):
    with pytest.raises(RuntimeError, match=f"{layer_cls.__name__}.backward was called before forward"):
        layer_cls(2).backward(np.zeros((1, 1, 2, 2)))


def test_errors():
    with pytest.raises(ValueError, match="kernel_size must be >= 1; got 0"):
        MaxPool2D(0)
    with pytest.raises(ValueError, match="stride must be an int or a pair"):
        AvgPool2D(2, stride=1.5)
    with pytest.raises(ValueError, match="larger than the padded input"):
        MaxPool2D(3).forward(np.zeros((1, 1, 2, 5)))
    with pytest.raises(ValueError, match=r"x must have shape \(N, C, H, W\)"):
        MaxPool2D(2).forward(np.zeros((4, 4)))
    pool = MaxPool2D(2)
    pool.forward(np.zeros((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"dout must have the forward output's shape"):
        pool.backward(np.zeros((1, 1, 4, 4)))


def test_has_no_parameters():
    for pool in (MaxPool2D(), AvgPool2D()):
        assert pool.params == {} and pool.grads == {}
