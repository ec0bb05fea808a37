r"""Convolution kernels: naive loops, im2col + one matrix product, true convolution beside cross-correlation.

Two operations share the name "convolution":

* **true convolution** (lecture 1), :math:`y[i] = \sum_k x[i - k]\, w[k]`: the kernel is flipped
  (rotated by 180° in 2-D) before it slides over the input — :func:`convolve2d`, :func:`conv1d`;
* **cross-correlation**, :math:`y[i] = \sum_k x[i + k]\, w[k]`: the kernel slides as it is. This is what
  deep-learning libraries call convolution, and what :class:`nnkit.layers.Conv2D` computes —
  :func:`conv2d`, :func:`conv2d_naive`, :func:`conv2d_forward`.

A learned kernel does not care which one is used (it would simply be learned flipped), so libraries
skip the flip. Shapes follow PyTorch: images ``x`` (N, C, H, W), kernels ``W`` (F, C, HH, WW),
bias ``b`` (F,), output (N, F, Ho, Wo). Padding is an int, or one of the lecture's modes:
``"valid"`` (none), ``"same"`` (output as large as the input, stride 1, odd kernels) and ``"full"``
(every position where kernel and input overlap at all). Output size, padding and im2col / col2im
live in :mod:`nnkit.ops.geometry`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._validate import as_float_array, check_ndim
from .geometry import col2im, conv_output_size, im2col, output_geometry, padding_amount, zero_pad

__all__ = ["ConvCache", "conv2d_naive", "conv2d_forward", "conv2d_backward", "conv2d", "convolve2d", "conv1d"]


def _check_conv(x, W, b, stride, padding):
    """Validated float ``x``, and ``W``, ``b`` in x's dtype, plus the geometry (s, ph, pw, Ho, Wo)."""
    x = as_float_array(x, "x")
    check_ndim(x, 4, "x", "(N, C, H, W)")
    W = as_float_array(W, "W")
    check_ndim(W, 4, "W", "(F, C, HH, WW)")
    if W.shape[1] != x.shape[1]:
        raise ValueError(
            f"channel mismatch: x of shape {x.shape} has C={x.shape[1]} channels but W of shape "
            f"{W.shape} expects C={W.shape[1]}"
        )
    F = W.shape[0]
    b = np.zeros(F) if b is None else as_float_array(b, "b")
    if b.shape != (F,):
        raise ValueError(f"b must have shape (F,) = ({F},); got {b.shape}")
    geometry = output_geometry(x.shape, W.shape[2], W.shape[3], stride, padding)
    # compute in the input's dtype: float32 stays float32
    return x, W.astype(x.dtype, copy=False), b.astype(x.dtype, copy=False), geometry


def conv2d_naive(x, W, b=None, stride=1, padding=0):
    r"""Cross-correlation with explicit loops, the formula written out (slow: for teaching and checking).

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    W : ndarray, shape (F, C, HH, WW)
    b : ndarray, shape (F,), or None for no bias
    stride : int
    padding : int, (ph, pw), or "valid" | "same" | "full"

    Returns
    -------
    out : ndarray, shape (N, F, Ho, Wo)

    Notes
    -----
    .. math:: \text{out}[n, f, o_h, o_w] = b_f + \sum_{c=0}^{C-1}\sum_{i=0}^{HH-1}\sum_{j=0}^{WW-1}
              x_p[n, c, o_h s + i, o_w s + j]\; W[f, c, i, j]
    """
    x, W, b, (s, ph, pw, Ho, Wo) = _check_conv(x, W, b, stride, padding)
    N, F, (HH, WW) = x.shape[0], W.shape[0], W.shape[2:]
    xp = zero_pad(x, ph, pw)
    out = np.zeros((N, F, Ho, Wo), dtype=x.dtype)
    for n in range(N):
        for f in range(F):
            for oh in range(Ho):
                for ow in range(Wo):
                    window = xp[n, :, oh * s:oh * s + HH, ow * s:ow * s + WW]  # (C, HH, WW)
                    out[n, f, oh, ow] = np.sum(window * W[f]) + b[f]
    return out


class ConvCache(NamedTuple):
    """What :func:`conv2d_backward` needs from :func:`conv2d_forward`.

    Attributes
    ----------
    x_shape : tuple
        (N, C, H, W), the input's shape.
    cols : ndarray, shape (C·HH·WW, N·Ho·Wo)
        ``im2col(x)``.
    W : ndarray, shape (F, C, HH, WW)
        The kernels, in x's dtype.
    stride : int
    padding : tuple
        (ph, pw).
    """

    x_shape: tuple
    cols: np.ndarray
    W: np.ndarray
    stride: int
    padding: tuple


def conv2d_forward(x, W, b, stride=1, padding=0):
    r"""Cross-correlation of a batch with F kernels, as one matrix product over the im2col matrix.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    W : ndarray, shape (F, C, HH, WW)
    b : ndarray, shape (F,)
    stride : int
    padding : int, (ph, pw), or "valid" | "same" | "full"

    Returns
    -------
    out : ndarray, shape (N, F, Ho, Wo), in the dtype of ``x``
    cache : ConvCache

    Notes
    -----
    Same result as :func:`conv2d_naive`, computed as

    .. math:: \text{out}_{f,(n,o_h,o_w)} = \sum_{(c,i,j)} W_{f,(c,i,j)}\, \text{cols}_{(c,i,j),(n,o_h,o_w)} + b_f,

    i.e. ``W.reshape(F, -1) @ im2col(x)``, reshaped to (F, N, Ho, Wo) and moved to (N, F, Ho, Wo).
    """
    x, W, b, (s, ph, pw, Ho, Wo) = _check_conv(x, W, b, stride, padding)
    N, F, (HH, WW) = x.shape[0], W.shape[0], W.shape[2:]
    cols = im2col(x, HH, WW, s, (ph, pw))
    out = W.reshape(F, -1) @ cols
    out += b[:, None]
    out = np.ascontiguousarray(out.reshape(F, N, Ho, Wo).transpose(1, 0, 2, 3))
    return out, ConvCache(x.shape, cols, W, s, (ph, pw))


def conv2d_backward(dout, cache: ConvCache):
    r"""Gradients of :func:`conv2d_forward`.

    Parameters
    ----------
    dout : ndarray, shape (N, F, Ho, Wo)
        :math:`\partial L / \partial\,\text{out}`.
    cache : ConvCache

    Returns
    -------
    dx : ndarray, shape (N, C, H, W)
    dW : ndarray, shape (F, C, HH, WW)
    db : ndarray, shape (F,)
        All three in the dtype of the forward input.

    Notes
    -----
    With :math:`D` = ``dout`` laid out as (F, N·Ho·Wo) and :math:`\text{cols}` = im2col(x):
    :math:`dW = D\,\text{cols}^\top`, :math:`db_f = \sum D_{f,\cdot}`, and
    :math:`dx = \text{col2im}(W^\top D)`: each input pixel collects the gradient of every output
    position whose receptive field covers it.
    """
    x_shape, cols, W, s, (ph, pw) = cache
    F, _, HH, WW = W.shape
    N = x_shape[0]
    Ho, Wo = output_geometry(x_shape, HH, WW, s, (ph, pw))[3:]
    dout = np.asarray(dout)
    if dout.shape != (N, F, Ho, Wo):
        raise ValueError(f"dout must have the forward output's shape {(N, F, Ho, Wo)}; got {dout.shape}")
    D = np.ascontiguousarray(dout.transpose(1, 0, 2, 3), dtype=cols.dtype).reshape(F, -1)
    db = D.sum(axis=1)
    dW = summed_products(D, cols).reshape(W.shape)
    dx = col2im(W.reshape(F, -1).T @ D, x_shape, HH, WW, s, (ph, pw))
    return dx, dW, db


def summed_products(D, cols):
    """``D @ cols.T``, the kernels' gradient before reshaping: a sum over the M = N·Ho·Wo output positions.

    Parameters
    ----------
    D : ndarray, shape (F, M)
        The upstream gradient, one row per kernel.
    cols : ndarray, shape (K, M)
        The input's columns from :func:`nnkit.ops.geometry.im2col`, K = C·HH·WW.

    Returns
    -------
    ndarray, shape (F, K), D's dtype

    Notes
    -----
    When F·K is small (few channels) and M long, one BLAS call runs several times below speed, so the
    sum is taken over blocks of columns that fit in cache (``benchmarks/bench_conv.py`` measures it).
    """
    F, M = D.shape
    if F * cols.shape[0] >= 4096:
        return (cols @ D.T).T
    block = 2048
    total = np.zeros((F, cols.shape[0]), dtype=D.dtype)
    for start in range(0, M, block):
        total += D[:, start:start + block] @ cols[:, start:start + block].T
    return total


def _as_batch(x, W):
    """(x, W, single): a 2-D image and 2-D kernel become a batch of one with one channel."""
    x, W = as_float_array(x, "x"), as_float_array(W, "W")
    if x.ndim == 2 and W.ndim == 2:
        return x[None, None], W[None, None], True
    if x.ndim == 4 and W.ndim == 4:
        return x, W, False
    raise ValueError(
        "x and W must be a 2-D image (H, W) with a 2-D kernel (HH, WW), or a batch (N, C, H, W) with "
        f"kernels (F, C, HH, WW); got x of shape {x.shape} and W of shape {W.shape}"
    )


def conv2d(x, W, b=None, stride=1, padding=0):
    r"""Cross-correlation (what libraries call convolution): the kernel slides without flipping.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W), or one image (H, W)
    W : ndarray, shape (F, C, HH, WW), or one kernel (HH, WW)
    b : ndarray, shape (F,), a number for one image, or None
    stride : int
    padding : int, (ph, pw), or "valid" | "same" | "full"

    Returns
    -------
    out : ndarray, shape (N, F, Ho, Wo), or (Ho, Wo) for one image

    Notes
    -----
    :math:`\text{out}[o_h, o_w] = \sum_{i,j} x_p[o_h s + i, o_w s + j]\, W[i, j]` (+ b), summed over
    channels too for a batch.
    """
    x4, W4, single = _as_batch(x, W)
    b = np.reshape(b, (1,)) if single and b is not None else b
    out, _ = conv2d_forward(x4, W4, b, stride, padding)
    return out[0, 0] if single else out


def convolve2d(x, W, b=None, stride=1, padding=0):
    r"""True 2-D convolution: the kernel rotated by 180°, then slid (lecture 1's worked example).

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W), or one image (H, W)
    W : ndarray, shape (F, C, HH, WW), or one kernel (HH, WW)
    b : ndarray, shape (F,), a number for one image, or None
    stride : int
    padding : int, (ph, pw), or "valid" | "same" | "full"

    Returns
    -------
    out : ndarray, shape (N, F, Ho, Wo), or (Ho, Wo) for one image

    Notes
    -----
    :math:`(x * W)[o_h, o_w] = \sum_{i,j} x_p[o_h s + i, o_w s + j]\, W^r[i, j]` with the rotated
    kernel :math:`W^r[i, j] = W[HH - 1 - i, WW - 1 - j]`; for stride 1 and full padding this is
    :math:`\sum_{k,l} x[o_h - k, o_w - l]\, W[k, l]`, the 2-D form of the lecture's 1-D formula.
    For a kernel symmetric under the rotation, convolution and cross-correlation agree.
    """
    x4, W4, single = _as_batch(x, W)
    b = np.reshape(b, (1,)) if single and b is not None else b
    out, _ = conv2d_forward(x4, np.flip(W4, axis=(2, 3)), b, stride, padding)
    return out[0, 0] if single else out


def conv1d(x, w, padding="valid"):
    r"""True 1-D convolution of a signal with a filter (lecture 1), stride 1.

    Parameters
    ----------
    x : ndarray, shape (n,)
    w : ndarray, shape (m,)
    padding : int >= 0 or "valid" | "same" | "full"

    Returns
    -------
    y : ndarray, shape (n + 2p − m + 1,): n + m − 1 (full), n (same), n − m + 1 (valid)

    Notes
    -----
    :math:`y[i] = \sum_k x[i - k]\, w[k]`, with x zero outside :math:`0 \dots n-1`. Full padding
    returns every i where the sum can be non-zero; same keeps the n central ones; valid keeps those
    where the filter lies wholly inside x. These agree with ``np.convolve(x, w, mode)`` for odd m.
    """
    x, w = as_float_array(x, "x"), as_float_array(w, "w")
    check_ndim(x, 1, "x", "(n,)")
    check_ndim(w, 1, "w", "(m,)")
    w = w.astype(x.dtype, copy=False)
    p = padding_amount(padding, w.size)
    conv_output_size(x.size, w.size, p, 1)  # raises if the filter does not fit
    windows = sliding_window_view(np.pad(x, p), w.size)  # windows[i] = x_p[i : i + m]
    return windows @ w[::-1]
