r"""2-D convolution layer (cross-correlation, as in every deep-learning library).

Shapes (PyTorch's layout): ``x`` (N, C, H, W), ``W`` (F, C, HH, WW), ``b`` (F,), ``out`` (N, F, Ho, Wo)
with :math:`H_o = \lfloor (H + 2p - HH)/s \rfloor + 1` (lecture 1's output size; likewise for W).
"""

from __future__ import annotations

import numpy as np

from .. import init as _init
from .._validate import as_pair, check_count, check_float_dtype
from ..ops.conv import conv2d_backward, conv2d_forward
from ..ops.geometry import padding_pair
from .base import Layer

__all__ = ["Conv2D"]


class Conv2D(Layer):
    r"""Convolution layer with kernels ``params["W"]`` (F, C, HH, WW) and bias ``params["b"]`` (F,).

    Parameters
    ----------
    in_channels, out_channels : int
        C and F.
    kernel_size : int or (HH, WW)
    stride : int
    padding : int, a pair of ints (ph, pw), or "valid" | "same" | "full"
    init : str or callable
        Kernel initializer from :mod:`nnkit.init` (default ``"he_normal"``, suited to ReLU), called
        with fan_in = C·HH·WW and fan_out = F·HH·WW; the bias starts at zero.
    rng : numpy.random.Generator or int, optional
    dtype : numpy floating dtype
        Of the parameters: float64 by default, float32 for speed; an integer dtype is refused.

    Notes
    -----
    :math:`\text{out}[n, f] = b_f + \sum_c x_p[n, c] \star W[f, c]`, where :math:`\star` slides the
    kernel over the zero-padded input :math:`x_p` without flipping it; the kernels are in :mod:`nnkit.ops.conv`.
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 init="he_normal", rng=None, dtype=np.float64):
        super().__init__()
        self.in_channels = check_count(in_channels, "in_channels")
        self.out_channels = check_count(out_channels, "out_channels")
        HH, WW = as_pair(kernel_size, "kernel_size", minimum=1)
        padding_pair(padding, HH, WW)  # an unusable padding (even kernel with "same") fails here, not later
        self.kernel_size, self.stride, self.padding = (HH, WW), check_count(stride, "stride"), padding
        dtype = check_float_dtype(dtype)
        shape = (self.out_channels, self.in_channels, HH, WW)
        fan_in, fan_out = _init.fans(shape)
        W = _init.get(init)(shape, fan_in, fan_out, rng)
        self.params = {"W": W.astype(dtype), "b": np.zeros(self.out_channels, dtype=dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x, training=False):
        """Cross-correlate ``x`` (N, C, H, W) with the kernels: (N, F, Ho, Wo); ``training`` makes no difference."""
        out, self._cache = conv2d_forward(x, self.params["W"], self.params["b"], self.stride, self.padding)
        return out

    def backward(self, dout):
        """``dx`` (N, C, H, W) for ``dout`` (N, F, Ho, Wo); fills ``grads["W"]`` and ``grads["b"]``."""
        dx, dW, db = conv2d_backward(dout, self._require_cache())
        self.grads["W"] = dW.astype(self.params["W"].dtype, copy=False)
        self.grads["b"] = db.astype(self.params["b"].dtype, copy=False)
        return dx

    def extra_repr(self):
        """The channels, kernel size, stride and padding."""
        HH, WW = self.kernel_size
        size = HH if HH == WW else (HH, WW)
        return (f"{self.in_channels}, {self.out_channels}, kernel_size={size}, "
                f"stride={self.stride}, padding={self.padding!r}")
