r"""The kernels of the activation layers: element-wise non-linearities and the softmax.

Each kernel pair is ``<name>_forward(x) -> (out, cache)`` and ``<name>_backward(dout, cache) -> dx``
with :math:`dx = \text{dout} \odot f'(x)`; shapes are anything, unchanged by the layer.
The derivatives themselves live in :mod:`nnkit.functional`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import functional as F
from .._validate import as_float_array, check_ndim, check_shape

__all__ = [
    "ActivationCache", "sigmoid_forward", "sigmoid_backward", "tanh_forward", "tanh_backward",
    "relu_forward", "relu_backward", "leaky_relu_forward", "leaky_relu_backward",
    "elu_forward", "elu_backward", "softmax_forward", "softmax_backward",
]


class ActivationCache(NamedTuple):
    x: np.ndarray    # the input z
    out: np.ndarray  # f(z), reused where f' is cheaper from it (sigmoid, tanh, softmax)


def _check_dout(dout, cache: ActivationCache):
    return check_shape(dout, cache.out.shape, "dout")


def sigmoid_forward(x):
    r""":math:`\sigma(x) = 1/(1 + e^{-x})`. Shape: any → same."""
    x = as_float_array(x, "x")
    out = F.sigmoid(x)
    return out, ActivationCache(x, out)


def sigmoid_backward(dout, cache):
    r""":math:`dx = \text{dout} \cdot \sigma(x)(1 - \sigma(x))`, from the cached output, as PyTorch does.

    Near saturation this loses digits (0.1 % at x = 30, and 0 instead of :math:`e^{-x}` past x ≈ 37),
    which is nothing to a gradient step; :func:`nnkit.functional.sigmoid_grad` gives the derivative itself
    accurately.
    """
    dout = _check_dout(dout, cache)
    return dout * cache.out * (1 - cache.out)


def tanh_forward(x):
    r""":math:`\tanh x`. Shape: any → same."""
    x = as_float_array(x, "x")
    out = F.tanh(x)
    return out, ActivationCache(x, out)


def tanh_backward(dout, cache):
    r""":math:`dx = \text{dout} \cdot (1 - \tanh^2 x)`, from the cached output, as PyTorch does."""
    dout = _check_dout(dout, cache)
    return dout * (1 - cache.out * cache.out)


def relu_forward(x):
    r""":math:`\max(0, x)`. Shape: any → same."""
    x = as_float_array(x, "x")
    out = F.relu(x)
    return out, ActivationCache(x, out)


def relu_backward(dout, cache):
    r""":math:`dx = \text{dout} \cdot [x > 0]`: the gradient passes where the unit was active."""
    dout = _check_dout(dout, cache)
    return dout * F.relu_grad(cache.x)


def leaky_relu_forward(x, alpha=0.01):
    r""":math:`x` if :math:`x > 0` else :math:`\alpha x`. Shape: any → same."""
    x = as_float_array(x, "x")
    out = F.leaky_relu(x, alpha)
    return out, ActivationCache(x, out)


def leaky_relu_backward(dout, cache, alpha=0.01):
    r""":math:`dx = \text{dout} \cdot (1 \text{ if } x > 0 \text{ else } \alpha)`."""
    dout = _check_dout(dout, cache)
    return dout * F.leaky_relu_grad(cache.x, alpha)


def elu_forward(x, alpha=1.0):
    r""":math:`x` if :math:`x > 0` else :math:`\alpha(e^x - 1)`. Shape: any → same."""
    x = as_float_array(x, "x")
    out = F.elu(x, alpha)
    return out, ActivationCache(x, out)


def elu_backward(dout, cache, alpha=1.0):
    r""":math:`dx = \text{dout} \cdot (1 \text{ if } x > 0 \text{ else } \alpha e^x)`."""
    dout = _check_dout(dout, cache)
    return dout * F.elu_grad(cache.x, alpha)


def softmax_forward(x):
    r"""Row-wise softmax of scores ``x`` (N, K) → probabilities (N, K), each row summing to 1."""
    x = as_float_array(x, "x")
    check_ndim(x, 2, "x", "(N, K)")
    out = F.softmax(x, axis=1)
    return out, ActivationCache(x, out)


def softmax_backward(dout, cache):
    r"""Vector-Jacobian product of the softmax, row by row.

    Notes
    -----
    With :math:`p = \mathrm{softmax}(x)`, :math:`\partial p_k / \partial x_j = p_k(\delta_{kj} - p_j)`, so
    :math:`dx_j = p_j\,(\text{dout}_j - \sum_k \text{dout}_k\, p_k)`. For classification prefer
    :class:`nnkit.losses.CrossEntropy` on logits, which fuses this with the log and is stable.
    """
    dout = _check_dout(dout, cache)
    p = cache.out
    return p * (dout - np.sum(dout * p, axis=1, keepdims=True))
