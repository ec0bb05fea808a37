r"""The kernels of a fully connected (dense, affine) layer: :math:`\text{out} = xW + b`.

Shapes (batch first, the matrix form of lecture 2):
``x`` (N, D), ``W`` (D, M), ``b`` (M,), ``out`` (N, M).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import as_float_array, check_ndim, check_shape

__all__ = ["DenseCache", "dense_forward", "dense_backward"]


class DenseCache(NamedTuple):
    """What :func:`dense_backward` needs from :func:`dense_forward`.

    Attributes
    ----------
    x : ndarray, shape (N, D)
        The input.
    W : ndarray, shape (D, M)
        The weights, in the dtype of ``x``.
    """

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
    dout = check_shape(dout, (x.shape[0], W.shape[1]), "dout")
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)
