r"""Pooling kernels: max and average over windows of a batch of feature maps.

Pooling (lecture 1) shrinks each feature map by summarising every window with one number: its largest
entry (max pooling) or its mean (average pooling). It keeps the salient values, makes the output
insensitive to small shifts and noise inside a window, saves computation and reduces over-fitting.

Shapes: ``x`` (N, C, H, W) → ``out`` (N, C, Ho, Wo) with
:math:`H_o = \lfloor (H - k_h) / s_h \rfloor + 1` (and likewise for W): windows that would run past
the edge are dropped, as in PyTorch. ``stride=None`` means stride = kernel size, non-overlapping
windows; a smaller stride makes windows overlap, and their gradients add up.

Each kernel loops over the k_h × k_w offsets inside a window, never over pixels: offset (a, b)
of every window at once is the strided slice ``x[:, :, a::s_h, b::s_w]``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import as_float_array, as_pair, check_ndim, check_shape
from .geometry import conv_output_size

__all__ = [
    "PoolCache", "pool_window", "pool_geometry", "maxpool_forward", "maxpool_backward", "avgpool_forward",
    "avgpool_backward",
]


class PoolCache(NamedTuple):
    """What the backward pooling kernels need from the forward ones.

    Attributes
    ----------
    x_shape : tuple
        (N, C, H, W), the input's shape.
    kernel_size : tuple
        (kh, kw).
    stride : tuple
        (sh, sw).
    argmax : ndarray, shape (N, C, Ho, Wo), or None
        Max pooling: the offset ``a*kw + b`` of each window's maximum; None for average pooling.
    dtype : numpy.dtype
        The input's dtype, kept by the backward pass.
    """

    x_shape: tuple
    kernel_size: tuple
    stride: tuple
    argmax: np.ndarray
    dtype: np.dtype


def pool_window(kernel_size, stride=None):
    """Checked window size and stride: ints or pairs >= 1.

    Parameters
    ----------
    kernel_size : int or (kh, kw)
    stride : int, (sh, sw), or None for stride = kernel_size

    Returns
    -------
    kernel_size : tuple of int
        (kh, kw).
    stride : tuple of int
        (sh, sw).
    """
    kh, kw = as_pair(kernel_size, "kernel_size", minimum=1)
    sh, sw = (kh, kw) if stride is None else as_pair(stride, "stride", minimum=1)
    return (kh, kw), (sh, sw)


def pool_geometry(x_shape, kernel_size, stride=None):
    r"""Checked window size, stride and output size for pooling inputs of shape (N, C, H, W).

    Parameters
    ----------
    x_shape : tuple
        The input's shape, (N, C, H, W) (only the last two are read).
    kernel_size : int or (kh, kw)
    stride : int, (sh, sw), or None for stride = kernel_size

    Returns
    -------
    kernel_size : tuple of int
        (kh, kw).
    stride : tuple of int
        (sh, sw).
    out_size : tuple of int
        (Ho, Wo), with :math:`H_o = \lfloor (H - k_h) / s_h \rfloor + 1`.
    """
    (kh, kw), (sh, sw) = pool_window(kernel_size, stride)
    H, W = x_shape[-2:]
    try:
        Ho, Wo = conv_output_size(H, kh, 0, sh), conv_output_size(W, kw, 0, sw)
    except ValueError as e:
        raise ValueError(f"pooling {kh}x{kw} windows over input of shape {tuple(x_shape)}: {e}") from None
    return (kh, kw), (sh, sw), (Ho, Wo)


def _offset_view(x, a, b, stride, out_hw):
    """Entry (a, b) of every window: ``x[..., a + sh*oh, b + sw*ow]`` as an (N, C, Ho, Wo) view."""
    (sh, sw), (Ho, Wo) = stride, out_hw
    return x[:, :, a:a + sh * Ho:sh, b:b + sw * Wo:sw]


def _check_input(x):
    x = as_float_array(x, "x")
    check_ndim(x, 4, "x", "(N, C, H, W)")
    return x


def _check_dout(dout, cache: PoolCache):
    N, C = cache.x_shape[:2]
    _, _, (Ho, Wo) = pool_geometry(cache.x_shape, cache.kernel_size, cache.stride)
    dout = check_shape(dout, (N, C, Ho, Wo), "dout")
    return dout.astype(cache.dtype, copy=False), (Ho, Wo)


def maxpool_forward(x, kernel_size=2, stride=None):
    r"""Max pooling: the largest entry of every window.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    kernel_size : int or (kh, kw)
    stride : int, (sh, sw), or None for stride = kernel_size

    Returns
    -------
    out : ndarray, shape (N, C, Ho, Wo), x's dtype
    cache : PoolCache

    Notes
    -----
    :math:`\text{out}[n, c, o_h, o_w] = \max_{a < k_h,\, b < k_w} x[n, c, o_h s_h + a, o_w s_w + b]`.
    Where several entries tie for the maximum, the first in row-major order within the window is the
    one remembered (as PyTorch does): the backward pass sends the whole gradient to it alone.
    """
    x = _check_input(x)
    (kh, kw), stride, out_hw = pool_geometry(x.shape, kernel_size, stride)
    out = _offset_view(x, 0, 0, stride, out_hw).copy()
    offset_type = np.min_scalar_type(kh * kw - 1)  # uint8 for any usual window: less memory to move
    argmax = np.zeros(out.shape, dtype=offset_type)
    for offset in range(1, kh * kw):
        candidate = _offset_view(x, *divmod(offset, kw), stride, out_hw)
        larger = candidate > out  # strictly larger: a tie keeps the earlier offset
        argmax = np.where(larger, offset_type.type(offset), argmax)
        np.maximum(out, candidate, out=out)
    return out, PoolCache(x.shape, (kh, kw), stride, argmax, x.dtype)


def maxpool_backward(dout, cache: PoolCache):
    r"""Gradient of max pooling: each window's gradient goes to the entry that was its maximum.

    Parameters
    ----------
    dout : ndarray, shape (N, C, Ho, Wo)
    cache : PoolCache from :func:`maxpool_forward`

    Returns
    -------
    dx : ndarray, shape (N, C, H, W), the input's dtype

    Notes
    -----
    :math:`\partial \max_k x_k / \partial x_j = [j = \arg\max_k x_k]`; with overlapping windows an entry
    that is the maximum of several windows collects the sum of their gradients.
    """
    dout, out_hw = _check_dout(dout, cache)
    kh, kw = cache.kernel_size
    dx = np.zeros(cache.x_shape, dtype=cache.dtype)
    for a in range(kh):
        for b in range(kw):
            window_entry = _offset_view(dx, a, b, cache.stride, out_hw)
            window_entry += dout * (cache.argmax == a * kw + b)
    return dx


def avgpool_forward(x, kernel_size=2, stride=None):
    r"""Average (mean) pooling: the mean of every window.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    kernel_size : int or (kh, kw)
    stride : int, (sh, sw), or None for stride = kernel_size

    Returns
    -------
    out : ndarray, shape (N, C, Ho, Wo), x's dtype
    cache : PoolCache (``argmax`` is None)

    Notes
    -----
    :math:`\text{out}[n, c, o_h, o_w] = \frac{1}{k_h k_w}\sum_{a, b} x[n, c, o_h s_h + a, o_w s_w + b]`.
    """
    x = _check_input(x)
    (kh, kw), stride, out_hw = pool_geometry(x.shape, kernel_size, stride)
    out = np.zeros(x.shape[:2] + out_hw, dtype=x.dtype)
    for a in range(kh):
        for b in range(kw):
            out += _offset_view(x, a, b, stride, out_hw)
    out /= kh * kw
    return out, PoolCache(x.shape, (kh, kw), stride, None, x.dtype)


def avgpool_backward(dout, cache: PoolCache):
    r"""Gradient of average pooling: each window's gradient is shared equally by its k_h·k_w entries.

    Parameters
    ----------
    dout : ndarray, shape (N, C, Ho, Wo)
    cache : PoolCache from :func:`avgpool_forward`

    Returns
    -------
    dx : ndarray, shape (N, C, H, W), the input's dtype

    Notes
    -----
    :math:`\partial\,\text{out}/\partial x = 1/(k_h k_w)` for every entry of the window; overlapping
    windows add up.
    """
    dout, out_hw = _check_dout(dout, cache)
    kh, kw = cache.kernel_size
    share = dout / (kh * kw)
    dx = np.zeros(cache.x_shape, dtype=cache.dtype)
    for a in range(kh):
        for b in range(kw):
            window_entry = _offset_view(dx, a, b, cache.stride, out_hw)
            window_entry += share
    return dx
