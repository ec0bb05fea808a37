r"""Fully connected (dense, affine) layer: :math:`\text{out} = xW + b`.

Shapes (batch first, the matrix form of lecture 2):
``x`` (N, D), ``W`` (D, M), ``b`` (M,), ``out`` (N, M).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import init as _init
from .._validate import as_float_array, check_ndim
from .base import Layer

__all__ = ["DenseCache", "dense_forward", "dense_backward", "Dense"]


class DenseCache(NamedTuple):
    x: np.ndarray
    W: np.ndarray


def dense_forward(x, W, b):
    r"""Affine map of a batch: :math:`\text{out} = xW + b`.

    Parameters
    ----------
    x : ndarray, shape (N, D)
    W : ndarray, shape (D, M)
    b : ndarray, shape (M,)

    Returns
    -------
    out : ndarray, shape (N, M), in the dtype of ``x``
    cache : DenseCache

    Notes
    -----
    Row :math:`n` of the output is :math:`z_m = \sum_d x_{n,d} W_{d,m} + b_m`: ``W[d, m]`` joins
    input unit :math:`d` to output unit :math:`m`, lecture 3's :math:`w^{(l)}_{d,m}`.
    """
    x = as_float_array(x, "x")
    check_ndim(x, 2, "x", "(N, D)")
    W = np.asarray(W)
    b = np.asarray(b)
    if W.ndim != 2 or W.shape[0] != x.shape[1]:
        raise ValueError(
            f"W must have shape (D, M) = ({x.shape[1]}, M) to match x of shape {x.shape}; got {W.shape}"
        )
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape (M,) = ({W.shape[1]},); got {b.shape}")
    Wx = W.astype(x.dtype, copy=False)  # compute in the input's dtype: float32 stays float32
    out = x @ Wx + b.astype(x.dtype, copy=False)
    return out, DenseCache(x, Wx)


def dense_backward(dout, cache: DenseCache):
    r"""Gradients of the affine map.

    Parameters
    ----------
    dout : ndarray, shape (N, M)
        :math:`\partial L / \partial\,\text{out}`.
    cache : DenseCache

    Returns
    -------
    dx : ndarray, shape (N, D)
        :math:`\partial L / \partial x = \text{dout}\, W^\top`.
    dW : ndarray, shape (D, M)
        :math:`\partial L / \partial W = x^\top \text{dout}` (summed over the batch).
    db : ndarray, shape (M,)
        :math:`\partial L / \partial b = \sum_n \text{dout}_n`.
    """
    x, W = cache
    dout = np.asarray(dout)
    if dout.shape != (x.shape[0], W.shape[1]):
        raise ValueError(
            f"dout must have the forward output's shape {(x.shape[0], W.shape[1])}; got {dout.shape}"
        )
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


class Dense(Layer):
    """Fully connected layer with weights ``params["W"]`` (D, M) and bias ``params["b"]`` (M,).

    Parameters
    ----------
    in_features, out_features : int
        D and M.
    init : str or callable
        Weight initializer from :mod:`nnkit.init` (default ``"xavier_uniform"``, as Keras);
        the bias starts at zero.
    rng : numpy.random.Generator or int, optional
    dtype : numpy dtype of the parameters (float64 by default; float32 for speed).
    """

    def __init__(self, in_features, out_features, init="xavier_uniform", rng=None, dtype=np.float64):
        super().__init__()
        for name, v in (("in_features", in_features), ("out_features", out_features)):
            if int(v) != v or v < 1:
                raise ValueError(f"{name} must be a positive integer; got {v!r}")
        self.in_features, self.out_features = int(in_features), int(out_features)
        shape = (self.in_features, self.out_features)
        W = _init.get(init)(shape, self.in_features, self.out_features, rng)
        self.params = {"W": W.astype(dtype), "b": np.zeros(self.out_features, dtype=dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x, training=False):
        out, self._cache = dense_forward(x, self.params["W"], self.params["b"])
        return out

    def backward(self, dout):
        dx, dW, db = dense_backward(dout, self._require_cache())
        self.grads["W"] = dW.astype(self.params["W"].dtype, copy=False)
        self.grads["b"] = db.astype(self.params["b"].dtype, copy=False)
        return dx

    def extra_repr(self):
        return f"{self.in_features}, {self.out_features}"
