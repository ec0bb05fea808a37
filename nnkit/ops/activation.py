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
    """What an activation's backward kernel needs from its forward kernel.

    Attributes
    ----------
    x : ndarray, any shape
        The input z.
    out : ndarray, shape of ``x``
        f(z), reused where f' is cheaper from it (sigmoid, tanh, softmax).
    """

    x: np.ndarray
    out: np.ndarray


def _check_dout(dout, cache: ActivationCache):
    return check_shape(dout, cache.out.shape, "dout")


def sigmoid_forward(x):
    r""":math:`\sigma(x) = 1/(1 + e^{-x})`, element-wise.

    Parameters
    ----------
    x : array_like, any shape
        The pre-activation z (integers become float64; float32 stays float32).

    Returns
    -------
    out : ndarray, shape of ``x``
    cache : ActivationCache
    """
    x = as_float_array(x, "x")
    out = F.sigmoid(x)
    return out, ActivationCache(x, out)


def sigmoid_backward(dout, cache):
    r""":math:`dx = \text{dout} \cdot \sigma(x)(1 - \sigma(x))`, from the cached output, as PyTorch does.

    Parameters
    ----------
    dout : ndarray, shape of the forward output
        :math:`\partial L / \partial\,\text{out}`.
    cache : ActivationCache
        From :func:`sigmoid_forward`.

    Returns
    -------
    dx : ndarray, shape of ``dout``
        :math:`\partial L / \partial x`.

    Notes
    -----
    Near saturation this loses digits (0.1 % at x = 30, and 0 instead of :math:`e^{-x}` past x ≈ 37),
    which is nothing to a gradient step; :func:`nnkit.functional.sigmoid_grad` gives the derivative itself
    accurately.
    """
    dout = _check_dout(dout, cache)
    return dout * cache.out * (1 - cache.out)


def tanh_forward(x):
    r""":math:`\tanh x`, element-wise.

    Parameters
    ----------
    x : array_like, any shape
        The pre-activation z (integers become float64; float32 stays float32).

    Returns
    -------
    out : ndarray, shape of ``x``
    cache : ActivationCache
    """
    x = as_float_array(x, "x")
    out = F.tanh(x)
    return out, ActivationCache(x, out)


def tanh_backward(dout, cache):
    r""":math:`dx = \text{dout} \cdot (1 - \tanh^2 x)`, from the cached output, as PyTorch does.

    Parameters
    ----------
    dout : ndarray, shape of the forward output
        :math:`\partial L / \partial\,\text{out}`.
    cache : ActivationCache
        From :func:`tanh_forward`.

    Returns
    -------
    dx : ndarray, shape of ``dout``
        :math:`\partial L / \partial x`.
    """
    dout = _check_dout(dout, cache)
    return dout * (1 - cache.out * cache.out)


def relu_forward(x):
    r""":math:`\max(0, x)`, element-wise.

    Parameters
    ----------
    x : array_like, any shape
        The pre-activation z (integers become float64; float32 stays float32).

    Returns
    -------
    out : ndarray, shape of ``x``
    cache : ActivationCache
    """
    x = as_float_array(x, "x")
    out = F.relu(x)
    return out, ActivationCache(x, out)


def relu_backward(dout, cache):
    r""":math:`dx = \text{dout} \cdot [x > 0]`: the gradient passes where the unit was active.

    Parameters
    ----------
    dout : ndarray, shape of the forward output
        :math:`\partial L / \partial\,\text{out}`.
    cache : ActivationCache
        From :func:`relu_forward`.

    Returns
    -------
    dx : ndarray, shape of ``dout``
        :math:`\partial L / \partial x`.
    """
    dout = _check_dout(dout, cache)
    return dout * F.relu_grad(cache.x)


def leaky_relu_forward(x, alpha=0.01):
    r""":math:`x` if :math:`x > 0` else :math:`\alpha x`, element-wise.

    Parameters
    ----------
    x : array_like, any shape
        The pre-activation z (integers become float64; float32 stays float32).
    alpha : float, default 0.01
        The slope for negative inputs.

    Returns
    -------
    out : ndarray, shape of ``x``
    cache : ActivationCache
    """
    x = as_float_array(x, "x")
    out = F.leaky_relu(x, alpha)
    return out, ActivationCache(x, out)


def leaky_relu_backward(dout, cache, alpha=0.01):
    r""":math:`dx = \text{dout} \cdot (1 \text{ if } x > 0 \text{ else } \alpha)`.

    Parameters
    ----------
    dout : ndarray, shape of the forward output
        :math:`\partial L / \partial\,\text{out}`.
    cache : ActivationCache
        From :func:`leaky_relu_forward`.
    alpha : float, default 0.01
        The slope used by the forward pass.

    Returns
    -------
    dx : ndarray, shape of ``dout``
        :math:`\partial L / \partial x`.
    """
    dout = _check_dout(dout, cache)
    return dout * F.leaky_relu_grad(cache.x, alpha)


def elu_forward(x, alpha=1.0):
    r""":math:`x` if :math:`x > 0` else :math:`\alpha(e^x - 1)`, element-wise.

    Parameters
    ----------
    x : array_like, any shape
        The pre-activation z (integers become float64; float32 stays float32).
    alpha : float > 0, default 1.0
        The value :math:`-\alpha` that the output approaches for very negative inputs.

    Returns
    -------
    out : ndarray, shape of ``x``
    cache : ActivationCache
    """
    x = as_float_array(x, "x")
    out = F.elu(x, alpha)
    return out, ActivationCache(x, out)


def elu_backward(dout, cache, alpha=1.0):
    r""":math:`dx = \text{dout} \cdot (1 \text{ if } x > 0 \text{ else } \alpha e^x)`.

    Parameters
    ----------
    dout : ndarray, shape of the forward output
        :math:`\partial L / \partial\,\text{out}`.
    cache : ActivationCache
        From :func:`elu_forward`.
    alpha : float > 0, default 1.0
        The :math:`\alpha` used by the forward pass.

    Returns
    -------
    dx : ndarray, shape of ``dout``
        :math:`\partial L / \partial x`.
    """
    dout = _check_dout(dout, cache)
    return dout * F.elu_grad(cache.x, alpha)


def softmax_forward(x):
    r"""Row-wise softmax of scores ``x`` (N, K) → probabilities (N, K), each row summing to 1.

    Parameters
    ----------
    x : array_like, shape (N, K)
        Scores (logits), one row per sample.

    Returns
    -------
    out : ndarray, shape (N, K)
        :math:`\text{out}_{nk} = e^{x_{nk}} / \sum_j e^{x_{nj}}`, computed stably (:func:`nnkit.functional.softmax`).
    cache : ActivationCache
    """
    x = as_float_array(x, "x")
    check_ndim(x, 2, "x", "(N, K)")
    out = F.softmax(x, axis=1)
    return out, ActivationCache(x, out)


def softmax_backward(dout, cache):
    r"""Vector-Jacobian product of the softmax, row by row.

    Parameters
    ----------
    dout : ndarray, shape (N, K)
        :math:`\partial L / \partial p`.
    cache : ActivationCache
        From :func:`softmax_forward`.

    Returns
    -------
    dx : ndarray, shape (N, K)

    Notes
    -----
    With :math:`p = \mathrm{softmax}(x)`, :math:`\partial p_k / \partial x_j = p_k(\delta_{kj} - p_j)`, so
    :math:`dx_j = p_j\,(\text{dout}_j - \sum_k \text{dout}_k\, p_k)`. For classification prefer
    :class:`nnkit.losses.CrossEntropy` on logits, which fuses this with the log and is stable.
    """
    dout = _check_dout(dout, cache)
    p = cache.out
    return p * (dout - np.sum(dout * p, axis=1, keepdims=True))
