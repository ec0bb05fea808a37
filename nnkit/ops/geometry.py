r"""The geometry of convolution: output size, padding, and the im2col / col2im unfolding.

Lecture 1's padding modes, for a kernel of size m along one axis: ``"valid"`` adds no zeros,
``"same"`` adds (m − 1)/2 on each side so that a stride-1 output is as long as the input (odd m),
``"full"`` adds m − 1 so that every position where kernel and input overlap at all gives an output.
The convolution kernels (:mod:`nnkit.ops.conv`) and the pooling kernels (:mod:`nnkit.ops.pool`) build on these;
:mod:`nnkit.conv_ops` offers both under the public interface's name.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._validate import as_float_array, as_pair, check_count, check_ndim, is_integer

__all__ = [
    "PADDING_MODES", "conv_output_size", "padding_amount", "padding_pair", "zero_pad", "pad2d", "output_geometry",
    "im2col", "col2im",
]

PADDING_MODES = ("valid", "same", "full")


def conv_output_size(n, m, p, s) -> int:
    r"""Number of positions a kernel of size ``m`` takes along one axis of an input of size ``n``.

    Parameters
    ----------
    n, m, p, s : int
        Input size, kernel size, padding on each side, stride (n, m, s >= 1; p >= 0).

    Returns
    -------
    o : int

    Notes
    -----
    Lecture 1: :math:`o = \lfloor (n + 2p - m) / s \rfloor + 1`. The padded input has :math:`n + 2p`
    entries; the kernel's first entry can sit at :math:`0, s, 2s, \dots` as long as the whole kernel
    still fits. E.g. n = 3, m = 3: valid (p = 0) gives 1, same (p = 1) gives 3, full (p = 2) gives 5.
    """
    for name, v, low in (("n", n, 1), ("m", m, 1), ("p", p, 0), ("s", s, 1)):
        try:
            check_count(v, name, low)
        except (TypeError, ValueError) as e:
            raise type(e)(f"{e} (n={n!r}, m={m!r}, p={p!r}, s={s!r})") from None
    if m > n + 2 * p:
        raise ValueError(
            f"the kernel (m={m}) is larger than the padded input (n + 2p = {n} + 2*{p} = {n + 2 * p}): "
            f"there is no output position (n={n}, m={m}, p={p}, s={s})"
        )
    return (n + 2 * p - m) // s + 1


def padding_amount(padding, kernel_size) -> int:
    """Zeros added on each side for a padding mode (lecture 1) or an explicit int.

    Parameters
    ----------
    padding : int >= 0 or "valid" | "same" | "full"
        A mode, in any case.
    kernel_size : int >= 1
        m, the kernel's size along the axis.

    Returns
    -------
    p : int
        ``"valid"`` → 0; ``"full"`` → m − 1; ``"same"`` → (m − 1)/2, for odd m only; an int p → p.
    """
    m = check_count(kernel_size, "kernel_size")
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "valid":
            return 0
        if mode == "full":
            return m - 1
        if mode == "same":
            if m % 2 == 0:
                raise ValueError(
                    f'padding="same" needs an odd kernel size; got {m}. The output keeps the input size '
                    f"when m - 1 = {m - 1} zeros are added in all, which splits evenly into (m - 1)/2 "
                    "per side only for odd m; pad with an int instead"
                )
            return (m - 1) // 2
        raise ValueError(f"padding must be an int >= 0 or one of {PADDING_MODES}; got {padding!r}")
    if is_integer(padding) and padding >= 0:
        return int(padding)
    raise ValueError(f"padding must be an int >= 0 or one of {PADDING_MODES}; got {padding!r}")


def padding_pair(padding, HH, WW) -> tuple[int, int]:
    """``(ph, pw)``, the zeros on each side of the rows and of the columns, for a kernel ``HH`` × ``WW``.

    Parameters
    ----------
    padding : int, a mode ("valid", "same", "full") or a pair of ints (ph, pw)
    HH, WW : int
        Kernel height and width.

    Returns
    -------
    ph, pw : int
    """
    if isinstance(padding, (tuple, list)):
        return as_pair(padding, "padding")
    return padding_amount(padding, HH), padding_amount(padding, WW)


def zero_pad(x, ph, pw):
    """``x`` with ``ph`` zero rows and ``pw`` zero columns on each side of its last two axes (``x`` if none).

    Parameters
    ----------
    x : ndarray, shape (..., H, W)
    ph, pw : int

    Returns
    -------
    xp : ndarray, shape (..., H + 2ph, W + 2pw), x's dtype; ``x`` itself when ``ph = pw = 0``
    """
    if ph == 0 and pw == 0:
        return x
    H, W = x.shape[-2:]
    xp = np.zeros(x.shape[:-2] + (H + 2 * ph, W + 2 * pw), dtype=x.dtype)
    xp[..., ph:ph + H, pw:pw + W] = x
    return xp


def pad2d(x, padding, kernel_size=None):
    """Zero padding of the last two axes of an (N, C, H, W) batch or of a single (H, W) image.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W) or (H, W)
    padding : int, pair of ints (ph, pw), or "valid" | "same" | "full"
    kernel_size : int or (HH, WW), needed for the modes

    Returns
    -------
    xp : ndarray, shape (N, C, H + 2ph, W + 2pw) or (H + 2ph, W + 2pw), a new array of x's dtype
    """
    x = np.asarray(x)
    check_ndim(x, (2, 4), "x", "(N, C, H, W) or (H, W)")
    if kernel_size is None:
        if isinstance(padding, str):
            raise ValueError(f"padding={padding!r} depends on the kernel: pass kernel_size")
        kernel_size = 1
    HH, WW = as_pair(kernel_size, "kernel_size", minimum=1)
    xp = zero_pad(x, *padding_pair(padding, HH, WW))
    return xp.copy() if xp is x else xp


def output_geometry(x_shape, HH, WW, stride, padding):
    r"""Checked stride, padding and output size of a kernel ``HH`` × ``WW`` sliding over (N, C, H, W) inputs.

    Parameters
    ----------
    x_shape : tuple
        The input's shape, (N, C, H, W) (only the last two are read).
    HH, WW : int
        Kernel height and width.
    stride : int >= 1
    padding : int, (ph, pw), or "valid" | "same" | "full"

    Returns
    -------
    s : int
        The stride.
    ph, pw : int
        The padding of rows and columns.
    Ho, Wo : int
        The output size, :math:`H_o = \lfloor (H + 2 p_h - HH)/s \rfloor + 1` (likewise :math:`W_o`).
    """
    s = check_count(stride, "stride")
    ph, pw = padding_pair(padding, HH, WW)
    H, W = x_shape[-2:]
    try:
        Ho = conv_output_size(H, HH, ph, s)
        Wo = conv_output_size(W, WW, pw, s)
    except ValueError as e:
        raise ValueError(f"input of shape {tuple(x_shape)} with a {HH}x{WW} kernel: {e}") from None
    return s, ph, pw, Ho, Wo


def im2col(x, HH, WW, stride=1, padding=0):
    r"""Unfold every receptive field of a batch into one column of a matrix.

    Parameters
    ----------
    x : ndarray, shape (N, C, H, W)
    HH, WW : int, kernel height and width
    stride : int
    padding : int, (ph, pw), or "valid" | "same" | "full"

    Returns
    -------
    cols : ndarray, shape (C·HH·WW, N·Ho·Wo), x's dtype

    Notes
    -----
    Row ``(c·HH + i)·WW + j`` holds kernel offset (c, i, j); column ``(n·Ho + oh)·Wo + ow`` holds
    output position (n, oh, ow):

    .. math:: \text{cols}[(c, i, j), (n, o_h, o_w)] = x_p[n, c, o_h s + i, o_w s + j],

    where :math:`x_p` is the zero-padded input. A cross-correlation is then one matrix product,
    ``W.reshape(F, -1) @ cols`` of shape (F, N·Ho·Wo). The matrix is built from a strided view of
    :math:`x_p` (no data moved) with at most one copy.
    """
    x = as_float_array(x, "x")
    check_ndim(x, 4, "x", "(N, C, H, W)")
    s, ph, pw, Ho, Wo = output_geometry(x.shape, HH, WW, stride, padding)
    N, C = x.shape[:2]
    windows = sliding_window_view(zero_pad(x, ph, pw), (HH, WW), axis=(2, 3))[:, :, ::s, ::s]
    return windows.transpose(1, 4, 5, 0, 2, 3).reshape(C * HH * WW, N * Ho * Wo)


def col2im(cols, x_shape, HH, WW, stride=1, padding=0):
    r"""Fold columns back onto the image, adding up overlaps: the adjoint of :func:`im2col`.

    Parameters
    ----------
    cols : ndarray, shape (C·HH·WW, N·Ho·Wo), laid out as :func:`im2col` returns
    x_shape : tuple (N, C, H, W), the shape of the image the columns came from
    HH, WW, stride, padding : as for :func:`im2col`

    Returns
    -------
    x : ndarray, shape (N, C, H, W), cols' dtype

    Notes
    -----
    :math:`x_p[n, c, o_h s + i, o_w s + j] \mathrel{+}= \text{cols}[(c, i, j), (n, o_h, o_w)]` for every
    entry, then the padding is cut off. Adjoint means
    :math:`\langle \text{im2col}(x), C \rangle = \langle x, \text{col2im}(C) \rangle` for all x and C,
    which is why the backward pass of a convolution ends with col2im.
    """
    cols = as_float_array(cols, "cols")
    if len(x_shape) != 4:
        raise ValueError(f"x_shape must be (N, C, H, W); got {tuple(x_shape)}")
    N, C, H, W = x_shape
    s, ph, pw, Ho, Wo = output_geometry(x_shape, HH, WW, stride, padding)
    if cols.shape != (C * HH * WW, N * Ho * Wo):
        raise ValueError(
            f"cols must have shape (C*HH*WW, N*Ho*Wo) = {(C * HH * WW, N * Ho * Wo)} for x_shape "
            f"{tuple(x_shape)}; got {cols.shape}"
        )
    patches = cols.reshape(C, HH, WW, N, Ho, Wo)
    xp = np.zeros((C, N, H + 2 * ph, W + 2 * pw), dtype=cols.dtype)  # channel first, like the patches
    for i in range(HH):  # one vectorised add per kernel offset: within one offset no two entries collide
        for j in range(WW):
            xp[:, :, i:i + s * Ho:s, j:j + s * Wo:s] += patches[:, i, j]
    return np.ascontiguousarray(xp[:, :, ph:ph + H, pw:pw + W].transpose(1, 0, 2, 3))
