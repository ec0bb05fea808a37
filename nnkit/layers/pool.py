r"""Pooling layers: max and average pooling over windows of (N, C, H, W) feature maps.

``out`` (N, C, Ho, Wo) with :math:`H_o = \lfloor (H - k)/s \rfloor + 1`; ``stride=None`` means
stride = kernel size. No parameters; the kernels are in :mod:`nnkit.ops.pool`.
"""

from __future__ import annotations

from ..ops.pool import avgpool_backward, avgpool_forward, maxpool_backward, maxpool_forward, pool_window
from .base import Layer

__all__ = ["MaxPool2D", "AvgPool2D"]


class _Pool2D(Layer):
    def __init__(self, kernel_size=2, stride=None):
        super().__init__()
        pool_window(kernel_size, stride)  # bad arguments fail here rather than at the first forward
        self.kernel_size, self.stride = kernel_size, stride

    def extra_repr(self):
        return f"kernel_size={self.kernel_size!r}, stride={self.stride!r}"


class MaxPool2D(_Pool2D):
    """Max pooling: each window → its largest entry; the gradient flows back to that entry only.

    Parameters
    ----------
    kernel_size : int or (kh, kw)
    stride : int, (sh, sw), or None (= kernel_size)
    """

    def forward(self, x, training=False):
        """The largest entry of every window: (N, C, H, W) → (N, C, Ho, Wo)."""
        out, self._cache = maxpool_forward(x, self.kernel_size, self.stride)
        return out

    def backward(self, dout):
        """``dx`` (N, C, H, W): each window's gradient goes to its maximum."""
        return maxpool_backward(dout, self._require_cache())


class AvgPool2D(_Pool2D):
    """Average pooling: each window → its mean; the gradient is shared equally by the window.

    Parameters
    ----------
    kernel_size : int or (kh, kw)
    stride : int, (sh, sw), or None (= kernel_size)
    """

    def forward(self, x, training=False):
        """The mean of every window: (N, C, H, W) → (N, C, Ho, Wo)."""
        out, self._cache = avgpool_forward(x, self.kernel_size, self.stride)
        return out

    def backward(self, dout):
        """``dx`` (N, C, H, W): each window's gradient shared equally by its entries."""
        return avgpool_backward(dout, self._require_cache())
